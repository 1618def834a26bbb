import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/** The README's section under `## <heading>`, up to the next `## `. */
function readmeSection(heading: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf(`## ${heading}`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  return readme.slice(start, readme.indexOf('\n## ', start + 1));
}

// The contract fixes the README's Quick start to exactly these two lines: what a newcomer types first, and
// what CI's .ci/run runs. What else the suite runs is said in the prose below them.
const QUICK_START = [
  'npm ci && npm run demo    # migrate, seed demo data if the catalog is empty, build, serve http://localhost:3000',
  'npm ci && npm test        # the whole suite: typecheck, lint, unit + integration, end-to-end',
];

it("the README's Quick start is exactly the two lines, and .ci/run runs the second", () => {
  const code = readmeSection('Quick start')
    .split('\n')
    .filter((line) => line.startsWith('    '))
    .map((line) => line.slice(4));
  expect(code).toEqual(QUICK_START);
  const ci = readFileSync('.ci/run', 'utf8').split('\n');
  expect(ci.slice(-3)).toEqual(['npm ci', 'npm test', '']);
});

// The contract has the README document the whole key schema; lib/redis/keys.ts documents each family in
// full (`//   <p><key>   <type> …`). Every family there has its row here, by its key or, for a row that
// groups a family's keys, by its last segment.
it("the README's key table names every key family lib/redis/keys.ts documents", () => {
  const table = readmeSection('Redis keys');
  const families = [...readFileSync('lib/redis/keys.ts', 'utf8').matchAll(/^\/\/ {3}<p>(\S+)/gm)].map(
    (m) => m[1]!,
  );
  expect(families.length).toBeGreaterThan(30);
  const missing = families.filter((family) => {
    const grouped = family.slice(family.lastIndexOf(':'));
    return !table.includes(`\`${family}\``) && !table.includes(`\`${grouped}\``);
  });
  expect(missing).toEqual([]);
});
