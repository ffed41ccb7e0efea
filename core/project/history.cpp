// SPDX-License-Identifier: GPL-3.0-or-later
#include "history.h"

#include "checksum.h"
#include "core/logging.h"
#include "reader.h"

#include <QHash>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

QString quoteIdent(Dialect d, const QString &name)
{
    if (d == Dialect::MySQL)
        return u'`' + QString(name).replace(u"`"_s, u"``"_s) + u'`';
    return u'"' + QString(name).replace(u"\""_s, u"\"\""_s) + u'"';
}

QString qualified(Dialect d, const QString &schema, const QString &table)
{
    return schema.isEmpty() ? quoteIdent(d, table) : quoteIdent(d, schema) + u'.' + quoteIdent(d, table);
}

const QStringList &historyTableNames()
{
    static const QStringList names{u"schema_migrations"_s,      u"ar_internal_metadata"_s, u"flyway_schema_history"_s,
                                   u"schema_version"_s,         u"_prisma_migrations"_s,   u"__drizzle_migrations"_s,
                                   u"atlas_schema_revisions"_s, u"pgmigrations"_s,         u"changes"_s,
                                   u"django_migrations"_s,      u"databasechangelog"_s,    u"goose_db_version"_s};
    return names;
}

bool isTextType(const QString &t)
{
    return t.contains(u"char"_s) || t == u"text" || t.contains(u"text"_s);
}

void classify(HistoryTable &t, const QMap<QString, QString> &cols, bool railsMetadata)
{
    auto has = [&cols](std::initializer_list<const char *> names) {
        return std::ranges::all_of(names, [&cols](const char *n) { return cols.contains(QString::fromLatin1(n)); });
    };
    auto describe = [&cols]() {
        QStringList parts;
        for (auto it = cols.cbegin(); it != cols.cend(); ++it)
            parts.append(it.key() + u' ' + it.value());
        return u"columns "_s + parts.join(u", "_s);
    };
    t.evidence = describe();
    if (cols.size() == 2 && has({"version", "dirty"}) && cols.value(u"version"_s).contains(u"int"_s)) {
        t.format = Format::GolangMigrate;
        t.tool = u"golang-migrate"_s;
    } else if (cols.size() == 1 && has({"version"}) && isTextType(cols.value(u"version"_s))) {
        if (railsMetadata) {
            t.tool = u"rails"_s; // same DDL as dbmate; ar_internal_metadata tells them apart
        } else {
            t.format = Format::Dbmate;
            t.tool = u"dbmate"_s;
        }
    } else if (has({"installed_rank", "version", "description", "type", "script", "checksum", "success"})) {
        t.format = Format::Flyway;
        t.tool = u"flyway"_s;
    } else if (has({"id", "checksum", "finished_at", "migration_name", "rolled_back_at", "applied_steps_count"})) {
        t.format = Format::Prisma;
        t.tool = u"prisma"_s;
    } else if (has({"id", "hash", "created_at"}) && cols.size() <= 5) {
        t.format = cols.contains(u"name"_s) ? Format::DrizzleV1 : Format::Drizzle;
        t.tool = u"drizzle"_s;
    } else if (has({"version", "description", "applied", "total", "executed_at", "execution_time", "hash"})) {
        t.format = Format::Atlas;
        t.tool = u"atlas"_s;
    } else if (cols.size() == 3 && has({"id", "name", "run_on"})) {
        t.format = Format::NodePgMigrate;
        t.tool = u"node-pg-migrate"_s;
    } else if (has({"change_id", "script_hash", "change", "project", "committed_at"})) {
        t.format = Format::Sqitch;
        t.tool = u"sqitch"_s;
    } else if (has({"id", "app", "name", "applied"})) {
        t.format = Format::Django;
        t.tool = u"django"_s;
    } else if (has({"id", "author", "filename", "dateexecuted", "orderexecuted", "exectype", "md5sum"})) {
        t.format = Format::Liquibase;
        t.tool = u"liquibase"_s;
    } else if (has({"version_id", "is_applied", "tstamp"})) {
        t.tool = u"goose"_s;
    }
}

