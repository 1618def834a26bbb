import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/*
 * The last step of `npm run build`: V8's explicit compile hint on the scripts every page loads first (the
 * build manifest's rootMainFiles: React DOM, the App Router, Turbopack's runtime).
 *
 * Why: those chunks are a few hundred small module functions that V8 compiles lazily, on the main thread, the
 * first time each runs, and they all run at once when the page hydrates. On a phone that was the page's one
 * long task (issue #25: 64 ms of it, 260 ms on Lighthouse's 4× slower CPU, most of the total blocking time).
 * `//# allFunctionsCalledOnLoad` as a script's first line has Chrome compile every function in it eagerly,
 * on a background thread while the script streams in (Chrome 136+; other browsers read a comment). With all five
 * hinted the task fell from 71 to 26 ms (medians of interleaved Lighthouse runs; docs/benchmarks.md).
 *
 * Turbopack has no banner option, so the files are changed after the build. Each one is pinned by
 * subresource integrity (next.config.ts, `sri`), and Next.js wrote its hash into its manifests and into
 * the pages it prerendered: every copy of the old hash under `.next/server` is replaced by the new one, and
 * the step checks that the manifest then matches each file.
 */

export const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';

interface BuildManifest {
  rootMainFiles: string[];
}

/** `sha256-…` as Next.js writes it for `sri: { algorithm: 'sha256' }`. */
export function integrityOf(content: Buffer | string): string {
  return `sha256-${createHash('sha256').update(content).digest('base64')}`;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every file under `directory` holding one of `replacements`' keys, rewritten with its value. */
function replaceEverywhere(directory: string, replacements: Map<string, string>): number {
  let rewritten = 0;
  for (const file of filesUnder(directory)) {
    const text = readFileSync(file, 'latin1'); // byte for byte: the hashes are ASCII, the rest untouched
    let changed = text;
    for (const [from, to] of replacements) changed = changed.replaceAll(from, to);
    if (changed === text) continue;
    writeFileSync(file, changed, 'latin1');
    rewritten += 1;
  }
  return rewritten;
}

export interface HintReport {
  /** The chunks that now start with the hint (a second run finds them done and changes nothing). */
  hinted: string[];
  /** Files under .next/server whose integrity hashes were rewritten. */
  filesRewritten: number;
}

/** Adds the compile hint to the build in `nextDir` (normally `.next`) and brings its integrity hashes along. */
export function addCompileHints(nextDir: string): HintReport {
  const manifest = JSON.parse(
    readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8'),
  ) as BuildManifest;
  const replacements = new Map<string, string>();
  const hinted: string[] = [];
  for (const chunk of manifest.rootMainFiles.filter((file) => file.endsWith('.js'))) {
    const file = path.join(nextDir, chunk);
    const content = readFileSync(file);
    hinted.push(chunk);
    if (content.toString('latin1').startsWith(COMPILE_HINT)) continue;
    const withHint = Buffer.concat([Buffer.from(COMPILE_HINT), content]);
    writeFileSync(file, withHint);
    replacements.set(integrityOf(content), integrityOf(withHint));
  }
  const filesRewritten = replacements.size
    ? replaceEverywhere(path.join(nextDir, 'server'), replacements)
    : 0;
  checkIntegrity(nextDir, hinted);
  return { hinted, filesRewritten };
}

/** Throws unless the SRI manifest (when the build has one) gives each hinted chunk its current hash. */
function checkIntegrity(nextDir: string, chunks: string[]): void {
  let integrity: Record<string, string>;
  try {
    integrity = JSON.parse(
      readFileSync(path.join(nextDir, 'server', 'subresource-integrity-manifest.json'), 'utf8'),
    ) as Record<string, string>;
  } catch {
    return; // a build without `sri`: nothing pins the files
  }
  for (const chunk of chunks) {
    const expected = integrityOf(readFileSync(path.join(nextDir, chunk)));
    if (integrity[chunk] !== expected) {
      throw new Error(`${chunk}: the integrity manifest says ${integrity[chunk]}, the file is ${expected}`);
    }
  }
}
