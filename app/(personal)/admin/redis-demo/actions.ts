'use server';

import { refresh } from 'next/cache';
import { z } from 'zod';
import { advanceRedisDemo, resetRedisDemo, traceRedisDemoRead } from '@/lib/admin/redis-demo';
import { formAction } from '@/lib/http/action';

/*
 * The demo's buttons: lib/admin/redis-demo checks the role and runs the commands; refresh() sends the page
 * back re-rendered with the new log (without JavaScript, the POST's answer is that page).
 */

const noFields = z.object({});

export const stepAction = formAction(noFields, async (_input, ctx) => {
  await advanceRedisDemo(ctx, 'step');
  refresh();
});

export const runAllAction = formAction(noFields, async (_input, ctx) => {
  await advanceRedisDemo(ctx, 'rest');
  refresh();
});

export const resetAction = formAction(noFields, async (_input, ctx) => {
  await resetRedisDemo(ctx);
  refresh();
});

const traceSchema = z.object({ slug: z.string().trim().min(1, 'Pick or paste a product’s slug') });

export const traceAction = formAction(
  traceSchema,
  async ({ slug }, ctx) => {
    await traceRedisDemoRead(ctx, slug);
    refresh();
  },
  { keep: ['slug'] },
);
