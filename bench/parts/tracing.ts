import postgres from 'postgres';
import { startOtlpReceiver } from '../../tooling/otlp-receiver';
import type { Instance } from '../../tooling/next-instance';
import { byMode, type BenchContext, type BenchPart, type Cell } from '../part';
import { load } from '../pages/load';
import { latency, median, round } from '../stats';
import { productsOutsideSales } from '../products';

/*
 * What OpenTelemetry costs: the warm product page and a checkout on three instances of one build, side
 * by side. Without OTEL_EXPORTER_OTLP_ENDPOINT (the SDK never loaded: each hook is one flag check), with
 * it but every trace sampled out (OTEL_TRACES_SAMPLER=always_off: the SDK and our hooks run, nothing is
 * recorded), and with it, every trace exported (http/protobuf, the default, to a local receiver that
 * answers at once, as a collector beside the instance would). The rounds alternate between the instances
 * so the machine's noise falls on all three alike.
 */

interface Variant {
  id: 'unset' | 'sampled_off' | 'on';
  label: string;
  env: (endpoint: string) => Record<string, string>;
}

const VARIANTS: Variant[] = [
  { id: 'unset', label: 'endpoint unset', env: () => ({}) },
  {
    id: 'sampled_off',
    label: 'endpoint set, sampled out',
    env: (endpoint) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_TRACES_SAMPLER: 'always_off' }),
  },
  {
    id: 'on',
    label: 'endpoint set, every trace',
    env: (endpoint) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }),
  },
];

const THROUGHPUT_CONNECTIONS = 16;

interface Measured {
  pageP50: number[];
  pageP99: number[];
  pageRps: number[];
  checkouts: number[];
}

/** Two products outside any sale: the page's, and one with stock enough for every checkout of the run. */
async function pickProducts(databaseUrl: string): Promise<{ slug: string; buyId: number }> {
  const [page, buy] = await productsOutsideSales(databaseUrl, 2);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`update products set stock = 1000000 where id = ${buy!.id}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  return { slug: page!.slug, buyId: buy!.id };
}

/** A shopper of the instance's own (one sign-up), whose Cookie header comes back. */
async function signUp(instance: Instance, variant: string): Promise<string> {
  const response = await fetch(`${instance.baseURL}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `tracing-${variant}-${Date.now()}@example.test`,
      password: 'tracing bench password',
      name: 'Tracing bench',
    }),
  });
  if (response.status !== 201) throw new Error(`sign-up answered ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** Fills the cart with one unit and times the checkout alone (ms), `count` times in a row. */
async function checkouts(instance: Instance, cookie: string, productId: number, count: number) {
  const samples: number[] = [];
  const headers = { cookie, 'content-type': 'application/json' };
  for (let i = 0; i < count; i += 1) {
    const added = await fetch(`${instance.baseURL}/api/cart/items`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ productId, quantity: 1 }),
    });
    await added.arrayBuffer();
    if (added.status !== 200) throw new Error(`adding to the cart answered ${added.status}`);
    const started = performance.now();
    const placed = await fetch(`${instance.baseURL}/api/checkout`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': crypto.randomUUID() },
    });
    await placed.arrayBuffer();
    samples.push(performance.now() - started);
    if (placed.status !== 201) throw new Error(`checkout answered ${placed.status}`);
  }
  return samples;
}

async function run(context: BenchContext) {
  const sizes = byMode(context.mode, {
    full: { rounds: 3, page: { seconds: 5 }, checkouts: 100 },
    quick: { rounds: 2, page: { seconds: 2 }, checkouts: 30 },
    smoke: { rounds: 1, page: { amount: 20 }, checkouts: 3 },
  });
  const { slug, buyId } = await pickProducts(context.databaseUrl);
  const receiver = await startOtlpReceiver();
  context.defer('stop the OTLP receiver', () => receiver.stop());
  const instances = await Promise.all(
    VARIANTS.map((variant) =>
      context.startInstance({
        REDIS_KEY_PREFIX: context.keyPrefix(`tracing-${variant.id}`),
        ...variant.env(receiver.endpoint),
      }),
    ),
  );
  const cookies = await Promise.all(instances.map((instance, i) => signUp(instance, VARIANTS[i]!.id)));
  const measured: Measured[] = VARIANTS.map(() => ({ pageP50: [], pageP99: [], pageRps: [], checkouts: [] }));
  const progress = context.progress('tracing', sizes.rounds * VARIANTS.length);
  try {
    for (let round = 0; round < sizes.rounds; round += 1) {
      for (const [i, instance] of instances.entries()) {
        const url = `${instance.baseURL}/products/${slug}`;
        for (let warm = 0; warm < 3; warm += 1) await (await fetch(url)).arrayBuffer();
        const one = await load(url, 1, sizes.page);
        const many = await load(url, THROUGHPUT_CONNECTIONS, sizes.page);
        if (one.non2xx + one.errors + many.non2xx + many.errors > 0)
          throw new Error(`${url} failed under load`);
        const into = measured[i]!;
        into.pageP50.push(one.p50Ms);
        into.pageP99.push(one.p99Ms);
        into.pageRps.push(many.requestsPerSecond);
        into.checkouts.push(...(await checkouts(instance, cookies[i]!, buyId, sizes.checkouts)));
        progress.increment();
      }
    }
  } finally {
    progress.stop();
    await Promise.all(instances.map((instance) => instance.stop()));
  }
  return { measured, exports: receiver.exports() };
}

export const tracingPart: BenchPart = {
  id: 'tracing',
  title: 'What tracing costs (OpenTelemetry)',
  async run(context) {
    const { measured, exports } = await run(context);
    // The exporting instance must really have exported, or its figures would be the others'.
    if (exports === 0) throw new Error('the instance with the endpoint set exported no spans');
    const figures: Record<string, number> = { tracing_exports: exports };
    const rows: Cell[][] = VARIANTS.map((variant, i) => {
      const { pageP50, pageP99, pageRps, checkouts: samples } = measured[i]!;
      const checkout = latency(samples);
      const row = {
        product_p50_ms: round(median(pageP50)),
        product_p99_ms: round(median(pageP99)),
        product_rps: Math.round(median(pageRps)),
        checkout_p50_ms: checkout.p50Ms,
        checkout_p99_ms: checkout.p99Ms,
      };
      for (const [name, value] of Object.entries(row)) figures[`tracing_${variant.id}_${name}`] = value;
      return [variant.label, ...Object.values(row)];
    });
    return {
      figures,
      tables: [
        {
          title: 'The product page and checkout, without and with an OTLP endpoint',
          columns: [
            'instance',
            'product p50 ms @1',
            'product p99 ms @1',
            `product req/s @${THROUGHPUT_CONNECTIONS}`,
            'checkout p50 ms',
            'checkout p99 ms',
          ],
          rows,
          note:
            'Unset, tracing is one flag check per Redis command, statement and cache read: its row is the ' +
            'storefront without tracing. Sampled out shows what the SDK and the hooks cost with nothing ' +
            'recorded; every trace, what recording and exporting them costs (the receiver answers at once).',
        },
      ],
    };
  },
};
