// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace core::connection {

/// Where passwords and key passphrases live: only the system keychain. Asynchronous: every call returns at
/// once and calls back on the thread of `context` (and not at all if `context` is destroyed first).
/// There is no plaintext fallback: without a keychain the calls fail with Error::Code::Unsupported and the
/// caller asks for the password every time.
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)
public:
    using ReadCallback = std::function<void(Result<std::optional<QString>>)>; ///< nullopt: nothing stored
    using DoneCallback = std::function<void(Result<void>)>;
    using AvailabilityCallback = std::function<void(Result<void>)>; ///< Unsupported: no keychain

    explicit SecretStore(QObject *parent = nullptr) : QObject(parent) {}
    ~SecretStore() override = default;

    /// A short name of the backend for messages ("Secret Service", ...).
    virtual QString backendName() const = 0;

    /// Finds out whether the keychain answers (a read of a key that is never written).
    virtual void checkAvailable(QObject *context, AvailabilityCallback callback) = 0;
    virtual void readSecret(const QString &key, QObject *context, ReadCallback callback) = 0;
    virtual void writeSecret(const QString &key, const QString &secret, QObject *context, DoneCallback callback) = 0;
    /// Deleting a key that is not stored succeeds.
    virtual void deleteSecret(const QString &key, QObject *context, DoneCallback callback) = 0;
};

/// The SecretStore on top of QtKeychain (Secret Service on Linux, Keychain on macOS, Credential Manager on
/// Windows), with its insecure plaintext fallback switched off.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)
public:
    /// `service` groups the entries in the keychain ("Migration Workbench" by default).
    explicit KeychainSecretStore(const QString &service = QStringLiteral("Migration Workbench"),
                                 QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    QString backendName() const override;
    void checkAvailable(QObject *context, AvailabilityCallback callback) override;
    void readSecret(const QString &key, QObject *context, ReadCallback callback) override;
    void writeSecret(const QString &key, const QString &secret, QObject *context, DoneCallback callback) override;
    void deleteSecret(const QString &key, QObject *context, DoneCallback callback) override;

private:
    QString m_service;
};

} // namespace core::connection
