// SPDX-License-Identifier: GPL-3.0-or-later
// PostgreSQL locking and rewrite rules.
#include "core/sql/rules/ruleengine.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace core::sql::rules {

namespace {

using K = AlterAction::Kind;

QStringList names(const QList<QualifiedName> &list)
{
    QStringList out;
    for (const QualifiedName &n : list)
        if (!n.isEmpty())
            out << n.toString();
    return out;
}

bool isPartitioned(const RuleRun &run, const QualifiedName &table)
{
    const CatalogTable *t = std::as_const(run.catalog).table(table);
    return t && t->partitioned;
}

void indexRules(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    if (s.kind == StatementKind::CreateIndex) {
        const bool existing = run.isExisting(s.table);
        if (!s.concurrently && existing && !s.only && !s.temporary && run.enabled(u"require-concurrent-index-creation"_s)) {
            Finding &f = run.report(u"require-concurrent-index-creation"_s, s,
                                    u"CREATE INDEX %1 while the index builds; use CREATE INDEX CONCURRENTLY"_s.arg(
                                        lockPhrase(PgLockMode::Share, {s.table.toString()})));
            f.tables = {s.table.toString()};
            f.lock = pgLockName(PgLockMode::Share);
            if (auto fixed = run.insertAfterWord(s, "INDEX", u" CONCURRENTLY"_s))
                f.fix = run.replaceStatement(s, *fixed);
            run.attachSize(f, s.table, e);
        }
        if (s.concurrently && s.ifNotExists && run.enabled(u"concurrent-index-if-not-exists"_s)) {
            Finding &f = run.report(u"concurrent-index-if-not-exists"_s, s,
                                    u"CREATE INDEX CONCURRENTLY IF NOT EXISTS keeps the INVALID index a failed earlier run "
                                    u"leaves behind; drop it first (DROP INDEX CONCURRENTLY IF EXISTS) and create without IF NOT EXISTS"_s);
            f.tables = {s.table.toString()};
            QString sql = run.statementSql(s);
            static const QRegularExpression ine(u"\\s+IF\\s+NOT\\s+EXISTS"_s, QRegularExpression::CaseInsensitiveOption);
            sql.replace(ine, QString());
            if (!s.target.isEmpty())
                f.fix = run.replaceStatement(s, u"DROP INDEX CONCURRENTLY IF EXISTS %1;\n%2"_s.arg(s.target.toString(), sql));
        }
        if (s.concurrently && isPartitioned(run, s.table) && run.enabled(u"concurrent-index-on-partitioned-table"_s)) {
            Finding &f = run.report(u"concurrent-index-on-partitioned-table"_s, s,
                                    u"CREATE INDEX CONCURRENTLY is not supported on partitioned table %1: create the index "
                                    u"ON ONLY the parent, build it CONCURRENTLY on each partition, then ALTER INDEX … ATTACH PARTITION"_s
                                        .arg(s.table.toString()));
            f.tables = {s.table.toString()};
        }
        return;
    }
    if (s.kind == StatementKind::DropIndex && !s.concurrently && run.enabled(u"require-concurrent-index-deletion"_s)) {
        bool allCreatedHere = true;
        for (const QualifiedName &n : s.names)
            if (!run.createdIndexes.contains(n.name))
                allCreatedHere = false;
        if (allCreatedHere && !s.names.isEmpty())
            return;
        QStringList tables;
        for (const TableLock &l : e.locks)
            if (!l.isIndex)
                tables << l.table.toString();
        Finding &f = run.report(u"require-concurrent-index-deletion"_s, s,
                                u"DROP INDEX %1; use DROP INDEX CONCURRENTLY"_s.arg(
                                    lockPhrase(PgLockMode::AccessExclusive, tables.isEmpty() ? QStringList{u"its table"_s} : tables)));
        f.tables = tables;
        f.lock = pgLockName(PgLockMode::AccessExclusive);
        if (s.names.size() == 1 && !s.cascade)
            if (auto fixed = run.insertAfterWord(s, "INDEX", u" CONCURRENTLY"_s))
                f.fix = run.replaceStatement(s, *fixed);
        return;
    }
    if (s.kind == StatementKind::Reindex && !s.concurrently && run.enabled(u"require-concurrent-reindex"_s)) {
        if (!run.isExisting(s.target) && s.reindexTarget == u"table"_s)
            return;
        if (s.reindexTarget == u"system"_s)
            return;
        const QString what = s.reindexTarget == u"index"_s ? u"index %1"_s.arg(s.target.toString())
                                                           : u"%1 %2"_s.arg(s.reindexTarget, s.target.toString());
        QString msg = u"REINDEX of %1 blocks writes to the table and takes ACCESS EXCLUSIVE on the index being "
                      u"rebuilt, so queries that would use it wait too"_s.arg(what);
        msg += run.target.atLeast(12) ? u"; use REINDEX … CONCURRENTLY"_s
                                      : u"; on PostgreSQL before 12 build a new index CONCURRENTLY and swap"_s;
        Finding &f = run.report(u"require-concurrent-reindex"_s, s, msg);
        f.lock = pgLockName(s.reindexTarget == u"index"_s ? PgLockMode::AccessExclusive : PgLockMode::Share);
        for (const TableLock &l : e.locks)
            f.tables << l.table.toString();
        if (run.target.atLeast(12) && !s.reindexTarget.isEmpty())
            if (auto fixed = run.insertAfterWord(s, s.reindexTarget.toUtf8(), u" CONCURRENTLY"_s))
                f.fix = run.replaceStatement(s, *fixed);
    }
}

void concurrentlyInTransaction(RuleRun &run, const ParsedStatement &s)
{
    if (!run.inTransaction() || !run.enabled(u"ban-concurrently-in-transaction"_s))
        return;
    bool concurrent = s.concurrently
        && (s.kind == StatementKind::CreateIndex || s.kind == StatementKind::DropIndex || s.kind == StatementKind::Reindex);
    for (const AlterAction &a : s.actions)
        if (a.kind == K::DetachPartition && a.concurrently)
            concurrent = true;
    if (!concurrent)
        return;
    Finding &f = run.report(u"ban-concurrently-in-transaction"_s, s,
                            u"%1 cannot run inside a transaction block: the migration fails with \"cannot run inside a "
                            u"transaction block\"; run it in a migration of its own without a transaction"_s
                                .arg(statementKindName(s.kind).toUpper().replace(u'-', u' ') + u" CONCURRENTLY"_s));
    f.tables = names(s.names);
}

void vacuumCluster(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    if (!run.enabled(u"ban-vacuum-full-and-cluster"_s))
        return;
    if (!((s.kind == StatementKind::Vacuum && s.full) || s.kind == StatementKind::Cluster))
        return;
    QStringList tables = names(s.names);
    Finding &f = run.report(u"ban-vacuum-full-and-cluster"_s, s,
                            u"%1 rewrites the table and %2; use plain VACUUM, or pg_repack / pg_squeeze"_s.arg(
                                s.kind == StatementKind::Cluster ? u"CLUSTER"_s : u"VACUUM FULL"_s,
                                lockPhrase(PgLockMode::AccessExclusive, tables.isEmpty() ? QStringList{u"every table"_s} : tables)));
    f.tables = tables;
    f.lock = pgLockName(PgLockMode::AccessExclusive);
    if (!s.names.isEmpty())
        run.attachSize(f, s.names.first(), e);
}

void alterTableRules(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    if (s.kind != StatementKind::AlterTable)
        return;
    const bool existing = run.isExisting(s.target);
    const QString table = s.target.toString();
    const PgLockMode mode = e.modeOn(s.target);
    for (const AlterAction &a : s.actions) {
        if (a.kind == K::DetachPartition && !a.concurrently && !a.finalize && run.target.atLeast(14) && existing
            && run.enabled(u"require-concurrent-partition-detach"_s)) {
            Finding &f = run.report(u"require-concurrent-partition-detach"_s, s,
                                    u"DETACH PARTITION %1; use DETACH PARTITION … CONCURRENTLY (outside a transaction)"_s.arg(
                                        lockPhrase(PgLockMode::AccessExclusive, {table})));
            f.tables = {table, a.partition.toString()};
            f.lock = pgLockName(PgLockMode::AccessExclusive);
            if (s.actions.size() == 1)
                f.fix = run.replaceStatement(s, run.statementSql(s) + u" CONCURRENTLY"_s);
        }
        if (!existing)
            continue;
        if (a.kind == K::AddConstraint) {
            const ConstraintDef &c = a.constraint;
            const bool validating = c.kind == ConstraintKind::Check || c.kind == ConstraintKind::ForeignKey
                || (c.kind == ConstraintKind::NotNull && run.target.atLeast(18));
            if (validating && !c.notValid && run.enabled(u"constraint-missing-not-valid"_s)) {
                QStringList tables{table};
                if (c.kind == ConstraintKind::ForeignKey && !c.refTable.isEmpty())
                    tables << c.refTable.toString();
                const PgLockMode m = c.kind == ConstraintKind::ForeignKey ? PgLockMode::ShareRowExclusive : mode;
                Finding &f = run.report(
                    u"constraint-missing-not-valid"_s, s,
                    u"adding %1 validates every existing row while it %2; add it NOT VALID, then VALIDATE CONSTRAINT "
                    u"in a separate transaction"_s.arg(
                        c.kind == ConstraintKind::ForeignKey ? u"a FOREIGN KEY"_s
                                                             : (c.kind == ConstraintKind::Check ? u"a CHECK constraint"_s
                                                                                                : u"a NOT NULL constraint"_s),
                        lockPhrase(m, tables)));
                f.tables = tables;
                f.lock = pgLockName(m);
                if (!c.name.isEmpty() && s.actions.size() == 1)
                    f.fix = run.replaceStatement(
                        s, u"%1 NOT VALID;\nALTER TABLE %2 VALIDATE CONSTRAINT %3"_s.arg(run.statementSql(s), table, c.name));
                run.attachSize(f, s.target, e);
            }
            if (c.kind == ConstraintKind::Unique && c.usingIndex.isEmpty() && run.enabled(u"disallowed-unique-constraint"_s)) {
                Finding &f = run.report(u"disallowed-unique-constraint"_s, s,
                                        u"ADD UNIQUE builds its index while it %1; create a UNIQUE INDEX CONCURRENTLY and "
                                        u"add the constraint USING INDEX"_s.arg(lockPhrase(mode, {table})));
                f.tables = {table};
                f.lock = pgLockName(mode);
                if (!c.name.isEmpty() && !c.columns.isEmpty() && !c.columns.contains(QString()) && s.actions.size() == 1)
                    f.fix = run.replaceStatement(
                        s, u"CREATE UNIQUE INDEX CONCURRENTLY %1 ON %2 (%3);\nALTER TABLE %2 ADD CONSTRAINT %1 UNIQUE USING INDEX %1"_s
                               .arg(c.name, table, c.columns.join(u", "_s)));
                run.attachSize(f, s.target, e);
            }
            if (c.kind == ConstraintKind::PrimaryKey && c.usingIndex.isEmpty()
                && run.enabled(u"adding-primary-key-without-index"_s)) {
                Finding &f = run.report(u"adding-primary-key-without-index"_s, s,
                                        u"ADD PRIMARY KEY builds its index while it %1; create a UNIQUE INDEX CONCURRENTLY "
                                        u"and add the key USING INDEX"_s.arg(lockPhrase(mode, {table})));
                f.tables = {table};
                f.lock = pgLockName(mode);
                if (!c.columns.isEmpty() && !c.columns.contains(QString()) && s.actions.size() == 1) {
                    const QString name = c.name.isEmpty() ? s.target.name + u"_pkey"_s : c.name;
                    f.fix = run.replaceStatement(
                        s, u"CREATE UNIQUE INDEX CONCURRENTLY %1 ON %2 (%3);\nALTER TABLE %2 ADD CONSTRAINT %1 PRIMARY KEY USING INDEX %1"_s
                               .arg(name, table, c.columns.join(u", "_s)));
                }
                run.attachSize(f, s.target, e);
            }
            if (c.kind == ConstraintKind::Exclude && run.enabled(u"adding-exclusion-constraint"_s)) {
                Finding &f = run.report(u"adding-exclusion-constraint"_s, s,
                                        u"ADD EXCLUDE builds its index and checks every row while it %1; it cannot be "
                                        u"added NOT VALID"_s.arg(lockPhrase(mode, {table})));
                f.tables = {table};
                f.lock = pgLockName(mode);
                run.attachSize(f, s.target, e);
            }
            if (c.notValid && !c.name.isEmpty())
                run.notValidInTx.insert(c.name, table);
        }
        if (a.kind == K::ValidateConstraint && run.notValidInTx.contains(a.constraint.name) && run.inTransaction()
            && run.enabled(u"validate-in-same-transaction"_s)) {
            Finding &f = run.report(u"validate-in-same-transaction"_s, s,
                                    u"VALIDATE CONSTRAINT %1 runs in the transaction that added it NOT VALID, so the "
                                    u"ACCESS EXCLUSIVE lock from the ADD is held while every row is checked; commit first"_s
                                        .arg(a.constraint.name));
            f.tables = {table};
            f.lock = pgLockName(PgLockMode::AccessExclusive);
        }
        if (a.kind == K::SetNotNull && run.enabled(u"adding-not-nullable-field"_s)) {
            const CatalogTable *t = std::as_const(run.catalog).table(s.target);
            const bool proven = run.target.atLeast(12) && t && t->hasValidatedNotNullCheck(a.column);
            if (!proven) {
                Finding &f = run.report(u"adding-not-nullable-field"_s, s,
                                        u"SET NOT NULL on %1.%2 scans the whole table while it %3; first add CHECK (%2 IS "
                                        u"NOT NULL) NOT VALID and VALIDATE it%4"_s.arg(
                                            table, a.column, lockPhrase(PgLockMode::AccessExclusive, {table}),
                                            run.target.atLeast(12) ? QString() : u" (the CHECK is only used from PostgreSQL 12)"_s));
                f.tables = {table};
                f.lock = pgLockName(PgLockMode::AccessExclusive);
                if (s.actions.size() == 1 && run.target.atLeast(12)) {
                    const QString cn = s.target.name + u'_' + a.column + u"_not_null"_s;
                    f.fix = run.replaceStatement(
                        s, u"ALTER TABLE %1 ADD CONSTRAINT %2 CHECK (%3 IS NOT NULL) NOT VALID;\nALTER TABLE %1 VALIDATE "
                           u"CONSTRAINT %2;\nALTER TABLE %1 ALTER COLUMN %3 SET NOT NULL;\nALTER TABLE %1 DROP CONSTRAINT %2"_s
                               .arg(table, cn, a.column));
                }
                run.attachSize(f, s.target, e);
            }
        }
        if (a.kind == K::AddColumn) {
            const ColumnDef &c = a.columnDef;
            if (c.notNull && !c.hasDefault && !c.identity && !c.serial && c.generated == GeneratedKind::None
                && run.enabled(u"adding-required-field"_s)) {
                Finding &f = run.report(u"adding-required-field"_s, s,
                                        u"ADD COLUMN %1 NOT NULL without a DEFAULT fails on a non-empty table and breaks "
                                        u"inserts from application code that does not know the column; add it nullable "
                                        u"(or with a default), backfill, then SET NOT NULL"_s.arg(c.name));
                f.tables = {table};
                f.lock = pgLockName(PgLockMode::AccessExclusive);
            }
            const bool volatileRewrite = c.volatileDefault || (c.hasDefault && !run.target.atLeast(11));
            if (volatileRewrite && !c.serial && run.enabled(u"adding-field-with-volatile-default"_s)) {
                Finding &f = run.report(
                    u"adding-field-with-volatile-default"_s, s,
                    u"ADD COLUMN %1 with %2 rewrites the whole table while it %3; add the column without the default, "
                    u"then SET DEFAULT and backfill existing rows in batches"_s.arg(
                        c.name, c.volatileDefault ? u"a volatile DEFAULT (%1)"_s.arg(c.defaultText)
                                                  : u"a DEFAULT on PostgreSQL %1 (before 11)"_s.arg(run.target.major),
                        lockPhrase(PgLockMode::AccessExclusive, {table})));
                f.tables = {table};
                f.lock = pgLockName(PgLockMode::AccessExclusive);
                run.attachSize(f, s.target, e);
            }
            if (c.generated == GeneratedKind::Stored && run.enabled(u"adding-stored-generated-column"_s)) {
                Finding &f = run.report(u"adding-stored-generated-column"_s, s,
                                        u"ADD COLUMN %1 GENERATED … STORED rewrites the whole table while it %2%3"_s.arg(
                                            c.name, lockPhrase(PgLockMode::AccessExclusive, {table}),
                                            run.target.atLeast(18) ? u"; a VIRTUAL generated column needs no rewrite"_s
                                                                   : u"; add a plain column and fill it with a trigger and a batched backfill"_s));
                f.tables = {table};
                f.lock = pgLockName(PgLockMode::AccessExclusive);
                run.attachSize(f, s.target, e);
            }
            if ((c.identity || c.serial) && run.enabled(u"adding-identity-or-serial-column"_s)) {
                Finding &f = run.report(u"adding-identity-or-serial-column"_s, s,
                                        u"ADD COLUMN %1 %2 fills every existing row, rewriting the table while it %3"_s.arg(
                                            c.name, c.identity ? u"GENERATED AS IDENTITY"_s : c.type.name,
                                            lockPhrase(PgLockMode::AccessExclusive, {table})));
                f.tables = {table};
                f.lock = pgLockName(PgLockMode::AccessExclusive);
                run.attachSize(f, s.target, e);
            }
        }
        if (a.kind == K::AlterColumnType && run.enabled(u"changing-column-type"_s)) {
            const CatalogTable *t = std::as_const(run.catalog).table(s.target);
            const CatalogColumn *col = t ? t->column(a.column) : nullptr;
            bool rewrite = true;
            bool uncertain = false;
            if (a.hasUsing)
                rewrite = true;
            else if (col)
                rewrite = !isBinaryCoercible(col->type, a.type);
            else if ((a.type.name == u"text"_s || (a.type.name == u"varchar"_s && a.type.modifiers.isEmpty())) && !a.type.isArray)
                rewrite = false; // most likely varchar(n) → text: binary-coercible
            else
                uncertain = true;
            if (rewrite) {
                const bool indexed = t && t->isColumnIndexed(a.column);
                Finding &f = run.report(
                    u"changing-column-type"_s, s,
                    u"changing %1.%2 to %3 %4the table%5 while it %6"_s.arg(
                        table, a.column, a.type.text, uncertain ? u"rewrites (unless the old type is binary-coercible to it) "_s : u"rewrites "_s,
                        indexed ? u" and rebuilds the indexes on the column"_s : QString(),
                        lockPhrase(PgLockMode::AccessExclusive, {table})));
                f.tables = {table};
                f.lock = pgLockName(PgLockMode::AccessExclusive);
                f.severity = (uncertain && !indexed) ? Severity::Warning : Severity::Error;
                run.attachSize(f, s.target, e);
            }
        }
    }
}

void timeouts(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    if (s.kind == StatementKind::Set) {
        if (s.setName == u"lock_timeout"_s)
            run.lockTimeoutSet = true;
        if (s.setName == u"statement_timeout"_s)
            run.statementTimeoutSet = true;
        return;
    }
    // which existing tables get a lock that blocks reads or writes?
    QStringList blocked;
    PgLockMode strongest = PgLockMode::None;
    for (const TableLock &l : e.locks) {
        if (l.mode < PgLockMode::Share && l.mode != PgLockMode::ShareUpdateExclusive)
            continue;
        if (l.mode == PgLockMode::ShareUpdateExclusive)
            continue;
        if (!l.isIndex && !run.isExisting(l.table))
            continue;
        // DROP INDEX CONCURRENTLY takes its ACCESS EXCLUSIVE on the index only after every transaction that
        // could use it has ended: it blocks nobody. The table's lock (SHARE UPDATE EXCLUSIVE) blocks no reads
        // or writes either.
        if (l.isIndex && s.concurrently)
            continue;
        if (s.kind == StatementKind::CreateTable && l.table == s.target)
            continue;
        blocked << l.table.toString();
        strongest = std::max(strongest, l.mode);
    }
    if (blocked.isEmpty())
        return;
    if (!run.lockTimeoutSet && !run.lockTimeoutReported && run.enabled(u"require-lock-timeout"_s)) {
        run.lockTimeoutReported = true;
        Finding &f = run.report(u"require-lock-timeout"_s, s,
                                u"this statement %1, and while it waits for the lock every later query on the table "
                                u"queues behind it; SET lock_timeout first (and retry on timeout)"_s.arg(lockPhrase(strongest, blocked)));
        f.tables = blocked;
        f.lock = pgLockName(strongest);
        f.fix = run.replaceStatement(s, u"SET lock_timeout = '5s';\n"_s + run.statementSql(s));
    }
    if ((e.rewrite || e.scan || e.indexBuild) && !run.statementTimeoutSet && !run.statementTimeoutReported
        && run.enabled(u"require-statement-timeout"_s)) {
        run.statementTimeoutReported = true;
        Finding &f = run.report(u"require-statement-timeout"_s, s,
                                u"this statement %1 for as long as it %2; SET statement_timeout to bound it"_s.arg(
                                    lockPhrase(strongest, blocked),
                                    e.rewrite ? u"rewrites the table"_s : (e.indexBuild ? u"builds the index"_s : u"scans the table"_s)));
        f.tables = blocked;
        f.lock = pgLockName(strongest);
        f.fix = run.replaceStatement(s, u"SET statement_timeout = '5min';\n"_s + run.statementSql(s));
        run.attachSize(f, QualifiedName{{}, blocked.first().section(u'.', -1)}, e);
    }
}

void afterAccessExclusive(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    if (s.kind == StatementKind::Begin || s.kind == StatementKind::Commit || s.kind == StatementKind::Rollback) {
        run.aelTables.clear();
        run.notValidInTx.clear();
        run.enumValuesInTx.clear();
        return;
    }
    if (!run.inTransaction())
        return;
    const bool trivial = s.kind == StatementKind::Set || s.kind == StatementKind::Reset || s.kind == StatementKind::Comment
        || s.kind == StatementKind::Savepoint || s.kind == StatementKind::Unclassified || s.kind == StatementKind::Select;
    if (!run.aelTables.isEmpty() && !trivial && run.enabled(u"statements-after-access-exclusive"_s)) {
        Finding &f = run.report(u"statements-after-access-exclusive"_s, s,
                                u"this statement runs while the transaction holds ACCESS EXCLUSIVE on %1, which blocks "
                                u"all reads and writes there until commit; move it to its own transaction or before the lock"_s
                                    .arg(run.aelTables.join(u", "_s)));
        f.tables = run.aelTables;
        f.lock = pgLockName(PgLockMode::AccessExclusive);
    }
    for (const TableLock &l : e.locks)
        if (l.mode == PgLockMode::AccessExclusive && !l.isIndex && run.isExisting(l.table)
            && !(s.kind == StatementKind::CreateTable && l.table == s.target)
            && !run.aelTables.contains(l.table.toString()))
            run.aelTables << l.table.toString();
}

void enumAndDomain(RuleRun &run, const ParsedStatement &s)
{
    if (s.kind == StatementKind::AlterType && !s.addValue.isEmpty()) {
        if (run.inTransaction() && !run.target.atLeast(12) && run.enabled(u"enum-add-value-in-transaction"_s)) {
            Finding &f = run.report(u"enum-add-value-in-transaction"_s, s,
                                    u"ALTER TYPE … ADD VALUE cannot run inside a transaction block before PostgreSQL 12"_s);
            f.tables = {};
        }
        if (run.inTransaction() && run.target.atLeast(12))
            run.enumValuesInTx << s.addValue;
        return;
    }
    if (!run.enumValuesInTx.isEmpty() && run.enabled(u"enum-add-value-in-transaction"_s)) {
        for (const SigToken &t : significantTokens(run.script, s.index)) {
            if (t.kind != TokenKind::String)
                continue;
            const QString v = QString::fromUtf8(t.text.sliced(1, std::max<qsizetype>(0, t.text.size() - 2)));
            if (run.enumValuesInTx.contains(v)) {
                run.report(u"enum-add-value-in-transaction"_s, s,
                           u"the enum value '%1' added in this transaction cannot be used before it commits (\"unsafe use "
                           u"of new value\"); commit the ALTER TYPE first"_s.arg(v));
                break;
            }
        }
    }
    if (s.kind == StatementKind::AlterDomain && s.domainAction == u"add-constraint"_s
        && run.enabled(u"ban-alter-domain-with-add-constraint"_s)) {
        run.report(u"ban-alter-domain-with-add-constraint"_s, s,
                   u"ALTER DOMAIN %1 ADD CONSTRAINT checks every column of every table using the domain while holding "
                   u"locks on them; add it NOT VALID and VALIDATE separately"_s.arg(s.target.toString()));
    }
    if (s.kind == StatementKind::CreateDomain && s.hasDomainConstraint && run.enabled(u"ban-create-domain-with-constraint"_s)) {
        run.report(u"ban-create-domain-with-constraint"_s, s,
                   u"domain %1 has a constraint: changing it later locks and checks every table that uses the domain; "
                   u"put CHECK constraints on the tables instead"_s.arg(s.target.toString()));
    }
}

void truncateRules(RuleRun &run, const ParsedStatement &s)
{
    if (s.kind != StatementKind::Truncate)
        return;
    const QStringList tables = names(s.names);
    if (s.cascade && run.enabled(u"ban-truncate-cascade"_s)) {
        Finding &f = run.report(u"ban-truncate-cascade"_s, s,
                                u"TRUNCATE … CASCADE also empties every table with a foreign key to %1, and %2"_s.arg(
                                    tables.join(u", "_s), lockPhrase(PgLockMode::AccessExclusive, tables)));
        f.tables = tables;
        f.lock = pgLockName(PgLockMode::AccessExclusive);
    }
}

} // namespace

void checkPostgresLocking(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    concurrentlyInTransaction(run, s);
    indexRules(run, s, e);
    vacuumCluster(run, s, e);
    alterTableRules(run, s, e);
    timeouts(run, s, e);
    enumAndDomain(run, s);
    truncateRules(run, s);
    afterAccessExclusive(run, s, e);

    // foreign keys, checked for an index at the end of the migration
    auto pending = [&](const QualifiedName &table, const QStringList &cols) {
        if (!cols.isEmpty() && !cols.contains(QString()))
            run.pendingForeignKeys << PendingForeignKey{table, cols, s.offset, s.length};
    };
    if (s.kind == StatementKind::CreateTable) {
        for (const ConstraintDef &c : s.constraints)
            if (c.kind == ConstraintKind::ForeignKey)
                pending(s.target, c.columns);
    } else if (s.kind == StatementKind::AlterTable) {
        for (const AlterAction &a : s.actions) {
            if (a.kind == K::AddConstraint && a.constraint.kind == ConstraintKind::ForeignKey)
                pending(s.target, a.constraint.columns);
            if (a.kind == K::AddColumn && !a.columnDef.references.isEmpty())
                pending(s.target, {a.columnDef.name});
        }
    }
}

} // namespace core::sql::rules
