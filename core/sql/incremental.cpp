// SPDX-License-Identifier: GPL-3.0-or-later
// Incremental re-tokenizing for the editor (see updateScriptDetailed() in lexer.h and docs/sql-lexer.md).

#include "core/sql/lexer.h"
#include "core/sql/lexer_p.h"

#include <algorithm>

namespace core::sql {

namespace {

/// A statement whose end is a place where the lexer's state depends only on the text before it: after a
/// terminator, or after a meta-command / DELIMITER line. (A statement that ended at the end of the input, or
/// because a meta-command interrupted it, could have continued had the text after it been different.)
bool endsCleanly(const Script &s, qsizetype index)
{
    const Statement &st = s.statements.at(index);
    if (st.startsCopyData) // the lexer's state after it is "COPY data follows"
        return false;
    if (st.terminated)
        return true;
    const TokenKind k = s.tokens.at(st.firstToken).kind;
    if (k == TokenKind::CopyData) // complete only when it ends with its "\." line
        return s.statementText(st).endsWith("\\.");
    return k == TokenKind::MetaCommand || k == TokenKind::DelimiterCommand;
}

} // namespace

ScriptUpdate updateScriptDetailed(const Script &old, qsizetype editOffset, qsizetype removedBytes,
                                  QByteArrayView inserted)
{
    const qsizetype oldSize = old.text.size();
    editOffset = std::clamp<qsizetype>(editOffset, 0, oldSize);
    removedBytes = std::clamp<qsizetype>(removedBytes, 0, oldSize - editOffset);

    QByteArray newText;
    newText.reserve(oldSize - removedBytes + inserted.size());
    newText.append(QByteArrayView(old.text).first(editOffset));
    newText.append(inserted);
    newText.append(QByteArrayView(old.text).sliced(editOffset + removedBytes));

    const qsizetype delta = inserted.size() - removedBytes;
    const qsizetype editEndNew = editOffset + inserted.size();

    // Tokens look ahead at most 2 bytes past their end, or a DELIMITER's length: restart far enough before.
    qsizetype margin = 8;
    for (const DelimiterChange &d : old.delimiters)
        margin = std::max<qsizetype>(margin, 8 + d.delimiter.size());

    qsizetype k = std::distance(old.statements.cbegin(),
                                std::partition_point(old.statements.cbegin(), old.statements.cend(),
                                                     [&](const Statement &s) { return s.end() < editOffset - margin; }));
    while (k > 0 && !endsCleanly(old, k - 1))
        --k;
    const qsizetype restart = k > 0 ? old.statements.at(k - 1).end() : 0;

    ScriptUpdate result;
    Script &ns = result.script;
    ns.text = newText;
    ns.dialect = old.dialect;

    const qsizetype firstTok = std::distance(old.tokens.cbegin(),
                                             std::partition_point(old.tokens.cbegin(), old.tokens.cend(),
                                                                  [&](const Token &t) { return t.offset < restart; }));
    ns.tokens.reserve(old.tokens.size() + inserted.size() / 4 + 16);
    ns.tokens.append(old.tokens.first(firstTok));
    ns.statements.reserve(old.statements.size() + 4);
    ns.statements.append(old.statements.first(k));
    for (const SyntaxIssue &is : old.issues) {
        if (is.offset >= restart)
            break;
        ns.issues.append(is);
    }
    for (const DelimiterChange &d : old.delimiters) {
        if (d.offset > restart)
            break;
        ns.delimiters.append(d);
    }

    detail::LexerEngine engine(ns.text, ns.dialect, ns.tokens, ns.statements, ns.issues, ns.delimiters);
    engine.start(restart, old.delimiterAt(restart));
    qsizetype syncIndex = -1;
    engine.onStatement = [&](const Statement &s) {
        if (s.end() < editEndNew)
            return false;
        const qsizetype oldEnd = s.end() - delta;
        const auto it = std::partition_point(old.statements.cbegin(), old.statements.cend(),
                                             [&](const Statement &o) { return o.end() < oldEnd; });
        if (it == old.statements.cend() || it->end() != oldEnd)
            return false;
        if (engine.delimiter() != old.delimiterAt(oldEnd) || engine.copyPending() != it->startsCopyData)
            return false;
        syncIndex = std::distance(old.statements.cbegin(), it);
        return true;
    };
    const bool stopped = engine.run();

    result.firstStatement = k;
    result.byteDelta = delta;
    if (stopped) {
        const qsizetype newEnd = engine.stopOffset();
        const qsizetype oldEnd = newEnd - delta;
        result.relexedBytes = newEnd - restart;
        result.insertedStatements = ns.statements.size() - k;
        result.removedStatements = syncIndex + 1 - k;
        const qsizetype oldTok = std::distance(old.tokens.cbegin(),
                                               std::partition_point(old.tokens.cbegin(), old.tokens.cend(),
                                                                    [&](const Token &t) { return t.offset < oldEnd; }));
        const qsizetype tokenDelta = ns.tokens.size() - oldTok;
        result.tokenDelta = tokenDelta;
        const qsizetype tokBase = ns.tokens.size();
        ns.tokens.resize(tokBase + old.tokens.size() - oldTok);
        Token *tok = ns.tokens.data() + tokBase;
        for (qsizetype i = oldTok; i < old.tokens.size(); ++i) {
            *tok = old.tokens.at(i);
            tok->offset += delta;
            ++tok;
        }
        const qsizetype stBase = ns.statements.size();
        ns.statements.resize(stBase + old.statements.size() - syncIndex - 1);
        Statement *st = ns.statements.data() + stBase;
        for (qsizetype i = syncIndex + 1; i < old.statements.size(); ++i) {
            *st = old.statements.at(i);
            st->offset += delta;
            st->gapOffset += delta;
            st->firstToken += tokenDelta;
            ++st;
        }
        for (const SyntaxIssue &is : old.issues) {
            if (is.offset < oldEnd)
                continue;
            SyntaxIssue moved = is;
            moved.offset += delta;
            ns.issues.append(std::move(moved));
        }
        for (const DelimiterChange &d : old.delimiters) {
            if (d.offset <= oldEnd)
                continue;
            ns.delimiters.append(DelimiterChange{d.offset + delta, d.delimiter});
        }
    } else {
        result.relexedBytes = ns.text.size() - restart;
        result.insertedStatements = ns.statements.size() - k;
        result.removedStatements = old.statements.size() - k;
        result.tokenDelta = ns.tokens.size() - old.tokens.size();
    }
    ns.lines = old.lines.lineCount() > 0 ? old.lines.edited(ns.text, editOffset, removedBytes, inserted.size())
                                         : LineIndex(ns.text);
    return result;
}

} // namespace core::sql
