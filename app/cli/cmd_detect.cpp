// SPDX-License-Identifier: GPL-3.0-or-later
// mwb detect DIR: which migration tool's folder this is, why, and its migrations.
#include "cli.h"

#include "core/project/detect.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace cli;
namespace cp = core::project;

namespace {

int detect(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"dir"_s, u"The migrations folder (or the repository holding it)."_s);
    parser.addOption({u"format"_s, u"text or json."_s, u"format"_s, u"text"_s});
    parser.addOption({u"tool"_s, u"Read the folder as this tool's (when detection is ambiguous)."_s, u"tool"_s});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    if (parser.positionalArguments().size() != 1) {
        err(u"detect needs exactly one folder: mwb detect DIR [--format json]"_s);
        return ExitUsage;
    }
    const QString dir = parser.positionalArguments().first();
    cp::Format forced = cp::Format::Unknown;
    if (parser.isSet(u"tool"_s)) {
        forced = cp::formatFromId(parser.value(u"tool"_s));
        if (forced == cp::Format::Unknown) {
            err(u"unknown tool '%1'"_s.arg(parser.value(u"tool"_s)));
            return ExitUsage;
        }
    }
    const bool json = parser.value(u"format"_s) == u"json";
    cp::Detection det;
    const auto project = cp::openProject(dir, forced, &det);
    if (!project && project.error().code == core::Error::Code::Io) {
        err(project.error().detail);
        return ExitUsage;
    }
    QJsonArray candidates;
    for (const cp::DetectionCandidate &c : std::as_const(det.candidates))
        candidates.append(QJsonObject{{u"format"_s, cp::formatId(c.format)},
                                      {u"dir"_s, c.dir},
                                      {u"reason"_s, c.reason},
                                      {u"evidence"_s, c.evidence}});
    const cp::Format format = project ? project->format : det.format;
    const QString reason = forced != cp::Format::Unknown ? u"chosen with --tool; detection: "_s + det.reason : det.reason;
    if (!project) {
        if (json) {
            const QJsonObject o{{u"format"_s, cp::formatId(format)}, {u"reason"_s, reason},
                                {u"ambiguous"_s, det.ambiguous}, {u"candidates"_s, candidates},
                                {u"error"_s, project.error().detail}, {u"migrations"_s, QJsonArray()}};
            out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        } else {
            out(u"%1\n"_s.arg(reason));
        }
        err(project.error().detail + (det.ambiguous ? u" (pick one with --tool NAME)"_s : QString()));
        return ExitFailed;
    }
    if (json) {
        QJsonArray migrations;
        for (const cp::Migration &m : project->migrations)
            migrations.append(QJsonObject{{u"version"_s, m.version},
                                          {u"name"_s, m.name},
                                          {u"path"_s, m.upPath},
                                          {u"checksum"_s, m.checksum},
                                          {u"transactional"_s, m.transactional},
                                          {u"implicitTransaction"_s, m.implicitTransaction},
                                          {u"noTransaction"_s, m.noTransactionDeclaration}});
        QJsonArray issues;
        for (const cp::Issue &i : project->issues)
            issues.append(QJsonObject{{u"severity"_s, i.severity == cp::Issue::Severity::Error ? u"error"_s : u"warning"_s},
                                      {u"path"_s, i.path},
                                      {u"message"_s, i.message}});
        const QJsonObject o{{u"format"_s, cp::formatId(format)}, {u"reason"_s, reason},
                            {u"dir"_s, project->dir},       {u"ambiguous"_s, false},
                            {u"candidates"_s, candidates},  {u"migrations"_s, migrations},
                            {u"issues"_s, issues}};
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
    } else {
        QString text = u"%1: %2 (%3)\n"_s.arg(QDir::toNativeSeparators(project->dir), cp::formatId(format), reason);
        for (const cp::Migration &m : project->migrations)
            text += u"  %1  %2%3\n"_s.arg(m.kind == cp::Migration::Kind::Repeatable ? u"R"_s : m.version, m.name,
                                          m.transactional ? QString() : u"  [no transaction]"_s);
        for (const cp::Issue &i : project->issues)
            text += u"%1: %2: %3\n"_s.arg(i.severity == cp::Issue::Severity::Error ? u"error"_s : u"warning"_s, i.path,
                                          i.message);
        out(text);
    }
    return project->hasErrors() ? ExitFailed : ExitOk;
}

} // namespace

MWB_CLI_COMMAND("detect", "detect DIR [--format text|json] [--tool NAME]   which migration tool's folder this is, and its migrations", detect);
