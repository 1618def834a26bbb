import { LatencyRecorder, type LatencySummary } from './latency';
import type { PeerCache } from './peer';
import type { ProductLoader } from './product-loader';

/*
 * Hit throughput: the keys are loaded once, then `readers` concurrent loops in this process read them round
 * robin for `durationMs`, timing every read. Nothing expires meanwhile, so every read is a hit (L1 where the
 * peer has one, else Redis); a loader run during the measurement would be a bug, and is counted.
 */

export interface HitOptions {
  slugs: readonly string[];
  readers: number;
  durationMs: number;
}

export interface HitResult extends LatencySummary {
  readsPerSecond: number;
  /** Loader runs during the measured reads (expected 0). */
  loadsWhileMeasuring: number;
}

export async function measureHits(
  cache: PeerCache,
  loader: ProductLoader,
  options: HitOptions,
): Promise<HitResult> {
  const { slugs, readers, durationMs } = options;
  for (const slug of slugs) await cache.getOrLoad(slug, loader.bySlug(slug));
  const loadsBefore = loader.runs;
  const recorder = new LatencyRecorder();
  const started = performance.now();
  const deadline = started + durationMs;

  const reader = async (offset: number) => {
    for (let index = offset; performance.now() < deadline; index += readers) {
      const slug = slugs[index % slugs.length] as string;
      const begun = performance.now();
      await cache.getOrLoad(slug, loader.bySlug(slug));
      recorder.recordMs(performance.now() - begun);
    }
  };
  await Promise.all(Array.from({ length: readers }, (_, offset) => reader(offset)));

  const elapsedSeconds = (performance.now() - started) / 1000;
  const latency = recorder.summary();
  return {
    ...latency,
    readsPerSecond: latency.count / elapsedSeconds,
    loadsWhileMeasuring: loader.runs - loadsBefore,
  };
}
