/**
 * Thousands of files from one guest, real pages on both ends: the file list, the receiver's `have` and its
 * `done` are each far over one data-channel message, so they go in parts (protocol version 2). Every file
 * arrives byte for byte (compared in the owner's "Download all" ZIP), the owner's server-side list has them,
 * and the guest page draws a bounded number of rows, from the choice of files on (a row each kept it too busy to
 * send more than a few a second).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { ROWS_SHOWN } from '../../src/client/ui/file-rows.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { Client } from '../helpers/http.ts';
import { downloadAllZip, useP2pFlow, waitFor } from '../helpers/p2p-flow.ts';
import { insideTopFolder, readZip } from './fixtures/receive-zip.ts';

/** A count as the (English) guest pages write it: 2,800. */
const inEnglish = (n: number) => n.toLocaleString('en');

const FILES = 3000;
/** Files in the share: past the rows a guest page draws. */
const SHARED = 450;
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

describe('a guest sends thousands of files', { skip: browserSkipReason() }, () => {
  const flow = useP2pFlow({ tmpPrefix: 'phuppi-many-files-', addressPrefix: '203.0.116', ownerLabel: 'receiver' });

  test(`${FILES} small files arrive byte for byte`, async () => {
    // Names long enough that the list is over 256 KiB as one message (about 300 KB here).
    const folder = path.join(flow.dir, 'many');
    mkdirSync(folder);
    const files = Array.from({ length: FILES }, (_, i) => {
      const name = `holiday-photo-${String(i).padStart(5, '0')}-notes.txt`;
      const data = Buffer.from(`file ${i}\n${'x'.repeat(i % 97)}`);
      writeFileSync(path.join(folder, name), data);
      return { name, data, path: path.join(folder, name) };
    });

    const owner = await new Client(flow.server.url).login();
    const created = await owner.send('POST', '/api/p2p/receive/create', {});
    assert.equal(created.status, 201);
    const { token, pin, shortcode } = created.body as { token: string; pin: string; shortcode: string };
    const receiver = await flow.ownerPage(`/p2p/receive/${token}/waiting`, 'Receive session');

    const guest = await flow.guestPage(`${flow.server.url}/p2p/receive/${shortcode}`);
    await guest.locator('input[type=file]').setInputFiles(files.map((f) => f.path));
    await guest.getByText(/^3,?000 files chosen/).waitFor();
    // Before sending too, the list of chosen files draws the bounded lists' rows and one line for the rest.
    assert.equal(await guest.locator('#chosen-list .chosen-file').count(), ROWS_SHOWN);
    assert.match(
      (await guest.locator('#chosen-list .chosen-files__more').textContent()) ?? '',
      new RegExp(`^… and ${inEnglish(FILES - ROWS_SHOWN)} more files \\(.+\\), sent with the others\\.$`),
    );
    assert.equal(await guest.locator('#chosen-list li').count(), ROWS_SHOWN + 1);
    await guest.getByLabel('PIN', { exact: true }).fill(pin);
    await guest.getByRole('button', { name: 'Send', exact: true }).click();
    await guest
      .getByRole('heading', { name: `All ${inEnglish(FILES)} files arrived` })
      .waitFor({ timeout: 90_000 })
      .catch(async (e: Error) => {
        const guestSays = (await guest.locator('main').innerText()).slice(0, 600);
        const ownerSays = (await receiver.locator('.guest-card').first().innerText()).slice(0, 600);
        throw new Error(`${e.message.split('\n')[0]}; guest: ${guestSays}; owner: ${ownerSays}`);
      });
    await receiver.locator(`#download-all[data-count="${FILES}"]`).waitFor({ timeout: 30_000 });
    // The guest page draws rows for the first ROWS_SHOWN files and one line for the rest, in both its lists.
    assert.equal(await guest.locator('.transfer-file').count(), ROWS_SHOWN);
    assert.match(
      (await guest.locator('.guest-files__more').textContent()) ?? '',
      new RegExp(`^… and ${inEnglish(FILES - ROWS_SHOWN)} more files \\(.+\\), [\\d,]+ of them arrived\\.$`),
    );
    assert.equal(await guest.locator('#success-list li').count(), ROWS_SHOWN + 1);
    await guest
      .locator('#success-list')
      .getByText(`… and ${inEnglish(FILES - ROWS_SHOWN)} more files.`)
      .waitFor();

    const zip = await downloadAllZip(receiver, 'picker');
    const entries = insideTopFolder(readZip(zip.data), zip.name);
    assert.equal(entries.length, FILES);
    const got = new Map(entries.map((e) => [e.name, sha(e.data)]));
    const wrong = files.filter((f) => got.get(f.name) !== sha(f.data)).map((f) => f.name);
    assert.deepEqual(wrong.slice(0, 5), [], `${wrong.length} files missing or different`);

    // The guest's report to the server (one entry per file) lands too.
    const listed = async () =>
      (await owner.request<{ files: unknown[] }>('GET', `/api/p2p/receive/${token}/state`)).body.files.length;
    await waitFor(async () => (await listed()) === FILES, 30_000).catch(async () =>
      assert.fail(`the server lists ${await listed()} of the ${FILES} files`),
    );
  });

  test(`a share of ${SHARED} files: the guest's list draws ${ROWS_SHOWN} rows and a summary; all are in its ZIP`, async () => {
    const folder = path.join(flow.dir, 'shared');
    mkdirSync(folder);
    const files = Array.from({ length: SHARED }, (_, i) => {
      const name = `shared-${String(i).padStart(4, '0')}.txt`;
      const data = Buffer.from(`shared file ${i}\n`);
      writeFileSync(path.join(folder, name), data);
      return { name, data, path: path.join(folder, name) };
    });
    const sender = await flow.ownerPage('/p2p', 'Send files');
    await sender.locator('#file-input').setInputFiles(files.map((f) => f.path));
    await sender.getByText(`${SHARED} files chosen`).waitFor();
    await sender.getByRole('button', { name: 'Create share' }).click();
    await sender.waitForURL(/\/p2p\?share=[A-Za-z0-9_-]+$/);
    const pin = ((await sender.locator('#pin').textContent()) ?? '').trim();
    const shareUrl = await sender.locator('#share-url').inputValue();

    const guest = await flow.guestPage(flow.server.url + new URL(shareUrl).pathname, {
      acceptDownloads: true,
      acceptDialogs: true,
    });
    assert.equal(await guest.locator('.download-file').count(), ROWS_SHOWN);
    await guest.getByLabel('PIN', { exact: true }).fill(pin);
    await guest.getByRole('button', { name: 'Get the files' }).click();
    await guest.getByText(`All ${SHARED} files have arrived`).waitFor({ timeout: 90_000 });
    assert.equal(await guest.locator('.download-file').count(), ROWS_SHOWN);
    assert.match(
      (await guest.locator('.guest-files__more').textContent()) ?? '',
      new RegExp(`^… and ${inEnglish(SHARED - ROWS_SHOWN)} more files \\(.+\\), [\\d,]+ of them arrived\\.$`),
    );
    const zip = await downloadAllZip(guest, 'download');
    const entries = insideTopFolder(readZip(zip.data), zip.name);
    const got = new Map(entries.map((e) => [e.name, sha(e.data)]));
    assert.equal(entries.length, SHARED);
    assert.deepEqual(
      files.filter((f) => got.get(f.name) !== sha(f.data)).map((f) => f.name),
      [],
    );
  });
});
