import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of eslint.config.mjs, tried on deliberately bad imports: each must be an error, so a
// change to the config that stops catching them fails here rather than letting a cycle back into lib/.

const eslint = new ESLint();

async function problems(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return result!.messages.map((message) => `${message.ruleId}: ${message.message}`);
}

describe('lint: layers point one way', () => {
  it('refuses a lower folder importing a higher one (what would close a folder cycle)', async () => {
    const found = await problems('lib/redis/bad-import.ts', "export * from '../cache';\n");
    expect(found.join('\n')).toMatch(/import-x\/no-restricted-paths: .*lib\/redis is in the stores layer/);
  });

  it('refuses a folder importing a neighbour on its own rung', async () => {
    const found = await problems('lib/db/bad-import.ts', "export * from '../redis/client';\n");
    expect(found.join('\n')).toMatch(/import-x\/no-restricted-paths: .*lib\/db is in the stores layer/);
  });

  it("refuses an import of the cache's internals from outside it, and allows its index", async () => {
    const bad = await problems('app/api/bad-import.ts', "export * from '@/lib/cache/engine';\n");
    expect(bad.join('\n')).toMatch(/import-x\/no-restricted-paths: .*Import '@\/lib\/cache'/);
    const good = await problems('app/api/good-import.ts', "export * from '@/lib/cache';\n");
    expect(good.filter((message) => message.includes('no-restricted-paths'))).toEqual([]);
  });

  it('refuses harness code in the product', async () => {
    const found = await problems('lib/catalog/bad-import.ts', "export * from '@/tooling/ports';\n");
    expect(found.join('\n')).toMatch(/no-restricted-imports: .*harness code stays in tooling/);
  });
});
