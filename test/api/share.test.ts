import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '../helpers/http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { testStores } from '../helpers/stores.ts';

const wrongPin = (pin: string) => (pin === '00' ? '01' : '00');
const FILES = [
  { name: 'report.pdf', size: 1024, type: 'application/pdf' },
  { name: '../photos/<b>cat</b>.jpg', size: 5, type: 'image/jpeg' },
  { name: 'empty.txt', size: 0 },
];

for (const store of testStores()) {
  describe(`forward P2P shares (${store.name})`, () => {
    let server: TestServer;
    let owner: Client;
    before(async () => {
      server = await startTestServer({ PHUPPI_BASE_URL: 'http://lan.example:8080' }, store);
      owner = await new Client(server.url).login();
    });
    after(() => server.close());

    const createShare = async () => {
      const response = await owner.send('POST', '/api/p2p/create', { files: FILES, expiresIn: 600 });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body as { token: string; shortcode: string; pin: string; url: string };
    };

    test('create: files required and validated; answers the guest download URL', async () => {
      const share = await createShare();
      assert.equal(share.url, `http://lan.example:8080/p2p/${share.shortcode}`);
      for (const body of [
        {},
        { files: [] },
        { files: [{ name: 'a' }] },
        { files: [{ name: 'a', size: -2 }] },
        { files: FILES, expiresIn: 10 },
      ]) {
        assert.equal((await owner.send('POST', '/api/p2p/create', body)).status, 400, JSON.stringify(body));
      }
      assert.equal((await owner.request('POST', '/api/p2p/create', { files: FILES })).body.code, 'CSRF');
      assert.equal((await new Client(server.url).request('POST', '/api/p2p/create', { files: FILES })).status, 401);
    });

    test('public metadata lists the files (names sanitised) and never the PIN or peer ids', async () => {
      const share = await createShare();
      const response = await new Client(server.url).request('GET', `/api/p2p/${share.token}`);
      assert.equal(response.status, 200);
      assert.equal(response.body.senderName, 'admin');
      assert.deepEqual(
        response.body.files.map((f: any) => f.name),
        ['report.pdf', 'photos/<b>cat</b>.jpg', 'empty.txt'],
      );
      assert.equal(response.body.files[2].type, 'application/octet-stream');
      assert.equal(response.body.pin, undefined);
    });

    test('same PIN rules, tickets and recipients as receive sessions', async () => {
      const share = await createShare();
      const stranger = new Client(server.url);
      for (let i = 0; i < 3; i++)
        await stranger.request('POST', `/api/p2p/${share.token}/verify-pin`, { pin: wrongPin(share.pin) });
      assert.equal(
        (await stranger.request('POST', `/api/p2p/${share.token}/verify-pin`, { pin: share.pin })).status,
        423,
      );
      const recipient = new Client(server.url);
      const verified = await recipient.request('POST', `/api/p2p/${share.token}/verify-pin`, { pin: share.pin });
      assert.equal(verified.body.valid, true);
      assert.equal(
        (
          await recipient.request('POST', `/api/p2p/${share.token}/connect`, {
            peerjs_id: 'r1',
            ticket: 'f'.repeat(64),
          })
        ).status,
        403,
      );
      const peerId = (
        await recipient.request('POST', `/api/p2p/${share.token}/signaling`, { ticket: verified.body.ticket })
      ).body.peerId;
      assert.equal(
        (
          await recipient.request('POST', `/api/p2p/${share.token}/connect`, {
            peerjs_id: peerId,
            ticket: verified.body.ticket,
          })
        ).status,
        200,
      );
      await recipient.request('POST', `/api/p2p/${share.token}/complete`, {
        ticket: verified.body.ticket,
        files: [{ name: 'report.pdf', size: 1024 }],
      });
      const list = (await owner.request('GET', '/api/p2p')).body.sessions;
      const mine = list.find((s: any) => s.token === share.token);
      assert.equal(mine.pin, share.pin);
      assert.equal(mine.guests.length, 1);
      assert.equal(mine.guests[0].peerId, peerId);
      assert.equal(mine.guests[0].state, 'done');
      assert.equal(mine.offered.length, 3);
      const row = await server.running.store.db
        .selectFrom('p2p_shared_files')
        .select('files_metadata')
        .where('token', '=', share.token)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(row.files_metadata!).length, 3, 'the offered files stay as they were');
    });

    test('cancel ends it for recipients; receive and forward lists stay apart', async () => {
      const share = await createShare();
      assert.equal((await owner.send('DELETE', `/api/p2p/${share.token}`)).status, 200);
      const gone = await new Client(server.url).request('GET', `/api/p2p/${share.token}`);
      assert.equal(gone.status, 410);
      assert.equal(gone.body.code, 'CANCELLED');
      const receiveList = (await owner.request('GET', '/api/p2p/receive')).body.sessions;
      assert.ok(!receiveList.some((s: any) => s.token === share.token));
      assert.equal(
        (await new Client(server.url).request('GET', `/api/p2p/receive/${share.token}`)).status,
        404,
        'a share token is not a receive token',
      );
    });
  });
}