QString isoTime(const QString &stored)
{
    if (stored.isNull())
        return {};
    QString s = stored;
    if (s.size() > 10 && s.at(10) == u' ')
        s[10] = u'T';
    return s;
}

AppliedRecord record(const QString &key, const QString &version, const QString &name = {},
                     const QString &appliedAt = {}, bool failed = false)
{
    AppliedRecord r;
    r.key = key;
    r.version = version;
    r.name = name;
    r.appliedAt = appliedAt;
    r.failed = failed;
    return r;
}

bool truthy(const QString &v)
{
    return v == u"t" || v == u"true" || v == u"1";
}

} // namespace

QString stateId(MigrationStatus::State state)
{
    switch (state) {
    case MigrationStatus::State::Applied:
        return u"applied"_s;
    case MigrationStatus::State::Pending:
        return u"pending"_s;
    case MigrationStatus::State::Failed:
        return u"failed"_s;
    case MigrationStatus::State::Drifted:
        return u"drifted"_s;
    case MigrationStatus::State::Missing:
        return u"missing"_s;
    case MigrationStatus::State::OutOfOrder:
        return u"out-of-order"_s;
    case MigrationStatus::State::Deleted:
        return u"deleted"_s;
    }
    return {};
}

int ProjectStatus::count(MigrationStatus::State state) const
{
    return static_cast<int>(std::ranges::count_if(migrations, [state](const MigrationStatus &m) { return m.state == state; }));
}

Result<QList<HistoryTable>> findHistoryTables(DbSession &db, const QString &alsoNamed, const QString &alsoSchema)
{
    QStringList quoted;
    QStringList names = historyTableNames();
    // a configured name as written (PostgreSQL keeps the case of a quoted name) and folded; never one that would
    // need escaping inside the literal
    if (!alsoNamed.contains(u'\'') && !alsoNamed.contains(u'\\'))
        for (const QString &n : {alsoNamed, alsoNamed.toLower()})
            if (!n.isEmpty() && !names.contains(n))
                names.append(n);
    for (const QString &n : std::as_const(names))
        quoted.append(u'\'' + n + u'\'');
    QString sql;
    if (db.dialect() == Dialect::PostgreSQL) {
        sql = u"SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
              "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name IN (%1) "
              "ORDER BY table_schema, table_name, ordinal_position"_s.arg(quoted.join(u", "_s));
    } else {
        sql = u"SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns "
              "WHERE (table_schema = DATABASE() OR table_schema = 'sqitch' OR table_schema = $1) AND LOWER(table_name) IN (%1) "
              "ORDER BY table_schema, table_name, ordinal_position"_s.arg(quoted.join(u", "_s));
    }
    const auto rows = db.dialect() == Dialect::PostgreSQL ? db.query(sql) : db.query(sql, {alsoSchema.isEmpty() ? u"sqitch"_s : alsoSchema});
    if (!rows)
        return std::unexpected(rows.error());
    QMap<QPair<QString, QString>, QMap<QString, QString>> tables;
    QSet<QString> railsSchemas;
    for (const Row &r : *rows) {
        if (r.value(1).compare(u"ar_internal_metadata"_s, Qt::CaseInsensitive) == 0) {
            railsSchemas.insert(r.value(0));
            continue;
        }
        tables[{r.value(0), r.value(1)}].insert(r.value(2).toLower(), r.value(3).toLower());
    }
    QList<HistoryTable> out;
    for (auto it = tables.cbegin(); it != tables.cend(); ++it) {
        HistoryTable t;
        t.schema = it.key().first;
        t.name = it.key().second;
        classify(t, it.value(), railsSchemas.contains(t.schema));
        out.append(t);
    }
    return out;
}

