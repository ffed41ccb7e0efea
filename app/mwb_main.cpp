// SPDX-License-Identifier: GPL-3.0-or-later
// mwb: the command-line interface, for CI and scripts. Same core as the GUI.
#include "appsetup.h"

#include "core/connectionparams.h"
#include "core/dbprobe.h"
#include "core/logging.h"
#include "core/versioninfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

enum ExitCode { ExitOk = 0, ExitFailed = 1, ExitUsage = 2 };

void out(const QString &text)
{
    std::fputs(text.toUtf8().constData(), stdout);
}

void err(const QString &text)
{
    std::fputs((u"mwb: "_s + text + u'\n').toUtf8().constData(), stderr);
}

QString usage()
{
    return u"Usage: mwb COMMAND [OPTIONS]\n"
           "\n"
           "Commands:\n"
           "  probe --url URL [--driver libpqxx|qtsql] [--format text|json]\n"
           "                     connect, print the server's identity, disconnect\n"
           "  version            print the versions (same as --version)\n"
           "  help               this text\n"
           "\n"
           "The password may be given in the URL or in the environment (MWB_PASSWORD, or PGPASSWORD for libpq).\n"_s;
}

int probe(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addOption({u"url"_s, u"Connection URL."_s, u"url"_s});
    parser.addOption({u"driver"_s, u"libpqxx (default for PostgreSQL) or qtsql."_s, u"driver"_s});
    parser.addOption({u"format"_s, u"text or json."_s, u"format"_s, u"text"_s});
    parser.addOption({u"timeout"_s, u"Connect timeout in seconds."_s, u"seconds"_s, u"10"_s});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    if (!parser.isSet(u"url"_s)) {
        err(u"probe needs --url"_s);
        return ExitUsage;
    }
    auto params = core::ConnectionParams::fromUrl(parser.value(u"url"_s));
    if (!params) {
        err(params.error().detail);
        return ExitUsage;
    }
    if (params->password.isEmpty())
        params->password = qEnvironmentVariable("MWB_PASSWORD");
    const QString driver = parser.value(u"driver"_s);
    const bool qtsql = driver == u"qtsql" || params->dialect != core::Dialect::PostgreSQL;
    if (!driver.isEmpty() && driver != u"qtsql" && driver != u"libpqxx") {
        err(u"unknown driver '%1' (libpqxx or qtsql)"_s.arg(driver));
        return ExitUsage;
    }
    const int timeout = parser.value(u"timeout"_s).toInt();
    const auto info = qtsql ? core::probeWithQtSql(*params, timeout) : core::probeWithLibpqxx(*params, timeout);
    const bool json = parser.value(u"format"_s) == u"json";
    if (!info) {
        if (json) {
            const QJsonObject o{{u"ok"_s, false},
                                {u"url"_s, params->toRedactedUrl()},
                                {u"error"_s, core::codeName(info.error().code)},
                                {u"detail"_s, info.error().detail}};
            out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        }
        err(u"%1: %2: %3"_s.arg(params->toRedactedUrl(), core::codeName(info.error().code), info.error().detail));
        return ExitFailed;
    }
    if (json) {
        const QJsonObject o{{u"ok"_s, true},
                            {u"url"_s, params->toRedactedUrl()},
                            {u"product"_s, info->product},
                            {u"version"_s, info->version},
                            {u"versionNumber"_s, info->versionNumber},
                            {u"user"_s, info->currentUser},
                            {u"database"_s, info->database},
                            {u"inRecovery"_s, info->inRecovery}};
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
    } else {
        out(u"%1 %2 (%3), user %4, database %5%6\n"_s.arg(info->product, info->version,
                                                          params->toRedactedUrl(), info->currentUser, info->database,
                                                          info->inRecovery ? u", in recovery"_s : QString()));
    }
    return ExitOk;
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
    int rc = ExitUsage;
    if (command == u"probe") {
        rc = probe(args);
    } else {
        err(u"unknown command '%1' (see 'mwb help')"_s.arg(command));
    }
    core::logging::uninstall();
    return rc;
}
