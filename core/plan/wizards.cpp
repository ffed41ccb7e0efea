// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizards.h"

#include "planexport.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace core::plan {

namespace {

bool isIdentifier(const QString &s)
{
    static const QRegularExpression re(uR"(^[a-z_][a-z0-9_]{0,62}$)"_s);
    return re.match(s).hasMatch();
}

bool isType(const QString &s)
{
    // A type name with optional parameters and array brackets: bigint, varchar(255), numeric(12,2), text[]
    static const QRegularExpression re(uR"(^[A-Za-z][A-Za-z0-9_ ]*(\(\s*\d+\s*(,\s*\d+\s*)?\))?(\[\])?$)"_s);
    return re.match(s).hasMatch() && !s.contains(u';');
}

Result<void> checkCommon(const WizardCommon &c)
{
    if (c.dialect == Dialect::SQLite)
        return fail(Error::Code::Unsupported, u"the rollout wizards write PostgreSQL and MySQL/MariaDB migrations"_s);
    if (!c.start.isValid())
        return fail(Error::Code::InvalidArgument, u"the plan needs a start day"_s);
    if (!isIdentifier(c.key))
        return fail(Error::Code::InvalidArgument, u"'%1' is not a plain lower-case identifier"_s.arg(c.key));
    if (c.batchSize <= 0)
        return fail(Error::Code::InvalidArgument, u"the batch size must be positive"_s);
    return {};
}

Result<void> checkIdentifiers(const QStringList &names)
{
    for (const QString &n : names) {
        if (!isIdentifier(n))
            return fail(Error::Code::InvalidArgument,
                        u"'%1' is not a plain lower-case identifier (letters, digits, _; at most 63)"_s.arg(n));
    }
    return {};
}

// Identifiers derived from others must stay within PostgreSQL's 63 bytes (and MySQL's 64).
QString shortName(QString name)
{
    if (name.size() > 63)
        name = name.left(54) + u'_' + QString::number(qHash(name) % 100000000u, 16);
    return name;
}

struct Builder
{
    const WizardCommon &c;
    WizardResult result;

    bool pg() const { return c.dialect == Dialect::PostgreSQL; }
    QString lockTimeout() const
    {
        return pg() ? u"SET lock_timeout = '%1';\n"_s.arg(c.lockTimeout) : QString();
    }
    QString online(const QString &algorithm) const
    {
        return pg() ? QString() : u", ALGORITHM=%1"_s.arg(algorithm) + (algorithm == u"INSTANT" ? QString() : u", LOCK=NONE"_s);
    }
    void migration(const QString &name, const QString &up, const QString &down, bool transactional = true, bool backfill = false)
    {
        result.migrations.append({name, up, down, transactional, backfill});
    }
    void step(const QString &id, const QString &title, StepKind kind, Phase phase, int day, const QStringList &deps,
              const QStringList &migrations = {}, const QString &version = {}, DeployRole role = DeployRole::None,
              bool drops = false, const QString &sql = {}, const QString &notes = {})
    {
        result.plan.steps.append({id, title, kind, phase, c.start.addDays(day), deps, migrations, version, role, drops, sql, notes});
    }
    QString backfillHeader(const QString &table) const
    {
        return u"-- mwb:backfill table=%1 key=%2 batch=%3\n"_s.arg(table, c.key).arg(c.batchSize);
    }
    QString distinct(const QString &a, const QString &b) const
    {
        return pg() ? u"%1 IS DISTINCT FROM %2"_s.arg(a, b) : u"NOT (%1 <=> %2)"_s.arg(a, b);
    }
};

// Triggers that keep two columns of the same row equal whichever one a writer sets: old writers set `from`,
// new writers set `to`; inserts fill the missing one, updates copy the one that changed.
QString syncTriggersUp(const Builder &b, const QString &table, const QString &from, const QString &to, const QString &convert = {})
{
    const QString name = shortName(table + u"_sync_"_s + from + u'_' + to);
    const QString fromValue = convert.isEmpty() ? u"NEW.%1"_s.arg(from) : QString(convert).replace(u"{}"_s, u"NEW."_s + from);
    if (b.pg()) {
        const bool twoWay = convert.isEmpty();
        QString body = u"CREATE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                       "    IF TG_OP = 'INSERT' THEN\n"
                       "        IF NEW.%2 IS NULL THEN NEW.%2 := %3;%4 END IF;\n"
                       "    ELSIF NEW.%5 IS DISTINCT FROM OLD.%5 THEN\n"
                       "        NEW.%2 := %3;\n"_s.arg(name, to, fromValue,
                                                       twoWay ? u" ELSIF NEW.%1 IS NULL THEN NEW.%1 := NEW.%2;"_s.arg(from, to) : QString(),
                                                       from);
        if (twoWay)
            body += u"    ELSIF NEW.%1 IS DISTINCT FROM OLD.%1 THEN\n        NEW.%2 := NEW.%1;\n"_s.arg(to, from);
        body += u"    END IF;\n    RETURN NEW;\nEND $$;\n"
                "CREATE TRIGGER %1 BEFORE INSERT OR UPDATE ON %2 FOR EACH ROW EXECUTE FUNCTION %1();\n"_s.arg(name, table);
        return body;
    }
    const bool twoWay = convert.isEmpty();
    QString ins = u"CREATE TRIGGER %1_ins BEFORE INSERT ON %2 FOR EACH ROW SET NEW.%3 = COALESCE(NEW.%3, %4)"_s.arg(name, table, to, fromValue);
    if (twoWay)
        ins += u", NEW.%1 = COALESCE(NEW.%1, NEW.%2)"_s.arg(from, to);
    QString upd = u"CREATE TRIGGER %1_upd BEFORE UPDATE ON %2 FOR EACH ROW SET NEW.%3 = IF(NEW.%4 <=> OLD.%4, NEW.%3, %5)"_s.arg(
        name, table, to, from, fromValue);
    if (twoWay)
        upd += u", NEW.%1 = IF(NEW.%2 <=> OLD.%2, NEW.%1, NEW.%2)"_s.arg(from, to);
    return ins + u";\n"_s + upd + u";\n"_s;
}

QString syncTriggersDown(const Builder &b, const QString &table, const QString &from, const QString &to)
{
    const QString name = shortName(table + u"_sync_"_s + from + u'_' + to);
    if (b.pg())
        return u"DROP TRIGGER IF EXISTS %1 ON %2;\nDROP FUNCTION IF EXISTS %1();\n"_s.arg(name, table);
    return u"DROP TRIGGER IF EXISTS %1_ins;\nDROP TRIGGER IF EXISTS %1_upd;\n"_s.arg(name);
}

} // namespace

