import { z } from 'zod';

/**
 * The one place the environment is read. Every variable of the contract, with its default; a bad value
 * stops the program with one line naming it (see `loadConfig`).
 */

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().nonnegative();

const clusterNodes = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((node) => node.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^:\s]+:\d{1,5}$/, 'each node must be host:port'))
      .min(1, 'name at least one host:port'),
  )
  .transform((nodes) =>
    nodes.map((node) => {
      const at = node.lastIndexOf(':');
      return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
    }),
  );

const otlpEndpoint = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });
const otlpProtocol = z.enum(['http/protobuf', 'http/json', 'grpc'], {
  error: 'must be http/protobuf, http/json or grpc',
});

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' })
    .default('postgres://postgres@127.0.0.1:5432/storefront'),
  // What sits between the instances and PostgreSQL (docs/configuration.md, "PostgreSQL through PgBouncer"):
  // `transaction` for a pooler in transaction mode, which hands each transaction to any server connection,
  // so the pool keeps no session state (no prepared statements, no settings at connect).
  DATABASE_POOLER: z.enum(['none', 'transaction']).default('none'),
  // PostgreSQL itself, for what needs a session of its own (the migrations' advisory lock, the seed);
  // unset: DATABASE_URL. Required with DATABASE_POOLER=transaction.
  DATABASE_DIRECT_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  // Connections in each process's pool (lib/db/client.ts; docs/capacity.md for a fleet's sum).
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' })
    .default('redis://127.0.0.1:6379'),
  REDIS_CLUSTER_NODES: clusterNodes.optional(),
  // Sessions, carts, rate limits, the stock gate and checkout records on a Redis of their own (never
  // evicted); unset, they share the cache's (REDIS_URL, or the Cluster).
  SESSION_REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// URL' }).optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9:_.-]*$/, 'letters, digits and : _ . - only')
    .default(''),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_IDLE_SECONDS: positiveInt.default(1800),
  SESSION_ABSOLUTE_SECONDS: positiveInt.default(604800),
  CACHE_TTL_SECONDS: positiveInt.default(3600),
  CACHE_TTL_JITTER_SECONDS: nonNegativeInt.default(300),
  CACHE_DISABLED: z
    .enum(['0', '1', ''])
    .default('')
    .transform((value) => value === '1'),
  // `1` on the benchmark's own instances only: they serve /bench/static and /bench/dynamic (lib/pages/bench-pages.ts).
  BENCH_PAGES: z
    .enum(['0', '1', ''])
    .default('')
    .transform((value) => value === '1'),
  // Password hashes at once per machine (lib/auth/hash-slots.ts): half its cores by default.
  PASSWORD_HASH_SLOTS: positiveInt.optional(),
  // What the machine's instances share their hash slots under: the host name by default (containers on one
  // machine have their own host names, so docker-compose sets one for all).
  MACHINE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dots, dashes and underscores, at most 64')
    .optional(),
  // How long before a sale starts every instance warms its products and the gate holds its units.
  SALE_PREWARM_SECONDS: nonNegativeInt.default(60),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // How many proxies in front of an instance append to X-Forwarded-For (lib/http/request-info.ts).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // OpenTelemetry (instrumentation.otel.ts): set, every request is traced and the spans go there over OTLP;
  // unset, no SDK is loaded and no span is made. The SDK reads the other standard OTEL_* variables itself;
  // these are checked here so a typo stops the start instead of losing the traces silently.
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint.optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpEndpoint.optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol.optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol.optional(),
  OTEL_SDK_DISABLED: z.stringbool({ error: 'must be true or false' }).default(false),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Parses an environment; throws a ConfigError whose message is one line naming the first bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty string means "unset" for every variable, as it does in most shells' .env files.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue?.path.join('.') ?? 'environment';
    throw new ConfigError(`Invalid environment variable ${variable}: ${issue?.message ?? 'invalid'}`);
  }
  const config = result.data;
  if (config.NODE_ENV === 'production' && !config.SESSION_SECRET && !env.NEXT_PHASE?.includes('build')) {
    throw new ConfigError(
      'Invalid environment variable SESSION_SECRET: required in production (at least 32 characters)',
    );
  }
  if (config.DATABASE_POOLER === 'transaction' && !config.DATABASE_DIRECT_URL) {
    throw new ConfigError(
      'Invalid environment variable DATABASE_DIRECT_URL: required with DATABASE_POOLER=transaction (migrations hold a session-level lock, which transaction pooling breaks)',
    );
  }
  if (config.CACHE_TTL_JITTER_SECONDS >= config.CACHE_TTL_SECONDS) {
    throw new ConfigError(
      'Invalid environment variable CACHE_TTL_JITTER_SECONDS: must be smaller than CACHE_TTL_SECONDS',
    );
  }
  return config;
}

/** Where migrations and the seed connect: PostgreSQL itself, never through a transaction pooler. */
export function directDatabaseUrl(config: Config): string {
  return config.DATABASE_DIRECT_URL ?? config.DATABASE_URL;
}

/** Whether this process sends traces: an OTLP endpoint is set and the SDK is not disabled. */
export function tracesExported(config: Config): boolean {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  return endpoint !== undefined && !config.OTEL_SDK_DISABLED;
}

let cached: Config | undefined;

/** The process's configuration, parsed once on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
