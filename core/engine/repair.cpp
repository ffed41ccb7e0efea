// SPDX-License-Identifier: GPL-3.0-or-later
#include "repair.h"

#include "core/project/history.h"
#include "core/project/reader.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <set>

using namespace Qt::StringLiterals;
namespace cp = core::project;

namespace core::engine {

namespace {

QString literal(const QString &value)
{
    if (value.isNull())
        return u"NULL"_s;
    return u'\'' + QString(value).replace(u"'"_s, u"''"_s) + u'\'';
}

// The statement with its $n placeholders replaced by quoted values, for showing it.
QString render(QString sql, const QStringList &params)
{
    for (qsizetype i = params.size(); i >= 1; --i)
        sql.replace(u"$"_s + QString::number(i), literal(params.at(i - 1)));
    return sql;
}

RepairAction action(const QString &description, const QString &sql, const QStringList &params = {})
{
    return {description, sql, params, render(sql, params), false};
}

bool truthy(const QString &v)
{
    return v == u"t" || v == u"true" || v == u"1";
}

bool matchesVersion(const cp::Project &project, const QString &wanted, const QString &version, const QString &id)
{
    if (wanted.isEmpty())
        return true;
    if (wanted == version || wanted == id)
        return true;
    for (const cp::Migration &m : project.migrations) {
        if (m.version == wanted && (m.id == id || m.version == version))
            return true;
    }
    return false;
}

} // namespace

QString concurrentIndexName(const QString &sql)
{
    static const QRegularExpression re(
        uR"(^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[A-Za-z_][\w$]*)\s+ON\b)"_s,
        QRegularExpression::CaseInsensitiveOption);
    QString text = sql;
    // Leading comments (a dbmate marker line) do not matter.
    static const QRegularExpression leading(uR"(^(\s*--[^\n]*\n)+)"_s);
    text.remove(leading);
    const auto m = re.match(text);
    if (!m.hasMatch())
        return {};
    const QString name = m.captured(1);
    if (name.startsWith(u'"'))
        return name.mid(1, name.size() - 2).replace(u"\"\""_s, u"\""_s);
    return name.toLower();
}

Result<QList<InvalidIndex>> findInvalidIndexes(cp::DbSession &db)
{
    if (db.dialect() != Dialect::PostgreSQL)
        return QList<InvalidIndex>{};
    const auto rows = db.query(
        u"SELECT n.nspname, c.relname, t.relname, format('DROP INDEX CONCURRENTLY IF EXISTS %I.%I', n.nspname, c.relname) "
        "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "JOIN pg_class t ON t.oid = i.indrelid "
        "WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
        "AND NOT EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid) "
        "AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'relation' AND l.relation = i.indrelid "
        "AND l.mode = 'ShareUpdateExclusiveLock' AND l.granted AND l.pid <> pg_backend_pid()) "
        "ORDER BY 1, 2"_s);
    if (!rows)
        return std::unexpected(rows.error());
    QList<InvalidIndex> out;
    for (const cp::Row &r : *rows)
        out.append({r.value(0), r.value(1), r.value(2), r.value(3)});
    return out;
}

Result<RepairPlan> planRepair(cp::DbSession &db, const cp::Project &project, const RepairOptions &options)
{
    RepairPlan plan;
    const bool pg = db.dialect() == Dialect::PostgreSQL;
    const auto history = cp::readHistory(db, project);
    if (!history)
        return std::unexpected(history.error());
    const QString t = history->table;
    const QString tool = cp::formatId(project.format);

    if (!history->found) {
        plan.notes.append(u"no %1 history table on this database: there is no history to repair"_s.arg(tool));
    } else {
        switch (project.format) {
        case cp::Format::GolangMigrate: {
            const bool has = !history->records.isEmpty();
            const QString current = has ? history->records.first().version : QString();
            const bool dirty = has && history->records.first().failed;
            if (!options.version.isEmpty()) {
                bool ok = false;
                const qint64 v = options.version.toLongLong(&ok);
                if (!ok || v < -1)
                    return fail(Error::Code::InvalidArgument,
                                u"golang-migrate versions are whole numbers (or -1 for none): '%1'"_s.arg(options.version));
                bool known = v == -1;
                for (const cp::Migration &m : project.migrations)
                    known = known || m.version.toLongLong() == v;
                if (!known)
                    return fail(Error::Code::InvalidArgument, u"no migration file has version %1"_s.arg(options.version));
                const QString clear = pg ? u"TRUNCATE %1"_s.arg(t) : u"DELETE FROM %1 LIMIT 1"_s.arg(t);
                const QString description = dirty ? u"migrate force %1: version %1, clear the dirty flag (was dirty at %2)"_s.arg(options.version, current)
                                                  : u"migrate force %1: set the version to %1 (was %2)"_s.arg(options.version, has ? current : u"none"_s);
                plan.actions.append(action(description, clear));
                if (v != -1)
                    plan.actions.append(action(description, u"INSERT INTO %1 (version, dirty) VALUES ($1, %2)"_s.arg(t, pg ? u"false"_s : u"0"_s),
                                               {QString::number(v)}));
            } else if (dirty) {
                QString previous = u"-1"_s;
                for (const cp::Migration &m : project.migrations) {
                    if (m.version.toLongLong() < current.toLongLong())
                        previous = QString::number(m.version.toLongLong());
                }
                plan.needsDecision = true;
                plan.notes.append(
                    u"golang-migrate: %1 is dirty at version %2: that migration failed part way and golang-migrate refuses to run "
                    "(\"Dirty database version %2. Fix and force version.\"). Look at what it left, then either repeat with "
                    "--version %2 if its changes are complete (or you completed them by hand), or with --version %3 after undoing "
                    "them (%3 is the version before it)."_s.arg(t, current, previous));
            }
            break;
        }
        case cp::Format::Prisma: {
            const auto rows = db.query(u"SELECT id, migration_name, logs FROM %1 WHERE finished_at IS NULL AND rolled_back_at IS NULL "
                                       "ORDER BY started_at"_s.arg(t));
            if (!rows)
                return std::unexpected(rows.error());
            for (const cp::Row &r : *rows) {
                if (!matchesVersion(project, options.version, r.value(1), r.value(1)))
                    continue;
                plan.actions.append(action(u"migrate resolve --rolled-back %1: mark the failed migration rolled back (P3009 stops "
                                           "blocking; the next deploy runs it again, so undo what it left first)"_s.arg(r.value(1)),
                                           u"UPDATE %1 SET rolled_back_at = %2 WHERE id = $1"_s.arg(t, pg ? u"now()"_s : u"CURRENT_TIMESTAMP(3)"_s),
                                           {r.value(0)}));
            }
            break;
        }
        case cp::Format::Flyway: {
            const auto rows = db.query(u"SELECT installed_rank, version, description, type, script, checksum, success FROM %1 "
                                       "ORDER BY installed_rank"_s.arg(t));
            if (!rows)
                return std::unexpected(rows.error());
            // flyway repair, in Flyway's order (DbRepair.repair): 1. remove the failed rows; 2. mark applied
            // migrations without a file as deleted; 3. realign checksums and descriptions with the files.
            QHash<QString, cp::Row> latest; // the row that counts per version (SQL only: what realign compares)
            QHash<QString, cp::Row> applied; // versioned: any applied (non-synthetic, not undone) row per version
            QHash<QString, cp::Row> repeatable; // repeatable: the latest row per description
            qint64 lastRank = 0; // the highest installed_rank left once the failed rows are gone
            for (const cp::Row &r : *rows) {
                const QString version = r.value(1);
                const QString type = r.value(3);
                if (!truthy(r.value(6))) {
                    if (matchesVersion(project, options.version, version, r.value(4))) {
                        plan.actions.append(action(u"flyway repair: remove the failed row of %1 (%2)"_s.arg(version.isNull() ? r.value(2) : version, r.value(4)),
                                                   u"DELETE FROM %1 WHERE installed_rank = $1"_s.arg(t), {r.value(0)}));
                        continue;
                    }
                }
                lastRank = std::max(lastRank, r.value(0).toLongLong());
                if (!truthy(r.value(6)))
                    continue;
                if (version.isNull()) {
                    if (type == u"DELETE")
                        repeatable.remove(r.value(2));
                    else
                        repeatable.insert(r.value(2), r);
                    continue;
                }
                if (type == u"DELETE" || type.startsWith(u"UNDO_"_s)) {
                    latest.remove(version);
                    applied.remove(version);
                    continue;
                }
                if (type == u"SCHEMA" || type == u"BASELINE" || type.endsWith(u"_BASELINE"_s))
                    continue;
                applied.insert(version, r);
                if (type == u"SQL")
                    latest.insert(version, r);
            }
            // Action 2 (JdbcTableSchemaHistory.delete): a new row per applied migration without a file, type DELETE,
            // with the applied row's version, description, script and checksum, execution_time 0, success as it was.
            // Flyway's default ignoreMigrationPatterns "*:future" spares versions above every file ("future").
            QString lastResolved;
            const auto flywayLess = [](const QString &a, const QString &b) { return cp::compareFlywayVersions(a, b) < 0; };
            std::set<QString, decltype(flywayLess)> versionsOnDisk(flywayLess); // 1.0 and 1 are one version
            QSet<QString> repeatablesOnDisk;
            for (const cp::Migration &m : project.migrations) {
                if (m.kind == cp::Migration::Kind::Repeatable) {
                    repeatablesOnDisk.insert(m.name);
                    continue;
                }
                versionsOnDisk.insert(m.version);
                if (lastResolved.isEmpty() || cp::compareFlywayVersions(m.version, lastResolved) > 0)
                    lastResolved = m.version;
            }
            QList<cp::Row> toDelete; // in the order they were applied (Flyway's info order)
            for (const cp::Row &r : *rows) {
                const QString version = r.value(1);
                const bool latestOfVersion = !version.isNull() && applied.contains(version)
                    && applied.value(version).value(0) == r.value(0);
                const bool latestRepeatable = version.isNull() && repeatable.contains(r.value(2))
                    && repeatable.value(r.value(2)).value(0) == r.value(0);
                if (latestRepeatable && !repeatablesOnDisk.contains(r.value(2))
                    && matchesVersion(project, options.version, QString(), r.value(4)))
                    toDelete.append(r);
                if (!latestOfVersion || versionsOnDisk.contains(version) || !matchesVersion(project, options.version, version, r.value(4)))
                    continue;
                if (lastResolved.isEmpty() || cp::compareFlywayVersions(version, lastResolved) > 0) {
                    plan.notes.append(u"flyway: version %1 (%2) is applied but above every migration file (state \"Future\"): "
                                      "Flyway's repair leaves it alone under its default ignoreMigrationPatterns \"*:future\", "
                                      "and so does the workbench"_s.arg(version, r.value(4)));
                    continue;
                }
                toDelete.append(r);
            }
            const QString installedBy = pg ? u"current_user"_s : u"SUBSTRING_INDEX(USER(), '@', 1)"_s;
            for (const cp::Row &r : std::as_const(toDelete)) {
                const QString rank = QString::number(++lastRank);
                const QString what = r.value(1).isNull() ? u"the repeatable migration \"%1\""_s.arg(r.value(2))
                                                         : u"version %1"_s.arg(r.value(1));
                plan.actions.append(action(
                    u"flyway repair: mark %1 (%2) as deleted: it is applied but its file is gone (a DELETE row; the "
                    "applied row stays). Remove what it created from the database, or move it into another migration"_s.arg(
                        what, r.value(4)),
                    u"INSERT INTO %1 (installed_rank, version, description, type, script, checksum, installed_by, "
                    "execution_time, success) VALUES ($1, $2, $3, 'DELETE', $4, $5, %2, 0, %3)"_s.arg(
                        t, installedBy, pg ? u"true"_s : u"1"_s),
                    {rank, r.value(1), r.value(2), r.value(4), r.value(5)}));
            }
            for (const cp::Migration &m : project.migrations) {
                if (m.kind != cp::Migration::Kind::Versioned || !latest.contains(m.version))
                    continue;
                if (!matchesVersion(project, options.version, m.version, m.id))
                    continue;
                const cp::Row r = latest.value(m.version);
                if (r.value(5) == m.checksum && r.value(2) == m.name)
                    continue;
                plan.actions.append(action(u"flyway repair: realign version %1 with its file (checksum %2 -> %3, description \"%4\")"_s.arg(
                                               m.version, r.value(5), m.checksum, m.name),
                                           u"UPDATE %1 SET checksum = $1, description = $2 WHERE installed_rank = $3"_s.arg(t),
                                           {m.checksum, m.name, r.value(0)}));
            }
            break;
        }
        case cp::Format::Atlas: {
            const auto rows = db.query(u"SELECT version, applied, total, error FROM %1 WHERE error IS NOT NULL AND error <> '' "
                                       "ORDER BY version"_s.arg(t));
            if (!rows)
                return std::unexpected(rows.error());
            for (const cp::Row &r : *rows) {
                if (!matchesVersion(project, options.version, r.value(0), r.value(0)))
                    continue;
                if (r.value(1).toLongLong() == 0) {
                    plan.actions.append(action(u"atlas: %1 failed before any statement took effect: remove its revision so that the "
                                               "next run starts the file again"_s.arg(r.value(0)),
                                               u"DELETE FROM %1 WHERE version = $1"_s.arg(t), {r.value(0)}));
                } else {
                    plan.notes.append(u"atlas: %1 failed after %2 of %3 statements took effect: Atlas resumes it at statement %4 "
                                      "once the file is fixed (atlas migrate apply), or mark it with atlas migrate set; the "
                                      "workbench leaves this revision alone"_s.arg(r.value(0), r.value(1), r.value(2))
                                          .arg(r.value(1).toLongLong() + 1));
                }
            }
            break;
        }
        case cp::Format::Dbmate:
        case cp::Format::Drizzle:
        case cp::Format::DrizzleV1:
        case cp::Format::NodePgMigrate:
            plan.notes.append(u"%1 records no failed state: a failed migration simply has no row, so its history needs no repair"_s.arg(tool));
            break;
        default:
            plan.notes.append(u"repairing %1 history is not supported: use %1 itself"_s.arg(tool));
            break;
        }
    }

    if (pg) {
        const auto invalid = findInvalidIndexes(db);
        if (!invalid)
            return std::unexpected(invalid.error());
        for (const InvalidIndex &i : *invalid) {
            RepairAction a = action(u"drop the INVALID index %1.%2 on %3 left by a failed CREATE INDEX CONCURRENTLY (unused by "
                                    "queries, still maintained on every write; a retry needs its name)"_s.arg(i.schema, i.name, i.table),
                                    i.dropSql);
            a.outsideTransaction = true;
            plan.actions.append(a);
        }
    }
    return plan;
}

Result<void> executeRepair(cp::DbSession &db, const cp::Project &, const RepairPlan &plan)
{
    bool any = false;
    for (const RepairAction &a : plan.actions)
        any = any || !a.outsideTransaction;
    if (any) {
        if (auto r = db.execScript(u"BEGIN"_s); !r)
            return r;
        for (const RepairAction &a : plan.actions) {
            if (a.outsideTransaction)
                continue;
            if (auto r = db.query(a.sql, a.params); !r) {
                (void)db.execScript(u"ROLLBACK"_s);
                Error e = r.error();
                e.detail = u"%1: %2 (nothing was changed)"_s.arg(a.display, e.detail);
                return std::unexpected(e);
            }
        }
        if (auto r = db.execScript(u"COMMIT"_s); !r)
            return r;
    }
    for (const RepairAction &a : plan.actions) {
        if (!a.outsideTransaction)
            continue;
        if (auto r = db.query(a.sql, a.params); !r) {
            Error e = r.error();
            e.detail = u"%1: %2"_s.arg(a.display, e.detail);
            return std::unexpected(e);
        }
    }
    return {};
}

} // namespace core::engine
