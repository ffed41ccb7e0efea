-- case: fire
CREATE TABLE t (a_really_long_column_name_that_goes_on_and_on_well_past_the_limit_x int);
-- case: fire
CREATE INDEX CONCURRENTLY an_index_name_that_is_far_too_long_for_postgresql_to_keep_entirely ON t (c);
-- case: fire dialect=mysql
CREATE TABLE a_table_name_that_is_far_too_long_for_mysql_to_accept_at_all_really (id bigint);
-- case: pass
CREATE TABLE t (short_name int);
-- case: pass
CREATE TABLE t (exactly_63_bytes_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa int);
-- case: pass dialect=mysql
CREATE TABLE t (exactly_64_chars_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb int);
