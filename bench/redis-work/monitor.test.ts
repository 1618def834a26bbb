import { describe, expect, it } from 'vitest';
import { parseArguments } from './monitor';

describe('parseArguments', () => {
  it("undoes MONITOR's escapes, bytes and all", () => {
    const args = parseArguments('"SET" "a" "x\\"y\\\\z" "\\xff\\x00\\n"');
    expect(args.map((arg) => arg.toString('latin1'))).toEqual(['SET', 'a', 'x"y\\z', '\xff\x00\n']);
  });

  it('keeps an empty argument', () => {
    expect(parseArguments('"HSET" "k" "f" ""').map(String)).toEqual(['HSET', 'k', 'f', '']);
  });
});
