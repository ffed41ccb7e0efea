// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectionprofile.h"

#include <QUuid>

using namespace Qt::StringLiterals;

namespace core::connection {

namespace {

constexpr std::pair<SslMode, QStringView> sslModeNames[] = {
    {SslMode::Disable, u"disable"}, {SslMode::Allow, u"allow"},         {SslMode::Prefer, u"prefer"},
    {SslMode::Require, u"require"}, {SslMode::VerifyCa, u"verify-ca"}, {SslMode::VerifyFull, u"verify-full"},
};

// MySQL spells its modes differently (ssl-mode=VERIFY_IDENTITY); both spellings are accepted on import.
Result<SslMode> mysqlSslMode(QStringView value)
{
    const QString v = value.toString().toLower().replace(u'_', u'-');
    if (v == u"disabled")
        return SslMode::Disable;
    if (v == u"preferred")
        return SslMode::Prefer;
    if (v == u"required")
        return SslMode::Require;
    if (v == u"verify-identity")
        return SslMode::VerifyFull;
    return sslModeFromName(v);
}

QString dialectKey(Dialect d)
{
    return dialectName(d);
}

Result<Dialect> dialectFromKey(const QString &key)
{
    if (key == u"postgresql")
        return Dialect::PostgreSQL;
    if (key == u"mysql")
        return Dialect::MySQL;
    if (key == u"sqlite")
        return Dialect::SQLite;
    return fail(Error::Code::InvalidArgument, u"unknown dialect '%1'"_s.arg(key));
}

} // namespace

QString sslModeName(SslMode mode)
{
    for (const auto &[m, name] : sslModeNames) {
        if (m == mode)
            return name.toString();
    }
    return {};
}

Result<SslMode> sslModeFromName(QStringView name)
{
    if (name.trimmed().isEmpty())
        return SslMode::Default;
    for (const auto &[m, n] : sslModeNames) {
        if (name.trimmed().compare(n, Qt::CaseInsensitive) == 0)
            return m;
    }
    return fail(Error::Code::InvalidArgument, u"unknown sslmode '%1'"_s.arg(name));
}

QString passwordStorageName(PasswordStorage storage)
{
    switch (storage) {
    case PasswordStorage::Keychain:
        return u"keychain"_s;
    case PasswordStorage::AskEveryTime:
        return u"ask"_s;
    case PasswordStorage::None:
        return u"none"_s;
    }
    return {};
}

bool isSecretOptionName(QStringView key)
{
    const QString k = key.toString().toLower();
    return k.contains(u"password"_s) || k.contains(u"passwd"_s) || k == u"pwd" || k.contains(u"secret"_s)
        || k.contains(u"passphrase"_s) || k.contains(u"token"_s);
}

QString ConnectionProfile::passwordKey() const
{
    return u"connection/"_s + id + u"/password"_s;
}

QString ConnectionProfile::keyPassphraseKey() const
{
    return u"connection/"_s + id + u"/sslpassword"_s;
}

ConnectionProfile ConnectionProfile::create(Dialect dialect, const QString &name)
{
    ConnectionProfile p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.name = name;
    p.dialect = dialect;
    if (dialect == Dialect::SQLite)
        p.passwordStorage = PasswordStorage::None;
    return p;
}

ConnectionProfile ConnectionProfile::fromParams(const ConnectionParams &params, const QString &name)
{
    ConnectionProfile p = create(params.dialect, name);
    p.host = params.host;
    p.port = params.port;
    p.socket = params.socket;
    p.database = params.database;
    p.user = params.user;
    if (params.dialect != Dialect::SQLite)
        p.passwordStorage = PasswordStorage::Keychain;
    for (const auto &[key, value] : params.options) {
        const QString k = key.toLower();
        if (isSecretOptionName(k))
            continue; // never kept outside the keychain
        if (params.dialect == Dialect::PostgreSQL) {
            if (k == u"sslmode") {
                if (auto m = sslModeFromName(value))
                    p.sslMode = *m;
            } else if (k == u"sslrootcert") {
                p.sslRootCert = value;
            } else if (k == u"sslcert") {
                p.sslCert = value;
            } else if (k == u"sslkey") {
                p.sslKey = value;
            } else if (k == u"service") {
                p.service = value;
            } else if (k == u"application_name") {
                p.applicationName = value;
            } else {
                p.extraOptions.append({key, value});
            }
        } else if (params.dialect == Dialect::MySQL) {
            const QString m = QString(k).replace(u'_', u'-');
            if (m == u"ssl-mode" || m == u"sslmode") {
                if (auto mode = mysqlSslMode(value))
                    p.sslMode = *mode;
            } else if (m == u"ssl-ca" || m == u"sslca") {
                p.sslRootCert = value;
            } else if (m == u"ssl-cert" || m == u"sslcert") {
                p.sslCert = value;
            } else if (m == u"ssl-key" || m == u"sslkey") {
                p.sslKey = value;
            } else if (m == u"ssl" && (value == u"true" || value == u"1")) {
                p.sslMode = SslMode::Require;
            } else {
                p.extraOptions.append({key, value});
            }
        } else {
            p.extraOptions.append({key, value});
        }
    }
    return p;
}

ConnectionParams ConnectionProfile::toParams(const QString &password, const QString &keyPassphrase) const
{
    ConnectionParams c;
    c.dialect = dialect;
    c.host = host;
    c.port = port;
    c.socket = socket;
    c.database = database;
    c.user = user;
    c.password = password;
    if (dialect == Dialect::PostgreSQL) {
        if (!service.isEmpty())
            c.options.append({u"service"_s, service});
        if (sslMode != SslMode::Default)
            c.options.append({u"sslmode"_s, sslModeName(sslMode)});
        if (!sslRootCert.isEmpty())
            c.options.append({u"sslrootcert"_s, sslRootCert});
        if (!sslCert.isEmpty())
            c.options.append({u"sslcert"_s, sslCert});
        if (!sslKey.isEmpty())
            c.options.append({u"sslkey"_s, sslKey});
        if (!sslKey.isEmpty() && !keyPassphrase.isEmpty())
            c.options.append({u"sslpassword"_s, keyPassphrase});
        if (!applicationName.isEmpty())
            c.options.append({u"application_name"_s, applicationName});
    } else if (dialect == Dialect::MySQL) {
        if (sslMode != SslMode::Default)
            c.options.append({u"ssl-mode"_s, sslModeName(sslMode)});
        if (!sslRootCert.isEmpty())
            c.options.append({u"ssl-ca"_s, sslRootCert});
        if (!sslCert.isEmpty())
            c.options.append({u"ssl-cert"_s, sslCert});
        if (!sslKey.isEmpty())
            c.options.append({u"ssl-key"_s, sslKey});
    }
    for (const auto &option : extraOptions)
        c.options.append(option);
    return c;
}

Result<void> ConnectionProfile::validate() const
{
    if (name.trimmed().isEmpty())
        return fail(Error::Code::InvalidArgument, u"the profile has no name"_s);
    if (port < 0 || port > 65535)
        return fail(Error::Code::InvalidArgument, u"port %1 is out of range (1-65535)"_s.arg(port));
    if (dialect == Dialect::SQLite) {
        if (database.trimmed().isEmpty())
            return fail(Error::Code::InvalidArgument, u"a SQLite profile needs a database file"_s);
        return {};
    }
    if (dialect == Dialect::PostgreSQL && host.isEmpty() && socket.isEmpty() && service.isEmpty())
        return fail(Error::Code::InvalidArgument, u"a PostgreSQL profile needs a host, a socket or a service"_s);
    if (dialect == Dialect::MySQL && host.isEmpty() && socket.isEmpty())
        return fail(Error::Code::InvalidArgument, u"a MySQL/MariaDB profile needs a host or a socket"_s);
    if ((sslMode == SslMode::VerifyCa || sslMode == SslMode::VerifyFull) && dialect == Dialect::MySQL
        && sslRootCert.isEmpty())
        return fail(Error::Code::InvalidArgument, u"verifying the server certificate needs a CA certificate"_s);
    if (sslCert.isEmpty() != sslKey.isEmpty())
        return fail(Error::Code::InvalidArgument, u"a client certificate needs both the certificate and its key"_s);
    for (const auto &[key, value] : extraOptions) {
        if (isSecretOptionName(key))
            return fail(Error::Code::InvalidArgument,
                        u"'%1' is a secret: it belongs in the keychain, not in the profile's options"_s.arg(key));
    }
    return {};
}

ConnectionProfile ConnectionProfile::duplicated(const QStringList &takenNames) const
{
    ConnectionProfile copy = *this;
    copy.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString candidate = name + u" (copy)"_s;
    for (int n = 2; takenNames.contains(candidate); ++n)
        candidate = name + u" (copy %1)"_s.arg(n);
    copy.name = candidate;
    return copy;
}

QVariantMap ConnectionProfile::toVariantMap() const
{
    QVariantMap m;
    m[u"id"_s] = id;
    m[u"name"_s] = name;
    m[u"dialect"_s] = dialectKey(dialect);
    m[u"host"_s] = host;
    m[u"port"_s] = port;
    m[u"socket"_s] = socket;
    m[u"database"_s] = database;
    m[u"user"_s] = user;
    m[u"service"_s] = service;
    m[u"applicationName"_s] = applicationName;
    m[u"sslMode"_s] = sslModeName(sslMode);
    m[u"sslRootCert"_s] = sslRootCert;
    m[u"sslCert"_s] = sslCert;
    m[u"sslKey"_s] = sslKey;
    m[u"readOnly"_s] = readOnly;
    m[u"passwordStorage"_s] = passwordStorageName(passwordStorage);
    QStringList options;
    for (const auto &[k, v] : extraOptions) {
        if (!isSecretOptionName(k))
            options.append(k + u'=' + v);
    }
    m[u"options"_s] = options;
    return m;
}

Result<ConnectionProfile> ConnectionProfile::fromVariantMap(const QVariantMap &m)
{
    ConnectionProfile p;
    p.id = m.value(u"id"_s).toString();
    if (p.id.isEmpty())
        return fail(Error::Code::InvalidArgument, u"a stored profile has no id"_s);
    p.name = m.value(u"name"_s).toString();
    auto dialect = dialectFromKey(m.value(u"dialect"_s).toString());
    if (!dialect)
        return std::unexpected(dialect.error());
    p.dialect = *dialect;
    p.host = m.value(u"host"_s).toString();
    p.port = m.value(u"port"_s).toInt();
    p.socket = m.value(u"socket"_s).toString();
    p.database = m.value(u"database"_s).toString();
    p.user = m.value(u"user"_s).toString();
    p.service = m.value(u"service"_s).toString();
    p.applicationName = m.value(u"applicationName"_s).toString();
    auto mode = sslModeFromName(m.value(u"sslMode"_s).toString());
    if (!mode)
        return std::unexpected(mode.error());
    p.sslMode = *mode;
    p.sslRootCert = m.value(u"sslRootCert"_s).toString();
    p.sslCert = m.value(u"sslCert"_s).toString();
    p.sslKey = m.value(u"sslKey"_s).toString();
    p.readOnly = m.value(u"readOnly"_s).toBool();
    const QString storage = m.value(u"passwordStorage"_s).toString();
    p.passwordStorage = storage == u"ask"     ? PasswordStorage::AskEveryTime
        : storage == u"none"                  ? PasswordStorage::None
                                              : PasswordStorage::Keychain;
    const QStringList options = m.value(u"options"_s).toStringList();
    for (const QString &option : options) {
        const qsizetype eq = option.indexOf(u'=');
        if (eq > 0 && !isSecretOptionName(QStringView(option).left(eq)))
            p.extraOptions.append({option.left(eq), option.mid(eq + 1)});
    }
    return p;
}

} // namespace core::connection
