/**
 * `/p2p/receive/:shortcode`: the guest's page of a receive session — the guest sends. PIN → ticket →
 * register this browser's peer id → wait for the owner's browser to dial in → stream the files straight to
 * it → report what arrived. The guest never dials: it only accepts the owner's connection. The page's
 * state and what both guest pages share live in ui/guest-controller.ts; here is what sending adds: the
 * choice of files, their limits, and the "arrived" view.
 */
import type { GuestLimits, PublicSessionResponse } from '../../shared/api/p2p.ts';
import { limitsSentence, overLimits } from '../../shared/guest-limits.ts';
import { isolate } from '../../shared/isolate.ts';
import { createSender } from '../engine/index.ts';
import { h, replace, setText } from '../ui/dom.ts';
import { FilePicker } from '../ui/file-picker.ts';
import { fileName, ROWS_SHOWN } from '../ui/file-rows.ts';
import { formatBytes } from '../ui/format.ts';
import { GuestController } from '../ui/guest/guest-controller.ts';
import { guestElement } from '../ui/guest/guest-elements.ts';
import { FileRowsView } from '../ui/guest/guest-file-rows.ts';
import type { Failure, GuestState } from '../ui/guest/guest-state.ts';
import { arrived, type GuestWords, mendedCount, mendedNote } from '../ui/guest/guest-words.ts';
import { assetUrl, onSubmit, pageData, showError } from '../ui/page.ts';
import { failureSentence } from '../ui/transfer-failure.ts';
import { words as pageWords, t } from '../ui/words.ts';

const { session, limits } = pageData<{ session: PublicSessionResponse; limits: GuestLimits }>();
// Isolated in every sentence: a name that mixes scripts keeps its own order (src/shared/isolate.ts).
const owner = isolate(session.receiverName);

const words: GuestWords = {
  owner,
  ownerInTips: t('send.ownerInTips'),
  doing: t('send.doing'),
  what: t('send.what'),
  longWaitMs: 6000,
  overallLabel: t('progress.overall'),
  whenTheyOpen: t('send.whenTheyOpen'),
  damagedHow: '',
  file: {
    waiting: t('send.file.waiting'),
    moving: t('send.file.moving'),
    arrived: t('send.file.arrived'),
    resending: t('send.file.resending'),
    skipped: t('send.file.skipped'),
    cancelled: (byOwner) => (byOwner ? t('send.file.declined', { owner }) : t('send.file.removed')),
  },
  failed: (failure: Failure) => {
    switch (failure.kind) {
      case 'stopped':
        return failure.byOwner ? t('send.failed.stoppedByOwner', { owner }) : t('send.failed.stopped');
      case 'owner-gone':
        return t('send.failed.ownerGone', { owner });
      case 'storage-full':
        return t('send.failed.storageFull', { owner });
      case 'refused':
        return t('send.failed.refused');
      case 'error':
        return t('send.failed.error', { reason: failureSentence(failure.cause, owner) });
    }
  },
  // The transfer's card is hidden once the page ended: the page-wide alert says it all.
  endedStatus: () => null,
  cancelled: { title: t('send.cancelled.title'), text: t('send.cancelled.text', { owner }) },
  // The page's own sentence, not the server's (English) one.
  revokedMessage: () =>
    `${t('end.overLimit.generic', { owner })} ${limitsSentence(limits, pageWords(), 'linkLetsYou')}`.trim(),
  doneStatus: () => t('send.finishing'),
};

const form = guestElement('sendForm', HTMLFormElement);
const sendError = guestElement('sendError');
const sendButton = guestElement('sendButton', HTMLButtonElement);

const page = new GuestController(`/api/p2p/receive/${encodeURIComponent(session.token)}`, session, words, sendButton);

const picker = new FilePicker(
  guestElement('fileInput', HTMLInputElement),
  guestElement('folderButton', HTMLButtonElement),
  guestElement('dropzone'),
  guestElement('chosenList'),
  guestElement('chosenSummary'),
);
picker.onchange = () => showError(sendError, null);

/** Why the chosen files cannot be sent yet, or null. */
function choiceProblem(): string | null {
  if (picker.chosen.length === 0) return t('send.chooseOne');
  const over = overLimits(
    limits,
    picker.chosen.map((c) => c.file),
    pageWords(),
  );
  return over ? t('send.removeSome', { problem: over }) : null;
}

