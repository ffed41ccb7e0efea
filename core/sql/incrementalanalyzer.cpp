// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/incrementalanalyzer.h"

#include "core/sql/analyzer_p.h"
#include "core/sql/parser.h"

#include <limits>
#include <optional>

namespace core::sql {

namespace {

/// Where an offset of the old text lies in the new one: unchanged before the edited statements, shifted by
/// `delta` after them, and nowhere (kGone) inside them.
struct OffsetMap
{
    static constexpr qsizetype kGone = std::numeric_limits<qsizetype>::min() / 2;
    qsizetype changedStart = 0;
    qsizetype oldTail = 0;
    qsizetype delta = 0;
    qsizetype operator()(qsizetype o) const
    {
        if (o < changedStart)
            return o;
        return o >= oldTail ? o + delta : kGone;
    }
};

void mapState(rules::RuleState &s, const OffsetMap &map)
{
    if (map.delta == 0 && map.changedStart == map.oldTail)
        return;
    if (s.beginOffset >= 0) {
        const qsizetype o = map(s.beginOffset);
        s.beginOffset = o == OffsetMap::kGone ? -2 : int(o);
    }
    for (rules::PendingForeignKey &fk : s.pendingForeignKeys)
        fk.offset = map(fk.offset);
}

/// Moves a parsed statement by `delta` bytes. Offsets that are 0 were never set (a statement at offset 0 is
/// always parsed again when something before it changes).
void shiftParsed(ParsedStatement &s, qsizetype delta)
{
    if (delta == 0)
        return;
    s.offset += delta;
    for (ConstraintDef &c : s.constraints)
        if (c.offset != 0)
            c.offset += delta;
    for (AlterAction &a : s.actions) {
        if (a.offset != 0)
            a.offset += delta;
        if (a.constraint.offset != 0)
            a.constraint.offset += delta;
    }
}

struct Entry
{
    ParsedStatement parsed; ///< offsets as of when it was parsed or last run (parsed.offset tells)
    LockEffect effect;
    QList<Finding> findings; ///< offsets relative to the statement's start
    QList<rules::PendingForeignKey> foreignKeys; ///< what the statement added to pendingForeignKeys, offsets relative
};

/// Equal for the rules that look at later statements. What only finishRun() reads (the open BEGIN's span, the
/// foreign keys waiting for an index) is rebuilt from the statements at the end, so it is left out: an edit
/// inside such a statement moves those spans but changes nothing for the statements after it.
bool sameForLaterStatements(const rules::RuleState &a, const rules::RuleState &b)
{
    if (a.explicitTx != b.explicitTx || a.pendingForeignKeys.size() != b.pendingForeignKeys.size())
        return false;
    rules::RuleState x = a;
    rules::RuleState y = b;
    x.beginOffset = y.beginOffset = -1;
    x.beginLength = y.beginLength = 0;
    for (qsizetype i = 0; i < x.pendingForeignKeys.size(); ++i) {
        x.pendingForeignKeys[i].offset = y.pendingForeignKeys[i].offset = 0;
        x.pendingForeignKeys[i].length = y.pendingForeignKeys[i].length = 0;
    }
    return x == y;
}

/// Where two rule states differ when all but a few tables and index names are equal.
struct Divergence
{
    QStringList tables; ///< catalog keys
    QStringList createdTables; ///< names in one state's createdTables only
    QStringList createdIndexes;
    QStringList droppedIndexes;
    QList<QByteArray> watch; ///< every name involved, lower case UTF-8: statements naming one are affected
    /// mixed-ddl-and-dml was reported in one state only: DML on a table this migration did not create is affected
    bool mixedReported = false;
};

QStringList symmetricDifference(const QSet<QString> &a, const QSet<QString> &b)
{
    QStringList out;
    if (a.size() == b.size() && a == b)
        return out;
    for (const QString &x : a)
        if (!b.contains(x))
            out << x;
    for (const QString &x : b)
        if (!a.contains(x))
            out << x;
    return out;
}

std::optional<Divergence> divergence(const rules::RuleState &now, const rules::RuleState &old)
{
    constexpr qsizetype kMaxNames = 32;
    rules::RuleState x = now;
    rules::RuleState y = old;
    for (rules::RuleState *st : {&x, &y}) {
        st->catalog = Catalog();
        st->createdTables.clear();
        st->createdIndexes.clear();
        st->droppedIfExistsIndexes.clear();
        st->mixedReported = false;
    }
    if (!sameForLaterStatements(x, y))
        return std::nullopt;
    Divergence d;
    d.mixedReported = now.mixedReported != old.mixedReported;
    d.tables = now.catalog.differingTables(old.catalog);
    if (d.tables.size() > kMaxNames)
        return std::nullopt;
    d.createdTables = symmetricDifference(now.createdTables, old.createdTables);
    d.createdIndexes = symmetricDifference(now.createdIndexes, old.createdIndexes);
    d.droppedIndexes = symmetricDifference(now.droppedIfExistsIndexes, old.droppedIfExistsIndexes);
    QSet<QString> names;
    for (const QStringList *list : {&d.tables, &d.createdTables, &d.createdIndexes, &d.droppedIndexes})
        for (const QString &n : *list)
            names.insert(n);
    // the indexes and constraints of a differing table: DROP INDEX / ALTER INDEX find the table through them
    for (const QString &key : std::as_const(d.tables))
        for (const Catalog *c : {&now.catalog, &old.catalog})
            if (const CatalogTable *t = c->table(QualifiedName{{}, key})) {
                for (const CatalogIndex &i : t->indexes)
                    names.insert(i.name);
                for (const ConstraintDef &con : t->constraints)
                    if (!con.name.isEmpty())
                        names.insert(con.name);
                if (names.size() > kMaxNames)
                    return std::nullopt;
            }
    if (names.size() > kMaxNames)
        return std::nullopt;
    for (const QString &n : std::as_const(names))
        if (!n.isEmpty())
            d.watch << n.toUtf8().toLower();
    return d;
}

/// `target` (an old state) with the diverging names as they are in `now`.
void patch(rules::RuleState &target, const rules::RuleState &now, const Divergence &d)
{
    target.catalog.copyTables(now.catalog, d.tables);
    const auto copyMembership = [](QSet<QString> &to, const QSet<QString> &from, const QStringList &names) {
        for (const QString &n : names) {
            if (from.contains(n))
                to.insert(n);
            else
                to.remove(n);
        }
    };
    copyMembership(target.createdTables, now.createdTables, d.createdTables);
    copyMembership(target.createdIndexes, now.createdIndexes, d.createdIndexes);
    copyMembership(target.droppedIfExistsIndexes, now.droppedIfExistsIndexes, d.droppedIndexes);
    // Only when it differed: the segment has no DML on a table the migration did not create (touches()), so
    // neither run changed it there. When it was equal, the old value at the segment's end is right (a DML in
    // the segment may have set it in both runs).
    if (d.mixedReported)
        target.mixedReported = now.mixedReported;
}

/// Whether a statement in [from, to) may name one of `watch` (conservative: any token that equals one, ignoring
/// case and quotes, or any other token that contains one).
bool touches(const Script &script, qsizetype from, qsizetype to, const Divergence &d, const std::vector<Entry> &entries,
             const QSet<QString> &createdTables)
{
    const QList<QByteArray> &watch = d.watch;
    QSet<QString> createdHere; // tables created inside the segment (by CREATE; renames are not followed: conservative)
    for (qsizetype k = from; k < to; ++k) {
        // mixed-ddl-and-dml looks at DML on tables this migration did not create
        const ParsedStatement &p = entries[size_t(k)].parsed; // kind and target do not depend on the offset
        if (d.mixedReported) {
            if (p.kind == StatementKind::CreateTable || p.kind == StatementKind::CreateView
                || p.kind == StatementKind::CreateMaterializedView)
                createdHere.insert(p.target.name);
            if (p.isDml() && !createdTables.contains(p.target.name) && !createdHere.contains(p.target.name))
                return true;
        }
        if (watch.isEmpty())
            continue;
        const Statement &st = script.statements[k];
        const qsizetype end = std::min<qsizetype>(st.firstToken + st.tokenCount, script.tokens.size());
        for (qsizetype i = st.firstToken; i < end; ++i) {
            const Token &t = script.tokens[i];
            if (isTrivia(t.kind))
                continue;
            QByteArrayView text = script.tokenText(t);
            switch (t.kind) {
            case TokenKind::Word:
                for (const QByteArray &w : watch)
                    if (text.size() == w.size() && text.compare(w, Qt::CaseInsensitive) == 0)
                        return true;
                break;
            case TokenKind::Number:
            case TokenKind::Operator:
            case TokenKind::LeftParen:
            case TokenKind::RightParen:
            case TokenKind::LeftBracket:
            case TokenKind::RightBracket:
            case TokenKind::Comma:
            case TokenKind::Dot:
            case TokenKind::Semicolon:
            case TokenKind::Parameter:
                break;
            default: {
                // quoted identifiers, strings, bodies, executable comments, …: contains, ignoring case
                const QByteArray lower = text.toByteArray().toLower();
                for (const QByteArray &w : watch)
                    if (lower.contains(w))
                        return true;
            }
            }
        }
    }
    return false;
}


struct Checkpoint
{
    qsizetype index = 0; ///< the state before this statement
    rules::RuleState state;
};

} // namespace

struct IncrementalAnalyzer::Private
{
    AnalysisContext context;
    LintConfig config;
    int interval = 32;
    Script script;
    std::vector<Entry> entries;
    std::vector<Checkpoint> checkpoints; // sorted by index; the first is at 0 once analysed
    rules::RuleState finalState; // after the last statement, before finishRun()
    QList<Finding> findings;
    Stats stats;

