-- migrate:up
CREATE TABLE reviews (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    product_id  bigint      NOT NULL REFERENCES products (id),
    customer_id bigint      NOT NULL REFERENCES customers (id),
    rating      smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body        text,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_product_id_idx ON reviews (product_id);
CREATE INDEX reviews_customer_id_idx ON reviews (customer_id);

-- migrate:down
DROP TABLE reviews;
