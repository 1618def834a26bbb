import 'server-only';
import { RequestError } from '../errors';
import { getSessionRedis } from '../redis/client';
import { sessionKeys } from '../redis/keys';
import { beginSession, currentSession, type RequestContext, type Session } from '../session/current';
import { getCartProduct, getCartProducts, getStockedCartProducts, type CartProduct } from './products';
import { saleCapOf, salePricesOf, type SaleCap } from './sale-caps';
import { CartStore, type CartKey } from './store';
import { MAX_LINES, MAX_QUANTITY, type CartChange, type CartLine, type CartView } from './types';

/*
 * The cart's Data Access Layer: what pages, actions and JSON routes call. A guest's cart is keyed by the
 * session (and dies with it); a signed-in cart by the user, so every browser of theirs shares it.
 *
 * Asking for more than there is: the quantity is clamped to the stock and the answer says so (`notice`),
 * rather than refused. A shopper who asks for 5 of something with 3 left wants the 3, and concurrent adds
 * can only be made safe by clamping inside Redis anyway. What is refused, nothing written: an unknown
 * product (404), an out-of-stock one (409), quantities outside 1–99 (400, by the schemas), an add that
 * would take a line past 99 (400 with `fields`: the cart's own rule, not the shop's stock) and a 51st
 * line (413): with at most 50 lines of at most 99, no cart asks checkout for more than 4,950 units, so no
 * cart can be made into a weapon against the stock gate or the order's total.
 *
 * A product in a sale (./sale-caps.ts): before the start it cannot be added (409 with `startsAt`, nothing
 * written); while the sale runs, its line is clamped to what the shopper may still buy and to the sale's
 * units left (409 with `limit` and `bought` once nothing is left of the allowance), a queued sale's only
 * with an admission to its line (409 with `queue`, lib/queue), and is priced at the
 * sale price, so the total the shopper confirms is the one place_order charges. After it, the regular price.
 */

const USER_CART_TTL_MS = 30 * 24 * 3600 * 1000;
const EMPTY: CartView = { items: [], count: 0, subtotalCents: 0 };

const store = () => new CartStore(getSessionRedis());

export function cartKeyOf(session: Session): CartKey {
  const keys = sessionKeys();
  return session.userId !== null
    ? { key: keys.userCart(session.userId), ttlMs: USER_CART_TTL_MS }
    : { key: keys.guestCart(session.id), ttlMs: session.ttlMs };
}

/** The request's cart with current names and prices; empty without a session (and nothing is written). */
export async function readCart(ctx: RequestContext): Promise<CartView> {
  const session = await currentSession(ctx);
  return session ? viewCart(session) : EMPTY;
}

/** The header badge: the sum of the quantities, without a database query. */
export async function readCartCount(ctx: RequestContext): Promise<number> {
  const session = await currentSession(ctx);
  return session ? store().count(cartKeyOf(session)) : 0;
}

export async function addToCart(
  ctx: RequestContext,
  input: { productId: number; quantity: number },
): Promise<CartChange> {
  const product = await requireProduct(input.productId);
  const current = await currentSession(ctx);
  // A sale refuses (not started, allowance used up) before anything is written, a session included.
  const sale = await saleCapOf(product.id, current?.userId ?? null, ctx);
  // A visitor gets a session only now, at the first cart write: browsing alone never writes to Redis.
  const session = current ?? (await beginSession(ctx, null));
  const cap = Math.min(MAX_QUANTITY, product.stock, sale?.cap ?? MAX_QUANTITY);
  const added = await store().add(cartKeyOf(session), product.id, input.quantity, cap);
  if (added.kind === 'full') throw cartFull();
  if (added.kind === 'over') throw lineFull(added.quantity);
  const { quantity, asked } = added;
  const notice = asked > cap ? clampNotice(product, quantity, sale) : undefined;
  return { cart: await viewCart(session), notice };
}

/** Sets a line's quantity; 0 removes it. */
export async function setCartQuantity(
  ctx: RequestContext,
  input: { productId: number; quantity: number },
): Promise<CartChange> {
  if (input.quantity === 0) return removeFromCart(ctx, input.productId);
  const product = await requireProduct(input.productId);
  const current = await currentSession(ctx);
  const sale = await saleCapOf(product.id, current?.userId ?? null, ctx);
  const session = current ?? (await beginSession(ctx, null));
  const quantity = Math.min(input.quantity, MAX_QUANTITY, product.stock, sale?.cap ?? MAX_QUANTITY);
  if (!(await store().set(cartKeyOf(session), product.id, quantity))) throw cartFull();
  const notice = quantity < input.quantity ? clampNotice(product, quantity, sale) : undefined;
  return { cart: await viewCart(session), notice };
}

/** Removes a line (a line that is not there is already removed: the answer is the cart either way). */
export async function removeFromCart(ctx: RequestContext, productId: number): Promise<CartChange> {
  const session = await currentSession(ctx);
  if (!session) return { cart: EMPTY };
  await store().remove(cartKeyOf(session), productId);
  return { cart: await viewCart(session) };
}

