'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireSession, type UserSession } from '@/lib/auth/guard';
import { isOutage, RequestError } from '@/lib/errors';
import { formAction } from '@/lib/http/action';
import { safeNextPath } from '@/lib/http/next-path';
import { admitToSale, saleEntry, saleLineRecord } from '@/lib/pages/queue-data';
import { joinLine } from '@/lib/queue';
import type { RequestContext } from '@/lib/session/current';
import { wholeNumberText } from '@/lib/validation';

/*
 * The line's two forms, both plain POSTs that work without JavaScript:
 * - "Join the line" (the product page, cached whole and the same for everyone, and the line's page): joins
 *   the signed-in shopper and goes to /queue/{id}; signed out, it goes through sign-in and back to
 *   /queue/{id}, where the button is offered again (the login page follows `next`).
 * - "Go to the product" (the line's page, once it is the shopper's turn): sets the sale's admission
 *   cookie, which only an action or a route can write, and goes to the product (for a sale of several,
 *   "Go to the sale": its entry on /sales); not (or no longer) their turn, it goes back to the line's
 *   page, which says where they stand.
 */

const saleForm = z.object({
  saleId: wholeNumberText('The sale id must be a whole number.').pipe(
    z.number().int().positive().max(2_147_483_647),
  ),
});

const linePath = (saleId: number) => `/queue/${saleId}`;

/** The signed-in shopper, or to the login page and back to the line's page. */
async function shopperOrLogin(ctx: RequestContext, saleId: number): Promise<UserSession> {
  try {
    return await requireSession(ctx);
  } catch (error) {
    if (!(error instanceof RequestError) || error.status !== 401) throw error;
  }
  const next = safeNextPath(linePath(saleId)) ?? '/';
  redirect(`/login?next=${encodeURIComponent(next)}`);
}

async function lineOrNotFound(saleId: number) {
  const record = await saleLineRecord(saleId);
  if (!record) throw new RequestError(404, 'This sale has no line.');
  return record;
}

export const joinLineAction = formAction(saleForm, async ({ saleId }, ctx) => {
  const session = await shopperOrLogin(ctx, saleId);
  try {
    await joinLine(await lineOrNotFound(saleId), session.userId);
  } catch (error) {
    // Posted without JavaScript, the answer would be a cached product page that cannot show a message:
    // the line's page says what happened (the sale ended, the line paused) and offers the button again.
    if (!(await headers()).has('next-action')) redirect(linePath(saleId));
    if (isOutage(error)) {
      throw new RequestError(503, 'The line is paused for a moment. Please try again shortly.');
    }
    throw error;
  }
  redirect(linePath(saleId));
});

export const enterSaleAction = formAction(saleForm, async ({ saleId }, ctx) => {
  const session = await shopperOrLogin(ctx, saleId);
  const record = await lineOrNotFound(saleId);
  let admitted = false;
  try {
    admitted = (await admitToSale(ctx, session, record)) !== null;
  } catch (error) {
    // Not in line, or Redis away: the line's page says so.
    if (!isOutage(error) && !(error instanceof RequestError)) throw error;
  }
  redirect(admitted ? saleEntry(record).href : linePath(saleId));
});
