// SPDX-License-Identifier: GPL-3.0-or-later
#include "historywriter.h"

#include "checksum.h"
#include "sqitchwriter.h"
#include "core/logging.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTimeZone>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

QString q(Dialect d, const QString &name)
{
    if (d == Dialect::MySQL)
        return u'`' + QString(name).replace(u"`"_s, u"``"_s) + u'`';
    return u'"' + QString(name).replace(u"\""_s, u"\"\""_s) + u'"';
}

QString schemaOf(const Project &p, const DbSession &db)
{
    if (db.dialect() == Dialect::MySQL)
        return {};
    return p.historySchema.isEmpty() ? db.currentSchema() : p.historySchema;
}

QString table(const Project &p, const DbSession &db)
{
    const QString s = schemaOf(p, db);
    return s.isEmpty() ? q(db.dialect(), p.historyTable) : q(db.dialect(), s) + u'.' + q(db.dialect(), p.historyTable);
}

Result<void> exec(DbSession &db, const QString &sql, const QStringList &params = {})
{
    auto r = db.query(sql, params);
    if (!r)
        return std::unexpected(r.error());
    return {};
}

Result<void> rollbackAnd(DbSession &db, const Error &e)
{
    (void)db.execScript(u"ROLLBACK"_s);
    return std::unexpected(e);
}

/// golang-migrate SetVersion: TRUNCATE + INSERT in one transaction (MySQL: DELETE ... LIMIT 1). The nil version
/// (-1, after reverting the first migration) leaves the table empty unless dirty, as golang-migrate does. Inside
/// the caller's transaction (the engine's) it writes there instead of opening its own.
// sqitch's registry (sqitchwriter.h): the plan's change for `m`, and who commits it.
struct SqitchContext
{
    SqitchPlan plan;
    SqitchChange change;
    SqitchUser user;
    QString registry;
};

Result<SqitchContext> sqitchContext(const Project &p, const Migration *m)
{
    auto plan = readSqitchPlan(p.dir);
    if (!plan)
        return std::unexpected(plan.error());
    SqitchContext c;
    c.registry = p.historySchema.isEmpty() ? u"sqitch"_s : p.historySchema;
    c.user = sqitchDefaultUser(p.dir);
    if (m) {
        bool found = false;
        for (const SqitchChange &change : std::as_const(plan->changes)) {
            if (change.id == m->id) {
                c.change = change;
                found = true;
                break;
            }
        }
        if (!found)
            return fail(Error::Code::InvalidArgument, u"%1 is not in sqitch.plan (or the plan changed)"_s.arg(m->name));
    }
    c.plan = std::move(*plan);
    return c;
}

// sqitch's deploy: the script has run (and committed its own transaction); then begin_work (BEGIN; LOCK TABLE
// changes IN EXCLUSIVE MODE), log_deploy_change, finish_work (COMMIT). Inside the engine's transaction the rows
// join it instead, so that the script and its record commit together.
enum class SqitchEvent { Deploy, Fail, Revert };

Result<void> sqitchRecord(DbSession &db, const Project &p, const Migration &m, SqitchEvent event)
{
    const auto c = sqitchContext(p, &m);
    if (!c)
        return std::unexpected(c.error());
    if (event == SqitchEvent::Fail)
        return sqitchLogFail(db, c->plan, c->change, c->user, c->registry);
    const bool own = !db.inTransaction();
    if (own) {
        if (auto r = sqitchBeginWork(db, c->registry); !r) {
            (void)sqitchRollbackWork(db);
            return r;
        }
    } else if (auto r = sqitchLockChanges(db, c->registry); !r) {
        return r;
    }
    auto r = event == SqitchEvent::Deploy ? sqitchLogDeploy(db, c->plan, c->change, c->user, c->registry)
                                          : sqitchLogRevert(db, c->plan, c->change, c->user, c->registry);
    if (own) {
        if (!r) {
            (void)sqitchRollbackWork(db);
            return r;
        }
        return sqitchFinishWork(db);
    }
    return r;
}

