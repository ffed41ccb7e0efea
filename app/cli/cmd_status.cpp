// SPDX-License-Identifier: GPL-3.0-or-later
// mwb status DIR --url URL: which migrations are applied, pending, failed, drifted, missing, out of order.
#include "cli.h"

#include "core/connectionparams.h"
#include "core/project/detect.h"
#include "core/project/history.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace cli;
namespace cp = core::project;

namespace {

int status(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"dir"_s, u"The migrations folder."_s);
    parser.addOption({u"url"_s, u"Connection URL (password from MWB_PASSWORD when absent)."_s, u"url"_s});
    parser.addOption({u"format"_s, u"text or json."_s, u"format"_s, u"text"_s});
    parser.addOption({u"tool"_s, u"Read the folder as this tool's (when detection is ambiguous)."_s, u"tool"_s});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    if (parser.positionalArguments().size() != 1 || !parser.isSet(u"url"_s)) {
        err(u"usage: mwb status DIR --url URL [--format json]"_s);
        return ExitUsage;
    }
    auto params = connectionFromUrl(parser.value(u"url"_s));
    if (!params)
        return ExitUsage;
    cp::Format forced = cp::Format::Unknown;
    if (parser.isSet(u"tool"_s)) {
        forced = cp::formatFromId(parser.value(u"tool"_s));
        if (forced == cp::Format::Unknown) {
            err(u"unknown tool '%1'"_s.arg(parser.value(u"tool"_s)));
            return ExitUsage;
        }
    }
    const auto project = cp::openProject(parser.positionalArguments().first(), forced);
    if (!project) {
        err(project.error().detail);
        return project.error().code == core::Error::Code::Io ? ExitUsage : ExitFailed;
    }
    const auto st = cp::readStatus(*project, *params);
    if (!st) {
        err(u"%1: %2: %3"_s.arg(params->toRedactedUrl(), core::codeName(st.error().code), st.error().detail));
        return ExitFailed;
    }
    using State = cp::MigrationStatus::State;
    const bool attention = st->count(State::Failed) + st->count(State::Drifted) + st->count(State::Missing)
            + st->count(State::OutOfOrder)
        > 0;
    if (parser.value(u"format"_s) == u"json") {
        QJsonArray migrations;
        for (const cp::MigrationStatus &m : st->migrations) {
            QJsonObject o{{u"version"_s, m.version},
                          {u"name"_s, m.name},
                          {u"state"_s, cp::stateId(m.state)},
                          {u"appliedAt"_s, m.appliedAt.isEmpty() ? QJsonValue() : QJsonValue(m.appliedAt)},
                          {u"path"_s, m.path}};
            if (!m.appliedBy.isEmpty())
                o.insert(u"appliedBy"_s, m.appliedBy);
            if (m.durationMs >= 0)
                o.insert(u"durationMs"_s, m.durationMs);
            if (!m.detail.isEmpty())
                o.insert(u"detail"_s, m.detail);
            if (!m.hint.isEmpty())
                o.insert(u"hint"_s, m.hint);
            migrations.append(o);
        }
        const QJsonObject o{{u"format"_s, cp::formatId(st->format)},
                            {u"historyTable"_s, st->historyTable},
                            {u"historyFound"_s, st->historyFound},
                            {u"notes"_s, QJsonArray::fromStringList(st->notes)},
                            {u"migrations"_s, migrations}};
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
    } else {
        QString text = u"%1 on %2 (%3)\n"_s.arg(cp::formatId(st->format), params->toRedactedUrl(), st->historyTable);
        for (const cp::MigrationStatus &m : st->migrations) {
            text += u"  %1  %2 %3%4\n"_s.arg(cp::stateId(m.state), -12).arg(m.version, m.name,
                                                                           m.appliedAt.isEmpty() ? QString() : u"  ("_s + m.appliedAt + u')');
            if (!m.detail.isEmpty())
                text += u"      %1: %2\n"_s.arg(m.path, m.detail);
            if (!m.hint.isEmpty())
                text += u"      what to do: %1\n"_s.arg(m.hint);
        }
        for (const QString &n : st->notes)
            text += u"note: %1\n"_s.arg(n);
        text += u"%1 applied, %2 pending, %3 failed, %4 drifted, %5 missing, %6 out of order\n"_s.arg(
                    st->count(State::Applied))
                    .arg(st->count(State::Pending))
                    .arg(st->count(State::Failed))
                    .arg(st->count(State::Drifted))
                    .arg(st->count(State::Missing))
                    .arg(st->count(State::OutOfOrder));
        if (const int deleted = st->count(State::Deleted); deleted > 0) // Flyway: marked deleted by repair
            text.insert(text.size() - 1, u", %1 deleted"_s.arg(deleted));
        out(text);
    }
    return attention ? ExitFailed : ExitOk;
}

} // namespace

MWB_CLI_COMMAND("status", "status DIR --url URL [--format text|json] [--tool NAME]   applied, pending, failed, drifted, missing and out-of-order migrations", status);
