// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Writing sqitch's registry exactly as sqitch 1.x does on PostgreSQL (App::Sqitch::Engine::pg with
// App::Sqitch::Role::DBIEngine; interop reference §8): the registry schema from pg.sql, the release and project
// rows, and per change the `changes`, `dependencies`, `tags` and `events` rows with sqitch's values (change and
// tag ids as SHA-1 object ids, script_hash, planned_at/planner from the plan, committed_at = clock_timestamp(),
// committer = sqitch's user.name / user.email). Deploy: BEGIN; LOCK TABLE changes IN EXCLUSIVE MODE; rows;
// COMMIT (sqitch runs the script itself through psql meanwhile). Fail: a `fail` event only. Revert: the change's
// tags, dependencies and row deleted, then a `revert` event naming them.

#include "core/error.h"
#include "core/project/dbsession.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace core::project {

struct SqitchTag
{
    QString name; ///< without '@'
    QString id; ///< SHA-1 of "tag <len>\0<info>"
    QString timestamp; ///< as in the plan: 2026-11-24T06:45:50Z
    QString plannerName;
    QString plannerEmail;
    QString note;
};

struct SqitchChange
{
    QString name;
    QString id; ///< change_id
    QString timestamp;
    QString plannerName;
    QString plannerEmail;
    QString note;
    QStringList requires_; ///< as written in the plan: "users", "users@v1.0", "other:thing"
    QStringList conflicts; ///< without '!'
    QList<SqitchTag> tags; ///< tags placed right after this change
    QString deployFile; ///< absolute path (reworked changes: deploy/<name>@<tag>.sql)
    QString scriptHash; ///< SHA-1 of the deploy file's bytes; empty when it cannot be read
};

struct SqitchPlan
{
    QString project;
    QString uri;
    QList<SqitchChange> changes; ///< in plan order
};

/// Reads <dir>/sqitch.plan (and the deploy scripts' hashes), with the same ids as readProject().
Result<SqitchPlan> readSqitchPlan(const QString &dir);

/// Who deploys (sqitch's user.name / user.email).
struct SqitchUser
{
    QString name;
    QString email;
};

/// Who sqitch records as the committer for the project in `dir` (App::Sqitch user_name / user_email):
/// $SQITCH_FULLNAME / $SQITCH_EMAIL; then user.name / user.email from the project's sqitch.conf ($SQITCH_CONFIG),
/// the user's ~/.sqitch/sqitch.conf ($SQITCH_USER_CONFIG) and /etc/sqitch/sqitch.conf, in that order; then
/// $SQITCH_ORIG_FULLNAME / $SQITCH_ORIG_EMAIL; then the system user's full name (GECOS) and <login>@<hostname>.
SqitchUser sqitchDefaultUser(const QString &dir);

/// Creates the registry schema (default "sqitch") with sqitch's pg.sql and records release 1.1 when the schema
/// has no `changes` table yet, then registers the project (its row is added once; a different URI is refused as
/// sqitch refuses it). PostgreSQL only (InvalidArgument otherwise).
Result<void> sqitchInitRegistry(DbSession &db, const SqitchPlan &plan, const SqitchUser &user,
                                const QString &registry = QStringLiteral("sqitch"));

/// sqitch's begin_work: BEGIN; LOCK TABLE <registry>.changes IN EXCLUSIVE MODE. finish: COMMIT; rollback: ROLLBACK.
Result<void> sqitchBeginWork(DbSession &db, const QString &registry = QStringLiteral("sqitch"));
Result<void> sqitchFinishWork(DbSession &db);
/// begin_work's lock alone, for a caller that already has the transaction open (the apply engine).
Result<void> sqitchLockChanges(DbSession &db, const QString &registry = QStringLiteral("sqitch"));
Result<void> sqitchRollbackWork(DbSession &db);

/// log_deploy_change: changes row, dependencies rows (requires resolved to the deployed change ids; a required
/// change that is not deployed is an error, as sqitch refuses), tags rows, deploy event.
Result<void> sqitchLogDeploy(DbSession &db, const SqitchPlan &plan, const SqitchChange &change, const SqitchUser &user,
                             const QString &registry = QStringLiteral("sqitch"));
/// log_fail_change: a fail event only.
Result<void> sqitchLogFail(DbSession &db, const SqitchPlan &plan, const SqitchChange &change, const SqitchUser &user,
                           const QString &registry = QStringLiteral("sqitch"));
/// log_revert_change: deletes the change's tags (kept for the event), dependencies and row; revert event.
Result<void> sqitchLogRevert(DbSession &db, const SqitchPlan &plan, const SqitchChange &change, const SqitchUser &user,
                             const QString &registry = QStringLiteral("sqitch"));

} // namespace core::project