Result<void> golangSetVersion(DbSession &db, const Project &p, const QString &version, bool dirty)
{
    const QString t = table(p, db);
    const bool own = !db.inTransaction();
    if (own)
        if (auto r = db.execScript(u"BEGIN"_s); !r)
            return r;
    auto failed = [&](const Error &e) { return own ? rollbackAnd(db, e) : Result<void>(std::unexpected(e)); };
    const QString clear = db.dialect() == Dialect::MySQL ? u"DELETE FROM %1 LIMIT 1"_s.arg(t) : u"TRUNCATE %1"_s.arg(t);
    if (auto r = exec(db, clear); !r)
        return failed(r.error());
    const bool nil = version.isEmpty() || version == u"-1";
    if (!nil || dirty) {
        if (auto r = exec(db, u"INSERT INTO %1 (version, dirty) VALUES ($1, $2)"_s.arg(t),
                          {nil ? u"-1"_s : version, dirty ? (db.dialect() == Dialect::MySQL ? u"1"_s : u"true"_s)
                                                          : (db.dialect() == Dialect::MySQL ? u"0"_s : u"false"_s)});
            !r)
            return failed(r.error());
    }
    return own ? db.execScript(u"COMMIT"_s) : Result<void>{};
}

QStringList drizzleStatements(const QString &sql)
{
    QStringList out;
    for (const QString &s : sql.split(u"--> statement-breakpoint"_s))
        out.append(s);
    return out;
}

} // namespace

std::optional<ToolLock> toolLock(const Project &p, const DbSession &db)
{
    const bool pg = db.dialect() == Dialect::PostgreSQL;
    ToolLock l;
    auto pgLock = [&l](const QString &fn, const QString &key, bool releasable = true) {
        l.acquireSql = u"SELECT %1($1::bigint)"_s.arg(fn);
        if (fn == u"pg_advisory_lock")
            l.acquireSql = u"SELECT pg_advisory_lock($1::bigint) IS NOT NULL"_s;
        l.acquireParams = {key};
        if (releasable) {
            l.releaseSql = u"SELECT pg_advisory_unlock($1::bigint)"_s;
            l.releaseParams = {key};
        }
        l.key = key;
    };
    auto myLock = [&l](const QString &name, int timeout) {
        l.acquireSql = u"SELECT GET_LOCK($1, %1)"_s.arg(timeout);
        l.acquireParams = {name};
        l.releaseSql = u"SELECT RELEASE_LOCK($1)"_s;
        l.releaseParams = {name};
        l.key = name;
    };
    switch (p.format) {
    case Format::GolangMigrate:
        if (pg)
            pgLock(u"pg_advisory_lock"_s,
                   QString::number(golangMigratePgLockId(schemaOf(p, db), p.historyTable, db.database())));
        else
            myLock(golangMigrateMysqlLockName(db.database(), p.historyTable), 10);
        l.description = u"golang-migrate advisory lock"_s;
        return l;
    case Format::Flyway:
        if (pg) {
            pgLock(u"pg_try_advisory_xact_lock"_s, QString::number(flywayPgLockId(schemaOf(p, db), p.historyTable)), false);
            l.transactionScoped = true;
        } else {
            myLock(flywayMysqlLockName(db.database(), p.historyTable), 10);
        }
        l.description = u"Flyway schema history lock"_s;
        return l;
    case Format::Prisma:
        if (pg)
            pgLock(u"pg_advisory_lock"_s, QString::number(kPrismaPgLockId));
        else
            myLock(u"prisma_migrate"_s, 10);
        l.description = u"Prisma Migrate advisory lock"_s;
        return l;
    case Format::Atlas:
        if (pg)
            pgLock(u"pg_try_advisory_lock"_s, QString::number(fnv1_32("atlas_migrate_execute")));
        else
            myLock(u"atlas_migrate_execute"_s, 10);
        l.description = u"Atlas migrate lock"_s;
        return l;
    case Format::NodePgMigrate:
        if (!pg)
            return std::nullopt;
        pgLock(u"pg_try_advisory_lock"_s, QString::number(kNodePgMigrateLockId));
        l.description = u"node-pg-migrate lock"_s;
        return l;
    case Format::Sqitch:
        if (pg)
            pgLock(u"pg_try_advisory_lock"_s, QString::number(kSqitchPgLockId));
        else
            myLock(u"sqitch working on "_s + db.database(), 60);
        l.description = u"sqitch registry lock"_s;
        return l;
    case Format::Dbmate:
    case Format::Drizzle:
    case Format::DrizzleV1:
    case Format::Django:
    case Format::Liquibase:
    case Format::Unknown:
        break;
    }
    return std::nullopt;
}