Result<History> readHistory(DbSession &db, const Project &project)
{
    const Dialect d = db.dialect();
    History h;
    QString schema = project.historySchema;
    if (d == Dialect::MySQL && project.format != Format::Sqitch)
        schema.clear(); // MySQL: the connected database (Drizzle, Atlas, Flyway)
    if (d == Dialect::PostgreSQL && schema.isEmpty())
        schema = db.currentSchema();
    const QString tableName = project.historyTable;
    const auto tables = findHistoryTables(db, tableName, d == Dialect::MySQL ? schema : QString());
    if (!tables)
        return std::unexpected(tables.error());
    const QString effectiveSchema = schema.isEmpty() ? db.currentSchema() : schema;
    const HistoryTable *match = nullptr;
    for (const HistoryTable &t : *tables) {
        if (t.name.compare(tableName, Qt::CaseInsensitive) != 0 || t.schema != effectiveSchema)
            continue;
        const bool sameTool = t.format == project.format
            || (project.format == Format::Drizzle && t.format == Format::DrizzleV1)
            || (project.format == Format::DrizzleV1 && t.format == Format::Drizzle);
        if (sameTool) {
            match = &t;
        } else {
            h.notes.append(u"%1.%2 has %3's layout (%4), not %5's: it is not this folder's history"_s.arg(
                t.schema, t.name, t.tool.isEmpty() ? u"another tool"_s : t.tool, t.evidence, formatId(project.format)));
        }
    }
    if (!match) {
        h.table = qualified(d, schema, tableName);
        h.notes.append(u"no %1 history table %2: nothing has been applied by %1 on this database"_s.arg(
            formatId(project.format), h.table));
        return h;
    }
    h.found = true;
    h.table = qualified(d, schema, match->name);
    const QString t = h.table;
    auto run = [&db](const QString &sql, const QStringList &params = {}) { return db.query(sql, params); };
    Result<QList<Row>> rows = QList<Row>{};
    switch (project.format) {
    case Format::GolangMigrate:
        rows = run(u"SELECT version, dirty FROM %1"_s.arg(t));
        if (rows)
            for (const Row &r : *rows)
                h.records.append(record(r.value(0), r.value(0), {}, {}, truthy(r.value(1))));
        break;
    case Format::Dbmate:
        rows = run(u"SELECT version FROM %1 ORDER BY version"_s.arg(t));
        if (rows)
            for (const Row &r : *rows)
                h.records.append(record(r.value(0), r.value(0)));
        break;
    case Format::Flyway:
        rows = run(u"SELECT installed_rank, version, description, type, script, checksum, installed_by, installed_on, "
                   "execution_time, success FROM %1 ORDER BY installed_rank"_s.arg(t));
        if (rows)
            for (const Row &r : *rows) {
                AppliedRecord rec;
                rec.version = r.value(1);
                rec.name = r.value(2);
                rec.type = r.value(3);
                rec.script = r.value(4);
                rec.key = rec.version.isNull() ? u"R:"_s + rec.name : rec.version;
                rec.checksum = r.value(5);
                rec.appliedBy = r.value(6);
                rec.appliedAt = isoTime(r.value(7));
                rec.durationMs = r.value(8).toLongLong();
                rec.failed = !truthy(r.value(9));
                h.records.append(rec);
            }
        break;
    case Format::Prisma:
        rows = run(u"SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, "
                   "applied_steps_count FROM %1 ORDER BY started_at, migration_name"_s.arg(t));
        if (rows)
            for (const Row &r : *rows) {
                if (!r.value(5).isNull())
                    continue; // rolled back: ignored when deciding what is pending
                AppliedRecord rec;
                rec.key = r.value(3);
                rec.name = r.value(3);
                rec.checksum = r.value(1);
                rec.appliedAt = isoTime(r.value(2).isNull() ? r.value(6) : r.value(2));
                rec.failed = r.value(2).isNull();
                rec.error = r.value(4);
                h.records.append(rec);
            }
        break;
    case Format::Drizzle:
    case Format::DrizzleV1: {
        const bool hasName = match->evidence.contains(u"name "_s);
        rows = run(u"SELECT id, hash, created_at%2 FROM %1 ORDER BY id"_s.arg(t, hasName ? u", name, applied_at"_s : QString()));
        if (rows)
            for (const Row &r : *rows) {
                AppliedRecord rec;
                rec.key = project.format == Format::DrizzleV1 ? r.value(3) : r.value(2);
                rec.name = r.value(3);
                rec.checksum = r.value(1);
                rec.appliedAt = isoTime(r.value(4));
                rec.version = r.value(2);
                h.records.append(rec);
            }
        break;
    }
    case Format::Atlas:
        rows = run(u"SELECT version, description, type, applied, total, executed_at, execution_time, error, hash "
                   "FROM %1 ORDER BY version"_s.arg(t));
        if (rows)
            for (const Row &r : *rows) {
                AppliedRecord rec;
                rec.key = r.value(0);
                rec.version = r.value(0);
                rec.name = r.value(1);
                rec.type = r.value(2);
                rec.appliedAt = isoTime(r.value(5));
                rec.durationMs = r.value(6).toLongLong() / 1000000;
                rec.error = r.value(7);
                rec.failed = !r.value(7).isNull() || r.value(3).toLongLong() < r.value(4).toLongLong();
                rec.checksum = r.value(8);
                h.records.append(rec);
            }
        break;
    case Format::NodePgMigrate:
        rows = run(u"SELECT id, name, run_on FROM %1 ORDER BY run_on, id"_s.arg(t));
        if (rows)
            for (const Row &r : *rows)
                h.records.append(record(r.value(1), {}, r.value(1), isoTime(r.value(2))));
        break;
    case Format::Sqitch:
        // `change` is a reserved word in MySQL
        rows = run(u"SELECT change_id, %2, script_hash, committed_at, committer_name, committer_email FROM %1 "
                   "WHERE project = $1 ORDER BY committed_at"_s.arg(t, quoteIdent(d, u"change"_s)),
                   {project.projectName});
        if (rows) {
            for (const Row &r : *rows) {
                AppliedRecord rec;
                rec.key = r.value(0);
                rec.name = r.value(1);
                rec.script = r.value(1);
                rec.checksum = r.value(2);
                rec.appliedAt = isoTime(r.value(3));
                rec.appliedBy = r.value(4) + u" <"_s + r.value(5) + u'>';
                h.records.append(rec);
            }
            // A change whose latest event is "fail" failed to deploy (no changes row was written).
            const auto fails = run(u"SELECT e.change_id, e.%2, e.committed_at, e.committer_name FROM %1 e "
                                   "WHERE e.project = $1 AND e.event = 'fail' AND e.committed_at = (SELECT max(x.committed_at) "
                                   "FROM %1 x WHERE x.change_id = e.change_id)"_s.arg(qualified(d, schema, u"events"_s),
                                                                                     quoteIdent(d, u"change"_s)),
                                   {project.projectName});
            if (fails)
                for (const Row &r : *fails)
                {
                    AppliedRecord rec = record(r.value(0), {}, r.value(1), isoTime(r.value(2)), true);
                    rec.script = r.value(1);
                    rec.appliedBy = r.value(3);
                    h.records.append(rec);
                }
        }
        break;
    case Format::Django:
        rows = run(u"SELECT app, name, applied FROM %1 ORDER BY id"_s.arg(t));
        if (rows)
            for (const Row &r : *rows)
                h.records.append(record(r.value(0) + u'.' + r.value(1), {}, r.value(1), isoTime(r.value(2))));
        break;
    case Format::Liquibase:
        rows = run(u"SELECT id, author, filename, dateexecuted, orderexecuted, exectype, md5sum FROM %1 "
                   "ORDER BY orderexecuted"_s.arg(t));
        if (rows)
            for (const Row &r : *rows) {
                AppliedRecord rec;
                rec.key = r.value(0) + u'|' + r.value(1) + u'|' + r.value(2);
                rec.version = r.value(0);
                rec.name = r.value(1) + u':' + r.value(0);
                rec.script = r.value(2);
                rec.appliedAt = isoTime(r.value(3));
                rec.type = r.value(5);
                rec.failed = rec.type == u"FAILED";
                rec.checksum = r.value(6);
                h.records.append(rec);
            }
        break;
    case Format::Unknown:
        break;
    }
    if (!rows)
        return std::unexpected(rows.error());
    return h;
}

