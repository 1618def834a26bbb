/**
 * The storefront's OpenTelemetry spans (./spans.ts), and the database spans of the two stores' clients
 * (./db.ts). The API only: the SDK lives in instrumentation.otel.ts.
 */
export {
  disableSpans,
  enableSpans,
  failSpan,
  inCallersContext,
  inSpan,
  spanEvent,
  spansOn,
  TRACER_NAME,
} from './spans';
export { dbSpan, summarizeSql, type DbCall, type DbSpan } from './db';
