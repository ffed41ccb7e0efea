// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/analyzer.h"
#include "core/sql/analyzer_p.h"

#include "core/sql/parser.h"
#include "core/sql/rules/registry.h"
#include "core/sql/rules/ruleengine.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace core::sql {

QString severityName(Severity s)
{
    switch (s) {
    case Severity::Info: return u"info"_s;
    case Severity::Warning: return u"warning"_s;
    case Severity::Error: return u"error"_s;
    }
    return u"warning"_s;
}

std::optional<Severity> parseSeverity(QStringView name)
{
    if (name.compare(u"info", Qt::CaseInsensitive) == 0)
        return Severity::Info;
    if (name.compare(u"warning", Qt::CaseInsensitive) == 0 || name.compare(u"warn", Qt::CaseInsensitive) == 0)
        return Severity::Warning;
    if (name.compare(u"error", Qt::CaseInsensitive) == 0)
        return Severity::Error;
    return std::nullopt;
}

Result<void> LintConfig::applyRuleList(const QString &list)
{
    for (QString item : list.split(u',', Qt::SkipEmptyParts)) {
        item = item.trimmed();
        if (item.isEmpty())
            continue;
        if (item == u"all"_s) {
            only.clear();
            disabled.clear();
            continue;
        }
        const bool off = item.startsWith(u'-');
        const QString id = off ? item.mid(1) : item;
        if (!findRule(id))
            return fail(Error::Code::InvalidArgument, u"unknown rule '%1'"_s.arg(id));
        if (off)
            disabled.insert(id);
        else {
            only.insert(id);
            disabled.remove(id);
        }
    }
    return {};
}

Result<LintConfig> LintConfig::fromMap(const QHash<QString, QString> &values)
{
    LintConfig c;
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const QString &key = it.key();
        const QString value = it.value().trimmed();
        if (key == u"rules"_s) {
            if (auto r = c.applyRuleList(value); !r)
                return std::unexpected(r.error());
        } else if (key == u"severity"_s) {
            const auto s = parseSeverity(value);
            if (!s)
                return fail(Error::Code::InvalidArgument, u"unknown severity '%1'"_s.arg(value));
            c.minimum = *s;
        } else if (key.startsWith(u"rule."_s)) {
            const QString id = key.mid(5);
            if (!findRule(id))
                return fail(Error::Code::InvalidArgument, u"unknown rule '%1'"_s.arg(id));
            if (value == u"off"_s) {
                c.disabled.insert(id);
                continue;
            }
            const auto s = parseSeverity(value);
            if (!s)
                return fail(Error::Code::InvalidArgument, u"unknown severity '%1' for %2"_s.arg(value, id));
            c.severities.insert(id, *s);
        } else {
            return fail(Error::Code::InvalidArgument, u"unknown lint setting '%1'"_s.arg(key));
        }
    }
    return c;
}

bool AnalysisResult::hasErrors() const
{
    return std::any_of(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.severity == Severity::Error; });
}

// ---- estimates ---------------------------------------------------------------------------------------------
// A deliberately simple throughput model (documented in docs/lint.md): sequential reads at 200 MB/s, table
// rewrites at 60 MB/s of heap plus index bytes rebuilt at 40 MB/s, index builds at 1.5 million rows/s for the
// sort plus the heap read. Unknown sizes give -1.

double estimateScanSeconds(qint64 rows, qint64 bytes)
{
    if (bytes < 0 && rows < 0)
        return -1;
    const double b = bytes >= 0 ? double(bytes) : double(rows) * 100.0;
    return b / (200.0 * 1024 * 1024);
}

double estimateRewriteSeconds(qint64 rows, qint64 bytes, qint64 indexBytes)
{
    if (bytes < 0 && rows < 0)
        return -1;
    const double b = bytes >= 0 ? double(bytes) : double(rows) * 100.0;
    const double ib = indexBytes >= 0 ? double(indexBytes) : b * 0.3;
    return b / (60.0 * 1024 * 1024) + ib / (40.0 * 1024 * 1024);
}

double estimateIndexBuildSeconds(qint64 rows, qint64 bytes)
{
    if (bytes < 0 && rows < 0)
        return -1;
    const double r = rows >= 0 ? double(rows) : double(bytes) / 100.0;
    return estimateScanSeconds(rows, bytes) + r / 1.5e6;
}

