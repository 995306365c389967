/**
 * Names that pass a naive filter but spoof: a run of spaces that pushes ".html" out of sight, blank Hangul
 * fillers, a line separator, ":" (an NTFS stream) and device names past the first segment. A name a person's
 * own browser sends arrives in its safe form; a hostile peer that sends such a name raw is refused; and the ZIP
 * of what arrived unpacks safely anywhere (one top folder, no ".ssh/…", no Startup-folder path in place).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readZip } from '../e2e/fixtures/receive-zip.ts';
import { browserSkipReason } from '../helpers/browser.ts';
import { useHostileFlow } from '../helpers/hostile-peer.ts';
import { downloadAllZip, setFiles } from '../helpers/p2p-flow.ts';

const skip = browserSkipReason();

describe('a hostile peer: file names that spoof', { skip }, () => {
  const flow = useHostileFlow();

  test("names a guest's own browser sends arrive, are saved and zipped in their safe form", async () => {
    const session = await flow.receiveSession();
    const owner = await flow.waitingPage(session.token);
    const guest = await (await flow.context()).newPage();
    await guest.goto(session.guestUrl);
    const sent = [
      { raw: `invoice.pdf${' '.repeat(150)}.html`, safe: 'invoice.pdf .html' },
      { raw: 'receipt.pdf\u3164\u3164\u3164\u3164.exe', safe: 'receipt.pdf.exe' },
      { raw: 'scan\u2028\u2028.pdf\u00AD.bat', safe: 'scan .pdf.bat' },
      { raw: 'notes.txt:hidden.exe', safe: 'notes.txt_hidden.exe' },
      { raw: 'NUL.txt', safe: '_NUL.txt' },
    ];
    await setFiles(
      guest.locator('input[type=file]'),
      sent.map((f, i) => ({ name: f.raw, data: Buffer.from(`file ${i}\n`) })),
    );
    await guest.getByLabel('PIN', { exact: true }).fill(session.pin);
    await guest.getByRole('button', { name: 'Send', exact: true }).click();
    await owner.locator(`#download-all[data-count="${sent.length}"]`).waitFor({ timeout: 60_000 });

    const names = await owner.locator('#file-list .file-link .file-name').allTextContents();
    assert.deepEqual(names.sort(), sent.map((f) => f.safe).sort());
    for (const f of sent) {
      const [download] = await Promise.all([
        owner.waitForEvent('download'),
        owner.getByRole('link', { name: `Save ${f.safe}`, exact: true }).click(),
      ]);
      assert.equal(download.suggestedFilename(), f.safe);
    }
    const zip = await downloadAllZip(owner, 'download');
    const top = zip.name.replace(/\.zip$/, '');
    assert.deepEqual(
      readZip(zip.data)
        .map((e) => e.name)
        .sort(),
      sent.map((f) => `${top}/${f.safe}`).sort(),
    );
  });

  test('a hostile peer: a raw spoofing name is refused; dangerous paths are zipped under one top folder', async () => {
    const session = await flow.receiveSession();
    const owner = await flow.waitingPage(session.token);

    const spoofer = await flow.hostilePeer();
    await spoofer.joinAsGuest(session.url, session.pin);
    await spoofer.handshake('sender');
    const from = await spoofer.inboxLength();
    await spoofer.sendControl({
      t: 'manifest',
      version: 1,
      transferId: 'spoof1',
      files: [{ index: 0, name: `invoice.pdf${' '.repeat(150)}.html`, size: 4, type: '', lastModified: 0 }],
    });
    const refused = await spoofer.waitFor('error', { from });
    assert.equal(refused.code, 'protocol');
    await owner.locator('.guest-card').filter({ hasText: 'The transfer failed' }).waitFor();

    const planter = await flow.hostilePeer();
    await planter.joinAsGuest(session.url, session.pin);
    await planter.handshake('sender');
    const paths = ['.ssh/authorized_keys', 'AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/run.bat'];
    await planter.offer(paths.map((name) => ({ name, size: 3 })));
    for (const [i] of paths.entries()) {
      await planter.sendFile(i, Buffer.from('abc'));
      await planter.waitFor('file-ok', { where: (m) => m.index === i });
    }
    await owner.locator(`#download-all[data-count="${paths.length}"]`).waitFor();
    const zip = await downloadAllZip(owner, 'download');
    const top = zip.name.replace(/\.zip$/, '');
    assert.deepEqual(
      readZip(zip.data)
        .map((e) => e.name)
        .sort(),
      [
        `${top}/_.ssh/authorized_keys`,
        `${top}/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/run.bat`,
      ].sort(),
    );
  });
});
