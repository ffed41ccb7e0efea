// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark of the SQL lexer and splitter (label bench, run by `make bench` from the release build):
//  1. a generated 20,000-statement PostgreSQL migration: tokenizeAndSplit statements/s and MB/s, and side by
//     side the editor's peer, KSyntaxHighlighting's "SQL (PostgreSQL)" highlighter, over the same text;
//  2. incremental re-split of one edited statement in a 2,000-line file: median and max over 200 edits
//     (goal: well under 1 ms), checked against a full re-lex;
//  3. a generated 100 MB PostgreSQL file: MB/s, statements/s, peak RSS (VmHWM).

#include "core/sql/incrementalanalyzer.h"
#include "core/sql/lexer.h"

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace core::sql;

namespace {

long statusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLong();
    return -1;
}

/// A realistic migration mix: DDL, DML with strings, comments, a PL/pgSQL body, a SQL-standard body.
QByteArray statementNumber(qsizetype i)
{
    const QByteArray n = QByteArray::number(i);
    switch (i % 10) {
    case 0: return "CREATE TABLE t" + n + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());\n";
    case 1: return "ALTER TABLE t" + n + " ADD COLUMN email varchar(255), ADD CONSTRAINT fk_" + n + " FOREIGN KEY (owner_id) REFERENCES users (id) NOT VALID;\n";
    case 2: return "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_" + n + " ON orders USING btree (customer_id, created_at DESC) WHERE status <> 'done';\n";
    case 3: return "-- backfill batch " + n + "\nUPDATE accounts SET balance = balance + 1, note = E'it\\'s ok' WHERE id BETWEEN " + n + " AND " + n + "0;\n";
    case 4: return "INSERT INTO audit (kind, payload) VALUES ('migration', '{\"step\": " + n + ", \"ok\": true}'::jsonb);\n";
    case 5: return "CREATE OR REPLACE FUNCTION f" + n + "() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND\n$$;\n";
    case 6: return "/* contract phase */ ALTER TABLE \"Users\" DROP COLUMN IF EXISTS legacy_" + n + " CASCADE;\n";
    case 7: return "CREATE FUNCTION g" + n + "(a int) RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT a + 1; END;\n";
    case 8: return "SET lock_timeout = '2s';\n";
    default: return "COMMENT ON COLUMN t" + n + ".name IS 'the display name; shown in lists';\n";
    }
}

QByteArray generate(qsizetype minBytes, qsizetype maxStatements)
{
    QByteArray out;
    out.reserve(std::min<qsizetype>(minBytes, maxStatements * 160) + 256);
    for (qsizetype i = 0; out.size() < minBytes && i < maxStatements; ++i)
        out += statementNumber(i);
    return out;
}

class NullHighlighter final : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    qsizetype formats = 0;
    KSyntaxHighlighting::State highlight(const QString &line, const KSyntaxHighlighting::State &state)
    {
        return highlightLine(line, state);
    }

protected:
    void applyFormat(int, int, const KSyntaxHighlighting::Format &) override { ++formats; }
};

/// CPU time of this thread: the build machine is shared, so wall-clock figures are printed next to it.
double cpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

double mb(qsizetype bytes)
{
    return double(bytes) / (1024.0 * 1024.0);
}

} // namespace