Result<WizardResult> renameColumnWizard(const WizardCommon &common, const QString &table, const QString &from,
                                        const QString &to, const QString &type, bool notNull)
{
    if (auto ok = checkCommon(common); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkIdentifiers({table, from, to}); !ok)
        return std::unexpected(ok.error());
    if (!isType(type))
        return fail(Error::Code::InvalidArgument, u"'%1' is not a column type"_s.arg(type));
    if (from == to)
        return fail(Error::Code::InvalidArgument, u"the new name is the old name"_s);
    Builder b{common, {}};
    b.result.plan.name = u"Rename %1.%2 to %3"_s.arg(table, from, to);
    b.result.plan.subject = u"%1.%2 → %1.%3"_s.arg(table, from, to);

    const QString add = u"%1_add_%2"_s.arg(table, to);
    b.migration(add,
                b.lockTimeout() + u"ALTER TABLE %1 ADD COLUMN %2 %3%4;\n"_s.arg(table, to, type, b.online(u"INSTANT"_s))
                    + syncTriggersUp(b, table, from, to),
                u"-- mwb:phase contract\n"_s + b.lockTimeout() + syncTriggersDown(b, table, from, to)
                    + u"ALTER TABLE %1 DROP COLUMN %2%3;\n"_s.arg(table, to, b.online(u"INSTANT"_s)));
    const QString backfill = u"%1_backfill_%2"_s.arg(table, to);
    b.migration(backfill,
                b.backfillHeader(table)
                    + u"UPDATE %1 SET %2 = %3 WHERE %4 BETWEEN :start AND :end AND %5;\n"_s.arg(table, to, from, common.key,
                                                                                              b.distinct(to, from)),
                u"-- Nothing to undo: the backfill only copied %1 into %2, which the expand migration's down drops.\n"_s.arg(from, to),
                true, true);
    const QString check = u"SELECT 1 FROM %1 WHERE %2 LIMIT 1"_s.arg(table, b.distinct(to, from));

    int day = 0;
    b.step(u"expand"_s, u"Add %1 with sync trigger"_s.arg(to), StepKind::SchemaMigration, Phase::Expand, day, {}, {add});
    b.step(u"dual-write"_s, u"Deploy: write %1 and %2"_s.arg(from, to), StepKind::Deploy, Phase::Expand, ++day, {u"expand"_s}, {},
           u"next"_s, DeployRole::DualWrite);
    b.step(u"backfill"_s, u"Backfill %1"_s.arg(to), StepKind::Backfill, Phase::Migrate, ++day, {u"dual-write"_s}, {backfill});
    b.step(u"verify"_s, u"Every row has %1"_s.arg(to), StepKind::Verification, Phase::Migrate, ++day, {u"backfill"_s}, {}, {},
           DeployRole::None, false, check);
    QString lastBeforeSwitch = u"verify"_s;
    if (notNull && b.pg()) {
        const QString constraint = shortName(table + u'_' + to + u"_not_null"_s);
        const QString addCheck = u"%1_check_%2_not_null"_s.arg(table, to);
        const QString validate = u"%1_validate_%2_not_null"_s.arg(table, to);
        const QString setNotNull = u"%1_set_%2_not_null"_s.arg(table, to);
        b.migration(addCheck,
                    b.lockTimeout() + u"ALTER TABLE %1 ADD CONSTRAINT %2 CHECK (%3 IS NOT NULL) NOT VALID;\n"_s.arg(table, constraint, to),
                    b.lockTimeout() + u"ALTER TABLE %1 DROP CONSTRAINT IF EXISTS %2;\n"_s.arg(table, constraint));
        b.migration(validate, b.lockTimeout() + u"ALTER TABLE %1 VALIDATE CONSTRAINT %2;\n"_s.arg(table, constraint),
                    u"-- Nothing to undo: validating changes no data.\n"_s);
        b.migration(setNotNull,
                    b.lockTimeout()
                        + u"-- The validated CHECK proves the column has no NULL: SET NOT NULL skips the table scan (PostgreSQL 12+).\n"
                          "ALTER TABLE %1 ALTER COLUMN %2 SET NOT NULL;\nALTER TABLE %1 DROP CONSTRAINT %3;\n"_s.arg(table, to, constraint),
                    b.lockTimeout() + u"ALTER TABLE %1 ALTER COLUMN %2 DROP NOT NULL;\n"_s.arg(table, to));
        b.step(u"not-null"_s, u"Make %1 NOT NULL without a long lock"_s.arg(to), StepKind::SchemaMigration, Phase::Migrate, day,
               {u"verify"_s}, {addCheck, validate, setNotNull});
        lastBeforeSwitch = u"not-null"_s;
    } else if (notNull) {
        const QString setNotNull = u"%1_set_%2_not_null"_s.arg(table, to);
        b.migration(setNotNull, u"ALTER TABLE %1 MODIFY %2 %3 NOT NULL%4;\n"_s.arg(table, to, type, b.online(u"INPLACE"_s)),
                    u"ALTER TABLE %1 MODIFY %2 %3 NULL%4;\n"_s.arg(table, to, type, b.online(u"INPLACE"_s)));
        b.step(u"not-null"_s, u"Make %1 NOT NULL online"_s.arg(to), StepKind::SchemaMigration, Phase::Migrate, day, {u"verify"_s},
               {setNotNull});
        lastBeforeSwitch = u"not-null"_s;
    }
    b.step(u"read-switch"_s, u"Deploy: read %1"_s.arg(to), StepKind::Deploy, Phase::Migrate, ++day, {lastBeforeSwitch}, {},
           u"next"_s, DeployRole::ReadSwitch);
    day += 3; // watch the read switch in production for a few days before removing anything
    b.step(u"stop-old"_s, u"Deploy: stop using %1"_s.arg(from), StepKind::Deploy, Phase::Contract, ++day, {u"read-switch"_s}, {},
           u"next"_s, DeployRole::StopUsingOld);
    const QString drop = u"%1_drop_%2"_s.arg(table, from);
    b.migration(drop,
                u"-- mwb:phase contract\n"_s + b.lockTimeout() + syncTriggersDown(b, table, from, to)
                    + u"ALTER TABLE %1 DROP COLUMN %2%3;\n"_s.arg(table, from, b.online(u"INSTANT"_s)),
                b.lockTimeout() + u"ALTER TABLE %1 ADD COLUMN %2 %3%4;\n"_s.arg(table, from, type, b.online(u"INSTANT"_s))
                    + syncTriggersUp(b, table, from, to)
                    + u"-- Run the backfill again (in reverse) before old readers come back: %1 is empty now.\n"_s.arg(from));
    b.step(u"drop"_s, u"Drop %1.%2"_s.arg(table, from), StepKind::SchemaMigration, Phase::Contract, ++day, {u"stop-old"_s}, {drop},
           {}, DeployRole::None, true);
    return b.result;
}

