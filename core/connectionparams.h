// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"

#include <QList>
#include <QPair>
#include <QString>

namespace core {

enum class Dialect {
    PostgreSQL,
    MySQL, ///< MySQL and MariaDB share the wire protocol and the driver
    SQLite,
};

QString dialectName(Dialect dialect);

/// Everything needed to open a connection, split into fields. The password is held only in memory:
/// it is never written to settings or project files and never logged (toString() redacts it).
struct ConnectionParams
{
    Dialect dialect = Dialect::PostgreSQL;
    QString host; ///< host name or IP address (IPv6 without brackets); empty with a socket
    int port = 0; ///< 0: the driver's default
    QString socket; ///< PostgreSQL: the socket directory; MySQL: the socket file
    QString database; ///< SQLite: the file path
    QString user;
    QString password;
    QList<QPair<QString, QString>> options; ///< further parameters (sslmode, application_name, ...)

    /// Parses `postgres://`, `postgresql://`, `mysql://`, `mariadb://` and `sqlite:` URLs, with
    /// percent-decoding of every part, bracketed IPv6 hosts, unix sockets given as a percent-encoded host
    /// (`postgresql://u@%2Frun%2Fpg/db`) or as a `host=` / `socket=` parameter, and further parameters.
    static Result<ConnectionParams> fromUrl(QStringView url);

    QString option(const QString &key) const;

    /// A libpq connection string (`host=… port=… dbname=…`), values quoted as libpq requires.
    QString toLibpqConninfo() const;

    /// A URL for display and logs: the password, if any, appears as `***`.
    QString toRedactedUrl() const;

    bool operator==(const ConnectionParams &) const = default;
};

} // namespace core
