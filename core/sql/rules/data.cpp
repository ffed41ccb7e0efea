// SPDX-License-Identifier: GPL-3.0-or-later
// Data-migration and transaction rules (all dialects), and the rules that need the whole migration.
#include "core/sql/rules/ruleengine.h"

using namespace Qt::StringLiterals;

namespace core::sql::rules {

namespace {

/// WHERE clauses that still touch (nearly) the whole table: `col IS [NOT] NULL`, `true`, `1 = 1`.
bool wholeTableWhere(const RuleRun &run, const ParsedStatement &s)
{
    const std::vector<SigToken> toks = significantTokens(run.script, s.index);
    size_t w = 0;
    int depth = 0;
    for (; w < toks.size(); ++w) {
        const TokenKind k = toks[w].kind;
        if (k == TokenKind::LeftParen)
            ++depth;
        else if (k == TokenKind::RightParen)
            --depth;
        else if (depth == 0 && k == TokenKind::Word && toks[w].text.compare("WHERE", Qt::CaseInsensitive) == 0)
            break;
    }
    if (w >= toks.size())
        return true;
    const size_t n = toks.size() - w - 1;
    auto word = [&](size_t i, QByteArrayView kw) {
        return i < toks.size() && toks[i].kind == TokenKind::Word && toks[i].text.compare(kw, Qt::CaseInsensitive) == 0;
    };
    if (n == 1 && word(w + 1, "TRUE"))
        return true;
    if (n == 3 && toks[w + 1].text == toks[w + 3].text && toks[w + 2].text == "=")
        return true;
    if (n == 3 && word(w + 2, "IS") && word(w + 3, "NULL"))
        return true;
    if (n == 4 && word(w + 2, "IS") && word(w + 3, "NOT") && word(w + 4, "NULL"))
        return true;
    return false;
}

} // namespace

void checkDataMigrations(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    Q_UNUSED(e);
    if (!s.isDml())
        return;
    const bool existing = run.isExisting(s.target);
    const QString table = s.target.toString();
    if (existing && run.seenDdl && !run.mixedReported && run.enabled(u"mixed-ddl-and-dml"_s)) {
        run.mixedReported = true;
        Finding &f = run.report(u"mixed-ddl-and-dml"_s, s,
                                u"this migration changes both schema and data: the data change runs while the DDL locks "
                                u"are held, and neither can be retried on its own; move the data change to its own migration"_s);
        f.tables = {table};
    }
    if (!existing)
        return;
    if (s.kind == StatementKind::Update && !s.hasWhere && run.enabled(u"update-without-where"_s)) {
        Finding &f = run.report(u"update-without-where"_s, s, u"UPDATE %1 without WHERE changes every row"_s.arg(table));
        f.tables = {table};
        f.lock = run.target.isPostgres() ? pgLockName(PgLockMode::RowExclusive) : QString();
    }
    if (s.kind == StatementKind::Delete && !s.hasWhere && run.enabled(u"delete-without-where"_s)) {
        Finding &f = run.report(u"delete-without-where"_s, s, u"DELETE FROM %1 without WHERE removes every row"_s.arg(table));
        f.tables = {table};
        f.lock = run.target.isPostgres() ? pgLockName(PgLockMode::RowExclusive) : QString();
    }
    if ((s.kind == StatementKind::Update || s.kind == StatementKind::Delete) && wholeTableWhere(run, s)
        && run.enabled(u"unbatched-data-migration"_s)) {
        Finding &f = run.report(u"unbatched-data-migration"_s, s,
                                u"%1 over the whole of %2 in one statement locks every row it touches until commit and "
                                u"bloats the table; use the batched backfill runner (mwb backfill) or batches by key range"_s
                                    .arg(s.kind == StatementKind::Update ? u"UPDATE"_s : u"DELETE"_s, table));
        f.tables = {table};
        LockEffect scanning;
        scanning.scan = true;
        run.attachSize(f, s.target, scanning);
    }
}

void checkTransactions(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    if (!e.transactional && s.kind != StatementKind::Begin)
        run.nonTransactionalStatementSeen = true;
    if (s.kind == StatementKind::Begin) {
        if ((run.explicitTx || run.wrapped.value_or(false)) && run.enabled(u"transaction-nesting"_s))
            run.report(u"transaction-nesting"_s, s,
                       run.explicitTx ? u"BEGIN inside an open transaction: the server ignores it (PostgreSQL warns; "
                                        u"MySQL commits the open transaction)"_s
                                      : u"BEGIN inside a migration the tool already wraps in a transaction: the tool's "
                                        u"COMMIT or ROLLBACK no longer covers what follows"_s);
        run.explicitTx = true;
        run.beginOffset = int(s.offset);
        run.beginLength = s.length;
        return;
    }
    if (s.kind == StatementKind::Commit || s.kind == StatementKind::Rollback) {
        if (!run.explicitTx && run.wrapped.value_or(false) && run.enabled(u"transaction-nesting"_s))
            run.report(u"transaction-nesting"_s, s,
                       u"%1 inside a migration the tool wraps in a transaction ends the tool's transaction early"_s.arg(
                           s.kind == StatementKind::Commit ? u"COMMIT"_s : u"ROLLBACK"_s));
        run.explicitTx = false;
        run.beginOffset = -1;
        return;
    }
    if (s.isDdl() && isMySqlFamily(run.script.dialect)) {
        ++run.ddlCount;
        if (run.ddlCount == 2 && run.enabled(u"non-transactional-ddl-batch"_s)) {
            run.report(u"non-transactional-ddl-batch"_s, s,
                       u"%1 commits each DDL statement on its own: if this statement fails, the earlier ones stay "
                       u"applied and the migration cannot be rolled back or simply retried; one DDL statement per migration"_s
                           .arg(run.script.dialect == SqlDialect::MariaDB ? u"MariaDB"_s : u"MySQL"_s));
        }
    }
    // prefer-robust-stmts: only where the migration is known to run without a transaction
    const bool nonTx = run.knownNonTransactional() || (!run.explicitTx && !run.wrapped.has_value() && !e.transactional
                                                       && run.script.dialect == SqlDialect::PostgreSQL);
    if (!nonTx || !run.enabled(u"prefer-robust-stmts"_s))
        return;
    using K = StatementKind;
    QString missing;
    switch (s.kind) {
    case K::CreateTable:
    case K::CreateSequence:
    case K::CreateSchema:
    case K::CreateExtension:
        if (!s.ifNotExists && !s.orReplace)
            missing = u"IF NOT EXISTS"_s;
        break;
    case K::CreateIndex:
        if (s.concurrently) {
            if (!run.droppedIfExistsIndexes.contains(s.target.name))
                missing = u"a preceding DROP INDEX CONCURRENTLY IF EXISTS"_s;
        } else if (!s.ifNotExists) {
            missing = u"IF NOT EXISTS"_s;
        }
        break;
    case K::DropTable:
    case K::DropIndex:
    case K::DropType:
    case K::DropSequence:
    case K::DropView:
    case K::DropMaterializedView:
    case K::DropSchema:
    case K::DropFunction:
    case K::DropTrigger:
    case K::DropDomain:
        if (!s.ifExists)
            missing = u"IF EXISTS"_s;
        else if (s.kind == K::DropIndex)
            for (const QualifiedName &n : s.names)
                run.droppedIfExistsIndexes.insert(n.name);
        break;
    case K::AlterTable:
        for (const AlterAction &a : s.actions) {
            if (a.kind == AlterAction::Kind::AddColumn && !a.ifNotExists)
                missing = u"ADD COLUMN IF NOT EXISTS"_s;
            else if ((a.kind == AlterAction::Kind::DropColumn || a.kind == AlterAction::Kind::DropConstraint) && !a.ifExists)
                missing = u"DROP … IF EXISTS"_s;
        }
        break;
    default:
        break;
    }
    if (!missing.isEmpty()) {
        Finding &f = run.report(u"prefer-robust-stmts"_s, s,
                                u"this migration runs without a transaction, so a failure leaves it half applied; "
                                u"use %1 so that it can be retried"_s.arg(missing));
        if (!s.target.isEmpty())
            f.tables = {s.target.toString()};
    }
}

void finishRun(RuleRun &run)
{
    if (run.explicitTx && run.beginOffset >= 0 && run.enabled(u"ban-uncommitted-transaction"_s))
        run.report(u"ban-uncommitted-transaction"_s, run.beginOffset, std::max<qsizetype>(1, run.beginLength - 1),
                   u"this BEGIN has no COMMIT or ROLLBACK before the end of the migration: the transaction stays open "
                   u"and holds its locks"_s);
    if (run.script.dialect == SqlDialect::PostgreSQL && run.enabled(u"foreign-key-without-index"_s)) {
        // many foreign keys often share a table and columns: look each pair up once
        QHash<QString, bool> indexed;
        for (const PendingForeignKey &fk : run.pendingForeignKeys) {
            const QString key = fk.table.schema + u'.' + fk.table.name + u'(' + fk.columns.join(u',') + u')';
            auto known = indexed.constFind(key);
            if (known == indexed.cend()) {
                const CatalogTable *t = std::as_const(run.catalog).table(fk.table);
                known = indexed.insert(key, t && t->hasIndexLeadingWith(fk.columns));
            }
            if (*known)
                continue;
            qsizetype len = fk.length;
            if (len > 0 && run.script.text.at(fk.offset + len - 1) == ';')
                --len;
            Finding &f = run.report(u"foreign-key-without-index"_s, fk.offset, len,
                                    u"foreign key on %1 (%2) has no index: every DELETE or key UPDATE on the referenced "
                                    u"table scans %1; CREATE INDEX CONCURRENTLY on (%2)"_s.arg(
                                        fk.table.toString(), fk.columns.join(u", "_s)));
            f.tables = {fk.table.toString()};
        }
    }
}

} // namespace core::sql::rules