Result<WizardResult> changeColumnTypeWizard(const WizardCommon &common, const QString &table, const QString &column,
                                            const QString &newType, const QString &usingExpression)
{
    if (auto ok = checkCommon(common); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkIdentifiers({table, column}); !ok)
        return std::unexpected(ok.error());
    if (!isType(newType))
        return fail(Error::Code::InvalidArgument, u"'%1' is not a column type"_s.arg(newType));
    Builder b{common, {}};
    const QString fresh = shortName(column + u"_new"_s);
    const QString old = shortName(column + u"_old"_s);
    // {} stands for the old column's value in the conversion.
        // MySQL converts on assignment (its CAST knows only a few target types).
    QString convert = usingExpression.isEmpty() ? (b.pg() ? u"{}::%1"_s.arg(newType) : u"{}"_s) : usingExpression;
    if (!convert.contains(u"{}"_s))
        return fail(Error::Code::InvalidArgument, u"the conversion must use {} for the old value, e.g. {}::bigint"_s);
    b.result.plan.name = u"Change %1.%2 to %3"_s.arg(table, column, newType);
    b.result.plan.subject = u"%1.%2 → %3"_s.arg(table, column, newType);

    const QString add = u"%1_add_%2"_s.arg(table, fresh);
    b.migration(add,
                b.lockTimeout() + u"ALTER TABLE %1 ADD COLUMN %2 %3%4;\n"_s.arg(table, fresh, newType, b.online(u"INSTANT"_s))
                    + syncTriggersUp(b, table, column, fresh, convert),
                u"-- mwb:phase contract\n"_s + b.lockTimeout() + syncTriggersDown(b, table, column, fresh)
                    + u"ALTER TABLE %1 DROP COLUMN %2%3;\n"_s.arg(table, fresh, b.online(u"INSTANT"_s)));
    const QString backfill = u"%1_backfill_%2"_s.arg(table, fresh);
    const QString converted = QString(convert).replace(u"{}"_s, column);
    b.migration(backfill,
                b.backfillHeader(table)
                    + u"UPDATE %1 SET %2 = %3 WHERE %4 BETWEEN :start AND :end AND %5;\n"_s.arg(
                        table, fresh, converted, common.key, b.distinct(fresh, converted)),
                u"-- Nothing to undo: the expand migration's down drops %1.\n"_s.arg(fresh), true, true);
    const QString swap = u"%1_swap_%2"_s.arg(table, column);
    // The application keeps using the same name across the swap; only the type under it changes.
    const QString swapIgnore = u"-- mwb:ignore-file renaming-column -- the swap keeps the name the application uses\n"_s;
    const QString swapUp = b.pg()
        ? QString(b.lockTimeout() + syncTriggersDown(b, table, column, fresh)
              + u"ALTER TABLE %1 RENAME COLUMN %2 TO %3;\nALTER TABLE %1 RENAME COLUMN %4 TO %2;\n"_s.arg(table, column, old, fresh))
        : QString(syncTriggersDown(b, table, column, fresh)
              + u"ALTER TABLE %1 RENAME COLUMN %2 TO %3, RENAME COLUMN %4 TO %2, ALGORITHM=INSTANT;\n"_s.arg(table, column, old, fresh));
    const QString swapDown = b.pg()
        ? QString(b.lockTimeout() + u"ALTER TABLE %1 RENAME COLUMN %2 TO %3;\nALTER TABLE %1 RENAME COLUMN %4 TO %2;\n"_s.arg(table, column, fresh, old)
              + syncTriggersUp(b, table, column, fresh, convert))
        : QString(u"ALTER TABLE %1 RENAME COLUMN %2 TO %3, RENAME COLUMN %4 TO %2, ALGORITHM=INSTANT;\n"_s.arg(table, column, fresh, old)
              + syncTriggersUp(b, table, column, fresh, convert));
    b.migration(swap, swapIgnore + swapUp, swapIgnore + swapDown);
    const QString drop = u"%1_drop_%2"_s.arg(table, old);
    b.migration(drop, u"-- mwb:phase contract\n"_s + b.lockTimeout() + u"ALTER TABLE %1 DROP COLUMN %2%3;\n"_s.arg(table, old, b.online(u"INSTANT"_s)),
                u"-- Irreversible: the old values are gone. Restore from the new column if needed.\n-- mwb:irreversible\n"_s);

    int day = 0;
    b.step(u"expand"_s, u"Add %1 (%2) with sync trigger"_s.arg(fresh, newType), StepKind::SchemaMigration, Phase::Expand, day, {}, {add});
    b.step(u"backfill"_s, u"Backfill %1"_s.arg(fresh), StepKind::Backfill, Phase::Migrate, ++day, {u"expand"_s}, {backfill});
    b.step(u"verify"_s, u"Every row converted"_s, StepKind::Verification, Phase::Migrate, ++day, {u"backfill"_s}, {}, {},
           DeployRole::None, false, u"SELECT 1 FROM %1 WHERE %2 LIMIT 1"_s.arg(table, b.distinct(fresh, converted)));
    b.step(u"swap"_s, u"Swap %1 and %2"_s.arg(column, fresh), StepKind::SchemaMigration, Phase::Migrate, ++day, {u"verify"_s}, {swap});
    day += 2;
    b.step(u"stop-old"_s, u"Deploy: confirm nothing reads %1"_s.arg(old), StepKind::Deploy, Phase::Contract, ++day, {u"swap"_s}, {},
           u"next"_s, DeployRole::StopUsingOld);
    b.step(u"drop"_s, u"Drop %1.%2"_s.arg(table, old), StepKind::SchemaMigration, Phase::Contract, ++day, {u"stop-old"_s}, {drop}, {},
           DeployRole::None, true);
    return b.result;
}

