/**
 * The owner page's state machine (src/client/ui/owner-state.ts), driven without a browser: every transition
 * of a session's state, and the late or out-of-order events a real page sees (a snapshot polled before a
 * cancel, the countdown after the server said so, a PIN reset answered after the end).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  endOf,
  NO_SESSION,
  type OwnerState,
  type OwnerStateEvent,
  ownerTransition,
  shownStatus,
} from '../../../src/client/ui/owner/owner-state.ts';

const run = (events: OwnerStateEvent[], from: OwnerState = NO_SESSION): OwnerState =>
  events.reduce(ownerTransition, from);

/** Each event, applied to `state`, leaves the very same state. */
function unchangedBy(state: OwnerState, events: OwnerStateEvent[]): void {
  for (const event of events) assert.equal(ownerTransition(state, event), state, JSON.stringify(event));
}

const opened = (status: 'active' | 'locked' | 'expired' | 'cancelled' = 'active', pin = '12'): OwnerStateEvent => ({
  type: 'opened',
  status,
  pin,
});

describe('owner page state: opening', () => {
  test('no session: nothing but "opened" changes it', () => {
    unchangedBy(NO_SESSION, [
      { type: 'snapshot', status: 'active', pin: '12' },
      { type: 'pin-reset', pin: '34' },
      { type: 'ended', reason: 'cancelled' },
      { type: 'feed', feed: 'live' },
    ]);
    assert.equal(shownStatus(NO_SESSION), null);
    assert.equal(endOf(NO_SESSION), null);
  });

  test('opened takes the server status: active, locked, expired, cancelled', () => {
    assert.deepEqual(run([opened('active')]), { kind: 'open', pin: '12', locked: false, feed: 'connecting' });
    assert.deepEqual(run([opened('locked')]), { kind: 'open', pin: '12', locked: true, feed: 'connecting' });
    assert.deepEqual(run([opened('expired')]), { kind: 'expired', pin: '12' });
    assert.deepEqual(run([opened('cancelled')]), { kind: 'cancelled', pin: '12' });
    assert.equal(shownStatus(run([opened('locked')])), 'locked');
    assert.equal(endOf(run([opened('expired')])), 'expired');
  });
});

describe('owner page state: an open session', () => {
  test('a snapshot locks and unlocks it, and brings a new PIN', () => {
    const locked = run([opened(), { type: 'snapshot', status: 'locked', pin: '12' }]);
    assert.deepEqual(locked, { kind: 'open', pin: '12', locked: true, feed: 'connecting' });
    const reset = ownerTransition(locked, { type: 'snapshot', status: 'active', pin: '77' });
    assert.deepEqual(reset, { kind: 'open', pin: '77', locked: false, feed: 'connecting' });
  });

  test('a snapshot that changes nothing keeps the very same state (nothing to render)', () => {
    const state = run([opened()]);
    assert.equal(ownerTransition(state, { type: 'snapshot', status: 'active', pin: '12' }), state);
    assert.equal(ownerTransition(state, { type: 'feed', feed: 'connecting' }), state);
  });

  test('a PIN reset unlocks it', () => {
    const state = run([opened('locked'), { type: 'pin-reset', pin: '55' }]);
    assert.deepEqual(state, { kind: 'open', pin: '55', locked: false, feed: 'connecting' });
  });

  test('the feed goes live, reconnects, goes offline', () => {
    let state = run([opened(), { type: 'feed', feed: 'live' }]);
    assert.equal(state.kind === 'open' && state.feed, 'live');
    state = ownerTransition(state, { type: 'feed', feed: 'reconnecting' });
    assert.equal(state.kind === 'open' && state.feed, 'reconnecting');
    state = ownerTransition(state, { type: 'feed', feed: 'offline' });
    assert.equal(state.kind === 'open' && state.feed, 'offline');
  });

  test('it ends by the server, the cancel button or the countdown', () => {
    assert.deepEqual(run([opened(), { type: 'ended', reason: 'expired' }]), { kind: 'expired', pin: '12' });
    assert.deepEqual(run([opened(), { type: 'ended', reason: 'cancelled' }]), { kind: 'cancelled', pin: '12' });
    assert.equal(run([opened(), { type: 'snapshot', status: 'expired', pin: '12' }]).kind, 'expired');
    assert.equal(run([opened(), { type: 'snapshot', status: 'cancelled', pin: '12' }]).kind, 'cancelled');
  });
});

describe('owner page state: an expired session', () => {
  const expired = run([opened(), { type: 'feed', feed: 'live' }, { type: 'ended', reason: 'expired' }]);

  test('has no feed any more (the server ended it) and can still be cancelled', () => {
    assert.deepEqual(expired, { kind: 'expired', pin: '12' });
    assert.equal(ownerTransition(expired, { type: 'ended', reason: 'cancelled' }).kind, 'cancelled');
    assert.equal(ownerTransition(expired, { type: 'snapshot', status: 'cancelled', pin: '12' }).kind, 'cancelled');
  });

  test('late news changes nothing: the server still saying "active", a second expiry, a PIN reset answered late', () => {
    unchangedBy(expired, [
      { type: 'snapshot', status: 'active', pin: '12' },
      { type: 'snapshot', status: 'locked', pin: '99' },
      { type: 'ended', reason: 'expired' },
      { type: 'pin-reset', pin: '34' },
      { type: 'feed', feed: 'reconnecting' },
    ]);
  });
});

describe('owner page state: a cancelled session is final', () => {
  const cancelled = run([opened(), { type: 'ended', reason: 'cancelled' }]);

  test('nothing after a cancel changes it: snapshots polled before it, expiry, PIN reset, feed news', () => {
    unchangedBy(cancelled, [
      { type: 'snapshot', status: 'active', pin: '12' },
      { type: 'snapshot', status: 'expired', pin: '12' },
      { type: 'ended', reason: 'expired' },
      { type: 'ended', reason: 'cancelled' },
      { type: 'pin-reset', pin: '34' },
      { type: 'feed', feed: 'live' },
    ]);
    assert.equal(shownStatus(cancelled), 'cancelled');
    assert.equal(endOf(cancelled), 'cancelled');
  });

  test('opening another session starts afresh', () => {
    assert.equal(ownerTransition(cancelled, opened('active', '40')).kind, 'open');
  });
});
