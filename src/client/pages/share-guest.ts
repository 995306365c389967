/**
 * `/p2p/:shortcode`: the guest's page of a share — the guest downloads. PIN → ticket → register this
 * browser's peer id → the owner's browser dials in → the files stream into this browser's storage (OPFS,
 * else memory), each checked with its SHA-256 → each saved as an ordinary download, or all as one ZIP →
 * tell the server what arrived. A dropped connection resumes from the last byte stored; so does a reload of
 * this page (the ticket is kept for this tab, the bytes in OPFS). The page's state and what both guest
 * pages share live in ui/guest-controller.ts; here is what downloading adds.
 */
import type { PublicShareResponse } from '../../shared/api/p2p.ts';
import { isolate } from '../../shared/isolate.ts';
import { clearOpfsTransfers, createReceiver, OpfsStorage, pickStorage, type Receiver } from '../engine/index.ts';
import { h, setText } from '../ui/dom.ts';
import { fileName } from '../ui/file-rows.ts';
import { fileCount, formatBytes } from '../ui/format.ts';
import { GuestController } from '../ui/guest/guest-controller.ts';
import { guestElement } from '../ui/guest/guest-elements.ts';
import { FileRowsView } from '../ui/guest/guest-file-rows.ts';
import { type Failure, type FileRow, isRunning, isSettled, transferOf } from '../ui/guest/guest-state.ts';
import type { GuestWords } from '../ui/guest/guest-words.ts';
import { brokenPromise } from '../ui/guest/share-promise.ts';
import { assetUrl, onSubmit, pageData } from '../ui/page.ts';
import { saveZip, zipName, zipSavedText } from '../ui/save.ts';
import { liveTransferIds, remember } from '../ui/stored-transfers.ts';
import { failureSentence } from '../ui/transfer-failure.ts';
import { t } from '../ui/words.ts';

const { share } = pageData<{ share: PublicShareResponse }>();
// Isolated in every sentence: a name that mixes scripts keeps its own order (src/shared/isolate.ts).
const owner = isolate(share.senderName);

const words: GuestWords = {
  owner,
  ownerInTips: owner,
  doing: t('download.doing'),
  what: t('download.what'),
  longWaitMs: 10_000,
  overallLabel: t('progress.overallDownload'),
  whenTheyOpen: t('download.whenTheyOpen'),
  damagedHow: t('download.damagedHow'),
  file: {
    waiting: '',
    moving: t('download.file.moving'),
    arrived: t('download.file.arrived'),
    resending: t('download.file.resending'),
    skipped: t('download.file.skipped'),
    cancelled: () => t('download.file.notDownloaded'),
  },
  failed: (failure: Failure) => {
    switch (failure.kind) {
      case 'stopped':
        return failure.byOwner ? t('download.failed.stoppedByOwner', { owner }) : t('download.failed.stopped');
      case 'owner-gone':
        return t('download.failed.ownerGone', { owner });
      case 'storage-full':
        return t('download.failed.storageFull');
      case 'refused':
        return t('download.failed.refused');
      case 'error':
        return t('download.failed.error', { reason: failureSentence(failure.cause, owner) });
    }
  },
  endedStatus: (end) => {
    switch (end.kind) {
      case 'cancelled':
        return t('download.ended.cancelled', { owner });
      case 'revoked':
        return end.reason === 'removed' ? t('download.ended.removed', { owner }) : t('download.ended.pinChanged');
      case 'ticket-refused':
        return t('download.ended.pinChanged');
      default:
        return null;
    }
  },
  cancelled: { title: t('download.cancelled.title'), text: t('download.cancelled.text', { owner }) },
  // A share's guest sends nothing, so its ticket is never refused over limits: no sentence to add.
  revokedMessage: () => '',
  doneStatus: (result, mended) => {
    const ok = result.filter((f) => f.ok).length;
    const missing = result.length - ok;
    const all = ok === 1 ? t('download.yourFileArrived') : t('download.allArrived', { count: ok });
    return t('download.done', {
      arrived: missing ? t('download.someArrived', { count: ok }) : all,
      mended,
      missing: missing ? t('download.didNotArrive', { count: missing }) : '',
    });
  },
};

const getButton = guestElement('getFiles', HTMLButtonElement);
const downloadAll = guestElement('downloadAll', HTMLButtonElement);

const page = new GuestController(`/api/p2p/${encodeURIComponent(share.token)}`, share, words, getButton);

const rows = new FileRowsView(
  guestElement('downloadList'),
  share.files,
  {
    itemClass: 'download-file',
    stateClass: 'meta download-file__state',
    arrivedClass: 'download-file--ready',
    showArrived: (view, row) => {
      const file = row.status.kind === 'arrived' ? row.status.file : null;
      if (!file) return;
      // The link holds the file for as long as the page is open.
      view.name.replaceWith(
        h(
          'a',
          { class: 'file-link', href: URL.createObjectURL(file), download: file.name },
          h('span', { class: 'file-link__icon', 'aria-hidden': 'true' }, '↓'),
          h('span', { class: 'visually-hidden' }, t('download.linkPrefix')),
          fileName(row.name),
        ),
      );
    },
    barShown: (row, transfer, stopped) => transfer.offered && !stopped && row.status.kind !== 'arrived',
    notArrived: t('download.file.notDownloaded'),
  },
  words,
);
rows.hideBars();
setText(
  guestElement('filesSummary'),
  t('download.summary', {
    files: fileCount(share.files.length),
    size: formatBytes(share.files.reduce((s, f) => s + f.size, 0)),
  }),
);