Result<WizardResult> addNotNullColumnWizard(const WizardCommon &common, const QString &table, const QString &column,
                                            const QString &type, const QString &valueExpression)
{
    if (auto ok = checkCommon(common); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkIdentifiers({table, column}); !ok)
        return std::unexpected(ok.error());
    if (!isType(type))
        return fail(Error::Code::InvalidArgument, u"'%1' is not a column type"_s.arg(type));
    if (valueExpression.trimmed().isEmpty() || valueExpression.contains(u';'))
        return fail(Error::Code::InvalidArgument, u"the value for existing rows must be one SQL expression"_s);
    Builder b{common, {}};
    b.result.plan.name = u"Add %1.%2 NOT NULL"_s.arg(table, column);
    b.result.plan.subject = u"%1.%2 %3 NOT NULL"_s.arg(table, column, type);
    const QString add = u"%1_add_%2"_s.arg(table, column);
    b.migration(add, b.lockTimeout() + u"ALTER TABLE %1 ADD COLUMN %2 %3%4;\n"_s.arg(table, column, type, b.online(u"INSTANT"_s)),
                u"-- mwb:phase contract\n"_s + b.lockTimeout() + u"ALTER TABLE %1 DROP COLUMN %2%3;\n"_s.arg(table, column, b.online(u"INSTANT"_s)));
    const QString backfill = u"%1_backfill_%2"_s.arg(table, column);
    b.migration(backfill,
                b.backfillHeader(table)
                    + u"UPDATE %1 SET %2 = %3 WHERE %4 BETWEEN :start AND :end AND %2 IS NULL;\n"_s.arg(table, column, valueExpression, common.key),
                u"-- Nothing to undo: the add migration's down drops %1.\n"_s.arg(column), true, true);
    int day = 0;
    b.step(u"expand"_s, u"Add %1, nullable"_s.arg(column), StepKind::SchemaMigration, Phase::Expand, day, {}, {add});
    b.step(u"write"_s, u"Deploy: write %1 on every insert and update"_s.arg(column), StepKind::Deploy, Phase::Expand, ++day,
           {u"expand"_s}, {}, u"next"_s, DeployRole::DualWrite);
    b.step(u"backfill"_s, u"Backfill %1"_s.arg(column), StepKind::Backfill, Phase::Migrate, ++day, {u"write"_s}, {backfill});
    b.step(u"verify"_s, u"No NULL left in %1"_s.arg(column), StepKind::Verification, Phase::Migrate, ++day, {u"backfill"_s}, {}, {},
           DeployRole::None, false, u"SELECT 1 FROM %1 WHERE %2 IS NULL LIMIT 1"_s.arg(table, column));
    if (b.pg()) {
        const QString constraint = shortName(table + u'_' + column + u"_not_null"_s);
        const QString addCheck = u"%1_check_%2_not_null"_s.arg(table, column);
        const QString validate = u"%1_validate_%2_not_null"_s.arg(table, column);
        const QString setNotNull = u"%1_set_%2_not_null"_s.arg(table, column);
        b.migration(addCheck, b.lockTimeout() + u"ALTER TABLE %1 ADD CONSTRAINT %2 CHECK (%3 IS NOT NULL) NOT VALID;\n"_s.arg(table, constraint, column),
                    b.lockTimeout() + u"ALTER TABLE %1 DROP CONSTRAINT IF EXISTS %2;\n"_s.arg(table, constraint));
        b.migration(validate, b.lockTimeout() + u"ALTER TABLE %1 VALIDATE CONSTRAINT %2;\n"_s.arg(table, constraint),
                    u"-- Nothing to undo: validating changes no data.\n"_s);
        b.migration(setNotNull,
                    b.lockTimeout()
                        + u"-- The validated CHECK proves the column has no NULL: SET NOT NULL skips the table scan (PostgreSQL 12+).\n"
                          "ALTER TABLE %1 ALTER COLUMN %2 SET NOT NULL;\nALTER TABLE %1 DROP CONSTRAINT %3;\n"_s.arg(table, column, constraint),
                    b.lockTimeout() + u"ALTER TABLE %1 ALTER COLUMN %2 DROP NOT NULL;\n"_s.arg(table, column));
        b.step(u"check"_s, u"CHECK (%1 IS NOT NULL) NOT VALID"_s.arg(column), StepKind::SchemaMigration, Phase::Migrate, ++day, {u"verify"_s}, {addCheck});
        b.step(u"validate"_s, u"Validate the check (no write lock)"_s, StepKind::SchemaMigration, Phase::Migrate, day, {u"check"_s}, {validate});
        b.step(u"not-null"_s, u"SET NOT NULL, drop the check"_s, StepKind::SchemaMigration, Phase::Migrate, ++day, {u"validate"_s}, {setNotNull});
    } else {
        const QString setNotNull = u"%1_set_%2_not_null"_s.arg(table, column);
        b.migration(setNotNull, u"ALTER TABLE %1 MODIFY %2 %3 NOT NULL%4;\n"_s.arg(table, column, type, b.online(u"INPLACE"_s)),
                    u"ALTER TABLE %1 MODIFY %2 %3 NULL%4;\n"_s.arg(table, column, type, b.online(u"INPLACE"_s)));
        b.step(u"not-null"_s, u"MODIFY %1 NOT NULL online"_s.arg(column), StepKind::SchemaMigration, Phase::Migrate, ++day, {u"verify"_s}, {setNotNull});
    }
    return b.result;
}

