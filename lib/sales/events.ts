import { callRedis } from '../redis/call';
import { getSessionRedis } from '../redis/client';
import { saleKeys } from '../redis/keys';

/** What travels on the sales channel: which sale changed (every instance reloads it from PostgreSQL). */
export interface SaleChangeMessage {
  saleId: number;
}

export function encodeSaleChange(saleId: number): string {
  return JSON.stringify({ saleId } satisfies SaleChangeMessage);
}

export function decodeSaleChange(raw: string): SaleChangeMessage | undefined {
  try {
    const message = JSON.parse(raw) as Partial<SaleChangeMessage>;
    return Number.isSafeInteger(message.saleId) ? { saleId: message.saleId as number } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Tells every instance (this one too) that a sale changed in PostgreSQL: one PUBLISH, however many
 * browsers watch. Never throws: a lost message is caught up by the registry's periodic reload.
 */
export async function publishSaleChange(saleId: number): Promise<void> {
  const redis = getSessionRedis();
  await callRedis(redis, () => redis.publish(saleKeys().changes, encodeSaleChange(saleId))).catch(
    (error: unknown) => {
      console.error(
        `sales: change of sale ${saleId} not published: ${error instanceof Error ? error.message : error}`,
      );
    },
  );
}
