// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/projectlint.h"

#include "core/project/reader.h"
#include "core/sql/rules/registry.h"

#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;
using core::sql::Finding;
using core::sql::Script;
using core::sql::Severity;

namespace core::project {

namespace {

const QString kMissingDown = u"missing-down-migration"_s;
const QString kEdited = u"edited-applied-migration"_s;
const QString kOutOfOrder = u"out-of-order-migration"_s;

/// An ignore comment of one file, as the analyzer reads them (core/sql/analyzer.cpp scanComments).
struct Ignore
{
    qsizetype offset = 0;
    qsizetype target = 0; ///< index of the statement it belongs to (the next one when it sits in a gap)
    bool fileWide = false;
    QStringList rules; ///< empty: every rule
};

qsizetype statementTarget(const Script &script, qsizetype offset)
{
    const auto &st = script.statements;
    const auto it = std::upper_bound(st.cbegin(), st.cend(), offset,
                                     [](qsizetype o, const core::sql::Statement &s) { return o < s.end(); });
    return it - st.cbegin();
}

QList<Ignore> readIgnores(const Script &script)
{
    static const QRegularExpression ignoreRe(
        u"(?:mwb:ignore(-file)?|squawk-ignore(-file)?)(?![\\w-])\\s*([\\w\\s,-]*)"_s);
    static const QRegularExpression separators(u"[\\s,]+"_s);
    QList<Ignore> out;
    for (const core::sql::Token &t : script.tokens) {
        if (t.kind != core::sql::TokenKind::LineComment && t.kind != core::sql::TokenKind::BlockComment)
            continue;
        const QByteArrayView raw = script.tokenText(t);
        if (!raw.contains("mwb:ignore") && !raw.contains("squawk-ignore"))
            continue;
        const auto m = ignoreRe.match(QString::fromUtf8(raw));
        if (!m.hasMatch())
            continue;
        Ignore ig;
        ig.offset = t.offset;
        ig.target = statementTarget(script, t.offset);
        ig.fileWide = !m.captured(1).isEmpty() || !m.captured(2).isEmpty();
        QString list = m.captured(3);
        if (t.kind == core::sql::TokenKind::BlockComment)
            list.remove(u"*/"_s);
        ig.rules = list.split(separators, Qt::SkipEmptyParts);
        out << ig;
    }
    return out;
}

bool hasMarker(const QString &sql)
{
    return sql.contains(u"mwb:irreversible"_s);
}

/// Down SQL that does something: at least one statement that is not a lone terminator.
bool hasDownStatements(const QString &downSql, core::sql::SqlDialect dialect)
{
    if (downSql.trimmed().isEmpty())
        return false;
    const Script s = core::sql::tokenizeAndSplit(downSql.toUtf8(), dialect);
    for (const core::sql::Statement &st : s.statements)
        if (!(st.tokenCount == 1 && s.tokens.at(st.firstToken).kind == core::sql::TokenKind::Semicolon))
            return true;
    return false;
}

QString downAdvice(const Project &p, const Migration &m)
{
    switch (p.format) {
    case Format::GolangMigrate:
        return u"add %1_%2.down.sql"_s.arg(QFileInfo(m.upPath).fileName().section(u'_', 0, 0), m.name);
    case Format::Dbmate: return u"write the SQL that undoes it under `-- migrate:down`"_s;
    case Format::NodePgMigrate: return u"add a `-- Down Migration` section"_s;
    case Format::Sqitch: return u"write revert/%1.sql"_s.arg(m.name);
    case Format::Flyway: return u"add U%1__%2.sql"_s.arg(m.version, QString(m.name).replace(u' ', u'_'));
    case Format::Liquibase: return u"add `--rollback` lines to the changeset"_s;
    default: return u"add a down migration"_s;
    }
}

QString label(const Migration &m)
{
    if (m.name.isEmpty() || m.name == m.version)
        return m.version;
    return m.version + u' ' + m.name;
}

struct FileState
{
    QByteArray bytes;
    Script script;
    QList<Ignore> ignores;
    bool read = false;
};

} // namespace

bool hasDownMigrations(const Project &project)
{
    switch (project.format) {
    case Format::GolangMigrate:
    case Format::Dbmate:
    case Format::NodePgMigrate:
    case Format::Sqitch:
    case Format::Liquibase: return true;
    case Format::Flyway:
        return std::ranges::any_of(project.migrations, [](const Migration &m) { return !m.downPath.isEmpty(); });
    default: return false;
    }
}

QSet<QString> projectRulesRun(const Project &project, const ProjectLintOptions &options)
{
    QSet<QString> rules;
    if (hasDownMigrations(project) && options.config.isEnabled(kMissingDown))
        rules.insert(kMissingDown);
    if (options.status) {
        if (options.config.isEnabled(kEdited))
            rules.insert(kEdited);
        if (options.config.isEnabled(kOutOfOrder))
            rules.insert(kOutOfOrder);
    }
    return rules;
}

QList<ProjectFileFindings> lintProject(const Project &project, const ProjectLintOptions &options)
{
    const QSet<QString> run = projectRulesRun(project, options);
    struct Raw
    {
        QString path;
        QString rule;
        qsizetype offset = 0; ///< -1: line 1, column 1, spanning the first line
        qsizetype length = 0;
        QString message;
    };
    QList<Raw> raw;

    if (run.contains(kMissingDown)) {
        for (const Migration &m : project.migrations) {
            if (m.kind != Migration::Kind::Versioned || m.upPath.isEmpty())
                continue;
            if (hasMarker(m.upSql) || hasMarker(m.downSql) || hasDownStatements(m.downSql, options.dialect))
                continue;
            // line 1; in a file that holds both directions (dbmate, node-pg-migrate, Liquibase): the empty down
            // section's marker line, else where the up SQL begins
            Raw r{m.upPath, kMissingDown, std::max<qint64>(0, m.upSpan.begin), -1, {}};
            const bool sameFile = !m.downPath.isEmpty() && m.downPath == m.upPath;
            if (sameFile && m.downSpan.end > m.downSpan.begin)
                r.offset = m.downSpan.begin;
            const QString what = m.downPath.isEmpty() || !QFileInfo::exists(m.downPath)
                ? u"has no down migration"_s
                : u"has an empty down migration"_s;
            r.message = u"migration %1 %2, so it cannot be rolled back: %3, or mark it `-- mwb:irreversible` if "
                        "it cannot be undone"_s.arg(label(m), what, downAdvice(project, m));
            raw << r;
        }
    }
    if (options.status) {
        for (const MigrationStatus &s : options.status->migrations) {
            const bool onDisk = !s.path.isEmpty() && QFileInfo(s.path).isFile();
            if (!onDisk)
                continue;
            const QString name = s.name.isEmpty() || s.name == s.version ? s.version : s.version + u' ' + s.name;
            if (s.state == MigrationStatus::State::Drifted && run.contains(kEdited)) {
                QString msg = u"migration %1 was edited after it was applied to %2: %3"_s.arg(
                    name, options.status->historyTable, s.detail);
                if (!s.appliedAt.isEmpty())
                    msg += u" (applied %1)"_s.arg(s.appliedAt);
                msg += u". The change will never run where the migration was applied; "_s
                    + (s.hint.isEmpty() ? u"revert the edit and put the change in a new migration"_s : s.hint);
                raw << Raw{s.path, kEdited, -1, 0, msg};
            } else if (s.state == MigrationStatus::State::OutOfOrder && run.contains(kOutOfOrder)) {
                QString msg = u"migration %1 is pending but sorts before a migration already applied to %2 (%3)"_s.arg(
                    name, options.status->historyTable, s.detail);
                if (!s.hint.isEmpty())
                    msg += u": "_s + s.hint;
                raw << Raw{s.path, kOutOfOrder, -1, 0, msg};
            }
        }
    }

    QList<ProjectFileFindings> out;
    QHash<QString, qsizetype> outIndex;
    QHash<QString, FileState> files;
    for (const Raw &r : std::as_const(raw)) {
        FileState &fs = files[r.path];
        if (!fs.read) {
            fs.read = true;
            QString ignored;
            if (readFileBytes(r.path, &fs.bytes, &ignored)) {
                fs.script = core::sql::tokenizeAndSplit(fs.bytes, options.dialect);
                fs.ignores = readIgnores(fs.script);
            }
        }
        qsizetype offset = std::max<qsizetype>(0, r.offset);
        qsizetype length = r.length;
        if (r.offset < 0 || length < 0) {
            qsizetype eol = fs.bytes.indexOf('\n', offset);
            if (eol < 0)
                eol = fs.bytes.size();
            if (eol > offset && fs.bytes.at(eol - 1) == '\r')
                --eol;
            length = std::max<qsizetype>(0, eol - offset);
        }
        if (!outIndex.contains(r.path)) {
            outIndex.insert(r.path, out.size());
            out.append(ProjectFileFindings{r.path, {}, {}});
        }
        ProjectFileFindings &pf = out[outIndex.value(r.path)];

        // suppression (before selection, as in the analyzer)
        bool suppressed = false;
        const qsizetype target = statementTarget(fs.script, offset);
        for (const Ignore &ig : std::as_const(fs.ignores)) {
            if (!ig.fileWide && ig.target != target)
                continue;
            if (ig.rules.isEmpty() || ig.rules.contains(r.rule)) {
                suppressed = true;
                pf.usedSuppressions.append({ig.offset, ig.rules.isEmpty() ? QString() : r.rule});
            }
        }
        if (suppressed)
            continue;
        Finding f;
        f.rule = r.rule;
        const core::sql::RuleInfo *info = core::sql::findRule(r.rule);
        f.severity = info ? info->defaultSeverity : Severity::Warning;
        if (auto it = options.config.severities.constFind(r.rule); it != options.config.severities.cend())
            f.severity = *it;
        if (f.severity < options.config.minimum)
            continue;
        f.offset = offset;
        f.length = length;
        f.start = fs.script.lines.position(offset);
        f.end = fs.script.lines.position(offset + length);
        f.message = r.message;
        pf.findings.append(f);
    }
    for (ProjectFileFindings &pf : out)
        std::ranges::stable_sort(pf.findings, [](const Finding &a, const Finding &b) { return a.offset < b.offset; });
    return out;
}

void mergeProjectFindings(core::sql::AnalysisResult &result, const ProjectFileFindings &findings,
                          const QSet<QString> &rulesRun)
{
    auto notTrue = [&](const Finding &f) {
        if (f.rule != u"unused-ignore"_s)
            return false;
        for (const QString &rule : {kMissingDown, kEdited, kOutOfOrder}) {
            if (!f.message.endsWith(u'(' + rule + u')'))
                continue;
            if (!rulesRun.contains(rule))
                return true;
            for (const auto &[offset, used] : findings.usedSuppressions)
                if (offset == f.offset && used == rule)
                    return true;
        }
        if (f.message.endsWith(u"(any rule)"_s))
            for (const auto &[offset, used] : findings.usedSuppressions)
                if (offset == f.offset && used.isEmpty())
                    return true;
        return false;
    };
    result.findings.removeIf(notTrue);
    result.findings.append(findings.findings);
    std::ranges::stable_sort(result.findings, [](const Finding &a, const Finding &b) {
        return a.offset != b.offset ? a.offset < b.offset : a.rule < b.rule;
    });
}

} // namespace core::project
