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
});