Result<bool> tryAcquire(DbSession &db, const ToolLock &lock)
{
    const auto r = db.query(lock.acquireSql, lock.acquireParams);
    if (!r)
        return std::unexpected(r.error());
    const QString v = r->isEmpty() ? QString() : r->first().value(0);
    return v == u"t" || v == u"true" || v == u"1";
}

Result<void> release(DbSession &db, const ToolLock &lock)
{
    if (lock.releaseSql.isEmpty())
        return {};
    return exec(db, lock.releaseSql, lock.releaseParams);
}

Result<void> ensureHistoryTable(DbSession &db, const Project &p)
{
    const Dialect d = db.dialect();
    const bool pg = d == Dialect::PostgreSQL;
    const QString t = table(p, db);
    const QString schema = schemaOf(p, db);
    switch (p.format) {
    case Format::GolangMigrate:
        return db.execScript(pg ? u"CREATE TABLE IF NOT EXISTS %1 (version bigint not null primary key, dirty boolean not null)"_s.arg(t)
                                : u"CREATE TABLE IF NOT EXISTS %1 (version bigint not null primary key, dirty boolean not null)"_s.arg(t));
    case Format::Dbmate:
        return db.execScript(pg ? u"create table if not exists %1 (version varchar primary key)"_s.arg(t)
                                : u"create table if not exists %1 (version varchar(128) primary key)"_s.arg(t));
    case Format::Flyway: {
        const auto exists = db.query(pg ? u"SELECT to_regclass($1) IS NOT NULL"_s
                                        : u"SELECT COUNT(*) > 0 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = $1"_s,
                                     {pg ? t : p.historyTable});
        if (!exists)
            return std::unexpected(exists.error());
        const QString v = exists->value(0).value(0);
        if (v == u"t" || v == u"1")
            return {};
        if (pg)
            return db.execScript(
                u"CREATE TABLE %1 (\n    \"installed_rank\" INT NOT NULL,\n    \"version\" VARCHAR(50),\n    \"description\" VARCHAR(200) NOT NULL,\n"
                "    \"type\" VARCHAR(20) NOT NULL,\n    \"script\" VARCHAR(1000) NOT NULL,\n    \"checksum\" INTEGER,\n"
                "    \"installed_by\" VARCHAR(100) NOT NULL,\n    \"installed_on\" TIMESTAMP NOT NULL DEFAULT now(),\n"
                "    \"execution_time\" INTEGER NOT NULL,\n    \"success\" BOOLEAN NOT NULL\n);\n"
                "ALTER TABLE %1 ADD CONSTRAINT %2 PRIMARY KEY (\"installed_rank\");\n"
                "CREATE INDEX %3 ON %1 (\"success\");"_s.arg(t, q(d, p.historyTable + u"_pk"_s), q(d, p.historyTable + u"_s_idx"_s)));
        return db.execScript(
            u"CREATE TABLE %1 (\n    `installed_rank` INT NOT NULL,\n    `version` VARCHAR(50),\n    `description` VARCHAR(200) NOT NULL,\n"
            "    `type` VARCHAR(20) NOT NULL,\n    `script` VARCHAR(1000) NOT NULL,\n    `checksum` INT,\n"
            "    `installed_by` VARCHAR(100) NOT NULL,\n    `installed_on` TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
            "    `execution_time` INT NOT NULL,\n    `success` BOOL NOT NULL,\n    CONSTRAINT %2 PRIMARY KEY (`installed_rank`)\n)"
            " ENGINE=InnoDB;\nCREATE INDEX %3 ON %1 (`success`)"_s.arg(t, q(d, p.historyTable + u"_pk"_s), q(d, p.historyTable + u"_s_idx"_s)));
    }
    case Format::Prisma:
        return db.execScript(pg ? u"CREATE TABLE IF NOT EXISTS %1 (\n    id                      VARCHAR(36) PRIMARY KEY NOT NULL,\n"
                                  "    checksum                VARCHAR(64) NOT NULL,\n    finished_at             TIMESTAMPTZ,\n"
                                  "    migration_name          VARCHAR(255) NOT NULL,\n    logs                    TEXT,\n"
                                  "    rolled_back_at          TIMESTAMPTZ,\n    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),\n"
                                  "    applied_steps_count     INTEGER NOT NULL DEFAULT 0\n)"_s.arg(t)
                                : u"CREATE TABLE IF NOT EXISTS %1 (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, "
                                  "finished_at DATETIME(3), migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at DATETIME(3), "
                                  "started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0) "
                                  "DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"_s.arg(t));
    case Format::Drizzle:
        if (pg)
            return db.execScript(u"CREATE SCHEMA IF NOT EXISTS %1;\nCREATE TABLE IF NOT EXISTS %2 (\n\t\t\tid SERIAL PRIMARY KEY,\n"
                                 "\t\t\thash text NOT NULL,\n\t\t\tcreated_at bigint\n\t\t)"_s.arg(q(d, schema), t));
        return db.execScript(u"create table if not exists %1 (\n\t\t\tid serial primary key,\n\t\t\thash text not null,\n\t\t\tcreated_at bigint\n\t\t)"_s.arg(t));
    case Format::DrizzleV1:
        if (pg)
            return db.execScript(u"CREATE SCHEMA IF NOT EXISTS %1;\nCREATE TABLE IF NOT EXISTS %2 (id SERIAL PRIMARY KEY, hash text NOT NULL, "
                                 "created_at bigint, name text, applied_at timestamp with time zone DEFAULT now())"_s.arg(q(d, schema), t));
        return db.execScript(u"create table if not exists %1 (id serial primary key, hash text not null, created_at bigint, name text, "
                             "applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)"_s.arg(t));
    case Format::Atlas:
        if (pg)
            return db.execScript(u"CREATE SCHEMA IF NOT EXISTS %1;\nCREATE TABLE IF NOT EXISTS %2 (version character varying NOT NULL, "
                                 "description character varying NOT NULL, type bigint NOT NULL DEFAULT 2, applied bigint NOT NULL DEFAULT 0, "
                                 "total bigint NOT NULL DEFAULT 0, executed_at timestamptz NOT NULL, execution_time bigint NOT NULL, "
                                 "error text NULL, error_stmt text NULL, hash character varying NOT NULL, partial_hashes jsonb NULL, "
                                 "operator_version character varying NOT NULL, PRIMARY KEY (version))"_s.arg(q(d, schema), t));
        return db.execScript(u"CREATE TABLE IF NOT EXISTS %1 (version varchar(255) NOT NULL, description varchar(255) NOT NULL, "
                             "type bigint unsigned NOT NULL DEFAULT 2, applied bigint NOT NULL DEFAULT 0, total bigint NOT NULL DEFAULT 0, "
                             "executed_at timestamp NOT NULL, execution_time bigint NOT NULL, error longtext NULL, error_stmt longtext NULL, "
                             "hash varchar(255) NOT NULL, partial_hashes json NULL, operator_version varchar(255) NOT NULL, "
                             "PRIMARY KEY (version))"_s.arg(t));
    case Format::NodePgMigrate:
        if (!pg)
            return fail(Error::Code::Unsupported, u"node-pg-migrate runs on PostgreSQL only"_s);
        return db.execScript(u"CREATE TABLE IF NOT EXISTS %1 (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL)"_s.arg(t));
    case Format::Sqitch: {
        const auto c = sqitchContext(p, nullptr);
        if (!c)
            return std::unexpected(c.error());
        return sqitchInitRegistry(db, c->plan, c->user, c->registry);
    }
    case Format::Django:
    case Format::Liquibase:
    case Format::Unknown:
        break;
    }
    return fail(Error::Code::Unsupported, u"writing %1 history is not supported"_s.arg(formatId(p.format)));
}