/** The files that arrived, ready to save. */
function readyFiles(): { row: FileRow; file: File }[] {
  return (transferOf(page.state)?.files ?? []).flatMap((row) =>
    row.status.kind === 'arrived' && row.status.file ? [{ row, file: row.status.file }] : [],
  );
}

const ZIP_LABEL = t('download.all');

/** "Download all": one ZIP of the files that arrived. */
function zipButton(button: HTMLButtonElement): { render(stopped: boolean): void } {
  let zipping = false;
  const render = (stopped: boolean) => {
    const ready = readyFiles().length;
    button.disabled = ready === 0 || zipping;
    button.hidden = stopped && ready === 0;
  };
  button.addEventListener('click', async () => {
    const ready = readyFiles();
    if (ready.length === 0 || zipping) return;
    zipping = true;
    button.disabled = true;
    const zipStatus = guestElement('zipStatus');
    setText(button, t('download.preparingZip'));
    setText(zipStatus, '');
    try {
      const saved = await saveZip(
        ready.map((r) => ({ path: r.row.name, file: r.file })),
        zipName(t('download.zipName', { owner: share.senderName }), share.shortcode),
      );
      if (saved) setText(zipStatus, zipSavedText(saved, ready.length));
    } catch (e) {
      setText(zipStatus, t('download.zipFailed', { message: (e as Error).message }));
    } finally {
      zipping = false;
      button.disabled = false;
      setText(button, ZIP_LABEL);
    }
  });
  return { render };
}
const zip = zipButton(downloadAll);

/** Once all arrived, the focus goes to "Download all" — as soon as it is enabled (the last file may still be opening). */
let focusDownloadAll = false;

/** What only this page shows: the PIN step until the page ended, the rows with their links, "Download all", and the kept ticket. */
page.subscribe((state, before) => {
  guestElement('pinForm', HTMLFormElement).hidden = state.phase === 'ended';
  const transfer = transferOf(state);
  if (!transfer) return;
  const stopped = state.phase === 'failed' || state.phase === 'ended';
  rows.render(transfer, stopped);
  zip.render(stopped);
  // A reload goes on with the kept ticket, unless nothing is left to download.
  if (isSettled(state)) page.forgetTicket();
  if (state.phase === 'done' && before.phase !== 'done') focusDownloadAll = true;
  if (focusDownloadAll && !downloadAll.disabled) {
    focusDownloadAll = false;
    downloadAll.focus();
  }
});

onSubmit(guestElement('pinForm', HTMLFormElement), async () => {
  if (page.state.phase !== 'pin') return;
  getButton.disabled = true;
  try {
    const ticket = await page.verifyPin();
    if (ticket) await download(ticket);
  } finally {
    getButton.disabled = page.state.phase !== 'pin' || page.gate.blocked;
  }
});

async function download(ticket: string): Promise<void> {
  getButton.hidden = true;
  if (OpfsStorage.isAvailable()) await clearOpfsTransfers(liveTransferIds()).catch(() => {});
  const storage = await pickStorage({ opfsWorkerUrl: assetUrl('opfs-worker.js') });
  const rx = createReceiver(null, storage);
  rx.on('manifest', ({ transferId, files, storage: kind }) => {
    const refused = brokenPromise(share.files, files);
    if (refused) {
      page.dispatch({ type: 'failed', failure: { kind: 'refused', text: refused } });
      rx.cancel();
      return;
    }
    remember({ token: share.token, holder: { kind: 'download' }, transferId, files: [...files], storage: kind });
    page.dispatch({ type: 'offered' });
  });
  rx.on('file-done', ({ index }) => void fileArrived(rx, index));
  // The last files may be confirmed by `done` alone: each that arrived gets its link too.
  rx.on('done', (result) => {
    for (const f of result.files) if (f.status === 'ok') void fileArrived(rx, f.index);
  });
  // With OPFS a reload resumes from what is stored; from memory it would start over.
  window.addEventListener('beforeunload', (event) => {
    if (isRunning(page.state) && rx.storageKind === 'memory') event.preventDefault();
  });
  await page.start(ticket, share.files, rx);
}

async function fileArrived(rx: Receiver, index: number): Promise<void> {
  const row = transferOf(page.state)?.files[index];
  if (!row || row.status.kind === 'arrived') return;
  try {
    page.dispatch({ type: 'file-arrived', index, file: await rx.getReceivedFile(index) });
  } catch (e) {
    console.error('could not open a received file', e);
  }
}

guestElement('stopButton', HTMLButtonElement).addEventListener('click', () => {
  page.forgetTicket();
  page.stop();
});

// A reload of this tab carries on with the ticket it had (and, with OPFS, the bytes it had stored).
const kept = page.keptTicket();
if (kept) void download(kept);
