// SPDX-License-Identifier: GPL-3.0-or-later
// Compatibility and expand-contract rules (all dialects).
#include "core/sql/rules/ruleengine.h"

using namespace Qt::StringLiterals;

namespace core::sql::rules {

void checkCompatibility(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    using K = AlterAction::Kind;
    Q_UNUSED(e);
    if (s.kind == StatementKind::AlterTable && run.isExisting(s.target)) {
        const QString table = s.target.toString();
        for (const AlterAction &a : s.actions) {
            const bool rename = a.kind == K::RenameColumn
                || (a.kind == K::ModifyColumn && !a.newName.isEmpty() && a.newName != a.column);
            if (rename && run.enabled(u"renaming-column"_s)) {
                Finding &f = run.report(u"renaming-column"_s, s,
                                        u"renaming %1.%2 to %3 breaks application code that still uses the old name; add "
                                        u"the new column, dual-write and backfill, switch readers, then drop the old one"_s
                                            .arg(table, a.column, a.newName));
                f.tables = {table};
            }
            if (a.kind == K::RenameTable && run.enabled(u"renaming-table"_s)) {
                Finding &f = run.report(u"renaming-table"_s, s,
                                        u"renaming table %1 to %2 breaks application code that still uses the old name"_s.arg(
                                            table, a.newName));
                f.tables = {table};
            }
            if (a.kind == K::DropColumn && !run.contractPhase && run.enabled(u"ban-drop-column"_s)) {
                Finding &f = run.report(u"ban-drop-column"_s, s,
                                        u"dropping %1.%2 breaks application code that still reads it; drop columns in a "
                                        u"contract phase (-- mwb:phase contract) after the deploy that stops using it"_s
                                            .arg(table, a.column));
                f.tables = {table};
            }
            bool dropNotNull = a.kind == K::DropNotNull;
            if (a.kind == K::ModifyColumn && !a.columnDef.notNull && !a.columnDef.primaryKey) {
                const CatalogTable *t = std::as_const(run.catalog).table(s.target);
                const CatalogColumn *c = t ? t->column(a.column) : nullptr;
                dropNotNull = c && c->notNull;
            }
            if (dropNotNull && run.enabled(u"ban-drop-not-null"_s)) {
                Finding &f = run.report(u"ban-drop-not-null"_s, s,
                                        u"dropping NOT NULL on %1.%2 lets NULLs reach application code that does not expect them"_s
                                            .arg(table, a.column));
                f.tables = {table};
            }
        }
    }
    if (s.kind == StatementKind::RenameTable && run.enabled(u"renaming-table"_s)) {
        bool existing = false;
        for (qsizetype i = 0; i < s.names.size(); i += 2)
            existing = existing || run.isExisting(s.names[i]);
        if (existing) {
            Finding &f = run.report(u"renaming-table"_s, s,
                                    u"RENAME TABLE breaks application code that still uses the old name"_s);
            for (qsizetype i = 0; i < s.names.size(); i += 2)
                f.tables << s.names[i].toString();
        }
    }
    if (s.kind == StatementKind::DropTable && !run.contractPhase && run.enabled(u"ban-drop-table"_s)) {
        QStringList existing;
        for (const QualifiedName &n : s.names)
            if (run.isExisting(n))
                existing << n.toString();
        if (!existing.isEmpty()) {
            Finding &f = run.report(u"ban-drop-table"_s, s,
                                    u"dropping %1 breaks application code that still uses it and %2; drop tables in a "
                                    u"contract phase (-- mwb:phase contract) after the deploy that stops using them"_s
                                        .arg(existing.join(u", "_s), run.target.isPostgres()
                                                 ? lockPhrase(PgLockMode::AccessExclusive, existing)
                                                 : u"takes an exclusive metadata lock"_s));
            f.tables = existing;
            if (run.target.isPostgres())
                f.lock = pgLockName(PgLockMode::AccessExclusive);
        }
    }
    if (s.kind == StatementKind::Truncate && run.enabled(u"truncate-table"_s)) {
        QStringList existing;
        for (const QualifiedName &n : s.names)
            if (run.isExisting(n))
                existing << n.toString();
        if (!existing.isEmpty()) {
            Finding &f = run.report(u"truncate-table"_s, s,
                                    run.target.isPostgres()
                                        ? u"TRUNCATE deletes every row and %1"_s.arg(lockPhrase(PgLockMode::AccessExclusive, existing))
                                        : u"TRUNCATE deletes every row of %1 and cannot be rolled back"_s.arg(existing.join(u", "_s)));
            f.tables = existing;
            if (run.target.isPostgres())
                f.lock = pgLockName(PgLockMode::AccessExclusive);
        }
    }
    if ((s.kind == StatementKind::DropSchema || s.kind == StatementKind::DropDatabase)
        && run.enabled(u"ban-drop-schema-or-database"_s)) {
        QStringList n;
        for (const QualifiedName &q : s.names)
            n << q.toString();
        run.report(u"ban-drop-schema-or-database"_s, s,
                   u"DROP %1 %2 destroys every object in it%3"_s.arg(
                       s.kind == StatementKind::DropSchema ? u"SCHEMA"_s : u"DATABASE"_s, n.join(u", "_s),
                       s.cascade ? u", and CASCADE also drops whatever depends on them elsewhere"_s : QString()));
    }
}

} // namespace core::sql::rules