Result<void> recordApplied(DbSession &db, const Project &p, const Migration &m, const RecordInfo &info)
{
    if (!info.success)
        return recordFailed(db, p, m, info.error, info.durationMs);
    const bool pg = db.dialect() == Dialect::PostgreSQL;
    const QString t = table(p, db);
    switch (p.format) {
    case Format::GolangMigrate:
        return golangSetVersion(db, p, m.id, false);
    case Format::Dbmate:
        return exec(db, u"insert into %1 (version) values ($1)"_s.arg(t), {m.id});
    case Format::Flyway: {
        const auto rank = db.query(u"SELECT MAX(installed_rank) FROM %1"_s.arg(t));
        if (!rank)
            return std::unexpected(rank.error());
        const qint64 next = rank->value(0).value(0).toLongLong() + 1;
        const bool repeatable = m.kind == Migration::Kind::Repeatable;
        return exec(db,
                    u"INSERT INTO %1 (installed_rank, version, description, type, script, checksum, installed_by, "
                    "execution_time, success) VALUES ($1, $2, $3, $4, $5, $6, %2, $7, $8)"_s.arg(
                        t, pg ? u"current_user"_s : u"SUBSTRING_INDEX(USER(), '@', 1)"_s),
                    {QString::number(next), repeatable ? QString() : m.version, m.name, u"SQL"_s, m.id, m.checksum,
                     QString::number(info.durationMs),
                     info.success ? (pg ? u"true"_s : u"1"_s) : (pg ? u"false"_s : u"0"_s)});
    }
    case Format::Prisma: // `migrate resolve --applied` style: started_at = finished_at = now, logs ''
        return exec(db,
                    u"INSERT INTO %1 (id, checksum, started_at, finished_at, migration_name, logs, applied_steps_count) "
                    "VALUES ($1, $2, %2, %2, $3, '', 1)"_s.arg(t, pg ? u"now()"_s : u"CURRENT_TIMESTAMP(3)"_s),
                    {QUuid::createUuid().toString(QUuid::WithoutBraces), m.checksum, m.id});
    case Format::Drizzle:
        return exec(db, u"insert into %1 (\"hash\", \"created_at\") values($1, $2)"_s.arg(t).replace(
                            u"\""_s, pg ? u"\""_s : u"`"_s),
                    {m.checksum, m.id});
    case Format::DrizzleV1: {
        const QDateTime when = QDateTime::fromString(m.version, u"yyyyMMddHHmmss"_s);
        QDateTime utc = when;
        utc.setTimeZone(QTimeZone::UTC);
        return exec(db, u"insert into %1 (hash, created_at, name) values($1, $2, $3)"_s.arg(t),
                    {m.checksum, QString::number(utc.toMSecsSinceEpoch()), m.id});
    }
    case Format::Atlas:
        return exec(db,
                    u"INSERT INTO %1 (version, description, type, applied, total, executed_at, execution_time, hash, "
                    "operator_version) VALUES ($1, $2, 2, $3, $4, %2, $5, $6, $7)"_s.arg(
                        t, pg ? u"now()"_s : u"CURRENT_TIMESTAMP"_s),
                    {m.version, m.name, u"1"_s, u"1"_s, QString::number(info.durationMs * 1000000), m.checksum,
                     u"Migration Workbench"_s});
    case Format::NodePgMigrate:
        return exec(db, u"INSERT INTO %1 (name, run_on) VALUES ($1, NOW())"_s.arg(t), {m.id});
    case Format::Sqitch:
        return sqitchRecord(db, p, m, SqitchEvent::Deploy);
    case Format::Django:
    case Format::Liquibase:
    case Format::Unknown:
        break;
    }
    return fail(Error::Code::Unsupported, u"writing %1 history is not supported"_s.arg(formatId(p.format)));
}