onSubmit(form, async () => {
  if (page.state.phase !== 'pin') return;
  showError(sendError, null);
  sendButton.disabled = true;
  try {
    const ticket = await page.verifyPin();
    if (!ticket) return;
    const problem = choiceProblem();
    showError(sendError, problem);
    if (problem) {
      if (picker.chosen.length === 0) guestElement('fileInput', HTMLInputElement).focus();
      return;
    }
    await send(ticket);
  } finally {
    sendButton.disabled = page.state.phase !== 'pin' || page.gate.blocked;
  }
});

async function send(ticket: string): Promise<void> {
  // The owner's device takes one transfer per ticket: a reload from here on starts again with the PIN.
  page.forgetTicket();
  const chosen = [...picker.chosen];
  picker.disabled = true;
  const files = chosen.map((c) => ({ name: c.path, size: c.file.size }));
  const rows = new FileRowsView(
    guestElement('transferList'),
    files,
    {
      itemClass: 'transfer-file',
      stateClass: 'meta',
      arrivedClass: 'transfer-file--done',
      showArrived: (view, row) => {
        view.progress.setState('done');
        if (row.progress) view.progress.update(row.progress, true);
      },
      barShown: () => true,
      notArrived: null,
    },
    words,
  );
  page.subscribe((state) => {
    if (state.phase !== 'pin' && state.phase !== 'ended' && state.phase !== 'done') rows.render(state.transfer, false);
  });
  const tx = createSender(
    null,
    // A bare file name keeps any "/" in it as a character; only folder choices carry folder paths.
    chosen.map((c) =>
      c.inFolder ? { file: c.file, name: c.path, type: c.file.type, lastModified: c.file.lastModified } : c.file,
    ),
    { readWorkerUrl: assetUrl('read-worker.js') },
  );
  tx.on('file-done', ({ index }) => page.dispatch({ type: 'file-arrived', index }));
  const started = page.start(ticket, files, tx);
  guestElement('transferStatus').focus();
  await started;
}

/** What only this page shows: the form until the PIN and files are in, the transfer's card, what arrived. */
page.subscribe((state, before) => {
  form.hidden = state.phase !== 'pin';
  // An ended page's alert says it all; once the files arrived, the "arrived" card replaces the transfer's.
  guestElement('transfer').hidden = state.phase === 'pin' || state.phase === 'ended' || state.phase === 'done';
  if (state.phase === 'done' && before.phase !== 'done') showArrived(state);
});

function showArrived(state: Extract<GuestState, { phase: 'done' }>): void {
  const success = guestElement('success');
  success.hidden = false;
  const result = state.result;
  const { ok, missing } = arrived(result);
  const mended = mendedCount(state);
  setText(
    guestElement('successHeading'),
    missing
      ? t('send.someArrived', { count: ok.length })
      : ok.length === 1
        ? t('send.yourFileArrived')
        : t('send.allArrived', { count: ok.length }),
  );
  const size = formatBytes(ok.reduce((s, f) => s + f.size, 0));
  setText(
    guestElement('successText'),
    t('send.ownerHas', { count: ok.length, owner, size }) +
      mendedNote(mended, result.length) +
      (missing ? t('send.didNotArrive', { count: missing }) : ''),
  );
  // Bounded like the transfer's rows: a line per file past them only cost the page.
  const more = result.length - ROWS_SHOWN;
  replace(guestElement('successList'), [
    ...result
      .slice(0, ROWS_SHOWN)
      .map((f) =>
        h(
          'li',
          { class: 'list__item' },
          h(
            'div',
            { class: 'list__row' },
            fileName(f.name),
            h(
              'span',
              { class: 'meta' },
              f.ok
                ? t('send.sentSize', { size: formatBytes(f.size) })
                : t(f.status === 'cancelled' ? 'send.outcome.cancelled' : 'send.outcome.failed'),
            ),
          ),
        ),
      ),
    ...(more > 0 ? [h('li', { class: 'list__item meta' }, t('send.moreFiles', { count: more }))] : []),
  ]);
  guestElement('sendMore', HTMLAnchorElement).href = location.pathname;
  success.focus();
}

guestElement('stopButton', HTMLButtonElement).addEventListener('click', () => page.stop());

// A reload of this tab (a language switch) between the PIN and sending keeps the PIN it had entered.
page.keptTicket();