Result<WizardResult> addForeignKeyWizard(const WizardCommon &common, const QString &table, const QString &column,
                                         const QString &refTable, const QString &refColumn)
{
    if (auto ok = checkCommon(common); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkIdentifiers({table, column, refTable, refColumn}); !ok)
        return std::unexpected(ok.error());
    Builder b{common, {}};
    b.result.plan.name = u"Foreign key %1.%2 → %3.%4"_s.arg(table, column, refTable, refColumn);
    b.result.plan.subject = b.result.plan.name;
    const QString index = shortName(table + u'_' + column + u"_idx"_s);
    const QString fk = shortName(table + u'_' + column + u"_fkey"_s);
    const QString indexMigration = u"%1_index_%2"_s.arg(table, column);
    const QString fkMigration = u"%1_add_%2"_s.arg(table, fk);
    int day = 0;
    if (b.pg()) {
        const QString validateMigration = u"%1_validate_%2"_s.arg(table, fk);
        b.migration(indexMigration, u"CREATE INDEX CONCURRENTLY %1 ON %2 (%3);\n"_s.arg(index, table, column),
                    u"DROP INDEX CONCURRENTLY IF EXISTS %1;\n"_s.arg(index), false);
        b.migration(fkMigration,
                    b.lockTimeout()
                        + u"ALTER TABLE %1 ADD CONSTRAINT %2 FOREIGN KEY (%3) REFERENCES %4 (%5) NOT VALID;\n"_s.arg(table, fk, column, refTable, refColumn),
                    b.lockTimeout() + u"ALTER TABLE %1 DROP CONSTRAINT IF EXISTS %2;\n"_s.arg(table, fk));
        b.migration(validateMigration, b.lockTimeout() + u"ALTER TABLE %1 VALIDATE CONSTRAINT %2;\n"_s.arg(table, fk),
                    u"-- Nothing to undo: validating changes no data.\n"_s);
        b.step(u"index"_s, u"Index %1 concurrently"_s.arg(column), StepKind::SchemaMigration, Phase::Expand, day, {}, {indexMigration});
        b.step(u"constraint"_s, u"Add the constraint NOT VALID"_s, StepKind::SchemaMigration, Phase::Expand, day, {u"index"_s}, {fkMigration});
        b.step(u"validate"_s, u"Validate it (no write lock)"_s, StepKind::SchemaMigration, Phase::Migrate, ++day, {u"constraint"_s}, {validateMigration});
    } else {
        b.migration(indexMigration, u"ALTER TABLE %1 ADD INDEX %2 (%3)%4;\n"_s.arg(table, index, column, b.online(u"INPLACE"_s)),
                    u"ALTER TABLE %1 DROP INDEX %2%3;\n"_s.arg(table, index, b.online(u"INPLACE"_s)));
        b.migration(fkMigration,
                    u"-- With foreign_key_checks off, InnoDB adds the key in place without copying the table; existing rows\n"
                    "-- are not checked, so the plan verifies them next.\n"
                    "SET SESSION foreign_key_checks = 0;\n"
                    "ALTER TABLE %1 ADD CONSTRAINT %2 FOREIGN KEY (%3) REFERENCES %4 (%5)%6;\n"
                    "SET SESSION foreign_key_checks = 1;\n"_s.arg(table, fk, column, refTable, refColumn, b.online(u"INPLACE"_s)),
                    u"ALTER TABLE %1 DROP FOREIGN KEY %2;\n"_s.arg(table, fk));
        b.step(u"index"_s, u"Index %1 online"_s.arg(column), StepKind::SchemaMigration, Phase::Expand, day, {}, {indexMigration});
        b.step(u"constraint"_s, u"Add the constraint in place"_s, StepKind::SchemaMigration, Phase::Expand, day, {u"index"_s}, {fkMigration});
        b.step(u"validate"_s, u"No orphaned rows"_s, StepKind::Verification, Phase::Migrate, ++day, {u"constraint"_s}, {}, {},
               DeployRole::None, false,
               u"SELECT 1 FROM %1 c LEFT JOIN %2 p ON p.%3 = c.%4 WHERE c.%4 IS NOT NULL AND p.%3 IS NULL LIMIT 1"_s.arg(table, refTable, refColumn, column));
    }
    return b.result;
}

