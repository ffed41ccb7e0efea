// SPDX-License-Identifier: GPL-3.0-or-later
// mwb probe: connect, print the server's identity, disconnect.
#include "cli.h"

#include "core/connectionparams.h"
#include "core/dbprobe.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace cli;

namespace {

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
    auto params = connectionFromUrl(parser.value(u"url"_s));
    if (!params)
        return ExitUsage;
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

MWB_CLI_COMMAND("probe", "probe --url URL [--driver libpqxx|qtsql] [--format text|json]   connect and print the server's identity", probe);
