// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connectionparams.h"
#include "core/error.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QVariantMap>

namespace core::connection {

/// libpq's sslmode values; MySQL/MariaDB map them onto their own SSL options (Require: TLS without
/// verification, VerifyCa/VerifyFull: the server certificate is verified against the CA).
enum class SslMode {
    Default, ///< the driver's default (libpq: prefer)
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
};

/// The libpq spelling ("verify-full"); empty for Default.
QString sslModeName(SslMode mode);
/// Parses the libpq spelling (empty text: Default); InvalidArgument for unknown text.
Result<SslMode> sslModeFromName(QStringView name);

/// Where the password of a profile comes from. It is never stored anywhere but in the system keychain.
enum class PasswordStorage {
    Keychain, ///< the system keychain (Secret Service, Keychain, Credential Manager)
    AskEveryTime, ///< asked when connecting; kept in memory for that connection only
    None, ///< no password (peer/trust authentication, client certificates, ~/.pgpass)
};

QString passwordStorageName(PasswordStorage storage);

/// A saved connection: everything needed to connect except the password. Plain value type, safe to copy
/// across threads; persisted by ProfileStore (QSettings) without any secret.
struct ConnectionProfile
{
    QString id; ///< stable identity (a UUID), the keychain key is derived from it
    QString name; ///< shown to the user, unique within a store
    Dialect dialect = Dialect::PostgreSQL;
    QString host;
    int port = 0; ///< 0: the driver's default
    QString socket; ///< PostgreSQL: socket directory; MySQL/MariaDB: socket file
    QString database; ///< SQLite: the database file
    QString user;
    QString service; ///< PostgreSQL: a service name from pg_service.conf (libpq resolves it)
    QString applicationName; ///< PostgreSQL: application_name
    SslMode sslMode = SslMode::Default;
    QString sslRootCert; ///< CA certificate file (PostgreSQL sslrootcert, MySQL ssl-ca)
    QString sslCert; ///< client certificate file
    QString sslKey; ///< client key file (its passphrase, if any, is a secret and lives in the keychain)
    bool readOnly = false; ///< the engine refuses to apply anything through this connection
    PasswordStorage passwordStorage = PasswordStorage::Keychain;
    QList<QPair<QString, QString>> extraOptions; ///< further driver parameters (never secrets: they are refused)

    /// A new profile with a fresh id.
    static ConnectionProfile create(Dialect dialect, const QString &name);

    /// Splits parameters into a profile and drops the password (the caller stores it in the keychain).
    /// Known options (sslmode, sslrootcert, sslcert, sslkey, service, application_name, ssl-mode, ssl-ca, ...)
    /// become fields; password-like options are dropped.
    static ConnectionProfile fromParams(const ConnectionParams &params, const QString &name);

    /// The parameters to connect with, using `password` (from the keychain or typed) and the client key's
    /// `keyPassphrase` (PostgreSQL sslpassword) for this connection only.
    ConnectionParams toParams(const QString &password = {}, const QString &keyPassphrase = {}) const;

    /// The keychain key of this profile's password.
    QString passwordKey() const;
    /// The keychain key of this profile's client key passphrase.
    QString keyPassphraseKey() const;

    /// Checks that the profile can be used: a name, a host/socket/service (or a file for SQLite), a valid port,
    /// certificate files for verify-ca/verify-full when given, no secret among the extra options.
    Result<void> validate() const;

    /// A copy with a new id and the name suffixed " (copy)" (or " (copy N)" when taken).
    ConnectionProfile duplicated(const QStringList &takenNames) const;

    /// For QSettings: only non-secret fields.
    QVariantMap toVariantMap() const;
    static Result<ConnectionProfile> fromVariantMap(const QVariantMap &map);

    bool operator==(const ConnectionProfile &) const = default;
};

/// True for option names that carry a secret (password, sslpassword, passfile contents...).
bool isSecretOptionName(QStringView key);

} // namespace core::connection
