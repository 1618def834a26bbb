import { RequestError } from '../errors';

/*
 * The refusals a sale adds (CONTRACT.md, "Sales."): the cart (lib/cart) and checkout (lib/orders) both
 * throw them, so they live here, below both.
 */

/** A product whose sale has not started yet cannot be bought: 409 with the start. */
export class NotStartedError extends RequestError {
  constructor(
    readonly productId: number,
    readonly startsAt: Date,
    name?: string,
  ) {
    super(
      409,
      `${name ?? 'A product in your cart'} goes on sale at ${startsAt.toISOString()}: it cannot be bought before.`,
      undefined,
      undefined,
      { productId, startsAt: startsAt.toISOString() },
    );
    this.name = 'NotStartedError';
  }
}

/** The buyer already has (or would pass) the sale's limit per customer of a product: 409. */
export class OverLimitError extends RequestError {
  constructor(
    readonly productId: number,
    readonly limit: number,
    readonly bought: number,
    name?: string,
  ) {
    super(
      409,
      `${name ?? 'A product in your cart'} is limited to ${limit} per customer in this sale, and you have bought ${bought}.`,
      undefined,
      undefined,
      { productId, limit, bought },
    );
    this.name = 'OverLimitError';
  }
}

/** The place of a queued sale's line: where a shopper without an admission is sent. */
export const queuePathOf = (saleId: number) => `/queue/${saleId}`;

/**
 * A queued sale's product, from its start, to a shopper without a valid admission (lib/queue): 409 with
 * the line's page, where they wait for their turn. Thrown by the product JSON, the cart and checkout.
 */
export class NoAdmissionError extends RequestError {
  readonly queue: string;

  constructor(
    readonly saleId: number,
    name?: string,
  ) {
    super(
      409,
      `${name ?? 'A product in your cart'} is in a sale with a line: it can be bought once your turn comes. Wait in line at ${queuePathOf(saleId)}.`,
      undefined,
      undefined,
      { queue: queuePathOf(saleId) },
    );
    this.name = 'NoAdmissionError';
    this.queue = queuePathOf(saleId);
  }
}
