// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The lock model: for each statement, the tables it touches and the lock it takes on each (PostgreSQL: the
// strongest across ALTER TABLE sub-commands, following AlterTableGetLockLevel in tablecmds.c), whether it
// rewrites, scans or builds an index, whether it may run inside a transaction block, and for MySQL/MariaDB the
// predicted online-DDL ALGORITHM and LOCK. See /docs/lint.md and the reference in locks.md.

#include "core/sql/catalog.h"
#include "core/sql/lexer.h"
#include "core/sql/statement.h"

#include <optional>

namespace core::sql {

enum class PgLockMode : quint8 {
    None,
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
};

QString pgLockName(PgLockMode mode); ///< "ACCESS EXCLUSIVE"
QString pgLockBlocks(PgLockMode mode); ///< "blocks all reads and writes until commit"
/// The mode as pg_locks.mode spells it ("AccessExclusiveLock") → PgLockMode; None when unknown.
PgLockMode pgLockFromCatalogName(QStringView name);
bool pgLocksConflict(PgLockMode a, PgLockMode b);

enum class MySqlAlgorithm : quint8 { None, Instant, Nocopy, Inplace, Copy };
enum class MySqlLockLevel : quint8 { None, Shared, Exclusive }; ///< None = concurrent DML allowed
QString mySqlAlgorithmName(MySqlAlgorithm a); ///< "INSTANT", … ; empty for None
QString mySqlLockName(MySqlLockLevel l); ///< "NONE", "SHARED", "EXCLUSIVE"

/// The server the migration targets. PostgreSQL: major 11–18. MySQL: 8.0 / 8.4. MariaDB: 10.11 / 11.x.
struct TargetServer
{
    SqlDialect dialect = SqlDialect::PostgreSQL;
    int major = 17;
    int minor = 0;
    int patch = -1; ///< -1: the latest release of that series

    bool isPostgres() const { return dialect == SqlDialect::PostgreSQL; }
    bool isMySql() const { return dialect == SqlDialect::MySQL; }
    bool isMariaDb() const { return dialect == SqlDialect::MariaDB; }
    bool atLeast(int ma, int mi = 0, int pa = 0) const
    {
        if (major != ma)
            return major > ma;
        if (minor != mi)
            return minor > mi;
        return patch < 0 || patch >= pa;
    }
    QString toString() const;
    /// "17", "8.0", "8.0.28", "10.11", "11.4"; an empty string gives the dialect's default.
    static std::optional<TargetServer> parse(SqlDialect dialect, const QString &version);
    static TargetServer defaultFor(SqlDialect dialect);
};

struct TableLock
{
    QualifiedName table;
    PgLockMode mode = PgLockMode::None;
    bool isIndex = false; ///< the object is an index (the table is unknown)
};

struct LockEffect
{
    QList<TableLock> locks; ///< PostgreSQL: the strongest mode per table
    bool rewrite = false; ///< rewrites the table (and its indexes)
    bool scan = false; ///< scans the whole table (validation)
    bool indexBuild = false;
    bool transactional = true; ///< may run inside a transaction block
    bool uncertain = false; ///< the prediction depends on something not known (e.g. the old column type)
    // MySQL / MariaDB
    MySqlAlgorithm algorithm = MySqlAlgorithm::None;
    MySqlLockLevel mysqlLock = MySqlLockLevel::None;
    bool mysqlRebuild = false;
    bool mysqlInstantColumnChange = false; ///< INSTANT ADD/DROP COLUMN (counts towards the row-version limit)

    PgLockMode strongest() const;
    PgLockMode modeOn(const QualifiedName &table) const;
    void add(const QualifiedName &table, PgLockMode mode, bool isIndex = false);
};

/// Options the lock model needs from the surrounding migration.
struct LockContext
{
    const Catalog *catalog = nullptr; ///< the known schema (earlier migrations, live database), may be null
    bool foreignKeyChecksOff = false; ///< MySQL SET foreign_key_checks = 0 earlier in the migration
};

LockEffect computeLockEffect(const ParsedStatement &statement, const TargetServer &target, const LockContext &context = {});

/// PostgreSQL: the lock level of one ALTER TABLE sub-command (AlterTableGetLockLevel).
PgLockMode alterActionLockLevel(const AlterAction &action, const TargetServer &target);

/// PostgreSQL: true when changing `from` to `to` needs no rewrite (binary-coercible, widening).
bool isBinaryCoercible(const TypeRef &from, const TypeRef &to);

} // namespace core::sql
