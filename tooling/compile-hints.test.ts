import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPILE_HINT, addCompileHints, integrityOf } from './compile-hints';

/*
 * A build's layout in miniature, as `next build` leaves it with `sri`: the root chunks, the build manifest
 * naming them, the integrity manifests (JSON and JS) and a prerendered page carrying the hashes.
 */

let nextDir: string;
const ROOT = ['static/chunks/react.js', 'static/chunks/router.js'];
const OTHER = 'static/chunks/admin-page.js';

function write(relative: string, content: string) {
  const file = path.join(nextDir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}
const read = (relative: string) => readFileSync(path.join(nextDir, relative), 'utf8');

beforeEach(() => {
  nextDir = mkdtempSync(path.join(tmpdir(), 'compile-hints-'));
  const chunks: Record<string, string> = {
    [ROOT[0]!]: '(globalThis.TURBOPACK||=[]).push([1,(e)=>{e.react=1}]);',
    [ROOT[1]!]: '(globalThis.TURBOPACK||=[]).push([2,(e)=>{e.router=2}]);',
    [OTHER]: '(globalThis.TURBOPACK||=[]).push([3,(e)=>{e.admin=3}]);',
  };
  for (const [file, content] of Object.entries(chunks)) write(file, content);
  const integrity = Object.fromEntries(Object.entries(chunks).map(([file, c]) => [file, integrityOf(c)]));
  write('build-manifest.json', JSON.stringify({ rootMainFiles: [...ROOT, 'static/chunks/app.css'] }));
  write('server/subresource-integrity-manifest.json', JSON.stringify(integrity));
  write(
    'server/subresource-integrity-manifest.js',
    `self.__SUBRESOURCE_INTEGRITY_MANIFEST=${JSON.stringify(JSON.stringify(integrity))}`,
  );
  write(
    'server/app/index.html',
    ROOT.map((file) => `<script src="/_next/${file}" integrity="${integrity[file]}"></script>`).join(''),
  );
});

afterEach(() => rmSync(nextDir, { recursive: true, force: true }));

describe('addCompileHints', () => {
  it('puts the hint first in every root script, and only there', () => {
    const before = read(ROOT[0]!);
    const report = addCompileHints(nextDir);
    expect(report.hinted).toEqual(ROOT);
    for (const file of ROOT) expect(read(file).startsWith(COMPILE_HINT)).toBe(true);
    expect(read(ROOT[0]!)).toBe(COMPILE_HINT + before);
    expect(read(OTHER).startsWith('//')).toBe(false);
  });

  it('gives the manifests and the prerendered pages each changed file’s new hash, and no old one', () => {
    const old = ROOT.map((file) => integrityOf(read(file)));
    const otherHash = integrityOf(read(OTHER));
    const report = addCompileHints(nextDir);
    expect(report.filesRewritten).toBe(3);
    const manifest = JSON.parse(read('server/subresource-integrity-manifest.json')) as Record<string, string>;
    for (const file of ROOT) expect(manifest[file]).toBe(integrityOf(read(file)));
    expect(manifest[OTHER]).toBe(otherHash);
    for (const where of ['server/subresource-integrity-manifest.js', 'server/app/index.html']) {
      const text = read(where);
      for (const hash of old) expect(text).not.toContain(hash);
      for (const file of ROOT) expect(text).toContain(integrityOf(read(file)));
    }
  });

  it('changes nothing when run again', () => {
    addCompileHints(nextDir);
    const after = [...ROOT, 'server/subresource-integrity-manifest.json', 'server/app/index.html'].map(read);
    const again = addCompileHints(nextDir);
    expect(again.filesRewritten).toBe(0);
    expect(
      [...ROOT, 'server/subresource-integrity-manifest.json', 'server/app/index.html'].map(read),
    ).toEqual(after);
  });

  it('refuses a build whose manifest it cannot bring along', () => {
    // A hash written in a way the step does not know (here: not at all) would leave the page's script
    // refused by the browser; the step must say so rather than finish.
    write('server/subresource-integrity-manifest.json', JSON.stringify({ [ROOT[0]!]: 'sha256-unrelated' }));
    expect(() => addCompileHints(nextDir)).toThrow(/react\.js: the integrity manifest says sha256-unrelated/);
  });
});
