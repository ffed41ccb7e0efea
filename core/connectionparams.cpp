// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionparams.h"

#include "redact.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace core {

QString dialectName(Dialect dialect)
{
    switch (dialect) {
    case Dialect::PostgreSQL:
        return u"postgresql"_s;
    case Dialect::MySQL:
        return u"mysql"_s;
    case Dialect::SQLite:
        return u"sqlite"_s;
    }
    return {};
}

namespace {

QString decode(QStringView part)
{
    return QUrl::fromPercentEncoding(part.toUtf8());
}

QString quoteLibpq(const QString &value)
{
    if (!value.isEmpty() && !value.contains(QRegularExpression(u"[\\s'\\\\]"_s)))
        return value;
    QString quoted = value;
    quoted.replace(u'\\', u"\\\\"_s).replace(u'\'', u"\\'"_s);
    return u'\'' + quoted + u'\'';
}

} // namespace

Result<ConnectionParams> ConnectionParams::fromUrl(QStringView url)
{
    ConnectionParams p;
    const QString text = url.trimmed().toString();
    const qsizetype schemeEnd = text.indexOf(u':');
    if (schemeEnd <= 0)
        return fail(Error::Code::InvalidArgument, u"not a connection URL (no scheme)"_s);
    const QString scheme = text.left(schemeEnd).toLower();
    if (scheme == u"postgres" || scheme == u"postgresql")
        p.dialect = Dialect::PostgreSQL;
    else if (scheme == u"mysql" || scheme == u"mariadb")
        p.dialect = Dialect::MySQL;
    else if (scheme == u"sqlite" || scheme == u"sqlite3" || scheme == u"file")
        p.dialect = Dialect::SQLite;
    else
        return fail(Error::Code::InvalidArgument, u"unsupported URL scheme '%1'"_s.arg(scheme));

    QStringView rest = QStringView(text).mid(schemeEnd + 1);
    if (p.dialect == Dialect::SQLite) {
        // sqlite:relative.db, sqlite:///abs/path.db, sqlite://relative/path.db
        if (rest.startsWith(u"//"))
            rest = rest.mid(2);
        const qsizetype q = rest.indexOf(u'?');
        p.database = decode(q < 0 ? rest : rest.left(q));
        if (p.database.isEmpty())
            return fail(Error::Code::InvalidArgument, u"the SQLite URL names no file"_s);
        return p;
    }
    if (!rest.startsWith(u"//"))
        return fail(Error::Code::InvalidArgument, u"a %1 URL starts with %1://"_s.arg(scheme));
    rest = rest.mid(2);

    QStringView query;
    if (const qsizetype q = rest.indexOf(u'?'); q >= 0) {
        query = rest.mid(q + 1);
        rest = rest.left(q);
    }
    if (const qsizetype h = rest.indexOf(u'#'); h >= 0)
        rest = rest.left(h);
    // The user info ends at the last '@' of the authority (a password may contain an unencoded '@').
    QStringView authority = rest;
    QStringView path;
    const qsizetype at = rest.lastIndexOf(u'@');
    const qsizetype slash = rest.indexOf(u'/', at < 0 ? 0 : at);
    if (slash >= 0) {
        authority = rest.left(slash);
        path = rest.mid(slash + 1);
    }
    if (at >= 0) {
        const QStringView userInfo = authority.left(at);
        authority = authority.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(u':');
        p.user = decode(colon < 0 ? userInfo : userInfo.left(colon));
        if (colon >= 0)
            p.password = decode(userInfo.mid(colon + 1));
    }
    // host[:port], [ipv6][:port], or a percent-encoded socket path
    if (authority.startsWith(u'[')) {
        const qsizetype close = authority.indexOf(u']');
        if (close < 0)
            return fail(Error::Code::InvalidArgument, u"unterminated IPv6 address in URL"_s);
        p.host = authority.mid(1, close - 1).toString();
        authority = authority.mid(close + 1);
        if (!authority.isEmpty() && !authority.startsWith(u':'))
            return fail(Error::Code::InvalidArgument, u"unexpected text after the IPv6 address"_s);
        authority = authority.mid(1);
        if (!authority.isEmpty()) {
            bool ok = false;
            p.port = authority.toInt(&ok);
            if (!ok || p.port <= 0 || p.port > 65535)
                return fail(Error::Code::InvalidArgument, u"invalid port '%1'"_s.arg(authority));
        }
    } else {
        const qsizetype colon = authority.lastIndexOf(u':');
        const QString host = decode(colon < 0 ? authority : authority.left(colon));
        if (colon >= 0) {
            bool ok = false;
            p.port = authority.mid(colon + 1).toInt(&ok);
            if (!ok || p.port <= 0 || p.port > 65535)
                return fail(Error::Code::InvalidArgument, u"invalid port '%1'"_s.arg(authority.mid(colon + 1)));
        }
        if (host.startsWith(u'/'))
            p.socket = host;
        else
            p.host = host;
    }
    p.database = decode(path);

    for (QStringView pair : query.split(u'&', Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(u'=');
        const QString key = decode(eq < 0 ? pair : pair.left(eq));
        const QString value = eq < 0 ? QString() : decode(pair.mid(eq + 1));
        if (key == u"host" && value.startsWith(u'/'))
            p.socket = value;
        else if (key == u"host")
            p.host = value;
        else if (key == u"socket" || key == u"unix_socket")
            p.socket = value;
        else if (key == u"port")
            p.port = value.toInt();
        else if (key == u"user")
            p.user = value;
        else if (key == u"password")
            p.password = value;
        else if (key == u"dbname")
            p.database = value;
        else
            p.options.append({key, value});
    }
    return p;
}

QString ConnectionParams::option(const QString &key) const
{
    for (const auto &[k, v] : options) {
        if (k == key)
            return v;
    }
    return {};
}

QString ConnectionParams::toLibpqConninfo() const
{
    QStringList parts;
    auto add = [&parts](const QString &key, const QString &value) {
        if (!value.isEmpty())
            parts.append(key + u'=' + quoteLibpq(value));
    };
    add(u"host"_s, socket.isEmpty() ? host : socket);
    if (port > 0)
        add(u"port"_s, QString::number(port));
    add(u"dbname"_s, database);
    add(u"user"_s, user);
    add(u"password"_s, password);
    for (const auto &[k, v] : options)
        add(k, v);
    return parts.join(u' ');
}

QString ConnectionParams::toRedactedUrl() const
{
    if (dialect == Dialect::SQLite)
        return u"sqlite://"_s + database;
    QString url = dialect == Dialect::PostgreSQL ? u"postgresql://"_s : u"mysql://"_s;
    if (!user.isEmpty()) {
        url += QString::fromUtf8(QUrl::toPercentEncoding(user));
        if (!password.isEmpty())
            url += u":***"_s;
        url += u'@';
    }
    if (!host.isEmpty())
        url += host.contains(u':') ? u'[' + host + u']' : host;
    if (port > 0)
        url += u':' + QString::number(port);
    url += u'/' + QString::fromUtf8(QUrl::toPercentEncoding(database));
    QStringList query;
    if (!socket.isEmpty())
        query.append((dialect == Dialect::PostgreSQL ? u"host="_s : u"socket="_s) + socket);
    for (const auto &[k, v] : options)
        query.append(k + u'=' + v);
    if (!query.isEmpty())
        url += u'?' + query.join(u'&');
    return redactSecrets(url); // options such as sslpassword are secrets too
}

} // namespace core
