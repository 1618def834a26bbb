ALTER TABLE "orders" ALTER COLUMN "total_cents" SET DATA TYPE bigint;--> statement-breakpoint
-- place_order (0004) again, with two changes: the total is summed and returned as a bigint (the largest
-- cart the caps allow, 50 lines of 99 at $100,000, is 4.95e10 cents: an integer total overflowed after the
-- stock gate had held the units), and an optional expected total: when given and the total at the prices
-- read here differs, it raises SQLSTATE 'SFTOT' with the total in DETAIL, so nothing is written. Replays
-- answer before any of that, whatever total is expected. The return type changes, so the old function goes.
DROP FUNCTION IF EXISTS place_order(integer, text, integer[], integer[]);--> statement-breakpoint
CREATE FUNCTION place_order(
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
  total bigint := 0;
  names text[] := '{}';
  prices integer[] := '{}';
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
    names := names || line.name;
    prices := prices || line.price_cents;
    total := total + line.price_cents::bigint * p_quantities[i];
  END LOOP;
  IF p_expected_total IS NOT NULL AND total <> p_expected_total THEN
    RAISE EXCEPTION USING ERRCODE = 'SFTOT', MESSAGE = 'the total differs from the expected one', DETAIL = total::text;
  END IF;
  INSERT INTO orders (user_id, idempotency_key, total_cents) VALUES (p_user, p_key, total)
  RETURNING id INTO new_id;
  INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents, name)
  SELECT new_id, p_ids[k], p_quantities[k], prices[k], names[k] FROM generate_subscripts(p_ids, 1) AS k;
  RETURN QUERY SELECT new_id, total, false;
END;
$$;
