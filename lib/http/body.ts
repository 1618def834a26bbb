import { RequestError } from '../errors';

/** The largest JSON body a storefront route accepts: every form here fits in a fraction of it. */
export const MAX_JSON_BODY_BYTES = 8 * 1024;

/**
 * Reads and parses a JSON body, stopping at `limit` bytes: a 413 as soon as the stream passes it (a
 * lying or missing Content-Length changes nothing), a 400 for an empty body, bad UTF-8 or bad JSON.
 */
export async function readJsonBody(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const text = await readText(request, limit);
  if (text.trim() === '') throw new RequestError(400, 'A JSON body is required.');
  return parseJson(text);
}

/** As readJsonBody, for a route whose body may be left out: an empty body is `undefined`. */
export async function readOptionalJsonBody(request: Request, limit = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const text = await readText(request, limit);
  return text.trim() === '' ? undefined : parseJson(text);
}

async function readText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new RequestError(400, 'The body is not valid UTF-8 text.');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestError(400, 'The body is not valid JSON.');
  }
}

function tooLarge(limit: number): RequestError {
  return new RequestError(413, `The body is larger than ${limit / 1024} KB.`);
}
