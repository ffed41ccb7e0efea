// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target over the whole analysis: lexer, splitter, structural parser, lock model and every rule, for each
// dialect and a spread of target versions. The first byte chooses dialect and version; the rest is the input.
// Aborts on a violated invariant (a finding outside the input, an inverted span, a statement/effect mismatch).

#include "core/sql/analyzer.h"

#include <cstdint>
#include <cstdlib>

using namespace core::sql;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    static const TargetServer targets[] = {
        {SqlDialect::PostgreSQL, 17, 0, -1}, {SqlDialect::PostgreSQL, 11, 0, -1}, {SqlDialect::PostgreSQL, 18, 0, -1},
        {SqlDialect::PostgreSQL, 10, 0, -1}, {SqlDialect::MySQL, 8, 0, 20},      {SqlDialect::MySQL, 8, 4, -1},
        {SqlDialect::MariaDB, 10, 11, -1},   {SqlDialect::MariaDB, 11, 8, -1},   {SqlDialect::SQLite, 3, 45, -1},
    };
    const TargetServer &target = targets[data[0] % (sizeof(targets) / sizeof(targets[0]))];
    const QByteArray text(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    AnalysisContext context;
    context.target = target;
    if (data[0] & 0x80)
        context.wrappedInTransaction = (data[0] & 0x40) != 0;
    const AnalysisResult r = analyze(tokenizeAndSplit(text, target.dialect), context);
    if (r.statements.size() != r.script.statements.size() || r.effects.size() != r.statements.size())
        std::abort();
    for (const Finding &f : r.findings) {
        if (f.offset < 0 || f.length < 0 || f.offset + f.length > text.size())
            std::abort();
        if (f.start.line < 1 || f.start.column < 1 || f.end.line < f.start.line)
            std::abort();
        if (f.rule.isEmpty() || f.message.isEmpty())
            std::abort();
        if (f.fix && (f.fix->offset != f.offset || f.fix->length != f.length))
            std::abort();
    }
    return 0;
}
