// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionimport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace core::connection {

namespace {

constexpr qint64 maxConfigFile = 4 * 1024 * 1024;

Result<QStringList> readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::Io, u"%1: %2"_s.arg(path, file.errorString()));
    if (file.size() > maxConfigFile)
        return fail(Error::Code::Io, u"%1: larger than 4 MiB, not a configuration file"_s.arg(path));
    const QByteArray bytes = file.readAll();
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return fail(Error::Code::InvalidArgument, u"%1: not valid UTF-8"_s.arg(path));
    QStringList lines = text.split(u'\n');
    for (QString &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    return lines;
}

QString defaultName(const ConnectionProfile &p)
{
    if (p.dialect == Dialect::SQLite)
        return QFileInfo(p.database).fileName();
    QString where = p.host.isEmpty() ? (p.socket.isEmpty() ? u"localhost"_s : p.socket) : p.host;
    if (p.port > 0)
        where += u':' + QString::number(p.port);
    QString name = p.user.isEmpty() ? where : p.user + u'@' + where;
    if (!p.database.isEmpty())
        name += u'/' + p.database;
    return name;
}

QString unquoteDotEnv(QString value)
{
    value = value.trimmed();
    if (value.size() >= 2 && (value.front() == u'"' || value.front() == u'\'')) {
        const QChar quote = value.front();
        const qsizetype close = value.indexOf(quote, 1);
        if (close > 0) {
            QString inner = value.mid(1, close - 1);
            if (quote == u'"')
                inner.replace(u"\\n"_s, u"\n"_s).replace(u"\\\""_s, u"\""_s).replace(u"\\\\"_s, u"\\"_s);
            return inner;
        }
    }
    // unquoted: an inline comment starts at " #"
    if (const qsizetype hash = value.indexOf(u" #"_s); hash >= 0)
        value.truncate(hash);
    return value.trimmed();
}

} // namespace

Result<ImportedConnection> importUrl(QStringView url, const QString &name)
{
    auto params = ConnectionParams::fromUrl(url);
    if (!params)
        return std::unexpected(params.error());
    ImportedConnection imported;
    imported.password = params->password;
    imported.profile = ConnectionProfile::fromParams(*params, name);
    if (imported.profile.name.isEmpty())
        imported.profile.name = defaultName(imported.profile);
    return imported;
}

Result<QString> readDotEnvValue(const QString &path, const QString &key)
{
    auto lines = readLines(path);
    if (!lines)
        return std::unexpected(lines.error());
    std::optional<QString> found;
    for (const QString &raw : *lines) {
        QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u"export "_s))
            line = line.mid(7).trimmed();
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0)
            continue;
        if (line.left(eq).trimmed() == key)
            found = unquoteDotEnv(line.mid(eq + 1)); // the last assignment wins, as in a shell
    }
    if (!found)
        return fail(Error::Code::InvalidArgument, u"%1 does not set %2"_s.arg(path, key));
    return *found;
}

Result<ImportedConnection> importDotEnv(const QString &projectDir)
{
    const QString path = QDir(projectDir).filePath(u".env"_s);
    auto url = readDotEnvValue(path);
    if (!url)
        return std::unexpected(url.error());
    auto imported = importUrl(*url);
    if (!imported)
        return fail(imported.error().code, u"%1: DATABASE_URL: %2"_s.arg(path, imported.error().detail));
    imported->profile.name = QFileInfo(QDir(projectDir).absolutePath()).fileName() + u" (.env)"_s;
    return imported;
}

Result<QList<PgService>> parsePgServiceFile(const QString &path)
{
    auto lines = readLines(path);
    if (!lines)
        return std::unexpected(lines.error());
    QList<PgService> services;
    PgService *current = nullptr;
    bool skipping = false;
    for (qsizetype i = 0; i < lines->size(); ++i) {
        const QString line = lines->at(i).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u'[')) {
            if (!line.endsWith(u']') || line.size() < 3)
                return fail(Error::Code::InvalidArgument, u"%1:%2: malformed section header"_s.arg(path).arg(i + 1));
            const QString name = line.mid(1, line.size() - 2).trimmed();
            skipping = std::any_of(services.cbegin(), services.cend(),
                                   [&name](const PgService &s) { return s.name == name; });
            if (skipping) {
                current = nullptr;
                continue;
            }
            services.append(PgService{name, {}});
            current = &services.last();
            continue;
        }
        const qsizetype eq = line.indexOf(u'=');
        if (eq <= 0)
            return fail(Error::Code::InvalidArgument,
                        u"%1:%2: syntax error (expected keyword=value)"_s.arg(path).arg(i + 1));
        if (skipping)
            continue;
        if (!current)
            return fail(Error::Code::InvalidArgument,
                        u"%1:%2: keyword outside of a [service] section"_s.arg(path).arg(i + 1));
        current->parameters.append({line.left(eq).trimmed(), line.mid(eq + 1).trimmed()});
    }
    return services;
}

