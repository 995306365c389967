import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';
import type { TlsConfig } from './config.ts';
import { lanAddresses } from './network.ts';

export interface TlsMaterial {
  key: string;
  cert: string;
}

/**
 * Certificate and key for HTTPS: the configured files, or a self-signed pair generated once for this machine's
 * names and addresses and kept in the data dir (so phones need to accept it only once).
 */
export function loadTls(tls: TlsConfig, dataDir: string): TlsMaterial {
  if (tls.mode === 'files') return { key: readFileSync(tls.keyFile, 'utf8'), cert: readFileSync(tls.certFile, 'utf8') };
  const dir = path.join(dataDir, 'tls');
  const keyFile = path.join(dir, 'self-signed.key');
  const certFile = path.join(dir, 'self-signed.crt');
  if (existsSync(keyFile) && existsSync(certFile)) {
    // A key left readable by others (copied in, or written by an older version) is made private again.
    chmodSync(dir, 0o700);
    chmodSync(keyFile, 0o600);
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  }
  const altNames = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    ...lanAddresses().map((ip) => ({ type: 7, ip })),
  ];
  const pems = selfsigned.generate([{ name: 'commonName', value: 'Phuppi P2P' }], {
    keySize: 2048,
    days: 825,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames }],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert };
}