namespace rules {

QString lockPhrase(PgLockMode mode, const QStringList &tables)
{
    if (mode == PgLockMode::None)
        return QString();
    return u"takes %1 on %2: %3"_s.arg(pgLockName(mode), tables.isEmpty() ? u"the table"_s : tables.join(u", "_s),
                                       pgLockBlocks(mode));
}

RuleRun::RuleRun(const Script &s, const AnalysisContext &ctx, const LintConfig &cfg)
    : script(s)
    , context(ctx)
    , config(cfg)
    , target(ctx.target)
{
    catalog = ctx.catalog;
    wrapped = ctx.wrappedInTransaction;
    contractPhase = ctx.contractPhase;
}

Finding &RuleRun::report(const QString &rule, qsizetype offset, qsizetype length, const QString &message)
{
    Finding f;
    f.rule = rule;
    const RuleInfo *info = findRule(rule);
    f.severity = info ? info->defaultSeverity : Severity::Warning;
    f.offset = offset;
    f.length = length;
    f.message = message;
    findings.append(std::move(f));
    return findings.last();
}

Finding &RuleRun::report(const QString &rule, const ParsedStatement &s, const QString &message)
{
    // the span without the terminator
    qsizetype len = s.length;
    const QByteArrayView text = QByteArrayView(script.text).sliced(s.offset, s.length);
    if (len > 0 && text.endsWith(';'))
        --len;
    return report(rule, s.offset, len, message);
}

QString RuleRun::statementSql(const ParsedStatement &s) const
{
    QByteArrayView text = QByteArrayView(script.text).sliced(s.offset, s.length);
    if (text.endsWith(';'))
        text.chop(1);
    return QString::fromUtf8(text).trimmed();
}

Fix RuleRun::replaceStatement(const ParsedStatement &s, const QString &replacement) const
{
    qsizetype len = s.length;
    if (len > 0 && QByteArrayView(script.text).sliced(s.offset, s.length).endsWith(';'))
        --len;
    return Fix{s.offset, len, replacement};
}

std::optional<QString> RuleRun::insertAfterWord(const ParsedStatement &s, QByteArrayView word, const QString &insertion,
                                                int occurrence) const
{
    const std::vector<SigToken> toks = significantTokens(script, s.index);
    int seen = 0;
    for (const SigToken &t : toks) {
        if (t.kind == TokenKind::Word && t.text.size() == word.size() && t.text.compare(word, Qt::CaseInsensitive) == 0
            && ++seen == occurrence) {
            const QByteArrayView all(script.text);
            const QString before = QString::fromUtf8(all.sliced(s.offset, t.end() - s.offset));
            QByteArrayView rest = all.sliced(t.end(), s.end() - t.end());
            if (rest.endsWith(';'))
                rest.chop(1);
            return before + insertion + QString::fromUtf8(rest);
        }
    }
    return std::nullopt;
}

void RuleRun::attachSize(Finding &f, const QualifiedName &table, const LockEffect &e) const
{
    if (!context.liveStatistics)
        return;
    const CatalogTable *t = catalog.table(table);
    if (!t || (t->rows < 0 && t->bytes < 0))
        return;
    f.tableRows = t->rows;
    f.tableBytes = t->bytes;
    double secs = -1;
    if (e.rewrite)
        secs = estimateRewriteSeconds(t->rows, t->bytes, t->indexBytes);
    else if (e.indexBuild)
        secs = estimateIndexBuildSeconds(t->rows, t->bytes);
    else if (e.scan)
        secs = estimateScanSeconds(t->rows, t->bytes);
    f.estimatedSeconds = secs;
    auto human = [](qint64 b) {
        if (b >= 1LL << 30)
            return u"%1 GB"_s.arg(double(b) / double(1LL << 30), 0, 'f', 1);
        if (b >= 1LL << 20)
            return u"%1 MB"_s.arg(double(b) / double(1LL << 20), 0, 'f', 1);
        return u"%1 kB"_s.arg(double(b) / 1024.0, 0, 'f', 0);
    };
    QString extra = u" (%1: about %2 rows, %3"_s.arg(table.toString()).arg(t->rows).arg(human(std::max<qint64>(0, t->bytes)));
    if (secs >= 0)
        extra += u"; estimated %1 s"_s.arg(secs < 10 ? QString::number(secs, 'f', 1) : QString::number(qRound64(secs)));
    extra += u')';
    f.message += extra;
    // severity follows size: tiny tables drop one level, long operations rise one
    const bool tiny = (t->rows >= 0 && t->rows < 10000) && (t->bytes < 0 || t->bytes < 8 * 1024 * 1024)
        && (secs < 0 || secs < 1.0);
    if (tiny && f.severity != Severity::Info)
        f.severity = Severity(int(f.severity) - 1);
    else if (secs >= 60 && f.severity == Severity::Warning)
        f.severity = Severity::Error;
}

} // namespace rules

