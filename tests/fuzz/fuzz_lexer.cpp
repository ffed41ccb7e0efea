// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the SQL lexer and splitter: every input in every dialect must tile, round-trip, keep
// statements in order, and an incremental update must equal a full re-lex. Aborts on any violation.

#include "core/sql/lexer.h"

#include "tests/fuzz/lexer_invariants.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace core::sql;

namespace {

[[noreturn]] void fail(SqlDialect dialect, const char *what, const QString &detail)
{
    std::fprintf(stderr, "fuzz_lexer: %s (%s): %s\n", what, qPrintable(dialectName(dialect)), qPrintable(detail));
    std::abort();
}

quint64 fnv1a(const uint8_t *data, size_t size)
{
    quint64 h = 1469598103934665603ull;
    for (size_t i = 0; i < size; ++i) {
        h ^= data[i];
        h *= 1099511628211ull;
    }
    return h;
}

void checkEdit(const Script &script, qsizetype offset, qsizetype removed, QByteArrayView inserted)
{
    const ScriptUpdate up = updateScriptDetailed(script, offset, removed, inserted);
    QByteArray text = script.text;
    text.replace(offset, removed, inserted.toByteArray());
    const Script full = tokenizeAndSplit(text, script.dialect);
    const QString diff = mwbtest::compareScripts(up.script, full);
    if (!diff.isEmpty())
        fail(script.dialect, "incremental update differs from a full re-lex", diff);
    if (up.firstStatement + up.insertedStatements > up.script.statements.size()
        || up.script.statements.size() - up.insertedStatements != script.statements.size() - up.removedStatements)
        fail(script.dialect, "incremental update reports a wrong change", QString());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const std::array<QByteArrayView, 16> snippets = {"'", "\"", "`", "$$", "/*", "*/", "COPY t FROM STDIN;\n",
                                                            ";", "\n", "\\c x\n", "DELIMITER //\n", "BEGIN ", " END;",
                                                            "\\.\n", "CREATE FUNCTION f() BEGIN ATOMIC ", "CREATE TRIGGER "};
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const quint64 h = fnv1a(data, size);
    for (SqlDialect dialect : {SqlDialect::PostgreSQL, SqlDialect::MySQL, SqlDialect::MariaDB, SqlDialect::SQLite}) {
        const Script script = tokenizeAndSplit(text, dialect);
        const QString problem = mwbtest::checkScriptInvariants(script);
        if (!problem.isEmpty())
            fail(dialect, "invariant violated", problem);
        for (const Statement &st : script.statements) {
            const Position a = script.position(st.offset);
            const Position b = script.position(st.end());
            if (a.line < 1 || a.column < 1 || b.line < a.line || (b.line == a.line && b.column < a.column))
                fail(dialect, "statement positions out of order", QString::number(st.offset));
        }
        const qsizetype n = text.size();
        const qsizetype offset = qsizetype(h % quint64(n + 1));
        const qsizetype removed = qsizetype((h >> 20) % quint64(std::min<qsizetype>(16, n - offset) + 1));
        const qsizetype from = qsizetype((h >> 32) % quint64(n + 1));
        const qsizetype len = std::min<qsizetype>(qsizetype((h >> 44) % 24), n - from);
        checkEdit(script, offset, removed, QByteArrayView(text).sliced(from, len));
        checkEdit(script, qsizetype((h >> 7) % quint64(n + 1)), 0, snippets[size_t(h >> 60)]);
    }
    return 0;
}
