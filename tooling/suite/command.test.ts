import { describe, expect, it } from 'vitest';
import { runCommand, StepFailed } from './command';

describe('runCommand', () => {
  it('hands over what the command writes and resolves on exit 0', async () => {
    let output = '';
    await runCommand('sh', ['-c', 'echo out; echo err >&2'], { write: (chunk) => (output += chunk) });
    expect(output.split('\n').sort()).toEqual(['', 'err', 'out']);
  });

  it('rejects with the exit code of a failing command', async () => {
    const failing = runCommand('sh', ['-c', 'exit 3'], { write: () => {} });
    await expect(failing).rejects.toBeInstanceOf(StepFailed);
    await expect(failing).rejects.toMatchObject({ exitCode: 3 });
  });

  it('runs it at the niceness asked for, and at the caller’s otherwise', async () => {
    // `nice` without a command prints the niceness it runs at.
    const niceness = async (options: { niceness?: number }) => {
      let output = '';
      await runCommand('nice', [], { ...options, write: (chunk) => (output += chunk) });
      return Number(output.trim());
    };
    const own = await niceness({});
    expect(await niceness({ niceness: 7 })).toBe(Math.min(own + 7, 19));
  });
});
