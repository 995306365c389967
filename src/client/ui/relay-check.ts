/**
 * Under a relay-only policy (PHUPPI_ICE_TRANSPORT_POLICY=relay), whether this page's TURN relay lets it in,
 * as one alert at the top of the page. Without a relayed address no connection can open, and a page would
 * otherwise wait for the other device forever; a wrong shared secret, an expired credential or a relay
 * that is down or blocked is said plainly instead. Owner and guest pages get it through their credentials.
 */
import { type CredentialSource, probeRelay, type RelayVerdict, type SignalingCredential } from '../engine/index.ts';
import { h, replace } from './dom.ts';
import { t } from './words.ts';

/** A relay that refused may be fixed by its administrator meanwhile: ask again now and then. */
const RETRY_MS = 30_000;

const WORDS = {
  refused: { title: 'relay.refused.title', text: 'relay.refused.text' },
  unreachable: { title: 'relay.unreachable.title', text: 'relay.unreachable.text' },
} as const satisfies Record<Exclude<RelayVerdict, 'ok'>, { title: string; text: string }>;

let latest: SignalingCredential | null = null;
let probing = false;
let retry: ReturnType<typeof setTimeout> | null = null;
let alertBox: HTMLElement | null = null;

/** `source`, with every relay-only credential it hands out checked against the relay. */
export function checkingRelay(source: CredentialSource): CredentialSource {
  return async (peerId) => {
    const credential = await source(peerId);
    if (credential.iceTransportPolicy === 'relay') {
      latest = credential;
      void check();
    }
    return credential;
  };
}

async function check(): Promise<void> {
  if (probing || !latest) return;
  probing = true;
  if (retry) clearTimeout(retry);
  retry = null;
  let verdict: RelayVerdict;
  try {
    verdict = await probeRelay(latest.iceServers);
  } finally {
    probing = false;
  }
  show(verdict);
  if (verdict !== 'ok') retry = setTimeout(() => void check(), RETRY_MS);
}

function show(verdict: RelayVerdict): void {
  if (verdict === 'ok') {
    if (alertBox) alertBox.hidden = true;
    return;
  }
  console.warn(`TURN relay check: ${verdict}`);
  alertBox ??= h('div', { class: 'alert alert--error', id: 'relay-refused', role: 'alert', hidden: '' });
  if (!alertBox.isConnected) (document.getElementById('main') ?? document.body).prepend(alertBox);
  // Unchanged words are left alone: an alert region would read them out again.
  if (alertBox.hidden || alertBox.dataset.verdict !== verdict) {
    alertBox.dataset.verdict = verdict;
    const words = WORDS[verdict];
    replace(alertBox, h('strong', { class: 'alert__title' }, t(words.title)), h('span', {}, t(words.text)));
    alertBox.hidden = false;
  }
}
