import { createHmac } from 'node:crypto';

/*
 * The line's fair start (CONTRACT.md, "The line"): everyone who joined before the start is placed by a
 * seeded shuffle, not by who clicked first. The order is ascending HMAC-SHA256(key = the seed's 32 bytes,
 * message = the user's id in decimal) as lowercase hex. The seed's SHA-256 is published when the sale is
 * scheduled and the seed itself from the start, so anyone with the list of joined ids can recompute every
 * place, and nobody (us included) could have picked the seed after seeing who joined.
 */

/** One account's draw value: HMAC-SHA256 of its id in decimal, keyed by the seed's bytes, as lowercase hex. */
export function drawValue(seedHex: string, userId: number): string {
  return createHmac('sha256', Buffer.from(seedHex, 'hex')).update(String(userId)).digest('hex');
}

/** The early joiners in line order: ascending draw value (hex strings of one length compare as numbers). */
export function drawOrder(seedHex: string, userIds: readonly number[]): number[] {
  return userIds
    .map((userId) => ({ userId, value: drawValue(seedHex, userId) }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .map((entry) => entry.userId);
}