Result<WizardResult> addUniqueWizard(const WizardCommon &common, const QString &table, const QStringList &columns)
{
    if (auto ok = checkCommon(common); !ok)
        return std::unexpected(ok.error());
    if (columns.isEmpty())
        return fail(Error::Code::InvalidArgument, u"name at least one column"_s);
    if (auto ok = checkIdentifiers(QStringList{table} + columns); !ok)
        return std::unexpected(ok.error());
    Builder b{common, {}};
    b.result.plan.name = u"Unique %1 (%2)"_s.arg(table, columns.join(u", "_s));
    b.result.plan.subject = b.result.plan.name;
    const QString name = shortName(table + u'_' + columns.join(u'_') + u"_key"_s);
    const QString indexMigration = u"%1_unique_index_%2"_s.arg(table, columns.join(u'_'));
    const QString check = u"SELECT 1 FROM %1 GROUP BY %2 HAVING count(*) > 1 LIMIT 1"_s.arg(table, columns.join(u", "_s));
    b.step(u"duplicates"_s, u"No duplicates today"_s, StepKind::Verification, Phase::Expand, 0, {}, {}, {}, DeployRole::None, false, check);
    if (b.pg()) {
        const QString constraintMigration = u"%1_add_%2"_s.arg(table, name);
        b.migration(indexMigration, u"CREATE UNIQUE INDEX CONCURRENTLY %1 ON %2 (%3);\n"_s.arg(name, table, columns.join(u", "_s)),
                    u"DROP INDEX CONCURRENTLY IF EXISTS %1;\n"_s.arg(name), false);
        b.migration(constraintMigration, b.lockTimeout() + u"ALTER TABLE %1 ADD CONSTRAINT %2 UNIQUE USING INDEX %2;\n"_s.arg(table, name),
                    b.lockTimeout() + u"ALTER TABLE %1 DROP CONSTRAINT IF EXISTS %2;\n"_s.arg(table, name));
        b.step(u"index"_s, u"Unique index, concurrently"_s, StepKind::SchemaMigration, Phase::Expand, 1, {u"duplicates"_s}, {indexMigration});
        b.step(u"constraint"_s, u"Constraint using the index"_s, StepKind::SchemaMigration, Phase::Expand, 1, {u"index"_s}, {constraintMigration});
    } else {
        b.migration(indexMigration, u"ALTER TABLE %1 ADD UNIQUE INDEX %2 (%3)%4;\n"_s.arg(table, name, columns.join(u", "_s), b.online(u"INPLACE"_s)),
                    u"ALTER TABLE %1 DROP INDEX %2%3;\n"_s.arg(table, name, b.online(u"INPLACE"_s)));
        b.step(u"index"_s, u"Unique index, online"_s, StepKind::SchemaMigration, Phase::Expand, 1, {u"duplicates"_s}, {indexMigration});
    }
    return b.result;
}