namespace {

struct Hints
{
    QString failed, drifted, missing, outOfOrder;
};

Hints hintsFor(Format f)
{
    switch (f) {
    case Format::GolangMigrate:
        return {u"golang-migrate refuses to run (\"Dirty database version\"): undo what the failed migration left "
                "half done, then `migrate force <previous version>` and run it again"_s,
                {},
                u"the database is at a version with no file (\"no migration found for version\"): restore the "
                "file or `migrate force` to a version that exists"_s,
                {}};
    case Format::Dbmate:
        return {{}, {},
                u"dbmate silently omits it from status: restore the file from version control, or delete the row "
                "from schema_migrations if the change was really undone"_s,
                u"dbmate applies it on the next run (refused with --strict); check it does not depend on later "
                "migrations, or renumber it after the latest"_s};
    case Format::Flyway:
        return {u"Flyway's validate fails (\"Detected failed migration\"): remove the half-done changes and run "
                "`flyway repair`"_s,
                u"Flyway's validate fails (\"Migration checksum mismatch\"): revert the edit, or run `flyway repair` "
                "if the edit is intended"_s,
                u"validate fails (\"Detected applied migration not resolved locally\"): restore the file, or "
                "`flyway repair` to mark it deleted"_s,
                u"Flyway refuses (\"Detected resolved migration not applied to database\") unless outOfOrder=true: "
                "renumber it after the latest, or run with -outOfOrder=true"_s};
    case Format::Prisma:
        return {u"`prisma migrate deploy` is blocked (P3009): fix the database, then `prisma migrate resolve "
                "--rolled-back <name>` (or --applied if you completed it by hand)"_s,
                u"`prisma migrate dev` reports it as modified after it was applied: revert the edit or create a new "
                "migration for the change"_s,
                u"recorded but the folder is gone: restore it from version control (`migrate status` reports the "
                "histories diverge)"_s,
                u"`prisma migrate deploy` applies it although later migrations ran: check it does not depend on "
                "them"_s};
    case Format::Drizzle:
        return {{},
                u"Drizzle never compares hashes, so the edit will not run anywhere it was applied: revert it and add "
                "a new migration"_s,
                u"the row's created_at matches no journal entry: restore the entry and its file"_s,
                u"Drizzle 0.x skips it forever (its `when` is not after the last applied one): regenerate it as a "
                "new migration after the latest"_s};
    case Format::DrizzleV1:
        return {{}, u"revert the edit and add a new migration"_s, u"restore the folder from version control"_s,
                u"Drizzle 1.0 applies it on the next run: check it does not depend on later migrations"_s};
    case Format::Atlas:
        return {u"Atlas resumes at the failed statement: fix the database or the file, then `atlas migrate apply` "
                "(or `atlas migrate set` to move the revision)"_s,
                u"the file changed after it was applied (hash differs from the revision): revert it, or "
                "`atlas migrate set` after checking"_s,
                u"a revision without a file: restore it from version control"_s,
                u"Atlas refuses (HistoryNonLinearError) unless --exec-order non-linear: renumber it after the "
                "latest"_s};
    case Format::NodePgMigrate:
        return {{}, {},
                u"node-pg-migrate fails on down (\"Definitions of migrations ... have been deleted\"): restore the "
                "file"_s,
                u"node-pg-migrate refuses (\"Not run migration ... is preceding already run migration\"): rename it "
                "after the latest or run with --no-check-order"_s};
    case Format::Sqitch:
        return {u"the deploy failed and was reverted by sqitch: fix the script and deploy again"_s,
                u"`sqitch check` reports \"Script signatures diverge\": revert the edit or `sqitch rework` the change"_s,
                u"deployed but not in sqitch.plan: restore the plan line and scripts"_s,
                u"sqitch deploys in plan order: check the plan"_s};
    case Format::Django:
        return {{}, {},
                u"applied but the migration file is gone: restore it, or `migrate --fake` to a migration that exists"_s,
                u"InconsistentMigrationHistory may follow: check the dependency graph"_s};
    case Format::Liquibase:
        return {u"fix the database and run `liquibase update` again"_s,
                u"Liquibase's validate fails (checksum changed): revert the edit, add --validCheckSum, or "
                "`liquibase clear-checksums`"_s,
                u"listed by `liquibase unexpected-changesets`: restore the changeset"_s,
                u"Liquibase runs it on the next update"_s};
    case Format::Unknown:
        break;
    }
    return {};
}

bool checksumsDiffer(Format f, const Migration &m, const AppliedRecord &rec)
{
    if (rec.checksum.isEmpty() || m.checksum.isEmpty())
        return false;
    if (f == Format::Prisma)
        return rec.checksum != m.checksum && !prismaChecksumMatches(rec.checksum, m.upSql.toUtf8());
    return rec.checksum != m.checksum;
}

} // namespace

