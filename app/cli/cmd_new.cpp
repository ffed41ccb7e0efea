// SPDX-License-Identifier: GPL-3.0-or-later
// mwb new DIR NAME: the next migration in the folder's own format.
#include "cli.h"

#include "core/project/detect.h"
#include "core/project/writer.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;
using namespace cli;
namespace cp = core::project;

namespace {

int newMigration(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"dir"_s, u"The migrations folder."_s);
    parser.addPositionalArgument(u"name"_s, u"The migration's name."_s);
    parser.addOption({u"tool"_s, u"Use this tool's format (for an empty or ambiguous folder)."_s, u"tool"_s});
    parser.addOption({u"format"_s, u"text or json."_s, u"format"_s, u"text"_s});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    if (parser.positionalArguments().size() != 2) {
        err(u"usage: mwb new DIR NAME [--tool NAME]"_s);
        return ExitUsage;
    }
    cp::Format forced = cp::Format::Unknown;
    if (parser.isSet(u"tool"_s)) {
        forced = cp::formatFromId(parser.value(u"tool"_s));
        if (forced == cp::Format::Unknown) {
            err(u"unknown tool '%1'"_s.arg(parser.value(u"tool"_s)));
            return ExitUsage;
        }
    }
    const auto project = cp::openProject(parser.positionalArguments().at(0), forced);
    if (!project) {
        err(project.error().detail);
        return project.error().code == core::Error::Code::Io ? ExitUsage : ExitFailed;
    }
    const auto created = cp::createMigration(*project, parser.positionalArguments().at(1));
    if (!created) {
        err(created.error().detail);
        return ExitFailed;
    }
    if (parser.value(u"format"_s) == u"json") {
        const QJsonObject o{{u"format"_s, cp::formatId(project->format)},
                            {u"version"_s, created->version},
                            {u"name"_s, created->name},
                            {u"created"_s, QJsonArray::fromStringList(created->createdFiles)},
                            {u"updated"_s, QJsonArray::fromStringList(created->updatedFiles)}};
        out(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
    } else {
        QString text;
        for (const QString &f : created->createdFiles)
            text += u"created %1\n"_s.arg(f);
        for (const QString &f : created->updatedFiles)
            text += u"updated %1\n"_s.arg(f);
        out(text);
    }
    return ExitOk;
}

} // namespace

MWB_CLI_COMMAND("new", "new DIR NAME [--tool NAME] [--format text|json]   create the next migration in the folder's own format", newMigration);
