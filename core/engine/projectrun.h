// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "applytypes.h"

#include "core/project/migration.h"

#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

// From a project's migrations to what the engine runs: statements split and flagged, down migrations checked for
// reversibility, and the history hooks that write the project tool's own rows in the tool's own terms. Shared by
// `mwb apply`, `mwb down` and the GUI.
namespace core::engine {

enum class Direction { Up, Down };

/// The advisory key (PostgreSQL) and GET_LOCK name (MySQL) every workbench run takes besides the tool's own, so
/// that two workbench runs exclude each other even for tools that take no lock (dbmate, Drizzle).
inline constexpr qint64 kWorkbenchLockKey = 0x6d77622d6170ll; // "mwb-ap"
QString workbenchMysqlLockName(const QString &database);

/// The statements of a migration body, split by the analyzer's lexer for the dialect, each flagged when it cannot
/// run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ...).
QList<PlannedStatement> splitStatements(const QString &sql, Dialect dialect);

/// A project migration as the engine runs it, up or down (the down body and its transaction scope).
PlannedMigration planMigration(const project::Migration &m, Direction direction, Dialect dialect);

/// Why `m` cannot be reverted (no down body, a down body with no statement, or `-- mwb:irreversible` in either
/// direction); nullopt when it can.
std::optional<QString> irreversibleReason(const project::Migration &m);

struct HookOptions
{
    Direction direction = Direction::Up;
    int lockWaitMs = 60000; ///< how long to wait for the tool's own lock
    std::function<bool()> interrupted; ///< stop waiting for the lock when true
};

/// The hooks that create the tool's history table, take and release its lock, skip what another run did
/// meanwhile, and record each migration applied, failed or reverted exactly as the tool does.
ApplyHooks projectHooks(const project::Project &project, const HookOptions &options);

} // namespace core::engine
