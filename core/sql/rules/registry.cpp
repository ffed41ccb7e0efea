// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/rules/registry.h"

using namespace Qt::StringLiterals;

namespace core::sql {

namespace {

QList<RuleInfo> buildRules()
{
    const Severity E = Severity::Error, W = Severity::Warning, I = Severity::Info;
    const QString pg = u"postgresql-locking"_s, compat = u"compatibility"_s, data = u"data"_s,
                  tx = u"transactions"_s, my = u"mysql"_s, types = u"types"_s, project = u"project"_s,
                  general = u"general"_s;
    return {
        // PostgreSQL locking and rewrites
        {u"require-concurrent-index-creation"_s, E, pg,
         u"CREATE INDEX without CONCURRENTLY takes SHARE on the table and blocks writes while the index builds."_s,
         u"CREATE INDEX users_email_idx ON users (email);"_s,
         u"CREATE INDEX CONCURRENTLY users_email_idx ON users (email);"_s},
        {u"require-concurrent-index-deletion"_s, E, pg,
         u"DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table."_s,
         u"DROP INDEX users_email_idx;"_s, u"DROP INDEX CONCURRENTLY users_email_idx;"_s},
        {u"require-concurrent-reindex"_s, E, pg,
         u"REINDEX without CONCURRENTLY blocks writes on the table and reads through the index."_s,
         u"REINDEX INDEX users_email_idx;"_s, u"REINDEX INDEX CONCURRENTLY users_email_idx;"_s},
        {u"require-concurrent-partition-detach"_s, W, pg,
         u"DETACH PARTITION without CONCURRENTLY (PostgreSQL 14+) takes ACCESS EXCLUSIVE on the parent."_s,
         u"ALTER TABLE events DETACH PARTITION events_2020;"_s,
         u"ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;"_s},
        {u"ban-concurrently-in-transaction"_s, E, pg,
         u"CONCURRENTLY operations cannot run inside a transaction block."_s,
         u"BEGIN; CREATE INDEX CONCURRENTLY i ON t (c); COMMIT;"_s,
         u"-- mwb:transaction off\nCREATE INDEX CONCURRENTLY i ON t (c);"_s},
        {u"concurrent-index-if-not-exists"_s, W, pg,
         u"A failed CREATE INDEX CONCURRENTLY leaves an INVALID index that IF NOT EXISTS silently keeps."_s,
         u"CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (c);"_s,
         u"DROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX CONCURRENTLY i ON t (c);"_s},
        {u"concurrent-index-on-partitioned-table"_s, E, pg,
         u"CREATE INDEX CONCURRENTLY is not supported on a partitioned table."_s,
         u"CREATE TABLE measurements (ts timestamptz) PARTITION BY RANGE (ts);\nCREATE INDEX CONCURRENTLY i ON measurements (ts);"_s,
         u"CREATE INDEX i ON ONLY measurements (ts);\nCREATE INDEX CONCURRENTLY i_2024 ON measurements_2024 (ts);\n"
         u"ALTER INDEX i ATTACH PARTITION i_2024;"_s},
        {u"ban-vacuum-full-and-cluster"_s, E, pg,
         u"VACUUM FULL and CLUSTER rewrite the table under ACCESS EXCLUSIVE."_s,
         u"VACUUM FULL users;"_s, u"VACUUM users;  -- or pg_repack"_s},
        {u"constraint-missing-not-valid"_s, E, pg,
         u"Adding a CHECK or FOREIGN KEY constraint validates every row while holding the lock; add it NOT VALID and VALIDATE separately."_s,
         u"ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);"_s,
         u"ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n"
         u"ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;"_s},
        {u"validate-in-same-transaction"_s, W, pg,
         u"VALIDATE CONSTRAINT in the transaction that added it NOT VALID keeps the strong lock during validation."_s,
         u"BEGIN; ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID; ALTER TABLE t VALIDATE CONSTRAINT c; COMMIT;"_s,
         u"ALTER TABLE t ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\n-- next migration:\nALTER TABLE t VALIDATE CONSTRAINT c;"_s},
        {u"adding-not-nullable-field"_s, E, pg,
         u"SET NOT NULL scans the whole table under ACCESS EXCLUSIVE (on 12+ a validated CHECK (col IS NOT NULL) avoids it)."_s,
         u"ALTER TABLE users ALTER COLUMN email SET NOT NULL;"_s,
         u"ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\n"
         u"ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\nALTER TABLE users ALTER COLUMN email SET NOT NULL;"_s},
        {u"adding-required-field"_s, E, pg,
         u"Adding a NOT NULL column without a default fails on a non-empty table and breaks old application code."_s,
         u"ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;"_s,
         u"ALTER TABLE users ADD COLUMN tenant_id bigint;  -- backfill, then SET NOT NULL"_s},
        {u"adding-field-with-volatile-default"_s, E, pg,
         u"A volatile default (any default before PostgreSQL 11) rewrites the table under ACCESS EXCLUSIVE."_s,
         u"ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"_s,
         u"ALTER TABLE users ADD COLUMN token uuid;  -- then set a default and backfill in batches"_s},
        {u"adding-stored-generated-column"_s, E, pg,
         u"A STORED generated column rewrites the table under ACCESS EXCLUSIVE (virtual ones, PostgreSQL 18, do not)."_s,
         u"ALTER TABLE t ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) STORED;"_s,
         u"ALTER TABLE t ADD COLUMN total numeric GENERATED ALWAYS AS (price * qty) VIRTUAL;  -- PostgreSQL 18"_s},
        {u"adding-identity-or-serial-column"_s, E, pg,
         u"Adding a serial, identity or AUTO_INCREMENT column to an existing table rewrites it."_s,
         u"ALTER TABLE t ADD COLUMN id bigserial;"_s, u"CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY);"_s},
        {u"changing-column-type"_s, E, pg,
         u"Changing a column's type rewrites the table and its indexes under ACCESS EXCLUSIVE, unless binary-coercible."_s,
         u"ALTER TABLE t ALTER COLUMN id TYPE bigint;"_s,
         u"ALTER TABLE t ALTER COLUMN name TYPE text;  -- varchar → text needs no rewrite"_s},
        {u"disallowed-unique-constraint"_s, E, pg,
         u"ADD UNIQUE builds the index under ACCESS EXCLUSIVE; build it CONCURRENTLY and add the constraint USING INDEX."_s,
         u"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"_s,
         u"CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);\n"
         u"ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;"_s},
        {u"adding-primary-key-without-index"_s, E, pg,
         u"ADD PRIMARY KEY builds the index under ACCESS EXCLUSIVE; build a unique index CONCURRENTLY first."_s,
         u"ALTER TABLE t ADD PRIMARY KEY (id);"_s,
         u"CREATE UNIQUE INDEX CONCURRENTLY t_pkey ON t (id);\nALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;"_s},
        {u"adding-exclusion-constraint"_s, E, pg,
         u"An EXCLUDE constraint builds its index under ACCESS EXCLUSIVE and cannot be added NOT VALID."_s,
         u"ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);"_s,
         u"CREATE TABLE bookings (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));"_s},
        {u"require-lock-timeout"_s, W, pg,
         u"A statement that takes a strong lock waits behind running transactions and queues all traffic behind it; set lock_timeout first."_s,
         u"ALTER TABLE users ADD COLUMN note text;"_s, u"SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN note text;"_s},
        {u"require-statement-timeout"_s, W, pg,
         u"A long scan or rewrite holds its lock for its whole duration; bound it with statement_timeout."_s,
         u"ALTER TABLE users ADD CONSTRAINT c CHECK (age > 0);"_s,
         u"SET statement_timeout = '5min';\nALTER TABLE users ADD CONSTRAINT c CHECK (age > 0);"_s},
        {u"statements-after-access-exclusive"_s, W, pg,
         u"Statements after an ACCESS EXCLUSIVE lock in the same transaction keep every reader and writer blocked until commit."_s,
         u"BEGIN; ALTER TABLE users ADD COLUMN note text; UPDATE orders SET x = 1 WHERE id = 1; COMMIT;"_s,
         u"BEGIN; ALTER TABLE users ADD COLUMN note text; COMMIT;\nBEGIN; UPDATE orders SET x = 1 WHERE id = 1; COMMIT;"_s},
        {u"foreign-key-without-index"_s, W, pg,
         u"A foreign key without an index on its columns makes deletes on the referenced table scan the referencing one."_s,
         u"ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"_s,
         u"CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);\n"
         u"ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"_s},
        {u"ban-truncate-cascade"_s, E, pg, u"TRUNCATE … CASCADE silently empties every table that references this one."_s,
         u"TRUNCATE users CASCADE;"_s, u"TRUNCATE orders, users;"_s},
        {u"truncate-table"_s, W, pg, u"TRUNCATE takes ACCESS EXCLUSIVE and deletes every row of an existing table."_s,
         u"TRUNCATE users;"_s, u"DELETE FROM users WHERE id IN (SELECT id FROM users WHERE … LIMIT 1000);"_s},
        {u"enum-add-value-in-transaction"_s, W, pg,
         u"ALTER TYPE … ADD VALUE cannot run in a transaction before PostgreSQL 12, and the new value is unusable until commit."_s,
         u"BEGIN; ALTER TYPE mood ADD VALUE 'meh'; UPDATE t SET m = 'meh' WHERE id = 1; COMMIT;"_s,
         u"ALTER TYPE mood ADD VALUE 'meh';  -- use it in the next migration"_s},
        {u"ban-alter-domain-with-add-constraint"_s, E, pg,
         u"ALTER DOMAIN … ADD CONSTRAINT checks every column using the domain while holding locks."_s,
         u"ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0);"_s,
         u"ALTER DOMAIN positive ADD CONSTRAINT p CHECK (VALUE > 0) NOT VALID;"_s},
        {u"ban-create-domain-with-constraint"_s, W, pg,
         u"Domain constraints are hard to change later without locking every table that uses the domain."_s,
         u"CREATE DOMAIN positive AS int CHECK (VALUE > 0);"_s,
         u"CREATE DOMAIN positive AS int;  -- put CHECK constraints on the tables"_s},
        // Compatibility and expand-contract
        {u"renaming-column"_s, E, compat, u"Renaming a column breaks the running application; add a new column instead (expand-contract)."_s,
         u"ALTER TABLE users RENAME COLUMN name TO full_name;"_s,
         u"ALTER TABLE users ADD COLUMN full_name text;  -- dual-write, backfill, switch reads, drop later"_s},
        {u"renaming-table"_s, E, compat, u"Renaming a table breaks the running application."_s,
         u"ALTER TABLE users RENAME TO accounts;"_s,
         u"CREATE VIEW accounts AS SELECT * FROM users;  -- migrate readers first"_s},
        {u"ban-drop-column"_s, E, compat,
         u"Dropping a column breaks application code that still reads it, unless the migration is a declared contract phase."_s,
         u"ALTER TABLE users DROP COLUMN legacy;"_s, u"-- mwb:phase contract\nALTER TABLE users DROP COLUMN legacy;"_s},
        {u"ban-drop-table"_s, E, compat,
         u"Dropping a table breaks application code that still uses it, unless the migration is a declared contract phase."_s,
         u"DROP TABLE users;"_s, u"-- mwb:phase contract\nDROP TABLE users;"_s},
        {u"ban-drop-schema-or-database"_s, E, compat, u"Dropping a schema or database destroys everything in it."_s,
         u"DROP SCHEMA billing CASCADE;"_s, u"-- drop the objects you mean to, one by one"_s},
        {u"ban-drop-not-null"_s, W, compat,
         u"Dropping NOT NULL lets old application code meet NULLs it does not expect."_s,
         u"ALTER TABLE users ALTER COLUMN email DROP NOT NULL;"_s,
         u"-- keep NOT NULL until every reader handles NULL"_s},
        // Data migrations
        {u"mixed-ddl-and-dml"_s, W, data,
         u"Schema changes and data changes in one migration hold DDL locks while the data moves and cannot be retried separately."_s,
         u"ALTER TABLE users ADD COLUMN plan text;\nUPDATE users SET plan = 'free' WHERE plan IS NULL;"_s,
         u"ALTER TABLE users ADD COLUMN plan text;  -- and the UPDATE in its own migration"_s},
        {u"unbatched-data-migration"_s, W, data,
         u"An UPDATE or DELETE over a whole existing table in one statement locks every row and bloats; use the batched backfill runner."_s,
         u"UPDATE users SET plan = 'free' WHERE plan IS NULL;"_s,
         u"UPDATE users SET plan = 'free' WHERE id BETWEEN 1 AND 10000 AND plan IS NULL;"_s},
        {u"update-without-where"_s, E, data, u"UPDATE without WHERE changes every row."_s,
         u"UPDATE users SET active = true;"_s, u"UPDATE users SET active = true WHERE id = 42;"_s},
        {u"delete-without-where"_s, E, data, u"DELETE without WHERE removes every row."_s, u"DELETE FROM sessions;"_s,
         u"DELETE FROM sessions WHERE expires_at < now();"_s},
        // Transactions
        {u"transaction-nesting"_s, E, tx,
         u"BEGIN/COMMIT inside a migration the tool already wraps in a transaction breaks its atomicity."_s,
         u"-- mwb:transaction on\nBEGIN;\nALTER TABLE t ADD COLUMN c int;\nCOMMIT;"_s,
         u"-- mwb:transaction on\nALTER TABLE t ADD COLUMN c int;"_s},
        {u"ban-uncommitted-transaction"_s, E, tx, u"A BEGIN without COMMIT leaves the transaction open."_s,
         u"BEGIN;\nALTER TABLE t ADD COLUMN c int;"_s, u"BEGIN;\nALTER TABLE t ADD COLUMN c int;\nCOMMIT;"_s},
        {u"prefer-robust-stmts"_s, W, tx,
         u"A non-transactional migration that fails halfway can only be retried if its statements use IF [NOT] EXISTS."_s,
         u"-- mwb:transaction off\nCREATE INDEX CONCURRENTLY i ON t (c);"_s,
         u"-- mwb:transaction off\nDROP INDEX CONCURRENTLY IF EXISTS i;\nCREATE INDEX CONCURRENTLY i ON t (c);"_s},
        {u"non-transactional-ddl-batch"_s, W, tx,
         u"MySQL/MariaDB commit each DDL statement: several in one migration cannot roll back as a unit."_s,
         u"ALTER TABLE a ADD COLUMN x int;\nALTER TABLE b ADD COLUMN y int;"_s,
         u"ALTER TABLE a ADD COLUMN x int;  -- one DDL statement per migration"_s},
        // MySQL / MariaDB online DDL
        {u"mysql-table-copy"_s, E, my,
         u"ALGORITHM=COPY predicted: the table is copied and writes are blocked for the duration."_s,
         u"ALTER TABLE users MODIFY COLUMN age bigint;"_s,
         u"-- an online schema change tool (gh-ost, pt-osc), or a new column with a backfill"_s},
        {u"mysql-inplace-rebuild"_s, W, my, u"ALGORITHM=INPLACE that rebuilds the table: long, I/O heavy, and replicas lag."_s,
         u"ALTER TABLE users ADD PRIMARY KEY (id);"_s, u"CREATE TABLE users (id bigint PRIMARY KEY, …);"_s},
        {u"mysql-require-algorithm-lock"_s, W, my,
         u"Add ALGORITHM=… and LOCK=NONE so that the server refuses instead of silently copying the table."_s,
         u"ALTER TABLE users ADD COLUMN note text;"_s, u"ALTER TABLE users ADD COLUMN note text, ALGORITHM=INSTANT;"_s},
        {u"mysql-fulltext-or-spatial-index"_s, W, my,
         u"FULLTEXT and SPATIAL indexes block writes while they build (LOCK=SHARED); the first FULLTEXT index rebuilds the table."_s,
         u"ALTER TABLE posts ADD FULLTEXT INDEX ft_body (body);"_s, u"-- build it with an online schema change tool"_s},
        {u"mysql-instant-row-version-limit"_s, W, my,
         u"INSTANT ADD/DROP COLUMN is limited to 64 row versions per table; the next change then rebuilds (needs --url)."_s,
         u"ALTER TABLE t ADD COLUMN c int, ALGORITHM=INSTANT;  -- on a table with 63 row versions"_s,
         u"OPTIMIZE TABLE t;  -- resets the row versions, during a quiet period"_s},
        // Type hygiene
        {u"prefer-bigint-over-int"_s, I, types, u"32-bit integer keys run out; use bigint."_s,
         u"CREATE TABLE t (id int PRIMARY KEY);"_s, u"CREATE TABLE t (id bigint PRIMARY KEY);"_s},
        {u"prefer-bigint-over-smallint"_s, I, types, u"smallint overflows quickly; use bigint."_s,
         u"CREATE TABLE t (n smallint);"_s, u"CREATE TABLE t (n bigint);"_s},
        {u"prefer-identity"_s, I, types, u"serial types have ownership and permission quirks; use an identity column."_s,
         u"CREATE TABLE t (id bigserial PRIMARY KEY);"_s,
         u"CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);"_s},
        {u"prefer-text-field"_s, I, types,
         u"Changing varchar(n) later takes ACCESS EXCLUSIVE; use text with a CHECK constraint."_s,
         u"CREATE TABLE t (name varchar(100));"_s, u"CREATE TABLE t (name text CHECK (length(name) <= 100));"_s},
        {u"prefer-timestamptz"_s, I, types, u"timestamp without time zone loses the zone; use timestamptz."_s,
         u"CREATE TABLE t (created_at timestamp);"_s, u"CREATE TABLE t (created_at timestamptz);"_s},
        {u"ban-char-field"_s, I, types, u"char(n) pads with blanks; use text or varchar."_s,
         u"CREATE TABLE t (code char(3));"_s, u"CREATE TABLE t (code text);"_s},
        {u"prefer-jsonb"_s, I, types, u"json is stored as text and cannot be indexed well; use jsonb."_s,
         u"CREATE TABLE t (payload json);"_s, u"CREATE TABLE t (payload jsonb);"_s},
        {u"identifier-too-long"_s, I, types,
         u"Identifiers longer than the server's limit (63 bytes in PostgreSQL, 64 characters in MySQL) are truncated or refused."_s,
         u"CREATE TABLE t (a_really_long_column_name_that_goes_on_and_on_well_past_the_limit_x int);"_s,
         u"CREATE TABLE t (short_name int);"_s},
        // Project level (need the migration project)
        {u"missing-down-migration"_s, W, project, u"The migration has no down migration (mark it -- mwb:irreversible)."_s,
         QString(), QString(), true},
        {u"edited-applied-migration"_s, E, project, u"A migration that was already applied has been edited (checksum differs)."_s,
         QString(), QString(), true},
        {u"out-of-order-migration"_s, W, project, u"A migration sorts before one that was already applied."_s, QString(),
         QString(), true},
        // General
        {u"syntax-error"_s, E, general,
         u"The input cannot be analysed here: unterminated quote or comment, invalid UTF-8, NUL byte, psql meta-command."_s,
         u"SELECT 'unterminated;"_s, u"SELECT 'terminated';"_s},
        {u"unused-ignore"_s, W, general, u"An mwb:ignore / squawk-ignore comment that suppresses nothing."_s,
         u"-- mwb:ignore ban-drop-table\nSELECT 1;"_s, u"-- mwb:ignore ban-drop-table\nDROP TABLE old;"_s},
    };
}

} // namespace

const QList<RuleInfo> &allRules()
{
    static const QList<RuleInfo> rules = buildRules();
    return rules;
}

const RuleInfo *findRule(QStringView id)
{
    static const QHash<QStringView, const RuleInfo *> byId = [] {
        QHash<QStringView, const RuleInfo *> h;
        for (const RuleInfo &r : allRules())
            h.insert(QStringView(r.id), &r);
        return h;
    }();
    return byId.value(id, nullptr);
}

QString ruleFromSquawk(QStringView squawkRule)
{
    static const QHash<QString, QString> aliases = {
        {u"adding-field-with-default"_s, u"adding-field-with-volatile-default"_s},
        {u"adding-foreign-key-constraint"_s, u"constraint-missing-not-valid"_s},
        {u"adding-serial-primary-key-field"_s, u"adding-primary-key-without-index"_s},
        {u"prefer-big-int"_s, u"prefer-bigint-over-int"_s},
        {u"ban-drop-database"_s, u"ban-drop-schema-or-database"_s},
        {u"ban-concurrent-index-creation-in-transaction"_s, u"ban-concurrently-in-transaction"_s},
        {u"require-timeout-settings"_s, u"require-lock-timeout"_s},
    };
    const QString s = squawkRule.toString();
    return aliases.value(s, s);
}

} // namespace core::sql
