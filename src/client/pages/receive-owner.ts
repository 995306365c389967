/**
 * `/p2p/receive/:token/waiting`: the owner's page of a receive session. Shares the link (QR, URL, PIN),
 * follows the session's events, dials every guest the server registered after a correct PIN, receives their
 * files into OPFS (or memory), and offers each file and a ZIP of all as ordinary downloads. A reload
 * re-dials the guests still sending and resumes from what OPFS holds. The page's state and its changes live
 * in the owner controller (ui/owner-controller.ts); this module adds what is particular to receiving.
 */
import type { GuestView, OwnerSessionView } from '../../shared/api/p2p.ts';
import { RECEIVE_OWNER_IDS } from '../../shared/element-ids/owner-pages.ts';
import { overLimits } from '../../shared/guest-limits.ts';
import {
  CancelledError,
  clearOpfsTransfers,
  createReceiver,
  OpfsStorage,
  pickStorage,
  type Receiver,
  type TransferError,
} from '../engine/index.ts';
import { elementsById } from '../ui/element-by-id.ts';
import { GuestFileRows } from '../ui/file-rows.ts';
import { fileCount, formatBytes } from '../ui/format.ts';
import { revokeGuest } from '../ui/owner/guest-removal.ts';
import { notify } from '../ui/owner/notify.ts';
import { OwnerController } from '../ui/owner/owner-controller.ts';
import { type GuestCardContext, type GuestCardLooks, OwnerGuestCard } from '../ui/owner/owner-guest-card.ts';
import { announce, guestLooks } from '../ui/owner/owner-page.ts';
import { ReceivedFiles } from '../ui/owner/received-files.ts';
import { assetUrl, initLoggedInPage, pageData } from '../ui/page.ts';
import { forgetSession, liveTransferIds, lookup, remember } from '../ui/stored-transfers.ts';
import { transferFailure } from '../ui/transfer-failure.ts';
import { ownerT, t, words } from '../ui/words.ts';

const byId = elementsById(RECEIVE_OWNER_IDS);
const { session } = pageData<{ session: OwnerSessionView }>();

/** About ten minutes of trying: their page is most likely closed. A new registration restarts it. */
const MAX_DIAL_FAILURES = 45;

const CARD: GuestCardLooks = {
  title: (number) => ownerT('owner.guest.title', { number }),
  name: (number) => ownerT('owner.guest.name', { number }),
  progressLabel: () => t('progress.overall'),
  revokedPhases: { removed: 'removed', 'over-limit': 'refused', 'pin-reset': 'revoked' },
  removeQuestion: (number, busy) =>
    ownerT(busy ? 'owner.receive.removeQuestionBusy' : 'owner.receive.removeQuestion', { number }),
  looks: guestLooks({
    verified: ownerT('owner.receive.verified'),
    unreachable: ownerT('owner.receive.unreachable'),
    moving: { badge: ownerT('owner.file.receiving'), text: ownerT('owner.receive.moving'), name: 'receiving' },
    done: ownerT('owner.receive.done'),
    failed: ownerT('owner.receive.failed'),
    earlier: ownerT('owner.receive.earlier'),
  }),
};

/** One guest of the receive session: one Receiver, dialed by this page (the guest only accepts). */
class ReceiveGuestCard extends OwnerGuestCard<Receiver> {
  readonly #files: GuestFileRows;
  /** Re-opened after a reload: nothing more arrives from this guest in this page. */
  #restored = false;
  #notifiedConnect = false;

  constructor(guest: GuestView, number: number, context: GuestCardContext) {
    const files = new GuestFileRows(ownerT('owner.files.ofGuest', { number }));
    super(guest, number, context, CARD, files.element, {
      mayDial: () => !this.isRevoked && !this.dialer.connection && !this.transfer?.isFinished,
      prepare: async () => {
        if (!this.transfer) await this.#createReceiver();
      },
      maxFailures: MAX_DIAL_FAILURES,
    });
    this.#files = files;
  }

  get finishedHere(): boolean {
    return this.#restored || Boolean(this.transfer?.isFinished);
  }

  protected override async removed(): Promise<void> {
    await received.drop(new Set([this.guest.id]));
  }

  protected override stoppedUnfinished(): void {
    this.#files.stopUnfinished();
  }

