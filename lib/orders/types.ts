/** What a placed checkout answers (`POST /api/checkout`, 201); a replay answers the same. */
export interface CheckoutAnswer {
  orderId: number;
  totalCents: number;
}

export type OrderStatus = 'placed' | 'paid' | 'shipped' | 'cancelled';

interface OrderItem {
  productId: number;
  slug: string;
  name: string;
  quantity: number;
  unitPriceCents: number;
}

/** An order as its owner and admins see it (`GET /api/orders/{id}`). */
export interface Order {
  id: number;
  status: OrderStatus;
  totalCents: number;
  createdAt: string;
  items: OrderItem[];
}

export interface OrderSummary {
  id: number;
  status: OrderStatus;
  totalCents: number;
  createdAt: string;
}

/** For the admin's list: whose order it is. */
export interface AdminOrderSummary extends OrderSummary {
  userId: number;
  userEmail: string;
  itemCount: number;
}

export interface OrderPage<T = OrderSummary> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}
