-- migrate:up
INSERT INTO products (sku, name, price_cents) VALUES
    ('MUG-001', 'Enamel mug', 1200),
    ('TEE-002', 'Organic cotton tee', 2400),
    ('BAG-003', 'Canvas tote bag', 1800),
    ('CAP-004', 'Wool cap', 2200);

-- migrate:down
DELETE FROM products WHERE sku IN ('MUG-001', 'TEE-002', 'BAG-003', 'CAP-004');