namespace {

bool isRuleIdChar(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-' || c == u'_';
}

} // namespace

std::optional<IgnoreComment> parseIgnoreComment(QStringView text)
{
    // the marker: mwb:ignore, mwb:ignore-file, squawk-ignore, squawk-ignore-file, not followed by an id character
    static constexpr std::pair<QStringView, bool> markers[] = {
        {u"mwb:ignore", false}, {u"squawk-ignore", true}};
    for (const auto &[marker, squawk] : markers) {
        qsizetype from = 0;
        while (true) {
            const qsizetype at = text.indexOf(marker, from);
            if (at < 0)
                break;
            from = at + 1;
            if (at > 0 && squawk && isRuleIdChar(text[at - 1]))
                continue;
            qsizetype i = at + marker.size();
            IgnoreComment c;
            c.squawk = squawk;
            if (text.sliced(i).startsWith(u"-file")) {
                c.fileWide = true;
                i += 5;
            }
            if (i < text.size() && isRuleIdChar(text[i]))
                continue; // mwb:ignored, squawk-ignore-files, …
            // The list: rule ids separated by commas; after plain whitespace only a known rule id continues it, so
            // prose after the list ("-- mwb:ignore a -- why", "mwb:ignore a because …") is not read as ids.
            bool first = true;
            while (true) {
                qsizetype j = i;
                bool comma = false;
                while (j < text.size() && (text[j].isSpace() || text[j] == u',')) {
                    comma = comma || text[j] == u',';
                    ++j;
                }
                qsizetype k = j;
                while (k < text.size() && isRuleIdChar(text[k]))
                    ++k;
                if (k == j || j == i)
                    break; // no id, or an id glued to what precedes it
                const QStringView id = text.sliced(j, k - j);
                if (id.startsWith(u"--"))
                    break; // "--" starts the reason
                if (!first && !comma && !findRule(squawk ? ruleFromSquawk(id) : id.toString()))
                    break; // a word after plain whitespace that is no rule id: prose
                c.rules << id.toString();
                first = false;
                i = k;
            }
            return c;
        }
    }
    return std::nullopt;
}

namespace detail {

void scanComments(const Script &script, rules::RuleRun &run, QList<Suppression> &suppressions)
{
    // statement index of each token: walk statements in order
    qsizetype si = 0;
    const auto &stmts = script.statements;
    for (const Token &t : script.tokens) {
        if (t.kind != TokenKind::LineComment && t.kind != TokenKind::BlockComment)
            continue;
        const QByteArrayView raw = script.tokenText(t);
        if (!raw.contains("mwb:") && !raw.contains("squawk-ignore") && !raw.contains("+goose")
            && !raw.contains("migrate:") && !raw.contains("runInTransaction"))
            continue;
        const QString text = QString::fromUtf8(raw);
        if (text.contains(u"+goose NO TRANSACTION"_s, Qt::CaseInsensitive) || text.contains(u"transaction:false"_s)
            || text.contains(u"runInTransaction:false"_s) || text.contains(u"mwb:transaction off"_s)
            || text.contains(u"mwb:no-transaction"_s)) {
            if (!run.context.wrappedInTransaction.has_value() || text.contains(u"mwb:"_s))
                run.wrapped = false;
        } else if (text.contains(u"mwb:transaction on"_s)) {
            run.wrapped = true;
        }
        if (text.contains(u"mwb:phase contract"_s))
            run.contractPhase = true;
        const std::optional<IgnoreComment> m = parseIgnoreComment(text);
        if (!m)
            continue;
        Suppression sup;
        sup.offset = t.offset;
        sup.length = t.length;
        sup.fileWide = m->fileWide;
        for (QString r : m->rules) {
            if (m->squawk)
                r = ruleFromSquawk(r);
            if (r == u"require-lock-timeout"_s && m->squawk)
                sup.rules << u"require-statement-timeout"_s;
            sup.rules << r;
        }
        sup.used = QList<bool>(std::max<qsizetype>(1, sup.rules.size()), false);
        if (!sup.fileWide) {
            while (si < stmts.size() && stmts[si].end() <= t.offset)
                ++si;
            // inside a statement → that one; in a gap: on the same line as the previous statement's end → that
            // one, otherwise the next statement.
            int target = -1;
            if (si < stmts.size() && stmts[si].offset <= t.offset)
                target = int(si);
            else {
                const int line = script.lines.position(t.offset).line;
                if (si > 0 && script.lines.position(stmts[si - 1].end() - 1).line == line)
                    target = int(si - 1);
                else if (si < stmts.size())
                    target = int(si);
            }
            sup.statement = target;
        }
        suppressions << sup;
    }
}

} // namespace detail

