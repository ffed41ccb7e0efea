-- migrate:up
CREATE VIEW product_ratings AS
    SELECT p.id AS product_id, p.name, count(r.id) AS reviews, round(avg(r.rating), 2) AS average_rating
    FROM products p
    LEFT JOIN reviews r ON r.product_id = p.id
    GROUP BY p.id, p.name;

-- migrate:down
DROP VIEW product_ratings;
