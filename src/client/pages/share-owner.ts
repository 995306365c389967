/**
 * `/p2p`: the owner's page of a share ("Send files"). Choose files → create a share (URL, QR, PIN) → follow
 * the share's events and dial every guest the server registered after a correct PIN → stream the files to
 * each of them (several at once, each with its own engine Sender) → see who got what. The owner's peer id
 * never leaves this page. With the user's consent the files are copied into OPFS in the background, so a
 * reload (`/p2p?share=<token>`) can carry on; without it, the page asks for them again. The page's state and
 * its changes live in the owner controller (ui/owner-controller.ts); this module adds what is particular to
 * sharing.
 */
import type { CreateSessionResponse, CreateShareRequest, GuestView, OwnerSessionView } from '../../shared/api/p2p.ts';
import { SHARE_OWNER_IDS } from '../../shared/element-ids/owner-pages.ts';
import { baseName, sanitizeFileName } from '../../shared/file-names.ts';
import { joinList } from '../../shared/i18n/format.ts';
import { isolate } from '../../shared/isolate.ts';
import { CancelledError, createSender, type Sender, type TransferError } from '../engine/index.ts';
import { ApiError, api } from '../ui/api.ts';
import { h, replace, setText } from '../ui/dom.ts';
import { elementsById } from '../ui/element-by-id.ts';
import { FilePicker } from '../ui/file-picker.ts';
import { fileLine } from '../ui/file-rows.ts';
import { fileCount, formatBytes } from '../ui/format.ts';
import { notify } from '../ui/owner/notify.ts';
import { OwnerController } from '../ui/owner/owner-controller.ts';
import { type GuestCardContext, type GuestCardLooks, OwnerGuestCard } from '../ui/owner/owner-guest-card.ts';
import { announce, guestLooks } from '../ui/owner/owner-page.ts';
import { SessionList } from '../ui/owner/session-list.ts';
import {
  canKeepCopy,
  dropCopies,
  keepCopy,
  type OfferedBlob,
  offeredFiles,
  restoreCopy,
  shareTransferId,
  toSendInputs,
} from '../ui/owner/share-copy.ts';
import { assetUrl, initLoggedInPage, onSubmit, pageData, showError } from '../ui/page.ts';
import { transferFailure } from '../ui/transfer-failure.ts';
import { ownerT, t, words } from '../ui/words.ts';

const API = '/api/p2p';
const byId = elementsById(SHARE_OWNER_IDS);
const data = pageData<{ share: OwnerSessionView | null; defaultExpiresIn: number }>();

const CARD: GuestCardLooks = {
  title: (number) => ownerT('owner.recipient.title', { number }),
  name: (number) => ownerT('owner.recipient.name', { number }),
  progressLabel: (number) => ownerT('owner.share.progress', { number }),
  revokedPhases: { removed: 'removed', 'over-limit': 'removed', 'pin-reset': 'removed' },
  removeQuestion: (number, busy) =>
    ownerT(busy ? 'owner.share.removeQuestionBusy' : 'owner.share.removeQuestion', { number }),
  looks: guestLooks({
    verified: ownerT('owner.share.verified'),
    noFiles: { badge: ownerT('owner.share.noFilesBadge'), cls: 'badge--warn', text: ownerT('owner.share.noFiles') },
    unreachable: ownerT('owner.share.unreachable'),
    moving: { badge: ownerT('owner.share.movingBadge'), text: ownerT('owner.share.moving'), name: 'sending' },
    done: ownerT('owner.share.done'),
    stopped: ownerT('owner.share.stopped'),
    failed: ownerT('owner.share.failed'),
    earlier: ownerT('owner.share.earlier'),
  }),
};

/** The files on offer: held by this page (null: not in this browser after a reload), perhaps copied into OPFS. */
class OfferedFiles {
  #files: OfferedBlob[] | null = null;
  #copying = false;
  readonly #repicked = new Map<number, File>();

  get files(): OfferedBlob[] | null {
    return this.#files;
  }

  /** The files on offer (rendered by `render()` once the share is open). */
  set(files: OfferedBlob[] | null): void {
    this.#files = files;
  }

  render(): void {
    const share = owner.session;
    if (!share) return;
    const list = share.offered;
    const total = list.reduce((s, f) => s + f.size, 0);
    const first = list[0];
    setText(
      byId('title'),
      list.length === 1 && first
        ? ownerT('owner.share.sharingName', { name: isolate(baseName(first.name)) })
        : ownerT('owner.share.sharingFiles', { files: fileCount(list.length) }),
    );
    setText(
      byId('offeredSummary'),
      ownerT('owner.share.summary', { files: fileCount(list.length), size: formatBytes(total) }),
    );
    replace(
      byId('offeredList'),
      list.map((f) => h('li', { class: 'list__item' }, fileLine(f.name, f.size))),
    );
    byId('filesMissing').hidden = this.#files !== null || owner.ended === 'cancelled';
  }

