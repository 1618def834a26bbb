import type { BriefAdmission } from './budget';
import { createEnvelope, encodeEnvelope, type Envelope } from './envelope';
import { CacheBackendError } from './errors';
import type { EntryShape, LocatedEntry } from './loader';
import type { CacheMetrics } from './metrics';
import type { CacheSettings } from './options';
import type { TagIndex } from './tags';
import { expiryFor } from './ttl';

/*
 * What storing a value takes once it is in hand (loaded, or produced by Next.js), before the
 * generation-checked write: its life (brief or not), its place in the brief-entry budget (./budget.ts),
 * and its registration under its tags (./tags.ts). Any of them may say "do not store": the value then
 * answers its request and nothing is kept.
 */

export interface WritePlanDeps {
  settings: CacheSettings;
  metrics: CacheMetrics;
  tags: TagIndex;
  admission: BriefAdmission;
}

export interface PlannedWrite {
  envelope: Envelope;
  payload: string;
  px: number;
  /** The latest time (ms, Redis's clock) the write may land, for a tagged entry. */
  writeBy?: number;
}

/** Whether the entry is brief: a "not found" always, else as its shape says. */
function isBrief(shape: EntryShape, value: unknown): boolean {
  if (value === null) return true;
  return typeof shape.brief === 'function' ? shape.brief(value) : (shape.brief ?? false);
}

/**
 * The write of `value` (plain JSON) with its `tags`, loaded from `startedAt`, or undefined when it must not
 * be stored.
 */
export async function planWrite(
  deps: WritePlanDeps,
  entry: LocatedEntry,
  value: unknown,
  shape: EntryShape,
  tags: readonly string[],
  startedAt: number,
): Promise<PlannedWrite | undefined> {
  const { namespace } = entry.key;
  const brief = isBrief(shape, value);
  const expiry = expiryFor(brief, deps.settings.policy, Date.now());
  const envelope = createEnvelope(value, shape.schema, startedAt, expiry);
  const payload = encodeEnvelope(envelope);
  if (brief && !(await admitted(deps, namespace, Buffer.byteLength(payload)))) return undefined;
  // Tagged before the write, so that a sweep of a tag either finds the entry or is seen here (./tags.ts).
  const registration = await deps.tags.register(entry, tags, startedAt, expiry.px);
  if (!registration.registered) return undefined;
  return { envelope, payload, px: expiry.px, writeBy: registration.writeBy };
}

async function admitted(deps: WritePlanDeps, namespace: string, bytes: number): Promise<boolean> {
  try {
    if (await deps.admission.admit(namespace, bytes)) return true;
    deps.metrics.overBudget(namespace);
    return false;
  } catch (error) {
    if (error instanceof CacheBackendError) return false; // counted by the store
    throw error;
  }
}