namespace {

int statementAt(const Script &script, qsizetype offset)
{
    const auto &st = script.statements;
    auto it = std::upper_bound(st.cbegin(), st.cend(), offset, [](qsizetype o, const Statement &s) { return o < s.end(); });
    if (it == st.cend() || it->offset > offset)
        return -1;
    return int(it - st.cbegin());
}

QString syntaxMessage(const SyntaxIssue &issue)
{
    if (!issue.message.isEmpty())
        return issue.message;
    switch (issue.kind) {
    case SyntaxIssueKind::UnterminatedString: return u"unterminated string"_s;
    case SyntaxIssueKind::UnterminatedQuotedIdentifier: return u"unterminated quoted identifier"_s;
    case SyntaxIssueKind::UnterminatedBlockComment: return u"unterminated block comment"_s;
    case SyntaxIssueKind::UnterminatedDollarQuote: return u"unterminated dollar quote"_s;
    case SyntaxIssueKind::InvalidUtf8: return u"invalid UTF-8"_s;
    case SyntaxIssueKind::NulByte: return u"NUL byte in the input"_s;
    case SyntaxIssueKind::UnexpectedCharacter: return u"unexpected character"_s;
    case SyntaxIssueKind::UnterminatedStatement: return u"the input ends inside an unfinished statement"_s;
    }
    return u"syntax error"_s;
}

} // namespace

AnalysisResult analyze(QByteArray text, const AnalysisContext &context, const LintConfig &config)
{
    return analyze(tokenizeAndSplit(std::move(text), context.target.dialect), context, config);
}

namespace rules {

LockEffect runStatement(RuleRun &run, const ParsedStatement &s)
{
    const bool pg = run.script.dialect == SqlDialect::PostgreSQL;
    const LockEffect e = computeLockEffect(s, run.target, LockContext{&run.catalog, run.foreignKeyChecksOff});
    if (s.kind == StatementKind::MetaCommand && pg) {
        const QString cmd = run.statementSql(s).section(u' ', 0, 0);
        run.report(u"syntax-error"_s, s,
                   u"psql meta-command %1 is not SQL: it only works in psql, and fails in every other client"_s.arg(cmd));
    }
    checkTransactions(run, s, e);
    if (pg)
        checkPostgresLocking(run, s, e);
    if (isMySqlFamily(run.script.dialect))
        checkMySql(run, s, e);
    checkCompatibility(run, s, e);
    checkDataMigrations(run, s, e);
    checkTypes(run, s, e);

    // bookkeeping after the rules saw the statement
    run.catalog.apply(s);
    if (s.kind == StatementKind::CreateTable || s.kind == StatementKind::CreateView
        || s.kind == StatementKind::CreateMaterializedView)
        run.createdTables.insert(s.target.name);
    if (s.kind == StatementKind::CreateIndex)
        run.createdIndexes.insert(s.target.name);
    if (s.kind == StatementKind::AlterTable)
        for (const AlterAction &a : s.actions)
            if (a.kind == AlterAction::Kind::RenameTable && run.createdTables.contains(s.target.name))
                run.createdTables.insert(a.newName.section(u'.', -1));
    if (s.isDdl())
        run.seenDdl = true;
    return e;
}

} // namespace rules

