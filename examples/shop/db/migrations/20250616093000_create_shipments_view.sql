-- migrate:up
CREATE VIEW open_orders AS
    SELECT o.id, o.customer_id, c.email, o.total_cents, o.created_at
    FROM orders o
    JOIN customers c ON c.id = o.customer_id
    WHERE o.shipped_at IS NULL;

-- migrate:down
DROP VIEW open_orders;