Result<WizardResult> addIndexWizard(const WizardCommon &common, const QString &table, const QStringList &columns)
{
    if (auto ok = checkCommon(common); !ok)
        return std::unexpected(ok.error());
    if (columns.isEmpty())
        return fail(Error::Code::InvalidArgument, u"name at least one column"_s);
    if (auto ok = checkIdentifiers(QStringList{table} + columns); !ok)
        return std::unexpected(ok.error());
    Builder b{common, {}};
    b.result.plan.name = u"Index %1 (%2)"_s.arg(table, columns.join(u", "_s));
    b.result.plan.subject = b.result.plan.name;
    const QString name = shortName(table + u'_' + columns.join(u'_') + u"_idx"_s);
    const QString migration = u"%1_index_%2"_s.arg(table, columns.join(u'_'));
    if (b.pg())
        b.migration(migration, u"CREATE INDEX CONCURRENTLY %1 ON %2 (%3);\n"_s.arg(name, table, columns.join(u", "_s)),
                    u"DROP INDEX CONCURRENTLY IF EXISTS %1;\n"_s.arg(name), false);
    else
        b.migration(migration, u"ALTER TABLE %1 ADD INDEX %2 (%3)%4;\n"_s.arg(table, name, columns.join(u", "_s), b.online(u"INPLACE"_s)),
                    u"ALTER TABLE %1 DROP INDEX %2%3;\n"_s.arg(table, name, b.online(u"INPLACE"_s)));
    b.step(u"index"_s, u"Build %1 without blocking writes"_s.arg(name), StepKind::SchemaMigration, Phase::Expand, 0, {}, {migration});
    return b.result;
}

Result<WizardResult> dropWizard(const WizardCommon &common, const QString &table, const QString &column)
{
    if (auto ok = checkCommon(common); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkIdentifiers(column.isEmpty() ? QStringList{table} : QStringList{table, column}); !ok)
        return std::unexpected(ok.error());
    Builder b{common, {}};
    const QString what = column.isEmpty() ? table : table + u'.' + column;
    b.result.plan.name = u"Drop %1"_s.arg(what);
    b.result.plan.subject = b.result.plan.name;
    const QString migration = column.isEmpty() ? u"drop_%1"_s.arg(table) : u"%1_drop_%2"_s.arg(table, column);
    const QString up = column.isEmpty()
        ? u"-- mwb:phase contract\n"_s + b.lockTimeout() + u"DROP TABLE %1;\n"_s.arg(table)
        : u"-- mwb:phase contract\n"_s + b.lockTimeout() + u"ALTER TABLE %1 DROP COLUMN %2%3;\n"_s.arg(table, column, b.online(u"INSTANT"_s));
    b.migration(migration, up, u"-- Irreversible: the dropped data is gone; restore from a backup if needed.\n-- mwb:irreversible\n"_s);
    b.step(u"stop"_s, u"Deploy: no code references %1"_s.arg(what), StepKind::Deploy, Phase::Contract, 0, {}, {}, u"next"_s,
           DeployRole::StopUsingOld);
    b.step(u"wait"_s, u"Wait: old releases drained, caches expired"_s, StepKind::Wait, Phase::Contract, 1, {u"stop"_s});
    b.step(u"drop"_s, u"Drop %1"_s.arg(what), StepKind::SchemaMigration, Phase::Contract, 3, {u"wait"_s}, {migration}, {},
           DeployRole::None, true);
    return b.result;
}

