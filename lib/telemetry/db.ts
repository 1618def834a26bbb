import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_DB_NAMESPACE,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_QUERY_SUMMARY,
  ATTR_DB_QUERY_TEXT,
  ATTR_DB_RESPONSE_STATUS_CODE,
  ATTR_DB_STORED_PROCEDURE_NAME,
  ATTR_DB_SYSTEM_NAME,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@opentelemetry/semantic-conventions';
import { failSpan, tracer } from './spans';

/*
 * One span per database call, as the semantic conventions for database client spans have them
 * (https://opentelemetry.io/docs/specs/semconv/database/): kind CLIENT, named by `db.query.summary`, with
 * `db.system.name`, `db.operation.name`, `server.address` and `server.port`; on failure `error.type` and
 * `db.response.status_code` (the SQLSTATE, the Redis error prefix). The two stores' clients start them in
 * their one wrapping point each (lib/redis/traced.ts, lib/db/traced.ts).
 */

export interface DbCall {
  system: 'redis' | 'postgresql';
  /** `db.operation.name`: the Redis command, the statement's first keyword (SELECT, INSERT, …). */
  operation: string;
  /** `db.query.summary`, the span's name (`SELECT products categories`, `EVALSHA takeStock`). */
  summary: string;
  server?: { address: string; port?: number };
  /** `db.namespace`: the PostgreSQL database. */
  namespace?: string;
  /** `db.query.text`: only parameterized text, never values. */
  queryText?: string;
  /** `db.stored_procedure.name`: the Lua script behind an EVALSHA. */
  storedProcedure?: string;
}

export interface DbSpan {
  /** Ends the span; with `error`, in error (`statusCode`: what the server answered, if it did). */
  end(failure?: { error: unknown; statusCode?: string }): void;
}

/** Starts the span of one call, the child of the caller's current span. */
export function dbSpan(call: DbCall): DbSpan {
  const attributes: Attributes = {
    [ATTR_DB_SYSTEM_NAME]: call.system,
    [ATTR_DB_OPERATION_NAME]: call.operation,
    [ATTR_DB_QUERY_SUMMARY]: call.summary,
  };
  if (call.server) {
    attributes[ATTR_SERVER_ADDRESS] = call.server.address;
    if (call.server.port !== undefined) attributes[ATTR_SERVER_PORT] = call.server.port;
  }
  if (call.namespace) attributes[ATTR_DB_NAMESPACE] = call.namespace;
  if (call.queryText) attributes[ATTR_DB_QUERY_TEXT] = call.queryText;
  if (call.storedProcedure) attributes[ATTR_DB_STORED_PROCEDURE_NAME] = call.storedProcedure;
  const span: Span = tracer().startSpan(call.summary, { kind: SpanKind.CLIENT, attributes });
  return {
    end(failure) {
      if (failure) {
        if (failure.statusCode) span.setAttribute(ATTR_DB_RESPONSE_STATUS_CODE, failure.statusCode);
        failSpan(span, failure.error, failure.statusCode);
      }
      span.end();
    },
  };
}

const OPERATIONS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CALL']);
/** Keywords after which a statement names what it reads or writes. */
const TARGET_BEFORE = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'CALL']);
/** Words between those and the name (`JOIN LATERAL (…)`, `FROM ONLY x`). */
const BEFORE_TARGET = new Set(['LATERAL', 'ONLY']);
/** Words that follow them with no name at all (`ON CONFLICT DO UPDATE SET`). */
const NO_TARGET = new Set(['SET', 'SELECT', '(']);
const SUMMARY_MAX = 255;

// Quoted identifiers and words (a dotted name stays one token), string literals (skipped), parentheses.
const TOKEN = /(?:"(?:[^"]|"")*"|\w+)(?:\.(?:"(?:[^"]|"")*"|\w+))*|'(?:[^']|'')*'|\(/g;

/**
 * A statement's `db.query.summary`: its operations and the tables (or functions) they name, in order, as
 * the conventions' examples have it ("SELECT products categories", "INSERT orders", "SELECT place_order").
 * Values never appear: only keywords and the identifiers after FROM, JOIN, INTO and UPDATE. A statement
 * that is none of SELECT, INSERT, UPDATE, DELETE, MERGE, CALL or WITH (BEGIN, SET, …) is its first word.
 */
export function summarizeSql(text: string): { operation: string; summary: string } {
  const parts: string[] = [];
  let operation: string | undefined;
  let expectTarget = false;
  let first = true;
  for (const [token] of text.matchAll(TOKEN)) {
    if (token.startsWith("'")) continue;
    const word = token.toUpperCase();
    if (first && !OPERATIONS.has(word) && word !== 'WITH') return { operation: word, summary: word };
    first = false;
    if (expectTarget) {
      if (BEFORE_TARGET.has(word)) continue;
      expectTarget = false;
      // `FROM (select …)`: the subquery's own words follow.
      if (!NO_TARGET.has(word)) {
        parts.push(unquote(token));
        continue;
      }
    }
    if (OPERATIONS.has(word)) {
      operation ??= word;
      if (parts.at(-1) !== word) parts.push(word);
    }
    if (TARGET_BEFORE.has(word)) expectTarget = true;
  }
  const name = operation ?? 'WITH';
  return { operation: name, summary: (parts.join(' ') || name).slice(0, SUMMARY_MAX) };
}

/** `"public"."products"` → `public.products`. */
function unquote(identifier: string): string {
  return identifier.replace(/"((?:[^"]|"")*)"/g, (_, name: string) => name.replace(/""/g, '"'));
}
