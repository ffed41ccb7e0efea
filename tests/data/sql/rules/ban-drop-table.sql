-- case: fire
DROP TABLE users;
-- case: fire
DROP TABLE IF EXISTS a, b CASCADE;
-- case: fire dialect=mariadb
DROP TABLE `old stuff`;
-- case: pass
-- mwb:phase contract
DROP TABLE users;
-- case: pass
CREATE TABLE tmp (id bigint);
DROP TABLE tmp;
-- case: pass
DROP VIEW users_view;
