/*!40101 SET NAMES utf8mb4 */;
/*M!100100 SET x=1 */;
# hash comment
SELECT `a``b`, 'c\'d', "e" -- c
;
SET @a = @@session.sql_mode;
SELECT 1\G