  /** Copies the files into OPFS in the background, saying how far it got. */
  async keepCopy(token: string, files: OfferedBlob[]): Promise<void> {
    const status = byId('copyProgress');
    this.#copying = true;
    status.hidden = false;
    setText(status, ownerT('owner.share.copying', { percent: 0 }));
    try {
      void (navigator.storage as StorageManager & { persist?: () => Promise<boolean> }).persist?.().catch(() => false);
      await keepCopy(token, files, (fraction) =>
        setText(status, ownerT('owner.share.copying', { percent: Math.floor(fraction * 100) })),
      );
      setText(status, ownerT('owner.share.copied'));
    } catch (e) {
      setText(status, ownerT('owner.share.copyFailed', { message: (e as Error).message }));
      await dropCopies([token]).catch(() => {});
    } finally {
      this.#copying = false;
      if (owner.ended) void this.dropCopyWhenIdle();
    }
  }

  /** A copy is kept only while the share can be downloaded; an ended share's copy goes once nobody downloads. */
  async dropCopyWhenIdle(): Promise<void> {
    const share = owner.session;
    if (!share || !owner.ended || this.#copying) return;
    if ([...owner.cards.values()].some((c) => c.busy)) return;
    await dropCopies([share.token]);
  }

  /** After a reload without a copy: the user chooses the same files again (matched by name and size). */
  repick(chosen: File[]): void {
    const share = owner.session;
    if (!share) return;
    share.offered.forEach((f, index) => {
      const leaf = baseName(f.name);
      const match = chosen.find((c) => c.size === f.size && (c.name === leaf || sanitizeFileName(c.name) === leaf));
      if (match) this.#repicked.set(index, match);
    });
    const missing = share.offered.filter((_, i) => !this.#repicked.has(i));
    if (missing.length > 0) {
      const names = joinList(
        words(),
        missing.map((f) => isolate(baseName(f.name))),
      );
      setText(
        byId('repickStatus'),
        ownerT('owner.share.stillMissing', { files: fileCount(this.#repicked.size), names }),
      );
      return;
    }
    const files: OfferedBlob[] = [];
    share.offered.forEach((f, i) => {
      const file = this.#repicked.get(i);
      if (file) files.push({ path: f.name, file });
    });
    setText(byId('repickStatus'), '');
    this.set(files);
    this.render();
    announce(ownerT('owner.share.filesBack'));
    for (const card of owner.cards.values()) card.update(card.guest);
  }
}

/** One guest of the share: one Sender, dialed by this page (the guest only accepts). */
class ShareGuestCard extends OwnerGuestCard<Sender> {
  readonly #current: HTMLElement;
  #notified = false;

  constructor(guest: GuestView, number: number, context: GuestCardContext) {
    const current = h('p', { class: 'meta guest-card__current' });
    super(guest, number, context, CARD, current, {
      mayDial: () => offered.files !== null && !this.isRevoked,
      prepare: (peerId, dialedId) => {
        const files = offered.files;
        if (files && (!this.transfer || (this.transfer.isFinished && peerId !== dialedId))) this.#createSender(files);
      },
      followNewId: true,
    });
    this.#current = current;
  }

  get finishedHere(): boolean {
    return Boolean(this.transfer?.isFinished);
  }

  update(guest: GuestView): void {
    this.guest = guest;
    if (guest.revokedReason) {
      this.revoke(guest.revokedReason);
      return;
    }
    if (this.isRevoked) return;
    if (guest.state === 'done' && !this.transfer) {
      const n = guest.files.length;
      const bytes = formatBytes(guest.files.reduce((s, f) => s + f.size, 0));
      this.dispatch({
        type: 'earlier',
        text: n ? ownerT('owner.share.downloadedEarlier', { files: fileCount(n), size: bytes }) : undefined,
      });
      return;
    }
    if (guest.state !== 'connecting' || !guest.peerId || this.context.cancelled()) return;
    if (!this.#notified) {
      this.#notified = true;
      notify(ownerT('owner.share.notifyConnected', { number: this.number }));
    }
    if (!offered.files) {
      this.dispatch({ type: 'no-files' });
      return;
    }
    // A new peer id (their page reloaded) is dialed at once; a finished download may be fetched again.
    if (guest.peerId !== this.dialer.dialedId || (!this.dialer.connection && !this.transfer?.isFinished))
      void this.dialer.connect();
  }

  #createSender(files: OfferedBlob[]): void {
    const tx = createSender(null, toSendInputs(files), {
      transferId: shareTransferId(this.context.token),
      readWorkerUrl: assetUrl('read-worker.js'),
    });
    this.transfer = tx;
    const names = tx.files.map((f) => f.name);
    let doneCount = 0;
    tx.on('connected', ({ resumed }) => {
      this.progress.element.hidden = false;
      this.progress.setState('active');
      this.dispatch({
        type: 'moving',
        text: ownerT(resumed ? 'owner.share.connectedAgain' : 'owner.share.connected'),
      });
    });
    tx.on('progress', (p) => {
      if (tx.isFinished) return;
      this.progress.update(p.overall);
      const moving = p.files.find((f) => f.bytes < f.total);
      if (moving && names.length > 1) setText(this.#current, ownerT('owner.share.now', { name: isolate(moving.name) }));
    });
    tx.on('file-done', () => {
      doneCount += 1;
      this.dispatch({
        type: 'note',
        text: ownerT('owner.share.doneOf', { done: doneCount, files: fileCount(names.length) }),
      });
    });
    tx.on('file-error', ({ index, error }) => {
      if (error.code !== 'digest-mismatch') return;
      const name = isolate(names[index] ?? '');
      setText(
        this.#current,
        ownerT(error.recoverable ? 'owner.share.damagedAgain' : 'owner.share.damagedSkipped', { name }),
      );
    });
    tx.on('paused', ({ error }) =>
      this.dispatch({ type: 'note', text: t('warning.paused', { message: error.message }) }),
    );
    tx.on('resumed', () => this.dispatch({ type: 'note', text: ownerT('owner.share.sendingRest') }));
    tx.on('disconnected', () => {
      if (this.dialer.dropped(tx.isFinished)) this.dispatch({ type: 'dropped' });
    });
    tx.on('done', (result) => {
      const ok = result.files.filter((f) => f.status === 'ok');
      const bytes = ok.reduce((s, f) => s + f.size, 0);
      this.progress.update({ bytes, total: bytes, percent: 100, speed: 0, eta: 0 }, true);
      this.progress.setState('done');
      setText(this.#current, '');
      const skipped = result.files.length - ok.length;
      const files = fileCount(ok.length);
      const downloaded = ownerT('owner.share.downloaded', { files, size: formatBytes(bytes) });
      this.dispatch({
        type: 'done',
        text: skipped > 0 ? `${downloaded} ${ownerT('owner.share.skipped', { count: skipped })}` : downloaded,
      });
      notify(ownerT('owner.share.notifyDone', { number: this.number }));
      announce(ownerT('owner.share.announceDone', { number: this.number, files }));
      this.dialer.hangUpSoon();
      void offered.dropCopyWhenIdle();
    });
    tx.on('error', (error: TransferError) => {
      this.progress.setState('failed');
      setText(this.#current, '');
      void offered.dropCopyWhenIdle();
      if (error instanceof CancelledError) this.dispatch({ type: error.byPeer ? 'stopped' : 'cancelled' });
      else {
        const text = ownerT('owner.share.failedBecause', {
          reason: transferFailure(error, ownerT('owner.theRecipient')),
        });
        if (!this.revokeIfAbusive(error, text)) this.dispatch({ type: 'failed', text });
      }
    });
  }
}

const offered = new OfferedFiles();

const shares = new SessionList({
  apiBase: API,
  list: byId('shareList'),
  status: byId('sharesStatus'),
  empty: ownerT('owner.share.listEmpty'),
  loadFailed: ownerT('owner.share.listFailed'),
  item: (s) => {
    const first = s.offered[0] ? isolate(baseName(s.offered[0].name)) : ownerT('owner.share.untitled');
    return {
      title: s.offered.length > 1 ? ownerT('owner.share.andMore', { first, count: s.offered.length - 1 }) : first,
      href: `/p2p?share=${encodeURIComponent(s.token)}`,
      current: owner.session?.token === s.token,
      counts: ownerT('owner.share.counts', {
        recipients: ownerT('owner.recipients', { count: s.guests.length }),
        downloads: ownerT('owner.downloads', { count: s.guests.filter((g) => g.state === 'done').length }),
      }),
      question: ownerT('owner.share.cancelQuestion'),
    };
  },
  cancelled: (token) => dropCopies([token]),
  loaded: async (sessions) => {
    // Copies of shares that ended while no page was open are deleted now.
    const over = sessions
      .filter((s) => (s.status === 'expired' || s.status === 'cancelled') && s.token !== owner.session?.token)
      .map((s) => s.token);
    if (over.length && canKeepCopy()) await dropCopies(over);
  },
});

const owner = new OwnerController<ShareGuestCard>({
  apiBase: API,
  elements: {
    status: byId('status'),
    banner: byId('ended'),
    cancel: byId('cancel', HTMLButtonElement),
    guestList: byId('recipientList'),
    guestsEmpty: byId('recipientsEmpty'),
  },
  endedText: {
    cancelled: ownerT('owner.share.endedCancelled'),
    expired: ownerT('owner.share.endedExpired'),
  },
  endedAnnouncement: {
    cancelled: ownerT('owner.share.announceCancelled'),
    expired: ownerT('owner.share.announceExpired'),
  },
  cancelledCardText: ownerT('owner.share.cancelledCard'),
  verifiedAnnouncement: ownerT('owner.share.announceVerified'),
  loggedOutText: ownerT('owner.share.loggedOut'),
  notifyOnText: ownerT('owner.share.notifyOn'),
  makeCard: (guest, number, context) => new ShareGuestCard(guest, number, context),
  // The list below follows what happens (counts of recipients and downloads), at most every few seconds.
  onServerEvent: (event) => {
    if (event.type !== 'snapshot') shares.refreshSoon();
  },
  onEnded: () => {
    offered.render();
    void offered.dropCopyWhenIdle();
    void shares.load();
  },
});

function openShare(view: OwnerSessionView, files: OfferedBlob[] | null): void {
  byId('compose').hidden = true;
  byId('share').hidden = false;
  offered.set(files);
  owner.open(view);
  offered.render();
  byId('title').focus();
}

/* Compose: choose files, create the share. */

const form = byId('createForm', HTMLFormElement);
const formError = form.querySelector<HTMLElement>('.form__error');
if (!formError) throw new Error('Missing the form error');
const picker = new FilePicker(
  byId('fileInput', HTMLInputElement),
  byId('folderInput', HTMLInputElement),
  byId('dropzone'),
  byId('chosenList'),
  byId('chosenSummary'),
);
picker.onchange = () => showError(formError, null);

const keepCopyBox = byId('keepCopy', HTMLInputElement);
if (!canKeepCopy()) {
  keepCopyBox.disabled = true;
  setText(byId('keepCopyHint'), ownerT('owner.share.noCopyHere'));
}

onSubmit(form, async () => {
  showError(formError, null);
  if (picker.chosen.length === 0) {
    showError(formError, ownerT('owner.share.chooseOne'));
    byId('fileInput').focus();
    return;
  }
  const chosen: OfferedBlob[] = picker.chosen.map((c) => ({ path: c.path, file: c.file }));
  const body: CreateShareRequest = {
    files: offeredFiles(chosen),
    expiresIn: Number(new FormData(form).get('expiresIn') ?? data.defaultExpiresIn),
  };
  const button = byId('createShare', HTMLButtonElement);
  button.disabled = true;
  try {
    const created = await api<CreateSessionResponse>('POST', `${API}/create`, body);
    const view = await api<OwnerSessionView>('GET', `${API}/${encodeURIComponent(created.token)}/state`);
    history.replaceState(null, '', `/p2p?share=${encodeURIComponent(created.token)}`);
    openShare(view, chosen);
    if (keepCopyBox.checked) void offered.keepCopy(created.token, chosen);
    void shares.load();
  } catch (e) {
    showError(formError, e instanceof ApiError ? e.message : ownerT('owner.share.createFailed'));
  } finally {
    button.disabled = false;
  }
});

const repick = byId('repickInput', HTMLInputElement);
repick.addEventListener('change', () => {
  const chosen = [...(repick.files ?? [])];
  repick.value = '';
  offered.repick(chosen);
});

byId('refreshShares').addEventListener('click', () => void shares.load());

await initLoggedInPage().catch(() => {
  location.href = `/login?next=${encodeURIComponent(location.pathname + location.search)}`;
});

if (data.share) {
  const open = data.share.status === 'active' || data.share.status === 'locked';
  const restored = open ? await restoreCopy(data.share.token) : null;
  openShare(data.share, restored);
  if (restored) {
    const status = byId('copyProgress');
    status.hidden = false;
    setText(status, ownerT('owner.share.restored'));
  }
}
await shares.load();
