import { NodeSDK } from '@opentelemetry/sdk-node';
import { enableSpans } from './lib/telemetry';

/*
 * The OpenTelemetry SDK, started by instrumentation.ts only when an OTLP endpoint is set (lib/config.ts
 * tracesExported): otherwise this module is never even loaded. The official Node SDK, configured by the
 * standard variables (OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL http/protobuf, http/json or grpc, _HEADERS,
 * OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER, OTEL_BSP_*, OTEL_PROPAGATORS…), with
 * three choices of ours:
 *   - traces only: the storefront's metrics are Prometheus's (/api/metrics), and it logs to stdout, so no
 *     metric reader and no log processor whatever OTEL_METRICS_EXPORTER and OTEL_LOGS_EXPORTER say;
 *   - the service is `storefront` unless OTEL_SERVICE_NAME names it;
 *   - no auto-instrumentation: Next.js makes the request's spans itself once a tracer provider is
 *     registered, and the two stores' clients make their own (lib/redis/traced.ts, lib/db/traced.ts).
 * Then lib/telemetry's spans are turned on.
 */

let sdk: NodeSDK | undefined;

export function startTracing(): void {
  if (sdk) return;
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ? undefined : 'storefront',
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  enableSpans();
}

/** Sends the spans still buffered (the graceful shutdown's last step, before the process exits). */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown();
}
