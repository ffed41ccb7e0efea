// SPDX-License-Identifier: GPL-3.0-or-later
// mwb lint: the safety analyzer over SQL files, for people and for CI (text, JSON, SARIF 2.1.0).
#include "cli.h"

#include "core/connectionparams.h"
#include "core/project/detect.h"
#include "core/project/history.h"
#include "core/project/lintsettings.h"
#include "core/project/projectfile.h"
#include "core/project/projectlint.h"
#include "core/sql/analyzer.h"
#include "core/sql/livecontext.h"
#include "core/sql/parser.h"
#include "core/sql/rules/registry.h"
#include "core/versioninfo.h"

#include <QCommandLineParser>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringEncoder>

#include <cmath>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace cli;
using namespace core::sql;

namespace {

struct Input
{
    QString path; ///< as shown in the output ("-" for standard input)
    QString file; ///< on disk; empty for standard input
    bool fromDirectory = false;
    int project = -1; ///< index into the projects read from directory arguments
    bool down = false; ///< the project says this file holds only down SQL
    int config = -1; ///< index into the configurations of directories with a workbench.toml; -1: the command line's
};

/// A directory argument that reads as a migration project (core/project/detect.h).
struct ProjectInput
{
    QString arg; ///< the directory as given
    core::project::Project project;
    std::optional<core::project::ProjectStatus> status; ///< with --url
    QHash<QString, core::project::ProjectFileFindings> findings; ///< by absolute file path
    QSet<QString> rulesRun;
    int config = -1; ///< as Input::config
};

struct FileResult
{
    QString path;
    AnalysisResult result;
};

QString sarifLevel(Severity s)
{
    switch (s) {
    case Severity::Error: return u"error"_s;
    case Severity::Warning: return u"warning"_s;
    case Severity::Info: return u"note"_s;
    }
    return u"warning"_s;
}

/// A JSON string literal, escaped as QJsonDocument does (UTF-8 passes through).
void appendJsonString(QByteArray &buf, QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    buf += '"';
    // encode straight into the buffer; escape afterwards only when something needs it (rarely)
    const qsizetype at = buf.size();
    QStringEncoder encoder(QStringEncoder::Utf8);
    buf.resize(at + encoder.requiredSpace(text.size()));
    char *written = encoder.appendToBuffer(buf.data() + at, text);
    buf.resize(written - buf.constData());
    bool plain = true;
    for (qsizetype i = at; plain && i < buf.size(); ++i) {
        const auto c = static_cast<unsigned char>(buf.at(i));
        plain = c >= 0x20 && c != '"' && c != '\\';
    }
    if (plain) {
        buf += '"';
        return;
    }
    const QByteArray utf8 = buf.mid(at);
    buf.truncate(at);
    const char *p = utf8.constData();
    const qsizetype n = utf8.size();
    qsizetype run = 0; // start of the current run of bytes that need no escape
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        buf.append(p + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': buf += "\\\""; break;
        case '\\': buf += "\\\\"; break;
        case '\b': buf += "\\b"; break;
        case '\f': buf += "\\f"; break;
        case '\n': buf += "\\n"; break;
        case '\r': buf += "\\r"; break;
        case '\t': buf += "\\t"; break;
        default:
            buf += "\\u00";
            buf += hex[c >> 4];
            buf += hex[c & 15];
        }
    }
    buf.append(p + run, n - run);
    buf += '"';
}

void appendJsonNumber(QByteArray &buf, double v)
{
    if (v == double(qint64(v)) && std::abs(v) < 9007199254740992.0)
        buf += QByteArray::number(qint64(v));
    else
        buf += QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
}