Result<WizardResult> splitTableWizard(const WizardCommon &common, const QString &table, const QString &newTable,
                                      const QStringList &columns, const QStringList &columnTypes)
{
    if (auto ok = checkCommon(common); !ok)
        return std::unexpected(ok.error());
    if (columns.isEmpty() || columns.size() != columnTypes.size())
        return fail(Error::Code::InvalidArgument, u"give one type for each column to move"_s);
    if (auto ok = checkIdentifiers(QStringList{table, newTable} + columns); !ok)
        return std::unexpected(ok.error());
    for (const QString &t : columnTypes) {
        if (!isType(t))
            return fail(Error::Code::InvalidArgument, u"'%1' is not a column type"_s.arg(t));
    }
    Builder b{common, {}};
    const QString key = common.key;
    const QString fk = shortName(newTable + u'_' + key + u"_fkey"_s);
    b.result.plan.name = u"Split %1 (%2) into %3"_s.arg(table, columns.join(u", "_s), newTable);
    b.result.plan.subject = b.result.plan.name;
    QStringList defs{u"%1 bigint PRIMARY KEY"_s.arg(key)};
    for (qsizetype i = 0; i < columns.size(); ++i)
        defs.append(columns.at(i) + u' ' + columnTypes.at(i));
    QStringList newValues, updates;
    for (const QString &c : columns) {
        newValues.append(u"NEW."_s + c);
        updates.append(b.pg() ? u"%1 = EXCLUDED.%1"_s.arg(c) : u"%1 = VALUES(%1)"_s.arg(c));
    }
    const QString cols = columns.join(u", "_s);
    const QString upsert = b.pg() ? u"ON CONFLICT (%1) DO UPDATE SET %2"_s.arg(key, updates.join(u", "_s))
                                  : u"ON DUPLICATE KEY UPDATE %1"_s.arg(updates.join(u", "_s));
    const QString trigger = shortName(table + u"_copy_to_"_s + newTable);
    QString create = u"CREATE TABLE %1 (\n    %2,\n    CONSTRAINT %3 FOREIGN KEY (%4) REFERENCES %5 (%4) ON DELETE CASCADE\n);\n"_s.arg(
        newTable, defs.join(u",\n    "_s), fk, key, table);
    if (b.pg()) {
        create += u"CREATE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                  "    INSERT INTO %2 (%3, %4) VALUES (NEW.%3, %5) %6;\n    RETURN NEW;\nEND $$;\n"
                  "CREATE TRIGGER %1 AFTER INSERT OR UPDATE ON %7 FOR EACH ROW EXECUTE FUNCTION %1();\n"_s.arg(
                      trigger, newTable, key, cols, newValues.join(u", "_s), upsert, table);
    } else {
        create += u"CREATE TRIGGER %1_ins AFTER INSERT ON %2 FOR EACH ROW INSERT INTO %3 (%4, %5) VALUES (NEW.%4, %6) %7;\n"
                  "CREATE TRIGGER %1_upd AFTER UPDATE ON %2 FOR EACH ROW INSERT INTO %3 (%4, %5) VALUES (NEW.%4, %6) %7;\n"_s.arg(
                      trigger, table, newTable, key, cols, newValues.join(u", "_s), upsert);
    }
    const QString dropTriggers = b.pg() ? u"DROP TRIGGER IF EXISTS %1 ON %2;\nDROP FUNCTION IF EXISTS %1();\n"_s.arg(trigger, table)
                                        : u"DROP TRIGGER IF EXISTS %1_ins;\nDROP TRIGGER IF EXISTS %1_upd;\n"_s.arg(trigger);
    const QString createMigration = u"create_%1"_s.arg(newTable);
    b.migration(createMigration, b.lockTimeout() + create,
                u"-- mwb:phase contract\n"_s + b.lockTimeout() + dropTriggers + u"DROP TABLE IF EXISTS %1;\n"_s.arg(newTable));
    const QString backfill = u"%1_backfill_%2"_s.arg(newTable, table);
    b.migration(backfill,
                b.backfillHeader(table)
                    + u"INSERT INTO %1 (%2, %3) SELECT %2, %3 FROM %4 WHERE %2 BETWEEN :start AND :end %5;\n"_s.arg(newTable, key, cols, table, upsert),
                u"-- Nothing to undo: the create migration's down drops %1.\n"_s.arg(newTable), true, true);
    QStringList differs;
    for (const QString &c : columns)
        differs.append(b.distinct(u"n."_s + c, u"o."_s + c));
    const QString check = u"SELECT 1 FROM %1 o LEFT JOIN %2 n ON n.%3 = o.%3 WHERE n.%3 IS NULL OR %4 LIMIT 1"_s.arg(
        table, newTable, key, differs.join(u" OR "_s));
    const QString drop = u"%1_drop_%2"_s.arg(table, columns.join(u'_'));
    QStringList dropColumns;
    for (const QString &c : columns)
        dropColumns.append(u"DROP COLUMN "_s + c);
    b.migration(drop, u"-- mwb:phase contract\n"_s + b.lockTimeout() + dropTriggers
                          + u"ALTER TABLE %1 %2%3;\n"_s.arg(table, dropColumns.join(u", "_s), b.online(u"INSTANT"_s)),
                u"-- Irreversible here: re-adding the columns needs a backfill from %1.\n-- mwb:irreversible\n"_s.arg(newTable));
    int day = 0;
    b.step(u"create"_s, u"Create %1 with copy trigger"_s.arg(newTable), StepKind::SchemaMigration, Phase::Expand, day, {}, {createMigration});
    b.step(u"backfill"_s, u"Copy existing rows"_s, StepKind::Backfill, Phase::Migrate, ++day, {u"create"_s}, {backfill});
    b.step(u"verify"_s, u"Every row copied"_s, StepKind::Verification, Phase::Migrate, ++day, {u"backfill"_s}, {}, {}, DeployRole::None, false, check);
    b.step(u"read-switch"_s, u"Deploy: read from %1"_s.arg(newTable), StepKind::Deploy, Phase::Migrate, ++day, {u"verify"_s}, {},
           u"next"_s, DeployRole::ReadSwitch);
    day += 3;
    b.step(u"stop-old"_s, u"Deploy: write only %1"_s.arg(newTable), StepKind::Deploy, Phase::Contract, ++day, {u"read-switch"_s}, {},
           u"next"_s, DeployRole::StopUsingOld);
    b.step(u"drop"_s, u"Drop the moved columns from %1"_s.arg(table), StepKind::SchemaMigration, Phase::Contract, ++day,
           {u"stop-old"_s}, {drop}, {}, DeployRole::None, true);
    return b.result;
}

QString describeWizardResult(const WizardResult &result)
{
    QString out = planToMarkdown(result.plan);
    for (const WizardMigration &m : result.migrations) {
        out += u"\n=== %1%2%3 ===\n-- up\n"_s.arg(m.name, m.transactional ? QString() : u" (no transaction)"_s,
                                                m.backfill ? u" (backfill)"_s : QString());
        out += m.up;
        out += u"-- down\n"_s + m.down;
    }
    return out;
}

} // namespace core::plan