/**
 * At login: adds the guest's lines to the user's cart (summed, clamped to min(99, current stock)) in one
 * atomic script on the user's cart. Lines of products gone or sold out since are dropped, and so are the
 * guest's new lines past the 50th: a full cart never fails a login. The guest cart itself is left to the
 * caller, which deletes it once the user's session stands (lib/auth signIn): a failure before then leaves
 * it untouched.
 */
export async function mergeGuestCart(guest: Session, userId: number): Promise<void> {
  const cartStore = store();
  const guestCart = cartKeyOf(guest);
  const lines = parseLines(await cartStore.lines(guestCart));
  if (lines.valid.length === 0) return;
  const products = await getStockedCartProducts(lines.valid.map((line) => line.productId));
  const merge = [];
  for (const { productId, quantity } of lines.valid) {
    const product = products.get(productId);
    if (!product || product.stock <= 0) continue;
    // A sale's line: within what this account may still buy; dropped before the start or past the limit,
    // and a queued sale's while it runs (an admission belongs to a session: a new one has none).
    const sale = await saleCapOf(productId, userId, null).catch((error: unknown) => {
      if (error instanceof RequestError) return { cap: 0, reason: error.message };
      throw error;
    });
    const cap = Math.min(MAX_QUANTITY, product.stock, sale?.cap ?? MAX_QUANTITY);
    if (cap > 0) merge.push({ productId, quantity, cap });
  }
  await cartStore.merge({ key: sessionKeys().userCart(userId), ttlMs: USER_CART_TTL_MS }, merge);
}

/** A session's cart lines as stored (product id → quantity), for checkout: no product lookup. */
export async function readCartLines(
  session: Session,
): Promise<Array<{ productId: number; quantity: number }>> {
  return parseLines(await store().lines(cartKeyOf(session))).valid;
}

/** Removes lines from a session's cart (after an order bought them). */
export async function removeCartLines(session: Session, productIds: readonly number[]): Promise<void> {
  await store().remove(cartKeyOf(session), ...productIds);
}

/** Deletes a guest's cart with its session (logout of a guest, a login from another account's session). */
export async function dropGuestCart(session: Session): Promise<void> {
  if (session.userId === null) await store().drop(cartKeyOf(session));
}

async function viewCart(session: Session): Promise<CartView> {
  const cartStore = store();
  const cart = cartKeyOf(session);
  const lines = parseLines(await cartStore.lines(cart));
  const ids = lines.valid.map((line) => line.productId);
  // While a product's sale runs, the cart shows (and totals) the sale price: what place_order charges.
  const [products, salePrices] = await Promise.all([getCartProducts(ids), salePricesOf(ids)]);
  const items: CartLine[] = [];
  const gone = [...lines.invalid];
  for (const { productId, quantity } of lines.valid) {
    const product = products.get(productId);
    if (!product) {
      gone.push(productId);
      continue;
    }
    const { slug, name } = product;
    const priceCents = salePrices.get(productId) ?? product.priceCents;
    items.push({
      productId,
      slug,
      name,
      quantity,
      unitPriceCents: priceCents,
      lineTotalCents: priceCents * quantity,
    });
  }
  // Lines of products deleted since (or malformed fields) go, so the badge's count converges on the page's.
  await cartStore.remove(cart, ...gone);
  // A hash keeps no order worth showing; by name, lines stay put as quantities change.
  items.sort((a, b) => a.name.localeCompare(b.name) || a.productId - b.productId);
  return {
    items,
    count: items.reduce((sum, item) => sum + item.quantity, 0),
    subtotalCents: items.reduce((sum, item) => sum + item.lineTotalCents, 0),
  };
}

function parseLines(fields: Record<string, string>) {
  const valid: Array<{ productId: number; quantity: number }> = [];
  const invalid: number[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const productId = Number(field);
    const quantity = Number(value);
    if (!Number.isSafeInteger(productId) || productId <= 0) continue;
    if (Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_QUANTITY)
      valid.push({ productId, quantity });
    else invalid.push(productId);
  }
  return { valid, invalid };
}

async function requireProduct(productId: number): Promise<CartProduct> {
  const product = await getCartProduct(productId);
  if (!product) throw new RequestError(404, 'That product does not exist.', { productId: 'No such product' });
  if (product.stock <= 0) throw new RequestError(409, `${product.name} is out of stock.`);
  return product;
}

function cartFull(): RequestError {
  const message = `A cart holds at most ${MAX_LINES} different products: remove one to add another.`;
  return new RequestError(413, message, { productId: message });
}

function lineFull(quantity: number): RequestError {
  const message = `A cart holds at most ${MAX_QUANTITY} of one product: yours has ${quantity}.`;
  return new RequestError(400, message, { quantity: message });
}

/** Why a line was clamped: a sale's allowance or units left, else the stock (99 is refused, not clamped). */
function clampNotice(product: CartProduct, quantity: number, sale: SaleCap | null): string {
  if (sale && quantity >= sale.cap && sale.cap < product.stock)
    return `${sale.reason}: your cart has ${quantity}.`;
  return `Only ${product.stock} of ${product.name} in stock: your cart has ${quantity}.`;
}
