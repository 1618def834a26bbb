import { createHash } from 'node:crypto';

/** The line's published commitment: SHA-256 of the seed's 32 bytes, as hex (CONTRACT.md, "The line"). */
export function seedSha256(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}
