// SPDX-License-Identifier: GPL-3.0-or-later
// mwb: the command-line interface, for CI and scripts. Same core as the GUI.
#include "appsetup.h"
#include "cli/cli.h"

#include "core/logging.h"
#include "core/versioninfo.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace cli;

namespace {

QString usage()
{
    QString text = u"Usage: mwb COMMAND [OPTIONS]\n\nCommands:\n"_s;
    QList<Command> sorted = commands();
    std::sort(sorted.begin(), sorted.end(), [](const Command &a, const Command &b) { return qstrcmp(a.name, b.name) < 0; });
    for (const Command &c : sorted)
        text += u"  "_s + QString::fromUtf8(c.synopsis) + u'\n';
    text += u"  version            print the versions (same as --version)\n"
            "  help               this text\n"
            "\n"
            "Exit status: 0 success, 1 the operation failed (lint: a finding at error severity), 2 usage or I/O error.\n"
            "Passwords may be given in the URL or in the environment (MWB_PASSWORD, or PGPASSWORD for libpq).\n"_s;
    return text;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    app::setApplicationIdentity(u"mwb"_s);
    QStringList args = QCoreApplication::arguments();
    const QString command = args.value(1);
    if (command.isEmpty() || command == u"help" || command == u"--help" || command == u"-h") {
        out(usage());
        return command.isEmpty() ? ExitUsage : ExitOk;
    }
    if (command == u"--version" || command == u"-v" || command == u"version") {
        out(core::formatVersions(u"mwb"_s, core::coreComponentVersions()));
        return ExitOk;
    }
    app::setupLogging(u"mwb"_s);
    args.removeAt(1); // the parser sees "mwb --options..."
    args[0] = u"mwb "_s + command;
    int rc = ExitUsage;
    const auto &all = commands();
    const auto it = std::find_if(all.cbegin(), all.cend(), [&command](const Command &c) {
        return command == QLatin1StringView(c.name);
    });
    if (it != all.cend())
        rc = it->run(args);
    else
        err(u"unknown command '%1' (see 'mwb help')"_s.arg(command));
    core::logging::uninstall();
    return rc;
}