  update(guest: GuestView): void {
    const newPeer = guest.peerId !== null && guest.peerId !== this.guest.peerId;
    this.guest = guest;
    if (guest.revokedReason) {
      if (guest.state === 'done' && guest.revokedReason === 'pin-reset') void this.restore();
      this.revoke(guest.revokedReason);
      return;
    }
    if (this.isRevoked) return;
    if (newPeer) {
      // The guest's page registered a new peer id (it reconnected): dial that one from now on.
      this.dialer.resetFailures();
      if (this.busy) this.dispatch({ type: 'new-peer' });
    }
    if (this.finishedHere) return;
    if (guest.state === 'done') {
      void this.restore();
      return;
    }
    if (guest.state !== 'connecting' || !guest.peerId || this.context.cancelled()) return;
    if (!this.#notifiedConnect) {
      this.#notifiedConnect = true;
      notify(ownerT('owner.receive.notifyConnected', { number: this.number }));
    }
    // Stored completely before a reload: nothing to dial for.
    const entry = lookup(session.token, { kind: 'received', guestId: guest.id });
    if (entry && !this.transfer && entry.files.length > 0 && entry.storage === 'opfs' && guest.files.length > 0) {
      void this.restore();
      return;
    }
    if (!this.dialer.connection) void this.dialer.connect();
  }

  #refuse(over: string): void {
    // After the manifest event the receiver opens storage for the transfer: cancel once that request is on its
    // way, so the removal that the cancel asks for comes after it and nothing of the refused list stays.
    setTimeout(() => this.revoke('over-limit', ownerT('owner.receive.refused', { problem: over })), 0);
    void revokeGuest('/api/p2p/receive', session.token, this.guest.id, 'over-limit').catch((e) =>
      console.warn('could not revoke an over-limit guest', e),
    );
  }

  async #createReceiver(): Promise<void> {
    const storage = await pickStorage({ opfsWorkerUrl: assetUrl('opfs-worker.js') });
    const rx = createReceiver(null, storage);
    this.transfer = rx;
    rx.on('connected', ({ resumed }) => {
      this.dispatch({
        type: 'moving',
        text: ownerT(resumed ? 'owner.receive.connectedAgain' : 'owner.receive.connected'),
      });
    });
    let firstProgress = false;
    rx.on('manifest', ({ transferId, files, storage: kind }) => {
      // A guest may skip its page's check: more than the owner allowed is refused before anything is kept.
      const over = overLimits(session.limits, files, words());
      if (over) return this.#refuse(over);
      firstProgress = true;
      remember({
        token: session.token,
        holder: { kind: 'received', guestId: this.guest.id },
        transferId,
        files: [...files],
        storage: kind,
      });
      this.#files.show(files);
      const total = files.reduce((s, f) => s + f.size, 0);
      this.dispatch({
        type: 'moving',
        text: ownerT(kind === 'memory' ? 'owner.receive.receivingMemory' : 'owner.receive.receiving', {
          files: fileCount(files.length),
          size: formatBytes(total),
        }),
      });
      this.progress.element.hidden = false;
    });
    rx.on('progress', (p) => {
      if (firstProgress) {
        // The first figures after a manifest are what storage already held (after a reload or a drop).
        firstProgress = false;
        if (p.overall.bytes > 0 && p.overall.bytes < p.overall.total) {
          this.element.dataset.resumedFrom = String(p.overall.bytes);
          this.dispatch({
            type: 'moving',
            text: ownerT('owner.receive.resuming', {
              done: formatBytes(p.overall.bytes),
              total: formatBytes(p.overall.total),
            }),
          });
        }
      }
      this.progress.update(p.overall, rx.isFinished);
      for (const f of p.files) this.#files.progress(f.index, f);
    });
    rx.on('file-done', async ({ index, name, sha256 }) => {
      this.#files.verified(index, rx.files[index]?.size ?? 0);
      try {
        received.add(this.guest.id, index, name, await rx.getReceivedFile(index), sha256 || null);
      } catch (e) {
        console.error('could not read a received file', e);
      }
    });
    rx.on('file-error', ({ index, error }) => {
      const damaged = error.recoverable ? t('download.file.resending') : ownerT('owner.receive.gaveUp');
      this.#files.say(
        index,
        error.code === 'digest-mismatch' ? damaged : transferFailure(error, ownerT('owner.theGuest')),
      );
    });
    rx.on('file-cancelled', ({ index }) => this.#files.say(index, ownerT('owner.phase.cancelled')));
    rx.on('paused', ({ error }) =>
      this.dispatch({ type: 'note', text: t('warning.paused', { message: error.message }) }),
    );
    rx.on('resumed', () => this.dispatch({ type: 'note', text: ownerT('owner.receive.roomAgain') }));
    rx.on('disconnected', () => {
      if (this.dialer.dropped(rx.isFinished)) this.dispatch({ type: 'dropped' });
    });
    rx.on('done', (result) => {
      const ok = result.files.filter((f) => f.status === 'ok').length;
      const missing = result.files.length - ok;
      this.progress.setState('done');
      const files = fileCount(ok);
      const verified = ownerT('owner.receive.received', { files });
      this.dispatch({
        type: 'done',
        text: missing > 0 ? `${verified} ${ownerT('owner.receive.notArrived', { count: missing })}` : verified,
      });
      notify(ownerT('owner.receive.notifyDone', { number: this.number, files }));
      announce(ownerT('owner.receive.announceDone', { number: this.number, files }));
      this.dialer.hangUpSoon();
    });
    rx.on('error', (error: TransferError) => {
      // A revoked guest's card keeps saying why: its transition ignores what follows.
      this.progress.setState('failed');
      if (error instanceof CancelledError)
        this.dispatch({
          type: 'cancelled',
          text: ownerT(error.byPeer ? 'owner.receive.guestStopped' : 'owner.phase.cancelledText'),
        });
      else {
        const text = ownerT('owner.receive.failedBecause', {
          reason: transferFailure(error, ownerT('owner.theGuest')),
        });
        if (!this.revokeIfAbusive(error, text)) this.dispatch({ type: 'failed', text });
      }
    });
  }

  /** After a reload: the guest finished; re-open what OPFS holds for them, or say it is gone. */
  async restore(): Promise<void> {
    if (this.#restored || this.transfer) return;
    this.#restored = true;
    const restored = await this.#reopenStored();
    if (this.guest.state === 'done') {
      const files = fileCount(this.guest.files.length);
      this.dispatch({
        type: 'earlier',
        text: ownerT(restored > 0 ? 'owner.receive.sentStored' : 'owner.receive.sentEarlier', { files }),
      });
      if (restored === 0) for (const f of this.guest.files) received.addUnavailable(f);
    } else {
      // Stored completely, but the guest's "complete" has not reached the server: show it as done.
      this.dispatch({ type: 'done', text: ownerT('owner.receive.received', { files: fileCount(restored) }) });
    }
  }

  /** Lists what OPFS still holds of this guest's files; answers how many. */
  async #reopenStored(): Promise<number> {
    const entry = lookup(session.token, { kind: 'received', guestId: this.guest.id });
    if (entry?.storage !== 'opfs' || !OpfsStorage.isAvailable()) return 0;
    let restored = 0;
    try {
      const storage = await OpfsStorage.create(assetUrl('opfs-worker.js'));
      const states = await storage.open(entry.transferId, entry.files);
      this.#files.show(entry.files);
      for (const f of entry.files) {
        const state = states[f.index];
        if (state?.done) {
          received.add(this.guest.id, f.index, f.name, await storage.getFile(f.index), state.sha256 ?? null);
          restored += 1;
          this.#files.verified(f.index, f.size);
        } else this.#files.say(f.index, ownerT('owner.receive.notStored'));
      }
      await storage.close().catch(() => {});
    } catch (e) {
      console.warn('could not re-open stored files', e);
    }
    return restored;
  }
}

