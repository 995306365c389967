/**
 * The guest page's state machine (both directions), driven without a browser: every phase change, and the
 * events that come too late or in the wrong phase.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type GuestEvent,
  type GuestState,
  guestTransition,
  initialGuestState,
  isRunning,
  isSettled,
  pageEndOf,
  transferOf,
} from '../../../src/client/ui/guest/guest-state.ts';

const FILES = [
  { name: 'a.txt', size: 100 },
  { name: 'b.txt', size: 300 },
];
const figures = (bytes: number, total: number) => ({ bytes, total, percent: (bytes / total) * 100, speed: 1, eta: 1 });

function run(...events: GuestEvent[]): GuestState {
  return events.reduce(guestTransition, initialGuestState);
}

const start: GuestEvent = { type: 'start', files: FILES };
const connected: GuestEvent = { type: 'connected', resumed: false };
const done: GuestEvent = {
  type: 'done',
  result: FILES.map((f, index) => ({ index, ...f, type: 'text/plain', ok: true, status: 'ok' })),
};

describe('guest page state: the way through', () => {
  test('PIN → registering → waiting → connected → done', () => {
    assert.equal(initialGuestState.phase, 'pin');
    const registering = run(start);
    assert.equal(registering.phase, 'registering');
    assert.deepEqual(
      transferOf(registering)?.files.map((f) => [f.name, f.status.kind]),
      [
        ['a.txt', 'waiting'],
        ['b.txt', 'waiting'],
      ],
    );
    assert.equal(transferOf(registering)?.overall.total, 400);
    assert.equal(run(start, { type: 'registered' }).phase, 'waiting');
    const on = run(start, { type: 'registered' }, connected);
    assert.deepEqual(on.phase === 'connected' && on.resumed, false);
    const finished = run(start, { type: 'registered' }, connected, done);
    assert.equal(finished.phase, 'done');
    assert.equal(isSettled(finished), true);
    assert.equal(isRunning(finished), false);
  });

  test('the owner connects before the registration is confirmed: the late confirmation changes nothing', () => {
    const s = run(start, connected, { type: 'registered' });
    assert.equal(s.phase, 'connected');
  });

  test('a second start (a second press of the button) is ignored', () => {
    const once = run(start);
    assert.equal(guestTransition(once, { type: 'start', files: [{ name: 'other', size: 1 }] }), once);
  });

  test('a dropped connection: reconnecting, a long wait, then connected again (resumed)', () => {
    const dropped = run(start, { type: 'registered' }, connected, { type: 'disconnected' });
    assert.equal(dropped.phase, 'reconnecting');
    const long = guestTransition(dropped, { type: 'wait-outlasted' });
    assert.equal(long.phase === 'reconnecting' && long.longWait, true);
    const back = guestTransition(long, { type: 'connected', resumed: true });
    assert.equal(back.phase === 'connected' && back.resumed, true);
  });

  test('the long-wait timer firing after the owner connected changes nothing', () => {
    const s = run(start, { type: 'registered' }, connected);
    assert.equal(guestTransition(s, { type: 'wait-outlasted' }), s);
  });

  test('signaling lost while waiting is shown, and forgotten when it is back; while connected it is ignored', () => {
    const lost = run(start, { type: 'registered' }, { type: 'signaling', online: false });
    assert.equal(lost.phase === 'waiting' && lost.serverLost, true);
    const back = guestTransition(lost, { type: 'signaling', online: true });
    assert.equal(back.phase === 'waiting' && back.serverLost, false);
    const on = run(start, connected);
    assert.equal(guestTransition(on, { type: 'signaling', online: false }), on);
  });

  test('a disconnect before any connection changes nothing', () => {
    const waiting = run(start, { type: 'registered' });
    assert.equal(guestTransition(waiting, { type: 'disconnected' }), waiting);
  });
});

describe('guest page state: the files', () => {
  test('progress moves a file, the overall figures follow; an arrived file keeps its final figures', () => {
    let s = run(start, connected, {
      type: 'progress',
      overall: figures(50, 400),
      files: [{ index: 0, ...figures(50, 100) }],
    });
    assert.equal(transferOf(s)?.files[0]?.status.kind, 'moving');
    assert.equal(transferOf(s)?.overall.bytes, 50);
    s = guestTransition(s, { type: 'file-arrived', index: 0 });
    assert.equal(transferOf(s)?.files[0]?.status.kind, 'arrived');
    assert.equal(transferOf(s)?.files[0]?.progress?.percent, 100);
    s = guestTransition(s, { type: 'progress', overall: figures(60, 400), files: [{ index: 0, ...figures(10, 100) }] });
    assert.equal(transferOf(s)?.files[0]?.progress?.percent, 100, 'not set back');
    assert.equal(transferOf(s)?.overall.bytes, 60);
  });

  test('a damaged file: sent again (mended, with a warning), or skipped', () => {
    const s = run(start, connected, { type: 'file-damaged', index: 1, recoverable: true });
    const row = transferOf(s)?.files[1];
    assert.deepEqual(row?.status, { kind: 'damaged', recoverable: true });
    assert.equal(row?.mended, true);
    assert.deepEqual(transferOf(s)?.warning, { kind: 'damaged', name: 'b.txt', recoverable: true });
    const skipped = guestTransition(s, { type: 'file-damaged', index: 0, recoverable: false });
    assert.equal(transferOf(skipped)?.files[0]?.mended, false);
  });

  test('events for files that do not exist change nothing', () => {
    const s = run(start, connected);
    const after = guestTransition(s, { type: 'file-arrived', index: 7 });
    assert.deepEqual(transferOf(after)?.files, transferOf(s)?.files);
  });

  test('declined or removed, failed', () => {
    const s = run(
      start,
      connected,
      { type: 'file-cancelled', index: 0, byOwner: true },
      {
        type: 'file-failed',
        index: 1,
        cause: { code: 'storage', fromPeer: true },
      },
    );
    assert.deepEqual(transferOf(s)?.files[0]?.status, { kind: 'cancelled', byOwner: true });
    assert.deepEqual(transferOf(s)?.files[1]?.status, { kind: 'failed', failure: { code: 'storage', fromPeer: true } });
  });

  test('a pause warns, resuming clears it; an incoming connection clears the connection tips', () => {
    const paused = run(start, connected, { type: 'paused', message: 'Disk full' });
    assert.deepEqual(transferOf(paused)?.warning, { kind: 'paused', message: 'Disk full' });
    assert.equal(transferOf(guestTransition(paused, { type: 'resumed' }))?.warning, null);
    const tips = run(start, { type: 'registered' }, { type: 'connection-tips' });
    assert.deepEqual(transferOf(tips)?.warning, { kind: 'connection-tips' });
    assert.equal(transferOf(guestTransition(tips, { type: 'incoming-connection' }))?.warning, null);
    assert.equal(transferOf(guestTransition(tips, connected))?.warning, null, 'connected clears it too');
  });

  test('a share offered: the flag is set', () => {
    assert.equal(transferOf(run(start, connected, { type: 'offered' }))?.offered, true);
  });
});

describe('guest page state: failure and the end of the page', () => {
  test('a failure stops the transfer; later progress and connections change nothing', () => {
    const failed = run(start, connected, { type: 'failed', failure: { kind: 'owner-gone' } });
    assert.equal(failed.phase, 'failed');
    assert.equal(isRunning(failed), false);
    assert.equal(isSettled(failed), false, 'the watches go on: the link may turn out to be gone');
    for (const late of [
      connected,
      { type: 'progress', overall: figures(400, 400), files: [] },
      done,
      { type: 'failed', failure: { kind: 'storage-full' } },
    ] as GuestEvent[])
      assert.equal(guestTransition(failed, late), failed, late.type);
  });

  test('a file that arrived in full before the failure still gets its link', () => {
    const failed = run(start, connected, { type: 'failed', failure: { kind: 'stopped', byOwner: false } });
    const after = guestTransition(failed, { type: 'file-arrived', index: 0 });
    assert.equal(after.phase, 'failed');
    assert.equal(transferOf(after)?.files[0]?.status.kind, 'arrived');
  });

  test('retry after a failure is a reload: a start in the failed phase changes nothing', () => {
    const failed = run(start, { type: 'failed', failure: { kind: 'owner-gone' } });
    assert.equal(guestTransition(failed, start), failed);
  });

  test('the owner stopped, then the link turns out cancelled: the page ends, keeping what it showed', () => {
    const failed = run(start, connected, { type: 'failed', failure: { kind: 'stopped', byOwner: true } });
    const ended = guestTransition(failed, { type: 'ended', end: { kind: 'cancelled' } });
    assert.equal(ended.phase, 'ended');
    assert.equal(ended.phase === 'ended' && ended.before, failed);
    assert.equal(transferOf(ended), transferOf(failed));
  });

  test('revocation during a transfer ends the page at once', () => {
    const s = run(start, connected, {
      type: 'ended',
      end: { kind: 'revoked', reason: 'removed', message: 'You were removed.' },
    });
    assert.equal(s.phase, 'ended');
    assert.equal(isSettled(s), true);
    assert.equal(isRunning(s), false);
  });

  test('an expiry while files move or are awaited lets them finish', () => {
    for (const before of [run(start), run(start, { type: 'registered' }), run(start, connected)]) {
      assert.equal(guestTransition(before, { type: 'ended', end: { kind: 'expired' } }), before, before.phase);
    }
    const s = run(start, connected, { type: 'ended', end: { kind: 'expired' } }, done);
    assert.equal(s.phase, 'done');
  });

  test('an expiry before the PIN or after a failure ends the page', () => {
    assert.equal(run({ type: 'ended', end: { kind: 'expired' } }).phase, 'ended');
    assert.equal(
      run(start, { type: 'failed', failure: { kind: 'owner-gone' } }, { type: 'ended', end: { kind: 'expired' } })
        .phase,
      'ended',
    );
  });

  test('the owner connects after the link expired: the ended page stays ended', () => {
    const ended = run({ type: 'ended', end: { kind: 'expired' } });
    for (const late of [start, connected, { type: 'registered' }, done] as GuestEvent[])
      assert.equal(guestTransition(ended, late), ended, late.type);
  });

  test('a second end (the ticket watch after the session watch) keeps the first', () => {
    const ended = run(start, { type: 'ended', end: { kind: 'cancelled' } });
    assert.equal(guestTransition(ended, { type: 'ended', end: { kind: 'ticket-refused' } }), ended);
  });

  test('after all files arrived, nothing ends the page and no failure counts', () => {
    const finished = run(start, connected, done);
    for (const late of [
      { type: 'ended', end: { kind: 'cancelled' } },
      { type: 'failed', failure: { kind: 'owner-gone' } },
      { type: 'disconnected' },
    ] as GuestEvent[])
      assert.equal(guestTransition(finished, late), finished, late.type);
    const withLink = guestTransition(finished, { type: 'file-arrived', index: 1 });
    assert.equal(transferOf(withLink)?.files[1]?.status.kind, 'arrived', 'a link that comes after done still shows');
  });

  test('what a 404 / 410 answer means', () => {
    assert.deepEqual(pageEndOf({ status: 410, code: 'CANCELLED' }), { kind: 'cancelled' });
    assert.deepEqual(pageEndOf({ status: 410, code: 'EXPIRED' }), { kind: 'expired' });
    assert.deepEqual(pageEndOf({ status: 404, code: 'NOT_FOUND' }), { kind: 'not-found' });
    assert.equal(pageEndOf({ status: 403, code: 'BAD_TICKET' }), null);
    assert.equal(pageEndOf({ status: 500, code: 'INTERNAL' }), null);
  });
});
