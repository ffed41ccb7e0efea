// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What `mwb apply` and `mwb down` share (implemented in cmd_apply.cpp): the common options, the production guard,
// and one engine run with Ctrl+C cancel, the audit record and text/JSON output.

#include "core/connection/environment.h"
#include "core/connectionparams.h"
#include "core/engine/projectrun.h"
#include "core/project/history.h"
#include "core/project/migration.h"

#include <QCommandLineParser>
#include <QList>
#include <QString>

#include <optional>

namespace cli::enginerun {

/// --url, --env, --confirm, --format, --tool, --lock-timeout, --max-attempts, --lock-wait, --dry-run.
void addCommonOptions(QCommandLineParser &parser);

/// The environment named by --env from the project's workbench.toml (or the default pipeline); prints the error
/// and returns nothing when it is unknown or the file is unreadable.
std::optional<std::optional<core::connection::Environment>> environment(const QString &dir, const QString &name);

/// Opens the project (--tool), reads its status on the server; prints the error and returns nothing on failure.
struct Target
{
    core::project::Project project;
    core::project::ProjectStatus status;
};
std::optional<Target> open(const QString &dir, const QCommandLineParser &parser, core::ConnectionParams &params);

struct RunSpec
{
    QString dir;
    core::ConnectionParams params;
    core::project::Project project;
    QList<core::project::Migration> migrations; ///< in the order to run them
    core::engine::Direction direction = core::engine::Direction::Up;
    QString environment;
    QString auditReason; ///< --override-reason / --emergency-reason
};

/// Runs the engine (PostgreSQL or MySQL/MariaDB) and prints the report; returns the exit code.
int run(const RunSpec &spec, const QCommandLineParser &parser);

} // namespace cli::enginerun