QStringList pgServiceFiles()
{
    QStringList files;
    if (const QString env = qEnvironmentVariable("PGSERVICEFILE"); !env.isEmpty())
        files.append(env);
    else
        files.append(QDir::home().filePath(u".pg_service.conf"_s));
    const QString sysconf = qEnvironmentVariable("PGSYSCONFDIR", u"/etc/postgresql-common"_s);
    files.append(QDir(sysconf).filePath(u"pg_service.conf"_s));
    return files;
}

Result<QList<ImportedConnection>> importPgServiceFile(const QString &path)
{
    auto services = parsePgServiceFile(path);
    if (!services)
        return std::unexpected(services.error());
    QList<ImportedConnection> out;
    for (const PgService &service : *services) {
        ConnectionParams params;
        params.dialect = Dialect::PostgreSQL;
        QString password;
        for (const auto &[key, value] : service.parameters) {
            if (key == u"host") {
                if (value.startsWith(u'/'))
                    params.socket = value;
                else
                    params.host = value;
            } else if (key == u"port") {
                bool ok = false;
                params.port = value.toInt(&ok);
                if (!ok || params.port <= 0 || params.port > 65535)
                    return fail(Error::Code::InvalidArgument,
                                u"%1: service %2: invalid port '%3'"_s.arg(path, service.name, value));
            } else if (key == u"dbname") {
                params.database = value;
            } else if (key == u"user") {
                params.user = value;
            } else if (key == u"password") {
                password = value;
            } else {
                params.options.append({key, value});
            }
        }
        ImportedConnection imported;
        imported.profile = ConnectionProfile::fromParams(params, service.name);
        imported.profile.service = service.name;
        imported.password = password;
        out.append(imported);
    }
    return out;
}

Result<QList<PgPassEntry>> parsePgPassFile(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return fail(Error::Code::Io, u"%1: no such file"_s.arg(path));
    if (info.permissions() & (QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
                              | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther))
        return fail(Error::Code::Io,
                    u"%1 has group or world access; libpq ignores it (chmod 0600 the file)"_s.arg(path));
    auto lines = readLines(path);
    if (!lines)
        return std::unexpected(lines.error());
    QList<PgPassEntry> entries;
    for (const QString &line : *lines) {
        if (line.trimmed().isEmpty() || line.startsWith(u'#'))
            continue;
        QStringList fields{QString()};
        for (qsizetype i = 0; i < line.size(); ++i) {
            const QChar c = line.at(i);
            if (c == u'\\' && i + 1 < line.size()) {
                fields.last() += line.at(++i);
            } else if (c == u':' && fields.size() < 5) {
                fields.append(QString());
            } else {
                fields.last() += c;
            }
        }
        if (fields.size() < 5)
            continue; // libpq skips lines it cannot split in five
        entries.append(PgPassEntry{fields[0], fields[1], fields[2], fields[3], fields[4]});
    }
    return entries;
}

QString pgPassFile()
{
    if (const QString env = qEnvironmentVariable("PGPASSFILE"); !env.isEmpty())
        return env;
    return QDir::home().filePath(u".pgpass"_s);
}

std::optional<QString> lookupPgPass(const QList<PgPassEntry> &entries, const QString &host, const QString &socket,
                                    int port, const QString &database, const QString &user)
{
    // libpq compares "localhost" for a connection without a host or through the default socket directory,
    // and the directory itself for any other socket.
    QString h = socket.isEmpty() ? host : socket;
    if (h.isEmpty() || h == u"/var/run/postgresql" || h == u"/run/postgresql" || h == u"/tmp")
        h = u"localhost"_s;
    const QString p = QString::number(port > 0 ? port : 5432);
    const QString d = database.isEmpty() ? user : database;
    auto matches = [](const QString &pattern, const QString &value) { return pattern == u"*" || pattern == value; };
    for (const PgPassEntry &e : entries) {
        if (matches(e.host, h) && matches(e.port, p) && matches(e.database, d) && matches(e.user, user))
            return e.password;
    }
    return std::nullopt;
}

QList<ImportedConnection> importPgPassEntries(const QList<PgPassEntry> &entries)
{
    QList<ImportedConnection> out;
    for (const PgPassEntry &e : entries) {
        if (e.host == u"*" || e.port == u"*" || e.user == u"*")
            continue;
        ConnectionParams params;
        params.dialect = Dialect::PostgreSQL;
        if (e.host.startsWith(u'/'))
            params.socket = e.host;
        else
            params.host = e.host;
        params.port = e.port.toInt();
        params.user = e.user;
        if (e.database != u"*")
            params.database = e.database;
        ImportedConnection imported;
        imported.profile = ConnectionProfile::fromParams(params, {});
        imported.profile.name = defaultName(imported.profile);
        imported.password = e.password;
        out.append(imported);
    }
    return out;
}

} // namespace core::connection
