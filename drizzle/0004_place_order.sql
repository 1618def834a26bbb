-- Checkout's transaction as one function, so PostgreSQL holds a hot product's row lock for microseconds
-- inside the server instead of across several round trips to a busy Node.js process (in a flash sale
-- every winner queues on the same row). The caller passes the lines sorted by product id, so concurrent
-- checkouts lock rows in one order and never deadlock.
--
-- Returns the order (replayed = true when this user's key had already placed it: nothing written).
-- A line that cannot be filled raises SQLSTATE 'SF409' with the product's name as the message, its id in
-- DETAIL and its stock in HINT (-1: no such product); the statement fails, so nothing at all is written.
CREATE OR REPLACE FUNCTION place_order(p_user integer, p_key text, p_ids integer[], p_quantities integer[])
RETURNS TABLE (order_id bigint, total_cents integer, replayed boolean)
LANGUAGE plpgsql AS $$
DECLARE
  placed record;
  line record;
  total integer := 0;
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
    total := total + line.price_cents * p_quantities[i];
  END LOOP;
  INSERT INTO orders (user_id, idempotency_key, total_cents) VALUES (p_user, p_key, total)
  RETURNING id INTO new_id;
  INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents, name)
  SELECT new_id, p_ids[k], p_quantities[k], prices[k], names[k] FROM generate_subscripts(p_ids, 1) AS k;
  RETURN QUERY SELECT new_id, total, false;
END;
$$;
