import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import '../helpers/english-words.ts';
import { errorFromWire, ProtocolError, type ProtocolFault, StorageFullError } from '../../src/client/engine/errors.ts';
import { brokenPromise } from '../../src/client/ui/guest/share-promise.ts';
import { failureSentence, peerText, transferFailure } from '../../src/client/ui/transfer-failure.ts';
import type { ManifestFile } from '../../src/shared/transfer-protocol.ts';

const file = (index: number, name: string, size: number): ManifestFile => ({
  index,
  name,
  size,
  type: '',
  lastModified: 0,
});

describe("what a page says about the other side's offers and errors", () => {
  test('a share guest accepts exactly the listed names and sizes, in order', () => {
    const promised = [
      { name: 'report.pdf', size: 10 },
      { name: 'a/b.txt', size: 0 },
    ];
    assert.equal(brokenPromise(promised, [file(0, 'report.pdf', 10), file(1, 'a/b.txt', 0)]), null);
    assert.match(
      brokenPromise(promised, [file(0, 'report.pdf', 5 * 1024 ** 3), file(1, 'a/b.txt', 0)]) ?? '',
      /“\u2068report\.pdf\u2069”: 5(\.0)? GiB instead of 10 B/,
    );
    assert.match(brokenPromise(promised, [file(0, 'a/b.txt', 0), file(1, 'report.pdf', 10)]) ?? '', /does not list/);
    assert.match(brokenPromise(promised, [file(0, 'report.pdf', 10)]) ?? '', /1 files instead of 2/);
  });

  test("a peer's error text never becomes the page's sentence", () => {
    const phish = `Your login session expired.\nLog in again at http://phish.example/login ${'x'.repeat(1900)}`;
    const warn = console.warn;
    const logged: string[] = [];
    console.warn = (m: string) => logged.push(m);
    try {
      for (const code of ['storage-full', 'storage', 'protocol', 'version', 'internal', 'made-up']) {
        const said = transferFailure(errorFromWire(code, phish), 'the guest');
        assert.ok(!/log in|phish|xxx/i.test(said), `${code}: ${said}`);
        assert.match(said, /^[A-Z]/);
      }
    } finally {
      console.warn = warn;
    }
    assert.ok(
      logged.every((l) => l.length < 300 && !l.includes('\n')),
      'the console gets one short line',
    );
    assert.equal(
      transferFailure(new StorageFullError(), 'the guest'),
      'This device has no space left for these files.',
    );
    assert.equal(
      transferFailure(errorFromWire('storage-full', 'x'), 'Ann'),
      "Ann's device has no space left for these files.",
    );
  });

  test('each fault this page found has its own sentence; a wire error never picks one', () => {
    const said = (fault: ProtocolFault) => transferFailure(new ProtocolError('engine text', { fault }), 'the guest');
    assert.equal(
      said('control-flood'),
      "The guest's device sent far more messages than a transfer needs, so this page ended the connection.",
    );
    assert.match(said('list-order'), /^The guest's device sent its list of files out of order/);
    assert.match(said('list-totals'), /^The guest's list of files did not add up to the files and sizes it announced/);
    assert.match(said('list-too-many'), /^The guest's device listed more files than it announced/);
    assert.match(said('list-unfinished'), /^The guest's device did not finish sending its list of files in time/);
    const all: ProtocolFault[] = ['control-flood', 'list-order', 'list-totals', 'list-too-many', 'list-unfinished'];
    assert.equal(new Set(all.map(said)).size, all.length, 'five different sentences');
    assert.equal(
      failureSentence({ code: 'protocol', fromPeer: true, fault: 'control-flood' }, 'the guest'),
      "The guest's device stopped the transfer: it reported a fault in what it received.",
    );
  });

  test("the other side's text for the console is one line and shortened", () => {
    assert.equal(peerText('a\nb\u202Ec'), 'a bc');
    assert.equal(peerText('y'.repeat(500)).length, 120);
  });
});
