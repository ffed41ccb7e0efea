// SPDX-License-Identifier: GPL-3.0-or-later
#include "redact.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace core {

namespace {

// Names whose values are secrets, as key=value keys, query parameters or JSON members.
constexpr auto secretKey = R"((?:[A-Za-z_]*(?:password|passwd|passphrase|secret|token)|pwd|pass))";

struct Rules
{
    // scheme://user:password@host — the password runs to the last '@' before white space, so an
    // unencoded '@' inside it is still covered (over-redacting a path is better than leaking).
    QRegularExpression urlUserInfo{uR"re(([A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]*):(\S*)@)re"_s};
    // "password": "value" in JSON.
    QRegularExpression jsonMember{uR"re(("%1"\s*:\s*)"(?:[^"\\]|\\.)*")re"_s.arg(QLatin1StringView(secretKey)),
                                  QRegularExpression::CaseInsensitiveOption};
    // key=value, key = 'quoted value', ?key=value&, key=value; (ODBC). Not preceded by a word character,
    // so `nopassword=` style substrings of other identifiers are left alone only when glued to letters.
    QRegularExpression keyValue{
        uR"re(((?<![A-Za-z0-9])%1\s*=\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s&;'"]+))re"_s.arg(
            QLatin1StringView(secretKey)),
        QRegularExpression::CaseInsensitiveOption};
};

const Rules &rules()
{
    static const Rules r;
    return r;
}

} // namespace

QString redactSecrets(QStringView text)
{
    // Fast path: most log lines contain nothing that could be a secret.
    if (!text.contains(u'@') && !text.contains(u'=') && !text.contains(u':'))
        return text.toString();

    const Rules &r = rules();
    QString out = text.toString();
    out.replace(r.urlUserInfo, u"\\1:***@"_s);
    out.replace(r.jsonMember, u"\\1\"***\""_s);
    out.replace(r.keyValue, u"\\1***"_s);
    return out;
}

} // namespace core