Result<void> setGolangVersion(DbSession &db, const Project &project, const QString &version, bool dirty)
{
    return golangSetVersion(db, project, version, dirty);
}

bool canRevert(Format format)
{
    return format == Format::GolangMigrate || format == Format::Dbmate || format == Format::Flyway
        || format == Format::NodePgMigrate || format == Format::Sqitch;
}

Result<void> recordStarted(DbSession &db, const Project &p, const Migration &m)
{
    if (p.format == Format::GolangMigrate)
        return golangSetVersion(db, p, m.id, true);
    return {};
}

Result<void> recordFailed(DbSession &db, const Project &p, const Migration &m, const QString &error, qint64 durationMs)
{
    const bool pg = db.dialect() == Dialect::PostgreSQL;
    const QString t = table(p, db);
    switch (p.format) {
    case Format::GolangMigrate: // the dirty flag stays at the target version
        return golangSetVersion(db, p, m.id, true);
    case Format::Flyway: { // a success=false row, as Flyway writes it when the DDL could not be rolled back
        const auto rank = db.query(u"SELECT MAX(installed_rank) FROM %1"_s.arg(t));
        if (!rank)
            return std::unexpected(rank.error());
        const qint64 next = rank->value(0).value(0).toLongLong() + 1;
        const bool repeatable = m.kind == Migration::Kind::Repeatable;
        return exec(db,
                    u"INSERT INTO %1 (installed_rank, version, description, type, script, checksum, installed_by, "
                    "execution_time, success) VALUES ($1, $2, $3, $4, $5, $6, %2, $7, %3)"_s.arg(
                        t, pg ? u"current_user"_s : u"SUBSTRING_INDEX(USER(), '@', 1)"_s, pg ? u"false"_s : u"0"_s),
                    {QString::number(next), repeatable ? QString() : m.version, m.name, u"SQL"_s, m.id, m.checksum,
                     QString::number(durationMs)});
    }
    case Format::Prisma: // started, never finished, the error in logs: P3009 until resolved
        return exec(db,
                    u"INSERT INTO %1 (id, checksum, started_at, migration_name, logs, applied_steps_count) "
                    "VALUES ($1, $2, %2, $3, $4, 0)"_s.arg(t, pg ? u"now()"_s : u"CURRENT_TIMESTAMP(3)"_s),
                    {QUuid::createUuid().toString(QUuid::WithoutBraces), m.checksum, m.id, error});
    case Format::Atlas:
        return exec(db,
                    u"INSERT INTO %1 (version, description, type, applied, total, executed_at, execution_time, error, "
                    "hash, operator_version) VALUES ($1, $2, 2, 0, 1, %2, $3, $4, $5, $6)"_s.arg(
                        t, pg ? u"now()"_s : u"CURRENT_TIMESTAMP"_s),
                    {m.version, m.name, QString::number(durationMs * 1000000), error, m.checksum, u"Migration Workbench"_s});
    case Format::Dbmate: // dbmate writes nothing for a failed migration
    case Format::Drizzle:
    case Format::DrizzleV1:
    case Format::NodePgMigrate:
        return {};
    case Format::Sqitch: // log_fail_change: a fail event, no changes row
        return sqitchRecord(db, p, m, SqitchEvent::Fail);
    case Format::Django:
    case Format::Liquibase:
    case Format::Unknown:
        break;
    }
    return fail(Error::Code::Unsupported, u"writing %1 history is not supported"_s.arg(formatId(p.format)));
}