ProjectStatus mergeStatus(const Project &project, const History &history)
{
    ProjectStatus st;
    st.format = project.format;
    st.historyTable = history.table;
    st.historyFound = history.found;
    st.notes = history.notes;
    const Hints hints = hintsFor(project.format);
    using State = MigrationStatus::State;
    auto base = [](const Migration &m) {
        MigrationStatus s;
        s.version = m.version;
        s.name = m.name;
        s.id = m.id;
        s.path = m.upPath;
        return s;
    };

    if (project.format == Format::GolangMigrate) {
        // A single "current version" row: everything up to it counts as applied.
        const bool has = !history.records.isEmpty();
        const quint64 current = has ? history.records.first().version.toULongLong() : 0;
        const bool dirty = has && history.records.first().failed;
        bool currentHasFile = false;
        for (const Migration &m : project.migrations) {
            MigrationStatus s = base(m);
            const quint64 v = m.version.toULongLong();
            if (has && v < current) {
                s.state = State::Applied;
            } else if (has && v == current) {
                currentHasFile = true;
                s.state = dirty ? State::Failed : State::Applied;
                if (dirty) {
                    s.detail = u"Dirty database version %1. Fix and force version."_s.arg(current);
                    s.hint = hints.failed;
                }
            } else {
                s.state = State::Pending;
            }
            st.migrations.append(s);
        }
        if (has && !currentHasFile) {
            MigrationStatus s;
            s.version = QString::number(current);
            s.id = s.version;
            s.path = s.version;
            s.state = dirty ? State::Failed : State::Missing;
            s.detail = u"no migration found for version %1"_s.arg(current);
            s.hint = hints.missing;
            st.migrations.append(s);
        }
        if (has)
            st.notes.append(u"golang-migrate records only the current version (%1%2): earlier versions are assumed "
                            "applied, edits and out-of-order files cannot be detected"_s.arg(current).arg(
                                dirty ? u", dirty"_s : QString()));
        return st;
    }

    // Key each record; the latest record for a key wins (Flyway: DELETE rows cancel earlier ones).
    QHash<QString, AppliedRecord> byKey;
    QStringList keyOrder;
    QString flywayBaseline;
    QHash<QString, AppliedRecord> deleted; // Flyway: the DELETE row `flyway repair` wrote, while it is the latest
    QStringList deletedOrder;
    for (const AppliedRecord &rec : history.records) {
        if (project.format == Format::Flyway) {
            if (rec.type == u"BASELINE" || rec.type.endsWith(u"_BASELINE"_s)) {
                flywayBaseline = rec.version;
                continue;
            }
            if (rec.type == u"SCHEMA")
                continue;
            if (rec.type == u"DELETE" || rec.type.startsWith(u"UNDO_"_s)) { // deleted by repair, or undone (Teams undo)
                const bool wasApplied = byKey.remove(rec.key) > 0;
                keyOrder.removeAll(rec.key);
                if (rec.type == u"DELETE" && !rec.failed && wasApplied) {
                    deleted.insert(rec.key, rec);
                    deletedOrder.removeAll(rec.key);
                    deletedOrder.append(rec.key);
                }
                continue;
            }
            if (deleted.remove(rec.key) > 0) // applied again after it was marked deleted
                deletedOrder.removeAll(rec.key);
        }
        if (!byKey.contains(rec.key))
            keyOrder.append(rec.key);
        byKey.insert(rec.key, rec);
    }
    auto keyOf = [&project](const Migration &m) {
        if (project.format == Format::Flyway)
            return m.kind == Migration::Kind::Repeatable ? u"R:"_s + m.name : m.version;
        if (project.format == Format::Sqitch)
            return m.id;
        return m.id;
    };
    // Sqitch rows may be matched by change name when the id changed (plan edited): treat as drift.
    qsizetype lastApplied = -1;
    for (qsizetype i = 0; i < project.migrations.size(); ++i) {
        const Migration &m = project.migrations.at(i);
        if (m.kind == Migration::Kind::Repeatable)
            continue;
        const auto it = byKey.constFind(keyOf(m));
        if (it != byKey.cend() && !it->failed)
            lastApplied = i;
    }
    for (qsizetype i = 0; i < project.migrations.size(); ++i) {
        const Migration &m = project.migrations.at(i);
        MigrationStatus s = base(m);
        const QString key = keyOf(m);
        if (byKey.contains(key)) {
            const AppliedRecord rec = byKey.take(key);
            s.appliedAt = rec.appliedAt;
            s.appliedBy = rec.appliedBy;
            s.durationMs = rec.durationMs;
            if (rec.failed) {
                s.state = State::Failed;
                s.detail = rec.error.isEmpty() ? u"recorded as failed"_s : rec.error.left(500);
                s.hint = hints.failed;
            } else if (checksumsDiffer(project.format, m, rec)) {
                if (m.kind == Migration::Kind::Repeatable) {
                    s.state = State::Pending;
                    s.detail = u"outdated: the repeatable migration changed, Flyway runs it again"_s;
                } else {
                    s.state = State::Drifted;
                    s.detail = u"edited after it was applied: checksum %1 recorded, %2 on disk"_s.arg(rec.checksum,
                                                                                                     m.checksum);
                    s.hint = hints.drifted;
                }
            } else {
                s.state = State::Applied;
            }
        } else if (project.format == Format::Flyway && !flywayBaseline.isEmpty()
                   && m.kind == Migration::Kind::Versioned && compareFlywayVersions(m.version, flywayBaseline) <= 0) {
            s.state = State::Applied;
            s.detail = u"below the baseline %1"_s.arg(flywayBaseline);
        } else if (i < lastApplied && m.kind == Migration::Kind::Versioned) {
            s.state = State::OutOfOrder;
            s.detail = u"not applied, but a later migration (%1) is"_s.arg(project.migrations.at(lastApplied).id);
            s.hint = hints.outOfOrder;
        } else {
            s.state = State::Pending;
        }
        if (s.state != State::Applied && deleted.contains(key)) {
            // The file is back after `flyway repair` marked it deleted: Flyway counts it as not applied.
            const AppliedRecord rec = deleted.take(key);
            deletedOrder.removeAll(key);
            s.detail = (s.detail.isEmpty() ? QString() : s.detail + u"; "_s)
                + u"marked deleted by flyway repair (%1), so it counts as not applied"_s.arg(rec.appliedAt);
        }
        st.migrations.append(s);
    }
    for (const QString &key : std::as_const(keyOrder)) {
        if (!byKey.contains(key))
            continue;
        const AppliedRecord rec = byKey.value(key);
        MigrationStatus s;
        s.version = rec.version.isEmpty() ? rec.key : rec.version;
        s.name = rec.name;
        s.id = rec.key;
        s.path = rec.script.isEmpty() ? rec.key : rec.script;
        s.appliedAt = rec.appliedAt;
        s.appliedBy = rec.appliedBy;
        s.durationMs = rec.durationMs;
        s.state = rec.failed ? State::Failed : State::Missing;
        s.detail = rec.failed ? (rec.error.isEmpty() ? u"recorded as failed; no file on disk"_s : rec.error.left(500))
                              : u"recorded as applied, but no migration file matches"_s;
        s.hint = rec.failed ? hints.failed : hints.missing;
        st.migrations.append(s);
    }
    for (const QString &key : std::as_const(deletedOrder)) {
        const AppliedRecord rec = deleted.value(key);
        MigrationStatus s;
        s.version = rec.version.isEmpty() ? rec.key : rec.version;
        s.name = rec.name;
        s.id = rec.key;
        s.path = rec.script.isEmpty() ? rec.key : rec.script;
        s.appliedAt = rec.appliedAt;
        s.appliedBy = rec.appliedBy;
        s.state = State::Deleted;
        s.detail = u"applied, then marked deleted by flyway repair at %1 (its file is gone); Flyway no longer counts "
                   "it as applied"_s.arg(rec.appliedAt);
        st.migrations.append(s);
    }
    return st;
}