/// One finding as compact JSON, keys in the order QJsonObject keeps them (sorted), without building one.
void appendFindingJson(QByteArray &buf, const Finding &f)
{
    buf += "{\"column\":";
    buf += QByteArray::number(f.start.column);
    buf += ",\"endColumn\":";
    buf += QByteArray::number(f.end.column);
    buf += ",\"endLine\":";
    buf += QByteArray::number(f.end.line);
    if (f.estimatedSeconds >= 0) {
        buf += ",\"estimatedSeconds\":";
        appendJsonNumber(buf, f.estimatedSeconds);
    }
    buf += ",\"fix\":";
    if (f.fix)
        appendJsonString(buf, f.fix->replacement);
    else
        buf += "null";
    buf += ",\"line\":";
    buf += QByteArray::number(f.start.line);
    buf += ",\"lock\":";
    if (f.lock.isEmpty())
        buf += "null";
    else
        appendJsonString(buf, f.lock);
    buf += ",\"message\":";
    appendJsonString(buf, f.message);
    buf += ",\"rule\":";
    appendJsonString(buf, f.rule);
    buf += ",\"severity\":";
    appendJsonString(buf, severityName(f.severity));
    if (f.tableBytes >= 0) {
        buf += ",\"tableBytes\":";
        appendJsonNumber(buf, double(f.tableBytes));
    }
    if (f.tableRows >= 0) {
        buf += ",\"tableRows\":";
        appendJsonNumber(buf, double(f.tableRows));
    }
    buf += ",\"tables\":[";
    for (qsizetype i = 0; i < f.tables.size(); ++i) {
        if (i)
            buf += ',';
        appendJsonString(buf, f.tables[i]);
    }
    buf += "]}";
}

/// One file's entry of the JSON report, streamed: findings one per line, written in 64 KiB chunks, so that
/// memory stays flat.
void writeJsonFile(const FileResult &r, bool first)
{
    QByteArray buf;
    buf.reserve(1 << 17);
    if (!first)
        buf += ",\n";
    buf += "  {\"path\": ";
    appendJsonString(buf, r.path);
    buf += ", \"dialect\": \"" + dialectName(r.result.script.dialect).toUtf8() + "\", \"statements\": "
        + QByteArray::number(r.result.script.statements.size()) + ", \"findings\": [";
    bool firstFinding = true;
    for (const Finding &f : r.result.findings) {
        buf += firstFinding ? "\n    " : ",\n    ";
        appendFindingJson(buf, f);
        firstFinding = false;
        if (buf.size() >= (1 << 16)) {
            std::fwrite(buf.constData(), 1, size_t(buf.size()), stdout);
            buf.clear();
        }
    }
    buf += firstFinding ? "]}" : "\n  ]}";
    std::fwrite(buf.constData(), 1, size_t(buf.size()), stdout);
}

QJsonObject sarifRegion(const Finding &f)
{
    return QJsonObject{{u"startLine"_s, f.start.line},
                       {u"startColumn"_s, f.start.column},
                       {u"endLine"_s, f.end.line},
                       {u"endColumn"_s, f.end.column}};
}