Result<void> recordRevertStarted(DbSession &db, const Project &p, const Migration &, const QString &previousId)
{
    if (p.format == Format::GolangMigrate)
        return golangSetVersion(db, p, previousId, true);
    return {};
}

Result<void> recordReverted(DbSession &db, const Project &p, const Migration &m, const QString &previousId, qint64 durationMs)
{
    const bool pg = db.dialect() == Dialect::PostgreSQL;
    const QString t = table(p, db);
    switch (p.format) {
    case Format::GolangMigrate: // the version moves to the previous file's (nil after the first)
        return golangSetVersion(db, p, previousId, false);
    case Format::Dbmate:
        return exec(db, u"delete from %1 where version = $1"_s.arg(t), {m.id});
    case Format::NodePgMigrate:
        return exec(db, u"DELETE FROM %1 WHERE name = $1"_s.arg(t), {m.id});
    case Format::Flyway: { // an UNDO_SQL row for the undone version, as Flyway Teams' undo writes it
        const auto rank = db.query(u"SELECT MAX(installed_rank) FROM %1"_s.arg(t));
        if (!rank)
            return std::unexpected(rank.error());
        const qint64 next = rank->value(0).value(0).toLongLong() + 1;
        return exec(db,
                    u"INSERT INTO %1 (installed_rank, version, description, type, script, checksum, installed_by, "
                    "execution_time, success) VALUES ($1, $2, $3, 'UNDO_SQL', $4, $5, %2, $6, %3)"_s.arg(
                        t, pg ? u"current_user"_s : u"SUBSTRING_INDEX(USER(), '@', 1)"_s, pg ? u"true"_s : u"1"_s),
                    {QString::number(next), m.version, m.name,
                     QFileInfo(m.id).path() == u"." ? QFileInfo(m.downPath).fileName()
                                                    : QFileInfo(m.id).path() + u'/' + QFileInfo(m.downPath).fileName(),
                     QString::number(flywayChecksum(m.downSql.toUtf8())), QString::number(durationMs)});
    }
    case Format::Sqitch:
        return sqitchRecord(db, p, m, SqitchEvent::Revert);
    default:
        break;
    }
    return fail(Error::Code::Unsupported, u"%1 has no down migrations the workbench can run"_s.arg(formatId(p.format)));
}