const owner = new OwnerController<ReceiveGuestCard>({
  apiBase: '/api/p2p/receive',
  elements: {
    status: byId('status'),
    banner: byId('ended'),
    cancel: byId('cancel', HTMLButtonElement),
    guestList: byId('guestList'),
    guestsEmpty: byId('guestsEmpty'),
  },
  endedText: {
    cancelled: ownerT('owner.receive.endedCancelled'),
    expired: ownerT('owner.receive.endedExpired'),
  },
  endedAnnouncement: {
    cancelled: ownerT('owner.receive.announceCancelled'),
    expired: ownerT('owner.receive.announceExpired'),
  },
  cancelledCardText: ownerT('owner.receive.cancelledCard'),
  verifiedAnnouncement: ownerT('owner.receive.announceVerified'),
  loggedOutText: ownerT('owner.receive.loggedOut'),
  notifyOnText: ownerT('owner.receive.notifyOn'),
  cancelFailed: ownerT('owner.receive.cancelFailed'),
  makeCard: (guest, number, context) => new ReceiveGuestCard(guest, number, context),
});

const received = new ReceivedFiles({
  elements: {
    list: byId('fileList'),
    empty: byId('filesEmpty'),
    status: byId('zipStatus'),
    downloadAll: byId('downloadAll', HTMLButtonElement),
    forget: byId('forgetFiles', HTMLButtonElement),
  },
  token: session.token,
  label: session.label,
  shortcode: session.shortcode,
  guestNumber: (guestId) => owner.cards.get(guestId)?.number ?? owner.cards.size,
  guestFinished: (guestId) => owner.cards.get(guestId)?.finishedHere ?? false,
});

await initLoggedInPage().catch(() => undefined);

// Stored transfers of sessions long gone are deleted (OPFS has no size limit the user can see).
if (OpfsStorage.isAvailable()) {
  if (session.status === 'cancelled') forgetSession(session.token);
  void clearOpfsTransfers(liveTransferIds()).catch(() => {});
}

owner.open(session);