QString toSarif(const QList<FileResult> &results)
{
    QJsonArray rules;
    QHash<QString, int> ruleIndex;
    for (const RuleInfo &r : allRules()) {
        ruleIndex.insert(r.id, int(rules.size()));
        QJsonObject rule{{u"id"_s, r.id},
                         {u"name"_s, r.id},
                         {u"shortDescription"_s, QJsonObject{{u"text"_s, r.summary}}},
                         {u"fullDescription"_s, QJsonObject{{u"text"_s, r.summary}}},
                         {u"defaultConfiguration"_s, QJsonObject{{u"level"_s, sarifLevel(r.defaultSeverity)}}},
                         {u"properties"_s, QJsonObject{{u"tags"_s, QJsonArray{r.family}}}}};
        if (!r.bad.isEmpty())
            rule.insert(u"help"_s, QJsonObject{{u"text"_s, u"Instead of:\n%1\nwrite:\n%2"_s.arg(r.bad, r.good)}});
        rules << rule;
    }
    QJsonArray sarifResults;
    QJsonArray artifacts;
    for (const FileResult &r : results) {
        const QString uri = r.path == u"-"_s ? u"stdin"_s : QDir::fromNativeSeparators(r.path);
        artifacts << QJsonObject{{u"location"_s, QJsonObject{{u"uri"_s, uri}}}};
        for (const Finding &f : r.result.findings) {
            QJsonObject location{
                {u"physicalLocation"_s,
                 QJsonObject{{u"artifactLocation"_s, QJsonObject{{u"uri"_s, uri}}}, {u"region"_s, sarifRegion(f)}}}};
            QJsonObject res{{u"ruleId"_s, f.rule},
                            {u"ruleIndex"_s, ruleIndex.value(f.rule, -1)},
                            {u"level"_s, sarifLevel(f.severity)},
                            {u"message"_s, QJsonObject{{u"text"_s, f.message}}},
                            {u"locations"_s, QJsonArray{location}}};
            if (f.fix) {
                const QJsonObject replacement{{u"deletedRegion"_s, sarifRegion(f)},
                                              {u"insertedContent"_s, QJsonObject{{u"text"_s, f.fix->replacement}}}};
                res.insert(u"fixes"_s,
                           QJsonArray{QJsonObject{
                               {u"description"_s, QJsonObject{{u"text"_s, u"Safer rewrite"_s}}},
                               {u"artifactChanges"_s,
                                QJsonArray{QJsonObject{{u"artifactLocation"_s, QJsonObject{{u"uri"_s, uri}}},
                                                       {u"replacements"_s, QJsonArray{replacement}}}}}}});
            }
            if (!f.lock.isEmpty() || !f.tables.isEmpty())
                res.insert(u"properties"_s, QJsonObject{{u"lock"_s, f.lock}, {u"tables"_s, QJsonArray::fromStringList(f.tables)}});
            sarifResults << res;
        }
    }
    const QJsonObject driver{{u"name"_s, u"mwb"_s},
                             {u"fullName"_s, u"Migration Workbench safety analyzer"_s},
                             {u"version"_s, core::applicationVersion()},
                             {u"semanticVersion"_s, core::applicationVersion()},
                             {u"informationUri"_s, u"https://example.invalid/migration-workbench"_s},
                             {u"rules"_s, rules}};
    const QJsonObject run{{u"tool"_s, QJsonObject{{u"driver"_s, driver}}},
                          {u"artifacts"_s, artifacts},
                          {u"columnKind"_s, u"unicodeCodePoints"_s},
                          {u"results"_s, sarifResults}};
    const QJsonObject root{{u"$schema"_s, u"https://json.schemastore.org/sarif-2.1.0.json"_s},
                           {u"version"_s, u"2.1.0"_s},
                           {u"runs"_s, QJsonArray{run}}};
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

QString toText(const FileResult &r)
{
    QString out;
    for (const Finding &f : r.result.findings)
        out += u"%1:%2:%3: %4: %5 [%6]\n"_s.arg(r.path).arg(f.start.line).arg(f.start.column).arg(
            severityName(f.severity), f.message, f.rule);
    return out;
}

/// A down migration undoes its up migration: dropping what the up added is its purpose, not an
/// application-compatibility break. The compatibility rules stay visible, at info, unless configured.
LintConfig forDownMigration(LintConfig config)
{
    for (const RuleInfo &rule : allRules())
        if (rule.family == u"compatibility"_s && !config.severities.contains(rule.id))
            config.severities.insert(rule.id, Severity::Info);
    return config;
}

bool isDownMigration(const QString &name)
{
    return name.contains(u".down."_s) || name.endsWith(u"down.sql"_s) || (name.size() > 1 && name.front() == u'U' && name.at(1).isDigit());
}

int lint(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Lint SQL migrations for locks, rewrites and unsafe changes."_s);
    parser.addOption({u"dialect"_s, u"postgresql (default), mysql, mariadb or sqlite."_s, u"dialect"_s, u"postgresql"_s});
    parser.addOption({u"target-version"_s, u"Server version the migration targets (PostgreSQL 11–18, MySQL 8.0/8.4, MariaDB 10.11/11.x)."_s,
                      u"version"_s});
    parser.addOption({u"url"_s, u"Read live context (version, table sizes, indexes) from this database."_s, u"url"_s});
    parser.addOption({u"format"_s, u"text (default), json or sarif."_s, u"format"_s, u"text"_s});
    parser.addOption({u"rules"_s, u"Rules to run: a,b (only these), -c (all but c)."_s, u"list"_s});
    parser.addOption({u"severity"_s, u"Report findings at or above: info, warning, error."_s, u"level"_s, u"info"_s});
    parser.addOption({u"env"_s, u"Environment whose [lint.environments.<name>] settings of a directory's workbench.toml apply."_s,
                      u"name"_s});
    parser.addPositionalArgument(u"paths"_s, u"SQL files or directories; - reads standard input."_s, u"PATH...|-"_s);
    if (!parser.parse(args)) {
        err(parser.errorText());
        return ExitUsage;
    }
    auto dialect = core::sql::dialectFromName(parser.value(u"dialect"_s));
    if (!dialect) {
        err(u"unknown dialect '%1' (postgresql, mysql, mariadb or sqlite)"_s.arg(parser.value(u"dialect"_s)));
        return ExitUsage;
    }
    auto target = TargetServer::parse(*dialect, parser.value(u"target-version"_s));
    if (!target) {
        err(u"unsupported --target-version '%1' for %2"_s.arg(parser.value(u"target-version"_s), dialectName(*dialect)));
        return ExitUsage;
    }
    const QString format = parser.value(u"format"_s);
    if (format != u"text"_s && format != u"json"_s && format != u"sarif"_s) {
        err(u"unknown format '%1' (text, json or sarif)"_s.arg(format));
        return ExitUsage;
    }
    LintConfig config;
    if (parser.isSet(u"rules"_s)) {
        if (auto r = config.applyRuleList(parser.value(u"rules"_s)); !r) {
            err(r.error().detail);
            return ExitUsage;
        }
    }
    const auto minimum = parseSeverity(parser.value(u"severity"_s));
    if (!minimum) {
        err(u"unknown severity '%1' (info, warning or error)"_s.arg(parser.value(u"severity"_s)));
        return ExitUsage;
    }
    config.minimum = *minimum;
    const QStringList paths = parser.positionalArguments();
    if (paths.isEmpty()) {
        err(u"lint needs at least one PATH, or - for standard input"_s);
        return ExitUsage;
    }

    // A directory's workbench.toml [lint] settings (per environment with --env); --rules and --severity on top.
    QList<LintConfig> dirConfigs;
    std::optional<SqlDialect> dialectFromFile;
    auto directoryConfig = [&](const QString &dir) -> std::optional<int> {
        auto file = core::project::ProjectFile::load(dir);
        if (!file) {
            err(u"%1: %2"_s.arg(QDir(dir).filePath(core::project::ProjectFile::fileName()), file.error().detail));
            return std::nullopt;
        }
        if (!file->exists())
            return -1;
        // [lint] dialect / target-version: what the migrations are written for, unless the command line says
        auto fileTarget = core::project::lintTarget(*file);
        if (!fileTarget) {
            err(u"%1: %2"_s.arg(file->path(), fileTarget.error().detail));
            return std::nullopt;
        }
        if (fileTarget->dialect && !parser.isSet(u"dialect"_s)) {
            if (dialectFromFile && *dialectFromFile != *fileTarget->dialect) {
                err(u"%1: lint.dialect is %2, but another directory's workbench.toml says %3; lint them apart or "
                    "pass --dialect"_s.arg(file->path(), dialectName(*fileTarget->dialect), dialectName(*dialectFromFile)));
                return std::nullopt;
            }
            dialectFromFile = fileTarget->dialect;
            dialect = fileTarget->dialect;
            if (!parser.isSet(u"target-version"_s))
                target = fileTarget->target.value_or(TargetServer::defaultFor(*dialect));
        } else if (fileTarget->target && !parser.isSet(u"target-version"_s)
                   && fileTarget->target->dialect == dialect.value_or(SqlDialect::PostgreSQL)) {
            target = fileTarget->target;
        }
        auto c = core::project::lintConfig(*file, parser.value(u"env"_s));
        if (!c) {
            err(u"%1: %2"_s.arg(file->path(), c.error().detail));
            return std::nullopt;
        }
        if (parser.isSet(u"rules"_s))
            if (auto r = c->applyRuleList(parser.value(u"rules"_s)); !r) {
                err(r.error().detail);
                return std::nullopt;
            }
        if (parser.isSet(u"severity"_s))
            c->minimum = *minimum;
        dirConfigs << *c;
        return int(dirConfigs.size() - 1);
    };

    QList<Input> inputs;
    QList<ProjectInput> projects;
    for (const QString &p : paths) {
        if (p == u"-"_s) {
            inputs << Input{u"-"_s, QString(), false};
            continue;
        }
        const QFileInfo fi(p);
        if (!fi.exists()) {
            err(u"%1: no such file or directory"_s.arg(p));
            return ExitUsage;
        }
        if (fi.isDir()) {
            const auto configIndex = directoryConfig(p);
            if (!configIndex)
                return ExitUsage;
            // A migration project: the project rules run over it (and with --url the history rules).
            int projectIndex = -1;
            QSet<QString> downFiles;
            core::project::Detection detection;
            auto project = core::project::openProject(p, core::project::Format::Unknown, &detection);
            if (!project && detection.ambiguous) // say why the project rules do not run; plain folders stay quiet
                err(u"%1: not linted as a migration project: %2"_s.arg(p, detection.reason));
            if (project) {
                projectIndex = int(projects.size());
                for (const core::project::Migration &m : project->migrations)
                    if (!m.downPath.isEmpty() && m.downPath != m.upPath)
                        downFiles.insert(QFileInfo(m.downPath).absoluteFilePath());
                projects.append(ProjectInput{p, std::move(*project), std::nullopt, {}, {}, *configIndex});
            }
            QStringList found;
            QDirIterator it(p, {u"*.sql"_s}, QDir::Files | QDir::Readable | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
            while (it.hasNext())
                found << it.next();
            std::sort(found.begin(), found.end());
            for (const QString &f : found)
                inputs << Input{f, f, true, projectIndex, downFiles.contains(QFileInfo(f).absoluteFilePath()), *configIndex};
            continue;
        }
        inputs << Input{p, p, false};
    }

    AnalysisContext context;
    context.target = *target;
    SqlDialect lintDialect = *dialect;
    if (parser.isSet(u"url"_s)) {
        auto params = connectionFromUrl(parser.value(u"url"_s));
        if (!params)
            return ExitUsage;
        // migration tools' own URL options (golang-migrate x-migrations-table, ...) are not for the driver
        core::ConnectionParams liveParams = *params;
        core::project::Project none;
        if (auto r = core::project::applyUrlSettings(none, liveParams); !r) {
            err(u"%1: %2"_s.arg(params->toRedactedUrl(), r.error().detail));
            return ExitUsage;
        }
        auto live = fetchLiveContext(liveParams, *dialect, 10);
        if (!live) {
            err(u"%1: %2: %3"_s.arg(params->toRedactedUrl(), core::codeName(live.error().code), live.error().detail));
            return ExitUsage;
        }
        if (!parser.isSet(u"target-version"_s)) {
            context.target = live->server;
            // the server says which flavour it is: MariaDB behind --dialect mysql is linted as MariaDB
            if (isMySqlFamily(live->server.dialect) && isMySqlFamily(lintDialect))
                lintDialect = live->server.dialect;
        }
        context.catalog = live->catalog;
        context.liveStatistics = true;
        for (ProjectInput &pi : projects) {
            auto status = core::project::readStatus(pi.project, *params);
            if (!status) {
                err(u"%1: cannot read the migration history from %2: %3"_s.arg(pi.arg, params->toRedactedUrl(),
                                                                                 status.error().detail));
                return ExitUsage;
            }
            pi.status = std::move(*status);
        }
    }
    for (ProjectInput &pi : projects) {
        core::project::ProjectLintOptions options;
        options.dialect = lintDialect;
        options.config = pi.config >= 0 ? dirConfigs.at(pi.config) : config;
        options.status = pi.status ? &*pi.status : nullptr;
        pi.rulesRun = core::project::projectRulesRun(pi.project, options);
        for (core::project::ProjectFileFindings &f : core::project::lintProject(pi.project, options))
            pi.findings.insert(f.path, std::move(f));
    }

    QList<FileResult> sarifResults; // SARIF is written as one document at the end; text and JSON stream per file
    bool errors = false;
    bool first = true;
    if (format == u"json"_s)
        out(u"{\"files\": [\n"_s);
    Catalog carried = context.catalog; // schema from earlier files of the same directory
    for (const Input &in : inputs) {
        QByteArray bytes;
        if (in.file.isEmpty()) {
            QFile stdinFile;
            if (!stdinFile.open(stdin, QIODevice::ReadOnly)) {
                err(u"-: cannot read standard input"_s);
                return ExitUsage;
            }
            bytes = stdinFile.readAll();
        } else {
            QFile f(in.file);
            if (!f.open(QIODevice::ReadOnly)) {
                err(u"%1: cannot read: %2"_s.arg(in.path, f.errorString()));
                return ExitUsage;
            }
            bytes = f.readAll();
            if (f.error() != QFileDevice::NoError) {
                err(u"%1: cannot read: %2"_s.arg(in.path, f.errorString()));
                return ExitUsage;
            }
        }
        AnalysisContext ctx = context;
        ctx.keepStatements = false; // only the findings are reported: parse one statement at a time
        if (in.fromDirectory)
            ctx.catalog = carried;
        LintConfig fileConfig = in.config >= 0 ? dirConfigs.at(in.config) : config;
        if (in.fromDirectory && (in.down || isDownMigration(QFileInfo(in.file).fileName())))
            fileConfig = forDownMigration(fileConfig);
        // A file that holds both directions (dbmate, goose): its up part and its down part are analysed apart,
        // each on a copy of the file with the other part blanked (offsets, lines and columns stay exact). The up
        // part sees the schema of the earlier files and passes its own on; the down part starts from the up
        // part's schema, which it undoes, with the compatibility rules at info as for any down migration.
        const core::project::Migration *both = nullptr;
        if (in.project >= 0 && in.fromDirectory) {
            const QString abs = QFileInfo(in.file).absoluteFilePath();
            for (const core::project::Migration &m : std::as_const(projects[in.project].project.migrations))
                if (!m.downSql.trimmed().isEmpty() && QFileInfo(m.upPath).absoluteFilePath() == abs
                    && QFileInfo(m.downPath).absoluteFilePath() == abs && m.upSpan.end <= bytes.size()
                    && m.downSpan.end <= bytes.size() && m.upSpan.end > m.upSpan.begin) {
                    both = &m;
                    break;
                }
        }
        // A tool that sends the file as one simple query (golang-migrate, Prisma): PostgreSQL runs a file of more
        // than one statement in its implicit transaction, where CONCURRENTLY fails. Other files (and a file of one
        // statement) keep an unknown context, in which their markers (transaction:false, mwb:transaction off) decide.
        if (in.project >= 0 && in.fromDirectory && !both) {
            const QString abs = QFileInfo(in.file).absoluteFilePath();
            for (const core::project::Migration &m : std::as_const(projects[in.project].project.migrations)) {
                const bool up = QFileInfo(m.upPath).absoluteFilePath() == abs;
                if (!up && (m.downPath.isEmpty() || QFileInfo(m.downPath).absoluteFilePath() != abs))
                    continue;
                if (m.implicitTransaction && core::project::runsInTransaction(m, up, lintDialect))
                    ctx.wrappedInTransaction = true;
                break;
            }
        }
        // What comes before both parts (a header with `-- mwb:ignore-file`) belongs to both.
        auto blankedExcept = [&bytes, &both](const core::project::Span &keep) {
            const qint64 header = std::min(both->upSpan.begin, both->downSpan.begin);
            QByteArray copy = bytes;
            for (qsizetype i = header; i < copy.size(); ++i)
                if ((i < keep.begin || i >= keep.end) && copy.at(i) != '\n')
                    copy[i] = ' ';
            return copy;
        };
        FileResult r{in.path, {}};
        Catalog upCatalog;
        if (both) {
            AnalysisResult up = analyze(tokenizeAndSplit(blankedExcept(both->upSpan), lintDialect), ctx, fileConfig);
            upCatalog = up.catalog;
            AnalysisContext downCtx = ctx;
            downCtx.catalog = up.catalog;
            AnalysisResult down = analyze(tokenizeAndSplit(blankedExcept(both->downSpan), lintDialect), downCtx,
                                          forDownMigration(fileConfig));
            r.result = std::move(up);
            // The header's ignore comments are the up pass's to report as unused.
            for (const Finding &f : std::as_const(down.findings))
                if (!(f.rule == u"unused-ignore"_s && f.offset < both->downSpan.begin))
                    r.result.findings.append(f);
            std::stable_sort(r.result.findings.begin(), r.result.findings.end(),
                             [](const Finding &a, const Finding &b) { return a.offset < b.offset; });
            r.result.script.statements += down.script.statements;
        } else {
            r.result = analyze(tokenizeAndSplit(std::move(bytes), lintDialect), ctx, fileConfig);
        }
        if (in.project >= 0) {
            ProjectInput &pi = projects[in.project];
            const QString abs = QFileInfo(in.file).absoluteFilePath();
            core::project::mergeProjectFindings(r.result, pi.findings.value(abs, {abs, {}, {}}), pi.rulesRun);
            pi.findings.remove(abs);
        }
        if (in.fromDirectory && !in.down && !isDownMigration(QFileInfo(in.file).fileName()))
            carried = both ? upCatalog : r.result.catalog; // the schema after this file's up part
        r.result.catalog = Catalog();
        errors = errors || r.result.hasErrors();
        if (format == u"json"_s)
            writeJsonFile(r, first);
        else if (format == u"text"_s)
            out(toText(r));
        else {
            r.result.statements.clear();
            r.result.effects.clear();
            sarifResults << std::move(r);
        }
        first = false;
    }
    // Project findings in files that are not *.sql (none of the SQL formats has such migrations today)
    for (ProjectInput &pi : projects) {
        for (auto it = pi.findings.cbegin(); it != pi.findings.cend(); ++it) {
            if (it->findings.isEmpty())
                continue;
            FileResult r{QDir(pi.arg).filePath(QDir(pi.arg).relativeFilePath(it.key())), {}};
            r.result.script.dialect = lintDialect;
            r.result.findings = it->findings;
            errors = errors || r.result.hasErrors();
            if (format == u"json"_s)
                writeJsonFile(r, first);
            else if (format == u"text"_s)
                out(toText(r));
            else
                sarifResults << std::move(r);
            first = false;
        }
    }
    if (format == u"json"_s)
        out(u"\n]}\n"_s);
    else if (format == u"sarif"_s)
        out(toSarif(sarifResults));
    return errors ? ExitFailed : ExitOk;
}

} // namespace

MWB_CLI_COMMAND("lint",
                "lint [--dialect D] [--target-version V] [--url URL] [--format text|json|sarif] [--rules LIST] "
                "[--severity LEVEL] PATH...|-   check migrations for locks, rewrites and unsafe changes",
                lint);