namespace detail {

void startRun(const Script &script, rules::RuleRun &run, QList<Suppression> &suppressions)
{
    run.target.dialect = script.dialect;
    if (isMySqlFamily(script.dialect) != isMySqlFamily(run.context.target.dialect)
        || (script.dialect == SqlDialect::SQLite) != (run.context.target.dialect == SqlDialect::SQLite))
        run.target = TargetServer::defaultFor(script.dialect);
    scanComments(script, run, suppressions);
}

void reportSyntaxIssues(const Script &script, rules::RuleRun &run)
{
    for (const SyntaxIssue &issue : script.issues)
        run.report(u"syntax-error"_s, issue.offset, std::max<qsizetype>(1, issue.length), syntaxMessage(issue));
}

QList<Finding> finishFindings(QList<Finding> &raw, QList<Suppression> &suppressions, const Script &script,
                              const LintConfig &config)
{
    // Suppressions, in place (no copies of the list: memory stays flat on large files)
    qsizetype w = 0;
    for (qsizetype r = 0; r < raw.size(); ++r) {
        Finding &f = raw[r];
        bool suppressed = false;
        if (!suppressions.isEmpty()) {
            const int stmt = statementAt(script, f.offset);
            for (Suppression &sup : suppressions) {
                if (!sup.fileWide && (sup.statement < 0 || sup.statement != stmt))
                    continue;
                if (sup.rules.isEmpty()) {
                    sup.used[0] = true;
                    suppressed = true;
                } else if (const qsizetype i = sup.rules.indexOf(f.rule); i >= 0) {
                    sup.used[i] = true;
                    suppressed = true;
                }
            }
        }
        if (suppressed)
            continue;
        if (w != r)
            raw[w] = std::move(f);
        ++w;
    }
    raw.resize(w);
    if (config.isEnabled(u"unused-ignore"_s)) {
        for (const Suppression &sup : suppressions) {
            for (qsizetype i = 0; i < sup.used.size(); ++i) {
                if (sup.used[i])
                    continue;
                if (!sup.rules.isEmpty() && findRule(sup.rules[i]) && !config.isEnabled(sup.rules[i]))
                    continue; // the rule is switched off: nothing to suppress, nothing to report
                const QString what = sup.rules.isEmpty() ? u"any rule"_s : sup.rules[i];
                Finding f;
                f.rule = u"unused-ignore"_s;
                f.severity = Severity::Warning;
                f.offset = sup.offset;
                f.length = sup.length;
                f.message = !sup.rules.isEmpty() && !findRule(sup.rules[i])
                    ? u"unknown rule '%1' in an ignore comment"_s.arg(what)
                    : u"this ignore comment suppresses nothing (%1)"_s.arg(what);
                raw << f;
            }
        }
    }

    // Selection, severities, positions
    const bool selective = !config.only.isEmpty() || !config.disabled.isEmpty();
    w = 0;
    for (qsizetype r = 0; r < raw.size(); ++r) {
        Finding &f = raw[r];
        if (selective && !config.isEnabled(f.rule))
            continue;
        if (!config.severities.isEmpty())
            if (auto it = config.severities.constFind(f.rule); it != config.severities.cend())
                f.severity = *it;
        if (f.severity < config.minimum)
            continue;
        f.start = script.lines.position(f.offset);
        const qsizetype endOffset = std::min<qsizetype>(script.text.size(), f.offset + f.length);
        // most spans are one ASCII line: the end follows from the start without a second lookup
        bool simple = f.start.offset == f.offset && endOffset >= f.offset;
        for (qsizetype i = f.offset; simple && i < endOffset; ++i) {
            const auto c = static_cast<uchar>(script.text.at(i));
            simple = c < 0x80 && c != '\n';
        }
        if (simple)
            f.end = Position{endOffset, f.start.line, f.start.column + int(endOffset - f.offset)};
        else
            f.end = script.lines.position(endOffset);
        if (w != r)
            raw[w] = std::move(f);
        ++w;
    }
    raw.resize(w);
    const auto before = [](const Finding &a, const Finding &b) {
        return a.offset != b.offset ? a.offset < b.offset : a.rule < b.rule;
    };
    if (!std::is_sorted(raw.cbegin(), raw.cend(), before))
        std::stable_sort(raw.begin(), raw.end(), before);
    return std::move(raw);
}

} // namespace detail

AnalysisResult analyze(const Script &script, const AnalysisContext &context, const LintConfig &config)
{
    AnalysisResult result;
    result.script = script;
    if (context.keepStatements) {
        result.statements.reserve(script.statements.size());
        result.effects.reserve(script.statements.size());
    }

    rules::RuleRun run(script, context, config);
    QList<detail::Suppression> suppressions;
    detail::startRun(script, run, suppressions);
    detail::reportSyntaxIssues(script, run);

    // one statement at a time: parsed, locked, checked, and kept only when the caller wants the statements
    for (qsizetype i = 0; i < script.statements.size(); ++i) {
        ParsedStatement s = parseStatement(script, i);
        LockEffect e = rules::runStatement(run, s);
        if (context.keepStatements) {
            result.statements << std::move(s);
            result.effects << std::move(e);
        }
    }
    result.catalog = run.catalog;
    rules::finishRun(run);
    result.findings = detail::finishFindings(run.findings, suppressions, script, config);
    return result;
}

} // namespace core::sql
