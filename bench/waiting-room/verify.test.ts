import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawOrder } from '@/lib/queue/order';
import { orderFromSeed, outOfOrder, seedMatches } from './verify';

// The line's order checked from the outside: the bench's own check and the script docs/queue.md gives
// anyone both agree with the storefront's draw, and both refuse a seed that is not the published one.

const seed = randomBytes(32).toString('hex');
const sha256 = createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex');
const ids = Array.from({ length: 300 }, () => 1 + Math.floor(Math.random() * 10_000_000));
const distinctIds = [...new Set(ids)];

describe("the bench's check", () => {
  it('orders ids as the storefront draws them', () => {
    expect(orderFromSeed(seed, distinctIds)).toEqual(drawOrder(seed, distinctIds));
    const other = randomBytes(32).toString('hex');
    expect(orderFromSeed(other, distinctIds)).not.toEqual(drawOrder(seed, distinctIds));
  });

  it('counts places out of order, missing and extra', () => {
    expect(outOfOrder([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(outOfOrder([1, 2, 3], [2, 1, 3])).toBe(2);
    expect(outOfOrder([1, 2, 3], [1, 2])).toBe(1);
    expect(outOfOrder([1, 2], [1, 2, 9])).toBe(1);
  });

  it('takes the seed only when it hashes to the published SHA-256', () => {
    expect(seedMatches(seed, sha256)).toBe(true);
    expect(seedMatches(randomBytes(32).toString('hex'), sha256)).toBe(false);
  });
});

describe('the script of docs/queue.md', () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'verify-line-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));
  const markdown = readFileSync(path.join(process.cwd(), 'docs', 'queue.md'), 'utf8');
  const block = /```js\n(\/\/ verify-line\.mjs[\s\S]*?)```/.exec(markdown)?.[1];
  const script = path.join(directory, 'verify-line.mjs');
  beforeAll(() => writeFileSync(script, block ?? ''));

  const run = (args: string[], input: string) =>
    spawnSync(process.execPath, [script, ...args], { input, encoding: 'utf8', timeout: 20_000 });

  it('is in the page', () => expect(block).toBeDefined());

  it('prints the line the storefront draws, place 1 first', () => {
    const result = run([seed, sha256], `${distinctIds.join('\n')}\n`);
    expect(result.status, result.stderr).toBe(0);
    const printed = result.stdout.trim().split('\n');
    expect(printed).toEqual(drawOrder(seed, distinctIds).map((id, index) => `${index + 1} ${id}`));
  });

  it('refuses a seed that does not hash to the published seedSha256', () => {
    const result = run([randomBytes(32).toString('hex'), sha256], '1\n2\n');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('does not hash');
    expect(result.stdout).toBe('');
  });
});