    /// Runs the rules from the last checkpoint at or before `first` on. From statement `changedEnd` on, the
    /// state is compared with `oldAfter` (checkpoints of the previous text, old indexes, mapped by `map`,
    /// their indexes moved by `countDelta`); on a match the rest is reused.
    void rerun(qsizetype first, qsizetype changedEnd, std::vector<Checkpoint> oldAfter, qsizetype countDelta,
               const OffsetMap &map, rules::RuleState oldFinal, bool canConverge)
    {
        rules::RuleRun run(script, context, config);
        QList<detail::Suppression> suppressions;
        detail::startRun(script, run, suppressions);
        // the initial state (markers in comments) decides whether the old checkpoints still apply
        const bool sameStart = !checkpoints.empty() && checkpoints.front().index == 0
            && checkpoints.front().state.wrapped == run.wrapped && checkpoints.front().state.contractPhase == run.contractPhase;
        qsizetype start = 0;
        std::vector<Checkpoint> kept;
        if (sameStart) {
            qsizetype cp = 0;
            while (cp + 1 < qsizetype(checkpoints.size()) && checkpoints[size_t(cp + 1)].index <= first)
                ++cp;
            start = checkpoints[size_t(cp)].index;
            static_cast<rules::RuleState &>(run) = checkpoints[size_t(cp)].state;
            kept.assign(std::make_move_iterator(checkpoints.begin()), std::make_move_iterator(checkpoints.begin() + cp));
        } else {
            canConverge = false;
        }
        checkpoints = std::move(kept);

        const qsizetype n = script.statements.size();
        // Checkpoints cost a copy of the schema each (once the run changes it): about 16 of them over a long text,
        // at least `interval` statements apart.
        const qsizetype spacing = std::max<qsizetype>(interval, n / 16);
        size_t next = 0; // into oldAfter
        bool converged = false;
        stats.rerunStatements = 0;
        for (Checkpoint &c : oldAfter)
            mapState(c.state, map);
        mapState(oldFinal, map);
        bool finalFromOld = false; // the loop ended by reusing the old run (finalState set)
        qsizetype at = start; // the statement to run next
        while (at < n) {
            const qsizetype k = at;
            if (canConverge && k >= changedEnd) {
                while (next < oldAfter.size() && oldAfter[next].index + countDelta < k)
                    ++next;
                if (next < oldAfter.size() && oldAfter[next].index + countDelta == k) {
                    if (sameForLaterStatements(oldAfter[next].state, run)) {
                        // converged: everything from here on is what the previous run found
                        for (size_t j = next; j < oldAfter.size(); ++j) {
                            oldAfter[j].index += countDelta;
                            checkpoints.push_back(std::move(oldAfter[j]));
                        }
                        finalState = std::move(oldFinal);
                        converged = finalFromOld = true;
                        break;
                    }
                    // The states differ only in a few tables or index names (say, the edit turned a CREATE TABLE
                    // into something else): the statements up to the next old checkpoint that name none of them
                    // behave as before, so the old run's next state, with those names as they are now, is
                    // reached without running them.
                    if (const std::optional<Divergence> d = divergence(run, oldAfter[next].state)) {
                        const qsizetype segmentEnd = next + 1 < oldAfter.size() ? oldAfter[next + 1].index + countDelta : n;
                        if (!touches(script, k, segmentEnd, *d, entries, run.createdTables)) {
                            if ((k - start) % spacing == 0)
                                checkpoints.push_back(Checkpoint{k, static_cast<const rules::RuleState &>(run)});
                            rules::RuleState patched = next + 1 < oldAfter.size() ? oldAfter[next + 1].state : oldFinal;
                            patch(patched, run, *d);
                            static_cast<rules::RuleState &>(run) = std::move(patched);
                            stats.skippedStatements += segmentEnd - k;
                            at = segmentEnd;
                            ++next;
                            continue;
                        }
                    }
                }
            }
            if ((k - start) % spacing == 0)
                checkpoints.push_back(Checkpoint{k, static_cast<const rules::RuleState &>(run)});
            Entry &e = entries[size_t(k)];
            const Statement &st = script.statements[k];
            shiftParsed(e.parsed, st.offset - e.parsed.offset);
            e.parsed.index = int(k);
            run.findings.clear();
            const qsizetype fkBefore = run.pendingForeignKeys.size();
            e.effect = rules::runStatement(run, e.parsed);
            e.foreignKeys = run.pendingForeignKeys.mid(fkBefore);
            for (rules::PendingForeignKey &fk : e.foreignKeys)
                fk.offset -= st.offset;
            for (Finding &f : run.findings) {
                f.offset -= st.offset;
                if (f.fix)
                    f.fix->offset -= st.offset;
            }
            e.findings = std::move(run.findings);
            ++stats.rerunStatements;
            ++at;
        }
        if (!finalFromOld)
            finalState = static_cast<const rules::RuleState &>(run);
        stats.converged = converged;

        // the findings of the whole text, in analyze()'s order: syntax issues, statements, whole-migration rules
        run.findings.clear();
        detail::reportSyntaxIssues(script, run);
        QList<Finding> raw = std::move(run.findings);
        qsizetype total = raw.size();
        for (const Entry &e : entries)
            total += e.findings.size();
        raw.reserve(total + 16);
        for (qsizetype k = 0; k < n; ++k) {
            const qsizetype base = script.statements[k].offset;
            for (Finding f : entries[size_t(k)].findings) {
                f.offset += base;
                if (f.fix)
                    f.fix->offset += base;
                raw << std::move(f);
            }
        }
        // what only finishRun() reads, from the statements as they are now
        finalState.pendingForeignKeys.clear();
        finalState.beginOffset = -1;
        finalState.beginLength = 0;
        for (qsizetype k = 0; k < n; ++k) {
            const Statement &st = script.statements[k];
            for (rules::PendingForeignKey fk : entries[size_t(k)].foreignKeys) {
                fk.offset += st.offset;
                finalState.pendingForeignKeys << std::move(fk);
            }
        }
        if (finalState.explicitTx) {
            for (qsizetype k = n - 1; k >= 0; --k) {
                const StatementKind kind = entries[size_t(k)].parsed.kind;
                if (kind == StatementKind::Begin) {
                    finalState.beginOffset = int(script.statements[k].offset);
                    finalState.beginLength = script.statements[k].length;
                    break;
                }
                if (kind == StatementKind::Commit || kind == StatementKind::Rollback)
                    break;
            }
        }
        static_cast<rules::RuleState &>(run) = finalState;
        run.findings.clear();
        rules::finishRun(run);
        raw << run.findings;
        findings = detail::finishFindings(raw, suppressions, script, config);
    }
};

IncrementalAnalyzer::IncrementalAnalyzer(AnalysisContext context, LintConfig config, int checkpointInterval)
    : d(std::make_unique<Private>())
{
    d->context = std::move(context);
    d->config = std::move(config);
    d->interval = std::max(1, checkpointInterval);
    reset(QByteArray());
}

IncrementalAnalyzer::~IncrementalAnalyzer() = default;
IncrementalAnalyzer::IncrementalAnalyzer(IncrementalAnalyzer &&) noexcept = default;
IncrementalAnalyzer &IncrementalAnalyzer::operator=(IncrementalAnalyzer &&) noexcept = default;

void IncrementalAnalyzer::reset(QByteArray text)
{
    d->script = tokenizeAndSplit(std::move(text), d->context.target.dialect);
    const qsizetype n = d->script.statements.size();
    d->entries.clear();
    d->entries.resize(size_t(n));
    for (qsizetype k = 0; k < n; ++k)
        d->entries[size_t(k)].parsed = parseStatement(d->script, k);
    d->checkpoints.clear();
    d->stats = {};
    d->stats.parsedStatements = n;
    d->rerun(0, 0, {}, 0, OffsetMap{}, {}, false);
}

void IncrementalAnalyzer::edit(qsizetype offset, qsizetype removedBytes, QByteArrayView inserted)
{
    const Script old = d->script;
    ScriptUpdate u = updateScriptDetailed(old, offset, removedBytes, inserted);
    d->script = std::move(u.script);
    const qsizetype f = u.firstStatement;
    const qsizetype r = u.removedStatements;
    const qsizetype i = u.insertedStatements;
    const qsizetype oldCount = old.statements.size();

    // the edited statements: parsed again; the others keep their parse (moved when the rules next see them)
    d->entries.erase(d->entries.begin() + f, d->entries.begin() + f + r);
    d->entries.insert(d->entries.begin() + f, size_t(i), Entry{});
    for (qsizetype k = f; k < f + i; ++k)
        d->entries[size_t(k)].parsed = parseStatement(d->script, k);
    d->stats = {};
    d->stats.parsedStatements = i;

    OffsetMap map;
    map.oldTail = f + r < oldCount ? old.statements[f + r].offset : old.text.size();
    map.changedStart = r > 0 ? old.statements[f].offset : map.oldTail;
    map.delta = u.byteDelta;

    // checkpoints at or after the old tail are where the rule state may match again
    std::vector<Checkpoint> oldAfter;
    std::vector<Checkpoint> before; // states before unchanged statements: still valid
    for (Checkpoint &c : d->checkpoints) {
        const bool isBefore = c.index <= f;
        const bool isAfter = c.index >= f + r;
        if (isBefore && isAfter) {
            before.push_back(c);
            oldAfter.push_back(std::move(c));
        } else if (isBefore) {
            before.push_back(std::move(c));
        } else if (isAfter) {
            oldAfter.push_back(std::move(c));
        }
    }
    d->checkpoints = std::move(before);
    rules::RuleState oldFinal = std::move(d->finalState);
    d->rerun(f, f + i, std::move(oldAfter), i - r, map, std::move(oldFinal), true);
}

const Script &IncrementalAnalyzer::script() const
{
    return d->script;
}

const QList<Finding> &IncrementalAnalyzer::findings() const
{
    return d->findings;
}

AnalysisResult IncrementalAnalyzer::result() const
{
    AnalysisResult r;
    r.script = d->script;
    r.findings = d->findings;
    r.catalog = d->finalState.catalog;
    if (d->context.keepStatements) {
        r.statements.reserve(qsizetype(d->entries.size()));
        r.effects.reserve(qsizetype(d->entries.size()));
        for (qsizetype k = 0; k < qsizetype(d->entries.size()); ++k) {
            ParsedStatement s = d->entries[size_t(k)].parsed;
            shiftParsed(s, d->script.statements[k].offset - s.offset);
            s.index = int(k);
            r.statements << std::move(s);
            r.effects << d->entries[size_t(k)].effect;
        }
    }
    return r;
}

IncrementalAnalyzer::Stats IncrementalAnalyzer::lastStats() const
{
    return d->stats;
}

} // namespace core::sql
