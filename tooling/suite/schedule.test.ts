import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { StepFailed } from './command';
import { runSchedule, summary, type Step } from './schedule';

/** A step that records when it ran, writes two lines with a pause between, and then passes or fails. */
function step(id: string, needs: string[], log: string[], outcome: 'pass' | Error = 'pass'): Step {
  return {
    id,
    title: `step ${id}`,
    needs,
    run: async (write) => {
      log.push(`start ${id}`);
      write(`${id} one\n`);
      await sleep(30);
      write(`${id} two\n`);
      log.push(`end ${id}`);
      if (outcome !== 'pass') throw outcome;
    },
  };
}

describe('the suite scheduler', () => {
  it('starts independent steps together and a step only after what it needs has passed', async () => {
    const log: string[] = [];
    let printed = '';
    const { exitCode, results } = await runSchedule(
      [step('a', [], log), step('b', [], log), step('c', ['a', 'b'], log)],
      { print: (text) => (printed += text) },
    );
    expect(exitCode).toBe(0);
    expect(log.slice(0, 2).sort()).toEqual(['start a', 'start b']);
    expect(log.indexOf('start c')).toBeGreaterThan(Math.max(log.indexOf('end a'), log.indexOf('end b')));
    expect(results.map((result) => result.status)).toEqual(['passed', 'passed', 'passed']);
    // Each step's output is printed whole, never interleaved with another's.
    expect(printed).toContain('a one\na two\n');
    expect(printed).toContain('b one\nb two\n');
  });

  it('after a failure starts nothing new, lets running steps finish, and ends with the exit code', async () => {
    const log: string[] = [];
    const { exitCode, results } = await runSchedule(
      [
        step('fails', [], log, new StepFailed('broken', 7)),
        { ...step('slow', [], log), run: async () => void (await sleep(120), log.push('end slow')) },
        step('after', ['fails'], log),
        step('later', ['slow'], log),
      ],
      { print: () => {} },
    );
    expect(exitCode).toBe(7);
    expect(log).toContain('end slow');
    expect(log).not.toContain('start after');
    expect(log).not.toContain('start later');
    expect(results.map((result) => [result.id, result.status])).toEqual([
      ['fails', 'failed'],
      ['slow', 'passed'],
      ['after', 'not run'],
      ['later', 'not run'],
    ]);
    expect(results[0]!.error).toBe('broken');
    expect(summary(results, 1)).toMatch(/step fails\s+\d+ s\s+[\d.]+ s\s+failed/);
  });

  it('refuses a plan that needs a step not listed before it', async () => {
    await expect(runSchedule([step('a', ['b'], []), step('b', [], [])])).rejects.toThrow(/a needs b/);
  });
});
