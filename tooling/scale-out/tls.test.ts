import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSelfSignedCertificate } from './tls';

describe("the scale-out's self-signed certificate", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storefront-tls-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is made once under <dir>/tls/, for the loopback addresses, with a key only its owner reads', async () => {
    const made = await ensureSelfSignedCertificate(dir);
    expect(made.certFile).toBe(path.join(dir, 'tls', 'cert.pem'));
    const certificate = new X509Certificate(made.pem);
    expect(certificate.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(certificate.subjectAltName).toContain('DNS:localhost');
    expect(certificate.checkPrivateKey(createPrivateKey(readFileSync(made.keyFile)))).toBe(true);
    expect(statSync(made.keyFile).mode & 0o077).toBe(0);
  });

  it('is reused at the next start, and made again when missing', async () => {
    const first = await ensureSelfSignedCertificate(dir);
    const again = await ensureSelfSignedCertificate(dir);
    expect(again.pem).toBe(first.pem);
    rmSync(first.certFile);
    const remade = await ensureSelfSignedCertificate(dir);
    expect(remade.pem).not.toBe(first.pem);
  });
});
