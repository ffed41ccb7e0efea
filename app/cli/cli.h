// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// The `mwb` command registry. Each command lives in its own app/cli/cmd_<name>.cpp and registers itself with
// MWB_CLI_COMMAND; mwb_main.cpp dispatches. Commands print with out()/err() and return an ExitCode.
namespace cli {

enum ExitCode {
    ExitOk = 0, ///< success; for lint: no finding at error severity
    ExitFailed = 1, ///< the operation ran and failed (or lint found errors)
    ExitUsage = 2, ///< usage or I/O error, with a one-line message naming the file
};

/// args[0] is "mwb <command>"; the rest are the command's own arguments, ready for QCommandLineParser.
using Handler = int (*)(const QStringList &args);

struct Command
{
    const char *name;
    const char *synopsis; ///< one line for `mwb help`
    Handler run;
};

bool registerCommand(const Command &command);
const QList<Command> &commands();

/// Parses a --url value; the password, when the URL has none, comes from MWB_PASSWORD (libpq also reads
/// PGPASSWORD itself). Prints the error and returns nothing for a malformed URL (the caller exits ExitUsage).
std::optional<core::ConnectionParams> connectionFromUrl(const QString &url);

void out(const QString &text); ///< to stdout, as UTF-8, unchanged
void err(const QString &text); ///< "mwb: <text>\n" to stderr

} // namespace cli

#define MWB_CLI_CONCAT2(a, b) a##b
#define MWB_CLI_CONCAT(a, b) MWB_CLI_CONCAT2(a, b)
/// Registers a command at start-up: MWB_CLI_COMMAND("lint", "lint SQL files ...", runLint);
#define MWB_CLI_COMMAND(name, synopsis, handler)                                                                       \
    [[maybe_unused]] static const bool MWB_CLI_CONCAT(s_registered_, __LINE__) =                                       \
        cli::registerCommand(cli::Command{name, synopsis, handler})