Result<void> applyAsTool(DbSession &db, const Project &p, const QList<Migration> &pending)
{
    if (auto r = ensureHistoryTable(db, p); !r)
        return r;
    const auto lock = toolLock(p, db);
    if (lock && !lock->transactionScoped) {
        const auto got = tryAcquire(db, *lock);
        if (!got)
            return std::unexpected(got.error());
        if (!*got)
            return fail(Error::Code::Timeout, u"%1 %2 is held by another session"_s.arg(lock->description, lock->key));
    }
    auto finish = [&](Result<void> r) {
        if (lock && !lock->transactionScoped)
            (void)release(db, *lock);
        return r;
    };
    const bool oneTransaction = p.format == Format::Drizzle || p.format == Format::DrizzleV1
        || p.format == Format::NodePgMigrate;
    if (oneTransaction) {
        if (auto r = db.execScript(u"BEGIN"_s); !r)
            return finish(r);
        for (const Migration &m : pending) {
            const QStringList statements = (p.format == Format::NodePgMigrate) ? QStringList{m.upSql} : drizzleStatements(m.upSql);
            for (const QString &s : statements) {
                if (s.trimmed().isEmpty())
                    continue;
                if (auto r = db.execScript(s); !r)
                    return finish(rollbackAnd(db, r.error()));
            }
            if (auto r = recordApplied(db, p, m); !r)
                return finish(rollbackAnd(db, r.error()));
        }
        return finish(db.execScript(u"COMMIT"_s));
    }
    for (const Migration &m : pending) {
        QElapsedTimer timer;
        timer.start();
        switch (p.format) {
        case Format::GolangMigrate: {
            if (auto r = golangSetVersion(db, p, m.id, true); !r)
                return finish(r);
            if (auto r = db.execScript(m.upSql); !r)
                return finish(r); // dirty, as golang-migrate leaves it
            if (auto r = golangSetVersion(db, p, m.id, false); !r)
                return finish(r);
            break;
        }
        case Format::Prisma: {
            const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            const QString t = table(p, db);
            if (auto r = exec(db, u"INSERT INTO %1 (id, checksum, started_at, migration_name) VALUES ($1, $2, %2, $3)"_s.arg(
                                      t, db.dialect() == Dialect::PostgreSQL ? u"now()"_s : u"CURRENT_TIMESTAMP(3)"_s),
                              {id, m.checksum, m.id});
                !r)
                return finish(r);
            if (auto r = db.execScript(m.upSql); !r) {
                (void)exec(db, u"UPDATE %1 SET logs = $1 WHERE id = $2"_s.arg(t), {r.error().detail, id});
                return finish(r);
            }
            if (auto r = exec(db, u"UPDATE %1 SET applied_steps_count = applied_steps_count + 1 WHERE id = $1"_s.arg(t), {id}); !r)
                return finish(r);
            if (auto r = exec(db, u"UPDATE %1 SET finished_at = %2 WHERE id = $1"_s.arg(
                                      t, db.dialect() == Dialect::PostgreSQL ? u"now()"_s : u"CURRENT_TIMESTAMP(3)"_s),
                              {id});
                !r)
                return finish(r);
            break;
        }
        case Format::Sqitch: {
            // psql --file: the script runs as written (its own BEGIN/COMMIT), then the registry rows.
            if (auto r = db.execScript(m.upSql); !r) {
                (void)recordFailed(db, p, m, r.error().detail);
                return finish(r);
            }
            if (auto r = recordApplied(db, p, m); !r)
                return finish(r);
            break;
        }
        default: {
            // dbmate, Flyway, Atlas: one transaction per file unless the file opts out.
            const bool tx = m.transactional;
            if (tx) {
                if (auto r = db.execScript(db.dialect() == Dialect::PostgreSQL && p.format == Format::Dbmate
                                               ? u"BEGIN READ WRITE"_s
                                               : u"BEGIN"_s);
                    !r)
                    return finish(r);
                if (lock && lock->transactionScoped)
                    if (auto got = tryAcquire(db, *lock); !got || !*got)
                        return finish(rollbackAnd(db, got ? Error::make(Error::Code::Timeout, lock->description + u" is held"_s)
                                                          : got.error()));
            }
            if (auto r = db.execScript(m.upSql); !r)
                return finish(tx ? rollbackAnd(db, r.error()) : r);
            RecordInfo info;
            info.durationMs = timer.elapsed();
            if (auto r = recordApplied(db, p, m, info); !r)
                return finish(tx ? rollbackAnd(db, r.error()) : r);
            if (tx)
                if (auto r = db.execScript(u"COMMIT"_s); !r)
                    return finish(r);
            break;
        }
        }
    }
    return finish({});
}

} // namespace core::project
