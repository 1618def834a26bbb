import { NextResponse } from 'next/server';
import { z } from 'zod';
import { RequestError } from '@/lib/errors';
import { route } from '@/lib/http/handler';
import { otherMethods } from '@/lib/http/no-such-route';
import { getSaleStreams, parseSaleId } from '@/lib/sales';

// Any string: one that cannot be a sale's id is simply not found, like an unknown sale.
const paramsSchema = z.object({ id: z.string() });

/**
 * The sale's live state as Server-Sent Events (lib/sales/live.ts): the whole Sale at once, then at every
 * change; a comment every 15 s. Public: a sale's state is the same for everyone, and the stream reads no
 * session. `X-Server-Time` lets the page count down on the server's clock, not the visitor's.
 */
export const GET = route(
  // no-transform: Next.js's gzip would hold events back until its window fills (the compression module
  // leaves such answers alone); no-store: every watcher needs its own live stream.
  { access: 'public', params: paramsSchema, cacheControl: 'no-store, no-transform' },
  async ({ request, params }) => {
    const saleId = parseSaleId(params.id);
    const stream =
      saleId === undefined
        ? undefined
        : await getSaleStreams().open(saleId, request.headers.get('last-event-id'), request.signal);
    if (!stream) throw new RequestError(404, 'sale not found');
    return new NextResponse(stream, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        // nginx passes each event on at once (deploy/nginx-proxy.conf turns buffering off here too).
        'X-Accel-Buffering': 'no',
        'X-Server-Time': String(Date.now()),
      },
    });
  },
);

/** Any other method: 405 `{error}` instead of Next.js's empty 405. */
export const { POST, PUT, PATCH, DELETE } = otherMethods('public', ['GET']);
