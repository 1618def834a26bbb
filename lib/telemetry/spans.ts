import { context, SpanStatusCode, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { RequestError } from '../errors';

/*
 * The storefront's spans, through the OpenTelemetry API only: the SDK that records and exports them is
 * started by instrumentation.ts when OTEL_EXPORTER_OTLP_ENDPOINT is set (instrumentation.otel.ts), and it
 * turns the spans on here. Until then, which for most processes is always, every helper below costs one
 * property check and makes no span at all, not even a no-op one.
 *
 * Our own attributes are named under `storefront.`; the database spans (./db.ts) follow the semantic
 * conventions.
 */

interface TelemetryState {
  on: boolean;
}

// On globalThis: Next.js may bundle this module more than once, and every copy must see the switch.
const globalForTelemetry = globalThis as unknown as { storefrontTelemetry?: TelemetryState };
const state = (globalForTelemetry.storefrontTelemetry ??= { on: false });

/** Called once the SDK has registered its tracer provider (instrumentation.otel.ts). */
export function enableSpans(): void {
  state.on = true;
}

/** Turns them off again (tests that started an SDK of their own, when they end). */
export function disableSpans(): void {
  state.on = false;
}

/** Whether spans are made in this process: the hooks' whole cost while they are not. */
export const spansOn = (): boolean => state.on;

export const TRACER_NAME = 'storefront';

export const tracer = (): Tracer => trace.getTracer(TRACER_NAME);

/**
 * Runs `work` in a span of its own (the current one's child, and the parent of whatever `work` starts).
 * `work` gets the span to note its outcome on, or undefined when spans are off. A thrown error ends the
 * span in error, except a RequestError below 500: a refusal the caller can act on (sold out, a conflict)
 * is an outcome, not a failure.
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!state.on) return work(undefined);
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      if (!(error instanceof RequestError && error.status < 500)) failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed: the exception recorded, `error.type` its class, status ERROR. */
export function failSpan(span: Span, error: unknown, errorType?: string): void {
  const type = errorType ?? (error instanceof Error ? error.name : typeof error);
  span.setAttribute(ATTR_ERROR_TYPE, type);
  if (error instanceof Error) span.recordException(error);
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
}

/**
 * `fn`, to run later in the caller's context (so on its span) wherever it is called from: a callback another
 * caller's work will call on this one's behalf. `fn` itself while spans are off.
 */
export function inCallersContext<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return state.on ? context.bind(context.active(), fn) : fn;
}

/** An event on the caller's span, if spans are on and there is one (a lock wait, an absorbed error). */
export function spanEvent(name: string, attributes?: Attributes): void {
  if (!state.on) return;
  trace.getActiveSpan()?.addEvent(name, attributes);
}