int main()
{
    bool ok = true;

    // 1. 20,000 statements.
    {
        const QByteArray text = generate(qsizetype(1) << 40, 20000);
        tokenizeAndSplit(text, SqlDialect::PostgreSQL); // warm-up
        const int runs = 5;
        QElapsedTimer timer;
        timer.start();
        const double cpu0 = cpuSeconds();
        qsizetype statements = 0;
        qsizetype tokens = 0;
        for (int r = 0; r < runs; ++r) {
            const Script s = tokenizeAndSplit(text, SqlDialect::PostgreSQL);
            statements = s.statements.size();
            tokens = s.tokens.size();
        }
        const double wall = double(timer.nsecsElapsed()) / 1e9 / runs;
        const double secs = (cpuSeconds() - cpu0) / runs;
        if (statements != 20000) {
            std::printf("FAIL: expected 20000 statements, got %lld\n", static_cast<long long>(statements));
            ok = false;
        }
        std::printf("lexer 20k: %lld statements, %lld tokens, %.2f MB in %.2f ms CPU (%.2f ms wall): %.0f statements/s, "
                    "%.1f MB/s, VmHWM %ld kB\n",
                    static_cast<long long>(statements), static_cast<long long>(tokens), mb(text.size()), secs * 1e3,
                    wall * 1e3, double(statements) / secs, mb(text.size()) / secs, statusKb("VmHWM"));

        KSyntaxHighlighting::Repository repo;
        const auto def = repo.definitionForName(QStringLiteral("SQL (PostgreSQL)"));
        if (def.isValid()) {
            NullHighlighter hl;
            hl.setDefinition(def);
            const QStringList lines = QString::fromUtf8(text).split(u'\n');
            const double peerCpu0 = cpuSeconds();
            KSyntaxHighlighting::State state;
            for (const QString &line : lines)
                state = hl.highlight(line, state);
            const double peer = cpuSeconds() - peerCpu0;
            std::printf("peer KSyntaxHighlighting 'SQL (PostgreSQL)' (highlighting only, no splitting): %.2f ms CPU, %.1f MB/s; "
                        "lexer+splitter is %.1fx faster\n",
                        peer * 1e3, mb(text.size()) / peer, peer / secs);
        } else {
            std::printf("peer KSyntaxHighlighting: definition 'SQL (PostgreSQL)' not found\n");
        }
    }

    // 2. Incremental re-split of one edited statement in a 2,000-line file.
    {
        QByteArray text;
        for (qsizetype i = 0; text.count('\n') < 2000; ++i)
            text += statementNumber(i);
        const Script base = tokenizeAndSplit(text, SqlDialect::PostgreSQL);
        QRandomGenerator rng(42);
        std::vector<double> micros;
        std::vector<double> wallMicros;
        qsizetype relexed = 0;
        for (int e = 0; e < 200; ++e) {
            // Type one character into a random statement (inside its first word, so it stays one statement).
            const Statement &st = base.statements.at(rng.bounded(int(base.statements.size())));
            const qsizetype at = st.offset + 1;
            QElapsedTimer t;
            t.start();
            const double c0 = cpuSeconds();
            const ScriptUpdate up = updateScriptDetailed(base, at, 0, "x");
            micros.push_back((cpuSeconds() - c0) * 1e6);
            wallMicros.push_back(double(t.nsecsElapsed()) / 1e3);
            relexed += up.relexedBytes;
            if (e % 20 == 0) {
                QByteArray edited = text;
                edited.insert(at, 'x');
                const Script full = tokenizeAndSplit(edited, SqlDialect::PostgreSQL);
                if (full.tokens != up.script.tokens || full.statements != up.script.statements) {
                    std::printf("FAIL: incremental result differs from a full re-lex at edit %d\n", e);
                    ok = false;
                }
            }
        }
        std::sort(micros.begin(), micros.end());
        std::sort(wallMicros.begin(), wallMicros.end());
        const double c0 = cpuSeconds();
        tokenizeAndSplit(text, SqlDialect::PostgreSQL);
        const double fullMicros = (cpuSeconds() - c0) * 1e6;
        std::printf("incremental (2000 lines, %lld statements, 200 edits): CPU median %.1f us, max %.1f us "
                    "(wall median %.1f us, max %.1f us); %.0f bytes re-lexed per edit; full re-lex %.1f us CPU\n",
                    static_cast<long long>(base.statements.size()), micros[micros.size() / 2], micros.back(),
                    wallMicros[wallMicros.size() / 2], wallMicros.back(), double(relexed) / 200.0, fullMicros);
        if (micros[micros.size() / 2] > 1000.0) {
            std::printf("FAIL: median incremental update above 1 ms\n");
            ok = false;
        }
    }

    // 2b. Incremental re-analysis (lexer + parser + rules + findings) of one edited statement in a 2,000-line
    // file, against a full analyze() of the same text.
    {
        QByteArray text;
        for (qsizetype i = 0; text.count('\n') < 2000; ++i)
            text += statementNumber(i);
        IncrementalAnalyzer inc;
        inc.reset(text);
        const qsizetype count = inc.script().statements.size();
        QRandomGenerator rng(7);
        // same structure: a space after the statement's first word; broken keyword: an 'x' inside it (the statement
        // becomes unclassified, so what it created is gone for the rest of the file: the rules run to the end)
        for (const bool breakKeyword : {false, true}) {
            std::vector<double> micros;
            qsizetype rerun = 0;
            for (int e = 0; e < 200; ++e) {
                const Statement &st = inc.script().statements.at(rng.bounded(int(count)));
                const Token &first = inc.script().tokens.at(st.firstToken);
                const qsizetype at = breakKeyword ? st.offset + 1 : first.end();
                const QByteArray ins = breakKeyword ? "x" : " ";
                QElapsedTimer t;
                t.start();
                inc.edit(at, 0, ins);
                micros.push_back(double(t.nsecsElapsed()) / 1e3);
                rerun += inc.lastStats().rerunStatements;
                if (e % 40 == 0) {
                    QByteArray edited = text;
                    edited.insert(at, ins);
                    if (analyze(edited, {}).findings != inc.findings()) {
                        std::printf("FAIL: incremental findings differ from a full analyze() at edit %d\n", e);
                        ok = false;
                    }
                }
                inc.edit(at, ins.size(), {}); // undo, not measured
            }
            std::sort(micros.begin(), micros.end());
            QElapsedTimer t;
            t.start();
            const AnalysisResult full = analyze(text, {});
            const double fullMicros = double(t.nsecsElapsed()) / 1e3;
            std::printf("re-analysis of one edited statement (2000 lines, %lld statements, %lld findings, 200 edits, %s): "
                        "median %.1f us, max %.1f us, %.1f statements re-checked per edit; full analyze() %.1f us\n",
                        static_cast<long long>(count), static_cast<long long>(full.findings.size()),
                        breakKeyword ? "keyword broken" : "same structure", micros[micros.size() / 2], micros.back(),
                        double(rerun) / 200.0, fullMicros);
            if (!breakKeyword && micros[micros.size() / 2] > 1000.0) {
                std::printf("FAIL: median re-analysis of one edited statement above 1 ms\n");
                ok = false;
            }
        }
    }

    // 3. 100 MB.
    {
        const long rssBefore = statusKb("VmRSS");
        QByteArray text = generate(qsizetype(100) << 20, qsizetype(1) << 40);
        const qsizetype bytes = text.size();
        QElapsedTimer timer;
        timer.start();
        const double c0 = cpuSeconds();
        const Script s = tokenizeAndSplit(std::move(text), SqlDialect::PostgreSQL);
        const double secs = cpuSeconds() - c0;
        std::printf("lexer 100MB (wall %.2f s): ", double(timer.nsecsElapsed()) / 1e9);
        std::printf("%.1f MB, %lld statements, %lld tokens in %.2f s CPU: %.1f MB/s, %.0f statements/s; "
                    "VmHWM %ld kB (RSS before %ld kB; tokens %lld bytes each)\n",
                    mb(bytes), static_cast<long long>(s.statements.size()), static_cast<long long>(s.tokens.size()),
                    secs, mb(bytes) / secs, double(s.statements.size()) / secs, statusKb("VmHWM"), rssBefore,
                    static_cast<long long>(sizeof(Token)));
        if (!s.issues.isEmpty()) {
            std::printf("FAIL: generated input has syntax issues\n");
            ok = false;
        }
    }
    return ok ? 0 : 1;
}
