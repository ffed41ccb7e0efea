-- dialect: mysql
-- case: fire
ALTER TABLE posts ADD FULLTEXT INDEX ft_body (body);
-- case: fire
CREATE FULLTEXT INDEX ft_title ON posts (title);
-- case: fire dialect=mariadb
ALTER TABLE places ADD SPATIAL INDEX sp_geo (geo);
-- case: pass
ALTER TABLE posts ADD INDEX idx_title (title);
-- case: pass
CREATE TABLE posts2 (body text, FULLTEXT KEY ft (body));
-- case: pass
CREATE TABLE p (b text);
ALTER TABLE p ADD FULLTEXT INDEX ft (b);
