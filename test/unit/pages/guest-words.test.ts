/**
 * What a guest page says in each state (guest-words.ts), with the words of a test direction: the status
 * line, the warning box, the page-wide alert of an ended page and each file's state.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import '../../helpers/english-words.ts';
import {
  type GuestEvent,
  type GuestState,
  guestTransition,
  initialGuestState,
  transferOf,
} from '../../../src/client/ui/guest/guest-state.ts';
import {
  endNotice,
  fileStatusText,
  type GuestWords,
  mendedNote,
  statusText,
  warningText,
} from '../../../src/client/ui/guest/guest-words.ts';

const words: GuestWords = {
  owner: 'Ann',
  ownerInTips: 'the receiver',
  doing: 'Sending',
  what: 'transfer',
  longWaitMs: 6000,
  overallLabel: 'Overall progress',
  whenTheyOpen: 'your files go as soon as they open it.',
  damagedHow: '',
  file: {
    waiting: 'Waiting',
    moving: 'Sending',
    arrived: '✓ Arrived',
    resending: 'Damaged on the way; sending again',
    skipped: 'Failed',
    cancelled: (byOwner) => (byOwner ? 'Declined by Ann' : 'Removed'),
  },
  failed: (failure) => `failed: ${failure.kind}`,
  endedStatus: (end) => (end.kind === 'cancelled' ? 'Ann cancelled this.' : null),
  cancelled: { title: 'This link was cancelled', text: 'Ann cancelled it.' },
  revokedMessage: (message) => `${message} (limits)`,
  doneStatus: (result, mended) => `${result.length} arrived.${mended}`,
};

const run = (...events: GuestEvent[]): GuestState => events.reduce(guestTransition, initialGuestState);
const start: GuestEvent = { type: 'start', files: [{ name: 'a.txt', size: 10 }] };
const connected: GuestEvent = { type: 'connected', resumed: false };

describe('guest page words', () => {
  test('the status line through the phases', () => {
    assert.equal(statusText(run(start), words), 'Connecting to Ann…');
    assert.equal(statusText(run(start, { type: 'registered' }), words), "Waiting for Ann's device to connect…");
    assert.equal(
      statusText(run(start, { type: 'registered' }, { type: 'wait-outlasted' }), words),
      "Ann's page isn't open right now. Keep this page open: your files go as soon as they open it.",
    );
    assert.equal(
      statusText(run(start, { type: 'registered' }, { type: 'signaling', online: false }), words),
      'Lost contact with the server. Reconnecting…',
    );
    assert.equal(statusText(run(start, connected), words), 'Connected to Ann. Sending…');
    assert.equal(
      statusText(run(start, connected, { type: 'disconnected' }), words),
      'Connection to Ann lost. Reconnecting by itself — the transfer continues where it stopped.',
    );
    assert.equal(
      statusText(run(start, connected, { type: 'disconnected' }, { type: 'wait-outlasted' }), words),
      "Still waiting for Ann's device to come back. The transfer continues where it stopped as soon as it does.",
    );
    assert.equal(
      statusText(run(start, connected, { type: 'connected', resumed: true }), words),
      'Connected to Ann again. Continuing where it stopped…',
    );
    assert.equal(
      statusText(run(start, { type: 'failed', failure: { kind: 'owner-gone' } }), words),
      'failed: owner-gone',
    );
  });

  test('an ended page says its own line, or keeps the one it had', () => {
    const connectedState = run(start, connected);
    assert.equal(
      statusText(guestTransition(connectedState, { type: 'ended', end: { kind: 'cancelled' } }), words),
      'Ann cancelled this.',
    );
    assert.equal(
      statusText(guestTransition(connectedState, { type: 'ended', end: { kind: 'not-found' } }), words),
      'Connected to Ann. Sending…',
    );
  });

  test('done: the mended files are named in the finished line, and their warning goes', () => {
    const s = run(start, connected, { type: 'file-damaged', index: 0, recoverable: true });
    assert.equal(
      warningText(s, words),
      '“\u2068a.txt\u2069” arrived damaged, so it is being sent again automatically.',
      'while it is sent again',
    );
    const done = guestTransition(s, {
      type: 'done',
      result: [{ index: 0, name: 'a.txt', size: 10, type: '', ok: true, status: 'ok' }],
    });
    assert.equal(statusText(done, words), '1 arrived. It arrived damaged at first and was sent again automatically.');
    assert.equal(warningText(done, words), null);
  });

  test('warnings: paused, connection tips (with the direction’s name), a refused offer, the owner gone', () => {
    assert.equal(
      warningText(run(start, connected, { type: 'paused', message: 'No room.' }), words),
      'Paused: No room.',
    );
    const tips = warningText(run(start, { type: 'connection-tips' }), words) ?? '';
    assert.match(tips, /^The two devices could not connect directly\.\n/);
    assert.match(tips, /same Wi-Fi network as the receiver/);
    assert.match(tips, /This page keeps trying by itself\.$/);
    assert.equal(
      warningText(run(start, { type: 'failed', failure: { kind: 'refused', text: 'Other files.' } }), words),
      'Other files.',
    );
    assert.match(
      warningText(run(start, { type: 'failed', failure: { kind: 'owner-gone' } }), words) ?? '',
      /Reload the page to try again\.$/,
    );
  });

  test('the page-wide alert of each end', () => {
    assert.deepEqual(endNotice({ kind: 'expired' }, words), {
      title: 'This link has expired',
      text: 'Ask Ann for a new link.',
    });
    assert.equal(endNotice({ kind: 'not-found' }, words).title, "This link doesn't exist anymore");
    assert.deepEqual(endNotice({ kind: 'cancelled' }, words), words.cancelled);
    assert.equal(endNotice({ kind: 'ticket-refused' }, words).title, 'Please enter the PIN again');
    assert.equal(
      endNotice({ kind: 'revoked', reason: 'removed', message: 'x' }, words).text,
      'Ann removed you from this session, so nothing more is exchanged. Ask them if you think this was a mistake.',
    );
    assert.match(
      endNotice({ kind: 'revoked', reason: 'over-limit', message: 'Too many.' }, words).text,
      /^Too many\. \(limits\) Reload this page/,
    );
  });

  test("each file's state", () => {
    const s = run(
      { type: 'start', files: ['w', 'm', 'a', 'd', 'x', 'c', 'f'].map((name) => ({ name, size: 10 })) },
      { type: 'file-start', index: 1 },
      { type: 'file-arrived', index: 2 },
      { type: 'file-damaged', index: 3, recoverable: true },
      { type: 'file-damaged', index: 4, recoverable: false },
      { type: 'file-cancelled', index: 5, byOwner: true },
      { type: 'file-failed', index: 6, cause: { code: 'storage-full', fromPeer: true } },
    );
    assert.deepEqual(
      transferOf(s)?.files.map((row) => fileStatusText(row, words)),
      [
        'Waiting',
        'Sending',
        '✓ Arrived',
        'Damaged on the way; sending again',
        'Failed',
        'Declined by Ann',
        "Ann's device has no space left for these files.",
      ],
    );
  });

  test('the mended note', () => {
    assert.equal(mendedNote(0, 3), '');
    assert.equal(mendedNote(1, 1), ' It arrived damaged at first and was sent again automatically.');
    assert.equal(mendedNote(2, 3), ' 2 files arrived damaged at first and were sent again automatically.');
  });
});
