// SPDX-License-Identifier: GPL-3.0-or-later
// Type hygiene rules (info by default).
#include "core/sql/rules/ruleengine.h"

using namespace Qt::StringLiterals;

namespace core::sql::rules {

namespace {

void checkColumn(RuleRun &run, const ParsedStatement &s, const QString &column, const TypeRef &type, bool identity)
{
    const bool pg = run.script.dialect == SqlDialect::PostgreSQL;
    const QString &n = type.name;
    auto fire = [&](const QString &rule, const QString &message) {
        if (!run.enabled(rule))
            return;
        Finding &f = run.report(rule, s, message);
        if (!s.target.isEmpty())
            f.tables = {s.target.toString()};
    };
    if (n == u"integer"_s || n == u"serial"_s || (!pg && n == u"mediumint"_s))
        fire(u"prefer-bigint-over-int"_s, u"column %1 is %2 (32-bit): ids and counters overflow at 2^31; use bigint"_s.arg(column, type.text));
    if (n == u"smallint"_s || n == u"smallserial"_s || (!pg && n == u"tinyint"_s && type.modifiers.value(0, 4) != 1))
        fire(u"prefer-bigint-over-smallint"_s, u"column %1 is %2: it overflows quickly; use bigint"_s.arg(column, type.text));
    if (!pg)
        return;
    if ((n == u"serial"_s || n == u"bigserial"_s || n == u"smallserial"_s) && !identity)
        fire(u"prefer-identity"_s, u"column %1 is %2: use bigint GENERATED ALWAYS AS IDENTITY"_s.arg(column, n));
    if (n == u"varchar"_s && !type.modifiers.isEmpty())
        fire(u"prefer-text-field"_s, u"column %1 is %2: widening it later needs ALTER TABLE; use text with a CHECK "
                                     u"(length(%1) <= %3) constraint"_s.arg(column, type.text).arg(type.modifiers.first()));
    if (n == u"timestamp"_s)
        fire(u"prefer-timestamptz"_s, u"column %1 is timestamp without time zone: use timestamptz"_s.arg(column));
    if (n == u"char"_s)
        fire(u"ban-char-field"_s, u"column %1 is %2: char pads with blanks; use text or varchar"_s.arg(column, type.text));
    if (n == u"json"_s)
        fire(u"prefer-jsonb"_s, u"column %1 is json: use jsonb"_s.arg(column));
}

void checkIdentifier(RuleRun &run, const ParsedStatement &s, const QString &name)
{
    if (name.isEmpty() || !run.enabled(u"identifier-too-long"_s))
        return;
    const bool pg = run.script.dialect == SqlDialect::PostgreSQL;
    const qsizetype len = pg ? name.toUtf8().size() : name.size();
    const int limit = pg ? 63 : 64;
    if (len > limit)
        run.report(u"identifier-too-long"_s, s,
                   pg ? u"identifier %1 is %2 bytes: PostgreSQL silently truncates it to 63"_s.arg(name).arg(len)
                      : u"identifier %1 is %2 characters: the limit is 64"_s.arg(name).arg(len));
}

} // namespace

void checkTypes(RuleRun &run, const ParsedStatement &s, const LockEffect &e)
{
    Q_UNUSED(e);
    using K = AlterAction::Kind;
    if (s.kind == StatementKind::CreateTable) {
        checkIdentifier(run, s, s.target.name);
        for (const ColumnDef &c : s.columns) {
            checkIdentifier(run, s, c.name);
            checkColumn(run, s, c.name, c.type, c.identity);
        }
        for (const ConstraintDef &c : s.constraints)
            checkIdentifier(run, s, c.name);
    } else if (s.kind == StatementKind::AlterTable) {
        for (const AlterAction &a : s.actions) {
            if (a.kind == K::AddColumn || a.kind == K::ModifyColumn) {
                checkIdentifier(run, s, a.columnDef.name);
                checkColumn(run, s, a.columnDef.name, a.columnDef.type, a.columnDef.identity);
            } else if (a.kind == K::AlterColumnType) {
                checkColumn(run, s, a.column, a.type, false);
            } else if (a.kind == K::AddConstraint || a.kind == K::AddIndex) {
                checkIdentifier(run, s, a.constraint.name);
            } else if (a.kind == K::RenameColumn || a.kind == K::RenameConstraint) {
                checkIdentifier(run, s, a.newName);
            }
        }
    } else if (s.kind == StatementKind::CreateIndex || s.kind == StatementKind::CreateType
               || s.kind == StatementKind::CreateView || s.kind == StatementKind::CreateSequence
               || s.kind == StatementKind::CreateMaterializedView || s.kind == StatementKind::CreateFunction
               || s.kind == StatementKind::CreateDomain || s.kind == StatementKind::CreateSchema
               || s.kind == StatementKind::CreateTrigger) {
        checkIdentifier(run, s, s.target.name);
    }
}

} // namespace core::sql::rules
