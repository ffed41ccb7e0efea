// SPDX-License-Identifier: GPL-3.0-or-later
// MySQL / MariaDB online DDL rules.
#include "core/sql/rules/ruleengine.h"

using namespace Qt::StringLiterals;

namespace core::sql::rules {

namespace {

QString mysqlLockText(const LockEffect &e)
{
    return u"ALGORITHM=%1, LOCK=%2"_s.arg(mySqlAlgorithmName(e.algorithm), mySqlLockName(e.mysqlLock));
}

} // namespace

void checkMySql(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    using K = AlterAction::Kind;
    if (s.kind == StatementKind::Set && (s.setName == u"lock_wait_timeout"_s))
        run.lockTimeoutSet = true;
    if (s.kind == StatementKind::Set && s.setName == u"foreign_key_checks"_s)
        run.foreignKeyChecksOff = s.setValue == u"0"_s || s.setValue.compare(u"off"_s, Qt::CaseInsensitive) == 0;
    const bool alter = s.kind == StatementKind::AlterTable;
    const bool createIndex = s.kind == StatementKind::CreateIndex;
    if (!alter && !createIndex && s.kind != StatementKind::Optimize)
        return;
    const QualifiedName &tableName = createIndex ? s.table : s.target;
    if (!run.isExisting(tableName))
        return;
    const QString table = tableName.toString();
    const QString brand = run.target.isMariaDb() ? u"MariaDB"_s : u"MySQL"_s;
    const QString explicitAlgo = s.mysqlAlgorithm;
    if (e.algorithm == MySqlAlgorithm::Copy && run.enabled(u"mysql-table-copy"_s)
        && (explicitAlgo.isEmpty() || explicitAlgo == u"COPY"_s || explicitAlgo == u"DEFAULT"_s)) {
        Finding &f = run.report(
            u"mysql-table-copy"_s, s,
            u"%1 predicts ALGORITHM=COPY for this change to %2: the table is copied row by row%3%4"_s.arg(
                brand, table,
                e.mysqlLock == MySqlLockLevel::None ? u" (online copy: writes continue, but it takes long and needs the space twice)"_s
                                                    : u" and writes are blocked (LOCK=SHARED) for the whole copy"_s,
                e.uncertain ? u" (assuming the column's data type changes; with --url the old type is checked)"_s : QString()));
        f.tables = {table};
        f.lock = mysqlLockText(e);
        if (e.uncertain)
            f.severity = Severity::Warning;
        run.attachSize(f, tableName, e);
    }
    if (e.algorithm == MySqlAlgorithm::Inplace && e.mysqlRebuild && run.enabled(u"mysql-inplace-rebuild"_s)) {
        Finding &f = run.report(u"mysql-inplace-rebuild"_s, s,
                                u"%1 rebuilds %2 in place (ALGORITHM=INPLACE): writes continue, but the rebuild reads and "
                                u"writes the whole table, replicas lag by its duration, and the exclusive metadata lock "
                                u"at the start and end waits for open transactions"_s.arg(brand, table));
        f.tables = {table};
        f.lock = mysqlLockText(e);
        run.attachSize(f, tableName, e);
    }
    if (alter || createIndex) {
        bool fulltext = createIndex && (s.fulltext || s.spatial);
        for (const AlterAction &a : s.actions)
            if (a.kind == K::AddIndex && (a.constraint.fulltext || a.constraint.spatial))
                fulltext = true;
        if (fulltext && run.enabled(u"mysql-fulltext-or-spatial-index"_s)) {
            Finding &f = run.report(u"mysql-fulltext-or-spatial-index"_s, s,
                                    u"a FULLTEXT or SPATIAL index on %1 builds with LOCK=SHARED: writes are blocked until "
                                    u"it is done (the first FULLTEXT index also rebuilds the table)"_s.arg(table));
            f.tables = {table};
            f.lock = u"ALGORITHM=INPLACE, LOCK=SHARED"_s;
        }
        if ((s.mysqlAlgorithm.isEmpty() || s.mysqlLock.isEmpty()) && e.algorithm != MySqlAlgorithm::Copy
            && run.enabled(u"mysql-require-algorithm-lock"_s)) {
            const MySqlAlgorithm want = e.algorithm == MySqlAlgorithm::Nocopy ? MySqlAlgorithm::Inplace : e.algorithm;
            QString clause;
            if (want == MySqlAlgorithm::Instant)
                clause = u"ALGORITHM=INSTANT"_s;
            else
                clause = u"ALGORITHM=%1, LOCK=%2"_s.arg(mySqlAlgorithmName(want), mySqlLockName(e.mysqlLock));
            const bool needsLock = want != MySqlAlgorithm::Instant && s.mysqlLock.isEmpty();
            if (s.mysqlAlgorithm.isEmpty() || needsLock) {
                Finding &f = run.report(u"mysql-require-algorithm-lock"_s, s,
                                        u"state the online-DDL contract: with %1 the server refuses the change instead "
                                        u"of silently falling back to a blocking table copy"_s.arg(clause));
                f.tables = {table};
                f.lock = mysqlLockText(e);
                if (s.mysqlAlgorithm.isEmpty() && s.mysqlLock.isEmpty())
                    f.fix = run.replaceStatement(s, run.statementSql(s) + (alter ? u", "_s : u" "_s) + clause);
            }
        }
    }
    if (e.mysqlInstantColumnChange && run.enabled(u"mysql-instant-row-version-limit"_s)) {
        const CatalogTable *t = std::as_const(run.catalog).table(tableName);
        if (t && t->instantRowVersions >= 0 && run.target.isMySql()) {
            const int left = 64 - t->instantRowVersions;
            if (left <= 8) {
                Finding &f = run.report(u"mysql-instant-row-version-limit"_s, s,
                                        left <= 0 ? u"%1 has used all 64 INSTANT row versions: this change falls back to a "
                                                    u"table rebuild (or fails with ALGORITHM=INSTANT)"_s.arg(table)
                                                  : u"%1 has %2 INSTANT row versions left of 64; after that ADD/DROP COLUMN "
                                                    u"rebuilds the table (OPTIMIZE TABLE resets the count)"_s.arg(table).arg(left));
                f.tables = {table};
                f.severity = left <= 0 ? Severity::Error : Severity::Warning;
            }
        }
    }
}

} // namespace core::sql::rules
