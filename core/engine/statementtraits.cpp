// SPDX-License-Identifier: GPL-3.0-or-later
#include "statementtraits.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace core::engine {

namespace {

// Upper-cased words of the statement outside comments, strings and quoted identifiers. The analyzer's parser
// knows far more; this is the engine's own minimal, dependency-free safety net.
QString significantWords(const QString &sql)
{
    QString out;
    out.reserve(sql.size());
    const qsizetype n = sql.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = sql.at(i);
        if (c == u'-' && i + 1 < n && sql.at(i + 1) == u'-') {
            while (i < n && sql.at(i) != u'\n')
                ++i;
        } else if (c == u'/' && i + 1 < n && sql.at(i + 1) == u'*') {
            int depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                if (sql.at(i) == u'/' && i + 1 < n && sql.at(i + 1) == u'*') {
                    ++depth;
                    i += 2;
                } else if (sql.at(i) == u'*' && i + 1 < n && sql.at(i + 1) == u'/') {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            }
            out += u' ';
        } else if (c == u'\'' || c == u'"') {
            ++i;
            while (i < n) {
                if (sql.at(i) == c) {
                    if (i + 1 < n && sql.at(i + 1) == c) {
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                ++i;
            }
            out += u" x "_s;
        } else if (c == u'$') {
            // $tag$ … $tag$
            qsizetype j = i + 1;
            while (j < n && (sql.at(j).isLetterOrNumber() || sql.at(j) == u'_'))
                ++j;
            if (j < n && sql.at(j) == u'$') {
                const QString tag = sql.mid(i, j - i + 1);
                const qsizetype close = sql.indexOf(tag, j + 1);
                i = close < 0 ? n : close + tag.size();
                out += u" x "_s;
            } else {
                out += c;
                ++i;
            }
        } else {
            out += c.toUpper();
            ++i;
        }
    }
    return out.simplified();
}

} // namespace

bool cannotRunInTransaction(const QString &sql, int serverVersionNum)
{
    static const QRegularExpression concurrently(
        uR"(^(CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY|DROP\s+INDEX\s+CONCURRENTLY|REINDEX\b.*\bCONCURRENTLY|ALTER\s+TABLE\b.*\bDETACH\s+PARTITION\b.*\bCONCURRENTLY|VACUUM\b|CREATE\s+DATABASE\b|DROP\s+DATABASE\b|ALTER\s+SYSTEM\b|CREATE\s+TABLESPACE\b|DROP\s+TABLESPACE\b))"_s);
    static const QRegularExpression addValue(uR"(^ALTER\s+TYPE\b.*\bADD\s+VALUE\b)"_s);
    const QString words = significantWords(sql);
    if (concurrently.match(words).hasMatch())
        return true;
    return serverVersionNum > 0 && serverVersionNum < 120000 && addValue.match(words).hasMatch();
}

} // namespace core::engine
