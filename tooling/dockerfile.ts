import { readFileSync } from 'node:fs';
import path from 'node:path';

/*
 * The Dockerfile read as data: CI has no Docker engine, so tests hold the file to what it must do
 * (tooling/dockerfile.test.ts) and run the image's start command on this machine (e2e/deployment.spec.ts).
 */

export const DOCKERFILE = path.join(process.cwd(), 'Dockerfile');

export interface Instruction {
  /** Upper case: FROM, RUN, COPY, USER, CMD, ... */
  keyword: string;
  /** The rest of the instruction, continuation lines joined. */
  args: string;
}

export interface Stage {
  /** `AS name`, or its index when unnamed. */
  name: string;
  instructions: Instruction[];
}

/** The stages in order, each with its instructions (comments and blank lines dropped). */
export function parseDockerfile(text = readFileSync(DOCKERFILE, 'utf8')): Stage[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*\S)\s*$/.exec(line);
    if (!match) continue;
    const instruction = { keyword: match[1]!.toUpperCase(), args: match[2]! };
    if (instruction.keyword === 'FROM') {
      const name = /\sAS\s+(\S+)$/i.exec(instruction.args)?.[1] ?? String(stages.length);
      stages.push({ name, instructions: [instruction] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The final stage: what the image is. */
export function finalStage(stages = parseDockerfile()): Stage {
  const stage = stages.at(-1);
  if (!stage) throw new Error('the Dockerfile has no FROM');
  return stage;
}

/** The image's start command as one shell line (from CMD's exec form, `["sh", "-c", line]`, or its shell form). */
export function startCommand(stage = finalStage()): string {
  const cmd = stage.instructions.findLast((instruction) => instruction.keyword === 'CMD');
  if (!cmd) throw new Error('the final stage has no CMD');
  if (!cmd.args.startsWith('[')) return cmd.args;
  const argv = JSON.parse(cmd.args) as string[];
  if (argv[0] === 'sh' && argv[1] === '-c' && argv.length === 3) return argv[2]!;
  return argv.map((arg) => `'${arg.replaceAll("'", `'\\''`)}'`).join(' ');
}
