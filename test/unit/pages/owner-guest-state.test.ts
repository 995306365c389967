/**
 * A guest card's state machine on an owner page (src/client/ui/owner-guest-state.ts), driven without a
 * browser: the path of an ordinary transfer, reconnects, and the late events a real page sees (a dropped
 * connection after "done", an error after a cancel, anything after a revocation).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  FIRST_GUEST_STATE,
  type GuestCardEvent,
  type GuestCardState,
  type GuestPhase,
  guestTransition,
} from '../../../src/client/ui/owner/owner-guest-state.ts';

const run = (events: GuestCardEvent[], from: GuestCardState = FIRST_GUEST_STATE): GuestCardState =>
  events.reduce(guestTransition, from);
const at = (phase: GuestPhase, text: string | null = null): GuestCardState => ({ phase, text, revoked: false });

describe('guest card: an ordinary transfer', () => {
  test('verified → connecting → moving → done, each with its words', () => {
    assert.deepEqual(FIRST_GUEST_STATE, at('verified'));
    assert.deepEqual(run([{ type: 'dialing', unreachable: false }]), at('connecting'));
    assert.deepEqual(
      run([
        { type: 'dialing', unreachable: false },
        { type: 'moving', text: 'Connected' },
      ]),
      at('moving', 'Connected'),
    );
    assert.deepEqual(run([{ type: 'moving' }, { type: 'done', text: '2 files' }]), at('done', '2 files'));
  });

  test('a note changes only the text', () => {
    assert.deepEqual(
      run([
        { type: 'moving', text: 'a' },
        { type: 'note', text: 'Paused' },
      ]),
      at('moving', 'Paused'),
    );
  });

  test('failing dials show "not reachable"; a guest given up on is dialed again after a new peer id', () => {
    const unreachable = run([{ type: 'dialing', unreachable: true }]);
    assert.deepEqual(unreachable, at('unreachable'));
    const gaveUp = guestTransition(unreachable, { type: 'failed', text: 'never answered' });
    assert.deepEqual(gaveUp, at('failed', 'never answered'));
    assert.deepEqual(guestTransition(gaveUp, { type: 'new-peer' }), at('connecting'));
    assert.equal(guestTransition(at('moving'), { type: 'new-peer' }).phase, 'moving', 'only a failed card is woken');
  });

  test('earlier, no files, stopped by the guest', () => {
    assert.deepEqual(run([{ type: 'earlier', text: 'Sent 2 files' }]), at('earlier', 'Sent 2 files'));
    assert.deepEqual(run([{ type: 'dialing', unreachable: false }, { type: 'no-files' }]), at('no-files'));
    assert.deepEqual(run([{ type: 'moving' }, { type: 'stopped' }]), at('stopped'));
  });
});

describe('guest card: reconnecting', () => {
  test('a drop while moving is "reconnecting", and its dials keep those words', () => {
    const dropped = run([{ type: 'moving' }, { type: 'dropped' }]);
    assert.deepEqual(dropped, at('reconnecting'));
    assert.equal(guestTransition(dropped, { type: 'dialing', unreachable: true }), dropped);
    assert.deepEqual(guestTransition(dropped, { type: 'moving', text: 'resuming' }), at('moving', 'resuming'));
  });

  test('a drop after the end is late news: done, earlier, failed, cancelled and stopped stay', () => {
    for (const phase of ['done', 'earlier', 'failed', 'cancelled', 'stopped', 'verified', 'no-files'] as const) {
      const state = at(phase, 'x');
      assert.equal(guestTransition(state, { type: 'dropped' }), state, phase);
    }
  });

  test('a finished download may be fetched again (a share guest reloads): done → connecting → moving', () => {
    const again = run([{ type: 'dialing', unreachable: false }, { type: 'moving' }], at('done'));
    assert.deepEqual(again, at('moving'));
  });
});

describe('guest card: ends are not overwritten by late errors', () => {
  test('after a cancel (the session was cancelled) the engine error that follows changes nothing', () => {
    const cancelled = run([{ type: 'moving' }, { type: 'cancelled', text: 'Cancelled: the session was cancelled.' }]);
    assert.equal(guestTransition(cancelled, { type: 'cancelled', text: 'Cancelled.' }), cancelled);
    assert.equal(guestTransition(cancelled, { type: 'failed' }), cancelled);
    assert.equal(guestTransition(cancelled, { type: 'stopped' }), cancelled);
  });

  test('done is not turned into failed or cancelled', () => {
    const done = at('done', 'ok');
    assert.equal(guestTransition(done, { type: 'failed' }), done);
    assert.equal(guestTransition(done, { type: 'cancelled' }), done);
  });
});

describe('guest card: a revoked guest stays revoked', () => {
  const events: GuestCardEvent[] = [
    { type: 'dialing', unreachable: false },
    { type: 'moving', text: 'late progress' },
    { type: 'dropped' },
    { type: 'note', text: 'Paused' },
    { type: 'done' },
    { type: 'earlier' },
    { type: 'failed' },
    { type: 'cancelled' },
    { type: 'stopped' },
    { type: 'no-files' },
    { type: 'new-peer' },
    { type: 'revoked', phase: 'removed', keep: false },
  ];

  test('removed mid-transfer: the card says why, and nothing that arrives afterwards changes it', () => {
    const removed = run([
      { type: 'moving' },
      { type: 'revoked', phase: 'removed', text: 'Removed by you', keep: false },
    ]);
    assert.deepEqual(removed, { phase: 'removed', text: 'Removed by you', revoked: true });
    for (const event of events) assert.equal(guestTransition(removed, event), removed, event.type);
  });

  test('refused and asked for the new PIN are phases of their own', () => {
    assert.equal(run([{ type: 'moving' }, { type: 'revoked', phase: 'refused', keep: false }]).phase, 'refused');
    assert.equal(run([{ type: 'moving' }, { type: 'revoked', phase: 'revoked', keep: false }]).phase, 'revoked');
  });

  test('a finished guest keeps their card after a new PIN, and it no longer moves', () => {
    const kept = run([
      { type: 'done', text: '3 files' },
      { type: 'revoked', phase: 'revoked', keep: true },
    ]);
    assert.deepEqual(kept, { phase: 'done', text: '3 files', revoked: true });
    for (const event of events) assert.equal(guestTransition(kept, event), kept, event.type);
  });
});
