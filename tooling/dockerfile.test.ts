import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { finalStage, parseDockerfile, startCommand, type Stage } from './dockerfile';

/*
 * CI has no Docker engine, so the image is never built here. This test reads the Dockerfile and
 * docker-compose.yml and holds them to what "safe as shipped" means: the image runs as a user that is not
 * root, with production dependencies only, holds what its commands load and nothing that could seed the
 * demo accounts, and neither its start nor compose seeds anything. e2e/deployment.spec.ts runs the image's
 * start command on a fresh database.
 */

const root = process.cwd();
const stages = parseDockerfile();
const image = finalStage(stages);
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const of = (stage: Stage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);

/** COPY's sources and options: `COPY --from=build --chown=node:node /app/.next ./.next`. */
function copies(stage: Stage): { from?: string; sources: string[] }[] {
  return of(stage, 'COPY').map((args) => {
    const words = args.split(/\s+/);
    const options = words.filter((word) => word.startsWith('--'));
    const paths = words.filter((word) => !word.startsWith('--'));
    const from = options.find((option) => option.startsWith('--from='))?.slice('--from='.length);
    return { from, sources: paths.slice(0, -1) };
  });
}

/** Repository paths the image's stage copies from the build context (not from another stage). */
const copiedFromContext = copies(image)
  .filter((copy) => copy.from === undefined)
  .flatMap((copy) => copy.sources.map((source) => path.normalize(source)));

const inImage = (file: string) => {
  const relative = path.relative(root, file);
  return copiedFromContext.some((source) => relative === source || relative.startsWith(`${source}/`));
};

/** The script file an npm script runs with `node … --import tsx <file>`. */
function scriptFile(name: string): string {
  const command = packageJson.scripts[name];
  const file = command && /--import tsx (\S+\.ts)/.exec(command)?.[1];
  if (!file) throw new Error(`npm run ${name} does not run a TypeScript file with tsx`);
  return path.join(root, file);
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'|import\('([^']+)'\)/g;

/** A module's imports: relative and `@/` ones as files, packages by name; `import type` left out. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const files: string[] = [];
  const packages: string[] = [];
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    if (match[1]) continue;
    const specifier = (match[2] ?? match[3])!;
    if (specifier.startsWith('.') || specifier.startsWith('@/')) {
      const base = specifier.startsWith('@/')
        ? path.join(root, specifier.slice(2))
        : path.resolve(path.dirname(file), specifier);
      const found = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts'].map((ending) => base + ending);
      const resolved = found.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
      if (!resolved) throw new Error(`${file}: cannot resolve ${specifier}`);
      files.push(resolved);
    } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
      const parts = specifier.split('/');
      packages.push(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return { files, packages };
}

/** Every file `entries` load, themselves included, and the packages they import. */
function closure(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    // A stylesheet or an image is the build's business, not the runtime's.
    if (!/\.(ts|tsx|mjs|js)$/.test(file)) continue;
    const found = importsOf(file);
    found.packages.forEach((name) => packages.add(name));
    pending.push(...found.files);
  }
  return { files, packages };
}

function sourcesUnder(directory: string): string[] {
  return readdirSync(path.join(root, directory), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|tsx|mjs)$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => path.join(root, directory, file));
}

describe('the Dockerfile', () => {
  it('runs the image as a user that is not root', () => {
    const user = of(image, 'USER').at(-1);
    expect(user, 'the final stage sets no USER').toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
    // Nothing runs as root after the switch, and the server starts after it.
    const keywords = image.instructions.map((instruction) => instruction.keyword);
    expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.lastIndexOf('CMD'));
  });

  it('installs production dependencies only, and takes no node_modules from the build stage', () => {
    const installs = of(image, 'RUN').filter((run) => /\bnpm (ci|install|i)\b/.test(run));
    expect(installs).not.toHaveLength(0);
    for (const install of installs) expect(install).toMatch(/\bnpm ci --omit=dev\b/);
    const fromBuild = copies(image).filter((copy) => copy.from !== undefined);
    expect(fromBuild.flatMap((copy) => copy.sources)).toEqual(['/app/.next']);
    expect(copiedFromContext).not.toContain('.');
  });

  it('holds what the server and the operator commands load, from production dependencies', () => {
    const entries = [
      path.join(root, 'next.config.ts'),
      ...['db:migrate', 'admin:create', 'prestart'].map(scriptFile),
    ];
    const { files, packages } = closure(entries);
    const missing = [...files].filter((file) => !inImage(file)).map((file) => path.relative(root, file));
    expect(missing, 'loaded at run time but not copied into the image').toEqual([]);
    // tsx runs those commands; the packages the server itself imports are production dependencies too.
    const server = closure([
      ...['app', 'lib'].flatMap(sourcesUnder),
      ...['proxy.ts', 'instrumentation.ts'].map((file) => path.join(root, file)),
    ]);
    const needed = new Set([...packages, ...server.packages, 'tsx', 'next']);
    const notInstalled = [...needed].filter((name) => !(name in packageJson.dependencies));
    expect(notInstalled, 'imported at run time but not in "dependencies"').toEqual([]);
  });

  it('copies nothing that could seed the demo accounts, nor the tests, drills and benchmarks', () => {
    const harness = /^(tooling\/seed|tooling\/vitest|e2e|drills|bench)(\/|$)|^scripts\/(seed|demo)\.ts$/;
    expect(copiedFromContext.filter((source) => harness.test(source) || source === 'tooling')).toEqual([]);
    expect(inImage(scriptFile('db:seed'))).toBe(false);
  });

  it('migrates and serves at start, and seeds nothing', () => {
    expect(startCommand()).toBe('npm run db:migrate && exec node_modules/.bin/next start');
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).not.toMatch(/db:seed|seed\.ts|run-seed/);
  });
});

describe('docker-compose.yml', () => {
  const text = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
  const compose = parse(text) as {
    services: Record<string, { command?: unknown; entrypoint?: unknown; build?: unknown }>;
  };

  it('seeds nothing: the app runs the image’s start, and no line (comments included) seeds', () => {
    const app = compose.services.app!;
    expect(app.build).toBeDefined();
    expect(app.command).toBeUndefined();
    expect(app.entrypoint).toBeUndefined();
    expect(text).not.toMatch(/db:seed|seed\.ts/);
    // Its first admin comes from the operator's command.
    expect(text).toContain('npm run admin:create');
  });
});
