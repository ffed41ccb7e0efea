-- migrate:up
CREATE TABLE coupons (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code        text        NOT NULL UNIQUE,
    percent_off integer     NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    valid_until timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE coupons;
