/**
 * Whether this page can reach its server, as one banner at the top of the page. Files go browser to
 * browser: while the server restarts or is away, a running transfer carries on, and the page must say so
 * instead of blaming the Wi-Fi. Each way the page talks to the server reports here — signaling, the
 * owner's event stream, API calls — and the banner shows while any of them is down.
 */
import { h, replace } from './dom.ts';
import { t } from './words.ts';

export type ServerChannel = 'signaling' | 'events' | 'api';

/** What tells about a page's signaling (a PeerKeeper). */
export interface SignalingState {
  onState: ((state: 'online' | 'offline') => void) | null;
}

/** A short outage (a socket replaced at once) is not worth a banner. */
const SHOW_AFTER_MS = 1500;

const down = new Set<ServerChannel>();
let banner: HTMLElement | null = null;
let transferring: () => boolean = () => false;
let showTimer: ReturnType<typeof setTimeout> | null = null;

/** Whether any way to the server is down right now. */
function serverUnreachable(): boolean {
  return down.size > 0;
}

/**
 * `channel` reached the server (true) or failed to (false); null: it no longer talks to the server (a
 * closed page part), so it counts for nothing.
 */
export function reportServer(channel: ServerChannel, reachable: boolean | null): void {
  if (reachable === false) down.add(channel);
  else down.delete(channel);
  if (down.size === 0 && showTimer) {
    clearTimeout(showTimer);
    showTimer = null;
  } else if (down.size > 0 && banner?.hidden) {
    showTimer ??= setTimeout(() => {
      showTimer = null;
      render();
    }, SHOW_AFTER_MS);
  }
  render();
}

/**
 * Puts the banner at the top of the page's main content. `isTransferring` says whether files are moving
 * (or waiting to), which decides what the banner promises. `peers`: the page's own peer (owner pages),
 * whose signaling counts too.
 */
export function showServerReach(isTransferring: () => boolean, peers?: SignalingState): void {
  transferring = isTransferring;
  if (peers) peers.onState = (state) => reportServer('signaling', state === 'online');
  banner ??= h('div', { class: 'alert alert--warn', id: 'server-unreachable', role: 'status', hidden: '' });
  (document.getElementById('main') ?? document.body).prepend(banner);
  render();
}

function render(): void {
  if (!banner) return;
  const show = serverUnreachable() && !showTimer;
  banner.hidden = !show;
  if (!show) return;
  const busy = transferring();
  // Unchanged words are left alone: a live region would read them out again.
  if (banner.dataset.busy === String(busy)) return;
  banner.dataset.busy = String(busy);
  replace(
    banner,
    h('strong', { class: 'alert__title' }, t(busy ? 'server.unreachableBusy' : 'server.unreachable')),
    h('span', {}, t(busy ? 'server.unreachableBusyText' : 'server.unreachableText')),
  );
}