Result<void> applyUrlSettings(Project &project, ConnectionParams &params)
{
    QString table;
    bool quoted = false;
    bool haveTable = false;
    QList<QPair<QString, QString>> kept;
    for (const auto &[key, value] : std::as_const(params.options)) {
        if (!key.startsWith(u"x-"_s)) {
            kept.append({key, value});
            continue;
        }
        if (key == u"x-migrations-table"_s) {
            table = value;
            haveTable = !value.isEmpty();
        } else if (key == u"x-migrations-table-quoted"_s) {
            // Go strconv.ParseBool
            static const QStringList yes{u"1"_s, u"t"_s, u"T"_s, u"TRUE"_s, u"true"_s, u"True"_s};
            static const QStringList no{u"0"_s, u"f"_s, u"F"_s, u"FALSE"_s, u"false"_s, u"False"_s};
            if (!yes.contains(value) && !no.contains(value))
                return fail(Error::Code::InvalidArgument,
                            u"x-migrations-table-quoted: strconv.ParseBool: parsing \"%1\": invalid syntax"_s.arg(value));
            quoted = yes.contains(value);
        }
    }
    params.options = kept;
    if (project.format != Format::GolangMigrate || !haveTable)
        return {};
    if (!quoted) {
        project.historyTable = table;
        return {};
    }
    if (!table.startsWith(u'"') || !table.endsWith(u'"') || table.size() < 2)
        return fail(Error::Code::InvalidArgument,
                    u"x-migrations-table must be quoted (for instance '\"migrate\".\"schema_migrations\"') when "
                    "x-migrations-table-quoted is enabled, current value is: %1"_s.arg(table));
    static const QRegularExpression part(u"\"(.*?)\""_s);
    QStringList parts;
    for (auto it = part.globalMatch(table); it.hasNext();)
        parts.append(it.next().captured(1));
    if (parts.size() > 2)
        return fail(Error::Code::InvalidArgument, u"\"%1\" MigrationsTable contains too many dot characters"_s.arg(table));
    project.historyTable = parts.last();
    if (parts.size() == 2 && params.dialect == Dialect::PostgreSQL)
        project.historySchema = parts.first();
    return {};
}

Result<ProjectStatus> readStatus(const Project &project, const ConnectionParams &params)
{
    Project p = project;
    ConnectionParams c = params;
    if (auto r = applyUrlSettings(p, c); !r)
        return std::unexpected(r.error());
    auto db = DbSession::open(c);
    if (!db)
        return std::unexpected(db.error());
    const auto history = readHistory(**db, p);
    if (!history)
        return std::unexpected(history.error());
    return mergeStatus(p, *history);
}

} // namespace core::project
