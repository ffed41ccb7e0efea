// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"
#include "core/error.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace core::connection {

/// A profile read from somewhere, with the password that came with it (if any) kept apart: the caller
/// hands it to the SecretStore and drops it; it never goes into the profile or its settings.
struct ImportedConnection
{
    ConnectionProfile profile;
    QString password;
};

/// From a `postgres://`, `postgresql://`, `mysql://`, `mariadb://` or `sqlite:` URL (percent-decoding, IPv6,
/// unix sockets: see ConnectionParams::fromUrl). The name defaults to user@host/database.
Result<ImportedConnection> importUrl(QStringView url, const QString &name = {});

/// Reads `key` from a dotenv file (`KEY=value`, `export KEY=value`, single or double quotes, `#` comments).
/// Io when unreadable; InvalidArgument when the key is absent.
Result<QString> readDotEnvValue(const QString &path, const QString &key = QStringLiteral("DATABASE_URL"));

/// DATABASE_URL from `<projectDir>/.env`, imported as a URL named after the project folder.
Result<ImportedConnection> importDotEnv(const QString &projectDir);

/// One `[name]` section of a pg_service.conf file, with its keyword=value lines in order.
struct PgService
{
    QString name;
    QList<QPair<QString, QString>> parameters;
};

/// Parses a pg_service.conf file (INI-like: `[service]`, `key=value`, `#` comments). Later duplicates of a
/// service are ignored as libpq does. InvalidArgument with the line number for a malformed line.
Result<QList<PgService>> parsePgServiceFile(const QString &path);

/// The service files libpq reads, in its order: $PGSERVICEFILE or ~/.pg_service.conf, then
/// $PGSYSCONFDIR/pg_service.conf (default /etc/postgresql-common/pg_service.conf).
QStringList pgServiceFiles();

/// Every service of a file as a standalone profile (the password, if the file has one, kept apart).
/// The profile also records the service name, so that libpq still reads the file at connect time.
Result<QList<ImportedConnection>> importPgServiceFile(const QString &path);

/// One line of a .pgpass file; `*` in a field matches anything.
struct PgPassEntry
{
    QString host;
    QString port;
    QString database;
    QString user;
    QString password;
};

/// Parses a .pgpass file (`host:port:database:user:password`, `\:` and `\\` escapes, `#` comments). Like libpq,
/// refuses (Io) a file that group or others can read.
Result<QList<PgPassEntry>> parsePgPassFile(const QString &path);

/// $PGPASSFILE or ~/.pgpass.
QString pgPassFile();

/// The password of the first entry matching host/port/database/user, libpq's way: `*` matches anything,
/// "localhost" matches a connection through the default socket directory (another socket
/// directory is compared as written), an empty host or port means the default (localhost, 5432).
std::optional<QString> lookupPgPass(const QList<PgPassEntry> &entries, const QString &host, const QString &socket,
                                    int port, const QString &database, const QString &user);

/// Every entry whose host, port and user are given (not `*`) as a profile with its password; database `*`
/// becomes an empty database (the user's default).
QList<ImportedConnection> importPgPassEntries(const QList<PgPassEntry> &entries);

} // namespace core::connection
