// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/incrementalanalyzer.h"

#include "core/sql/analyzer_p.h"
#include "core/sql/parser.h"

#include <limits>

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
};

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
        size_t next = 0; // into oldAfter
        bool converged = false;
        stats.rerunStatements = 0;
        for (qsizetype k = start; k < n; ++k) {
            if (canConverge && k >= changedEnd) {
                while (next < oldAfter.size() && oldAfter[next].index + countDelta < k)
                    ++next;
                if (next < oldAfter.size() && oldAfter[next].index + countDelta == k) {
                    mapState(oldAfter[next].state, map);
                    if (oldAfter[next].state == static_cast<const rules::RuleState &>(run)) {
                        for (size_t j = next; j < oldAfter.size(); ++j) {
                            if (j > next)
                                mapState(oldAfter[j].state, map);
                            oldAfter[j].index += countDelta;
                            checkpoints.push_back(std::move(oldAfter[j]));
                        }
                        mapState(oldFinal, map);
                        finalState = std::move(oldFinal);
                        converged = true;
                        break;
                    }
                }
            }
            if ((k - start) % interval == 0)
                checkpoints.push_back(Checkpoint{k, static_cast<const rules::RuleState &>(run)});
            Entry &e = entries[size_t(k)];
            const Statement &st = script.statements[k];
            shiftParsed(e.parsed, st.offset - e.parsed.offset);
            e.parsed.index = int(k);
            run.findings.clear();
            e.effect = rules::runStatement(run, e.parsed);
            for (Finding &f : run.findings) {
                f.offset -= st.offset;
                if (f.fix)
                    f.fix->offset -= st.offset;
            }
            e.findings = std::move(run.findings);
            ++stats.rerunStatements;
        }
        if (!converged)
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
