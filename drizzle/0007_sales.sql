CREATE TABLE "sale_items" (
	"sale_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"sale_price_cents" integer NOT NULL,
	"units" integer NOT NULL,
	"units_sold" integer DEFAULT 0 NOT NULL,
	"per_customer_limit" integer NOT NULL,
	CONSTRAINT "sale_items_sale_id_product_id_pk" PRIMARY KEY("sale_id","product_id"),
	CONSTRAINT "sale_items_price_positive" CHECK ("sale_items"."sale_price_cents" > 0),
	CONSTRAINT "sale_items_units_positive" CHECK ("sale_items"."units" > 0),
	CONSTRAINT "sale_items_sold_within_units" CHECK ("sale_items"."units_sold" >= 0 AND "sale_items"."units_sold" <= "sale_items"."units"),
	CONSTRAINT "sale_items_limit_positive" CHECK ("sale_items"."per_customer_limit" >= 1)
);
--> statement-breakpoint
CREATE TABLE "sale_purchases" (
	"sale_id" integer NOT NULL,
	"product_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	CONSTRAINT "sale_purchases_sale_id_product_id_user_id_pk" PRIMARY KEY("sale_id","product_id","user_id"),
	CONSTRAINT "sale_purchases_quantity_non_negative" CHECK ("sale_purchases"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "sales" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"queue_active_shoppers" integer,
	"queue_admission_minutes" integer,
	"queue_seed" text,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sales_ends_after_start" CHECK ("sales"."ends_at" > "sales"."starts_at")
);
--> statement-breakpoint
ALTER TABLE "order_items" ADD COLUMN "sale_id" integer;--> statement-breakpoint
ALTER TABLE "sale_items" ADD CONSTRAINT "sale_items_sale_id_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."sales"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_items" ADD CONSTRAINT "sale_items_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_purchases" ADD CONSTRAINT "sale_purchases_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sale_purchases" ADD CONSTRAINT "sale_purchases_sale_id_product_id_sale_items_sale_id_product_id_fk" FOREIGN KEY ("sale_id","product_id") REFERENCES "public"."sale_items"("sale_id","product_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sales" ADD CONSTRAINT "sales_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sale_items_product_idx" ON "sale_items" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "sales_ends_at_idx" ON "sales" USING btree ("ends_at");--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_sale_id_sales_id_fk" FOREIGN KEY ("sale_id") REFERENCES "public"."sales"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
-- place_order (0006) again, now knowing sales. A line whose product is in a sale that has not ended (nor
-- been cancelled):
--   - before the sale's start, cannot be bought: SQLSTATE 'SFNST', the product id in DETAIL, the start (ms
--     since the epoch) in HINT;
--   - while it runs, sells at the sale price, takes the product's stock AND the sale's units (a unit short
--     of either is 'SF409' as before, its HINT the units that are left), and adds the quantity to what the
--     buyer bought of it in this sale across all their orders, which may not pass the sale's limit per
--     customer: 'SFLIM', the product id in DETAIL, "<limit>,<bought>" in HINT. The line remembers its sale.
-- The product's row is locked (its conditional update) before its sale is read, so an admin's end of the
-- sale and a checkout never interleave on one product, and two checkouts of one product take turns on the
-- sale's row and the buyer's allowance in the same order. The time is the transaction's start (now()).
-- Replays still answer before anything else. Same signature: the function is replaced in place.
CREATE OR REPLACE FUNCTION place_order(
  p_user integer,
  p_key text,
  p_ids integer[],
  p_quantities integer[],
  p_expected_total bigint DEFAULT NULL
)
RETURNS TABLE (order_id bigint, total_cents bigint, replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  placed record;
  line record;
  sale record;
  total bigint := 0;
  names text[] := '{}';
  prices integer[] := '{}';
  sale_ids integer[] := '{}';
  price integer;
  bought integer;
  new_id bigint;
BEGIN
  SELECT o.id, o.total_cents INTO placed FROM orders o WHERE o.user_id = p_user AND o.idempotency_key = p_key;
  IF FOUND THEN
    RETURN QUERY SELECT placed.id, placed.total_cents, true;
    RETURN;
  END IF;
  FOR i IN 1 .. coalesce(array_length(p_ids, 1), 0) LOOP
    UPDATE products p SET stock = p.stock - p_quantities[i]
    WHERE p.id = p_ids[i] AND p.stock >= p_quantities[i]
    RETURNING p.name, p.price_cents INTO line;
    IF NOT FOUND THEN
      RAISE EXCEPTION USING
        ERRCODE = 'SF409',
        MESSAGE = coalesce((SELECT p.name FROM products p WHERE p.id = p_ids[i]), ''),
        DETAIL = p_ids[i]::text,
        HINT = coalesce((SELECT p.stock FROM products p WHERE p.id = p_ids[i]), -1)::text;
    END IF;
    price := line.price_cents;
    SELECT s.id, s.starts_at, si.sale_price_cents, si.per_customer_limit INTO sale
    FROM sale_items si JOIN sales s ON s.id = si.sale_id
    WHERE si.product_id = p_ids[i] AND s.cancelled_at IS NULL AND s.ended_at IS NULL AND s.ends_at > now()
    ORDER BY s.starts_at LIMIT 1;
    IF FOUND THEN
      IF now() < sale.starts_at THEN
        RAISE EXCEPTION USING
          ERRCODE = 'SFNST',
          MESSAGE = line.name,
          DETAIL = p_ids[i]::text,
          HINT = (extract(epoch FROM sale.starts_at) * 1000)::bigint::text;
      END IF;
      UPDATE sale_items si SET units_sold = si.units_sold + p_quantities[i]
      WHERE si.sale_id = sale.id AND si.product_id = p_ids[i] AND si.units_sold + p_quantities[i] <= si.units;
      IF NOT FOUND THEN
        RAISE EXCEPTION USING
          ERRCODE = 'SF409',
          MESSAGE = line.name,
          DETAIL = p_ids[i]::text,
          HINT = (SELECT least(si.units - si.units_sold, (SELECT p.stock FROM products p WHERE p.id = p_ids[i]) + p_quantities[i])
                  FROM sale_items si WHERE si.sale_id = sale.id AND si.product_id = p_ids[i])::text;
      END IF;
      INSERT INTO sale_purchases AS sp (sale_id, product_id, user_id, quantity)
      VALUES (sale.id, p_ids[i], p_user, p_quantities[i])
      ON CONFLICT (sale_id, product_id, user_id) DO UPDATE SET quantity = sp.quantity + excluded.quantity
      RETURNING sp.quantity INTO bought;
      IF bought > sale.per_customer_limit THEN
        RAISE EXCEPTION USING
          ERRCODE = 'SFLIM',
          MESSAGE = line.name,
          DETAIL = p_ids[i]::text,
          HINT = sale.per_customer_limit::text || ',' || (bought - p_quantities[i])::text;
      END IF;
      price := sale.sale_price_cents;
      sale_ids := array_append(sale_ids, sale.id);
    ELSE
      sale_ids := array_append(sale_ids, NULL::integer);
    END IF;
    names := names || line.name;
    prices := prices || price;
    total := total + price::bigint * p_quantities[i];
  END LOOP;
  IF p_expected_total IS NOT NULL AND total <> p_expected_total THEN
    RAISE EXCEPTION USING ERRCODE = 'SFTOT', MESSAGE = 'the total differs from the expected one', DETAIL = total::text;
  END IF;
  INSERT INTO orders (user_id, idempotency_key, total_cents) VALUES (p_user, p_key, total)
  RETURNING id INTO new_id;
  INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents, name, sale_id)
  SELECT new_id, p_ids[k], p_quantities[k], prices[k], names[k], sale_ids[k] FROM generate_subscripts(p_ids, 1) AS k;
  RETURN QUERY SELECT new_id, total, false;
END;
$$;
