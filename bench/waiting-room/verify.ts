import { createHash, createHmac } from 'node:crypto';

/*
 * The line's order checked from the outside, as docs/queue.md tells anyone to check it, written here
 * without the storefront's own code (lib/queue/order.ts) so that the check does not grade its own work:
 * the revealed seed must hash to the SHA-256 published before the start, and the early joiners' places
 * must be their ids in ascending HMAC-SHA256(key = the seed's bytes, message = the id in decimal), as hex.
 */

export function seedMatches(seedHex: string, publishedSha256: string): boolean {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex') === publishedSha256;
}

/** The early joiners in the order the seed gives them (place 1 first). */
export function orderFromSeed(seedHex: string, userIds: readonly number[]): number[] {
  const key = Buffer.from(seedHex, 'hex');
  return userIds
    .map((id) => ({ id, value: createHmac('sha256', key).update(String(id)).digest('hex') }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .map(({ id }) => id);
}

/** Places where `actual` holds someone other than `expected` (a missing or extra place counts too). */
export function outOfOrder(expected: readonly number[], actual: readonly number[]): number {
  let wrong = Math.abs(expected.length - actual.length);
  for (let index = 0; index < Math.min(expected.length, actual.length); index += 1) {
    if (expected[index] !== actual[index]) wrong += 1;
  }
  return wrong;
}
