// SPDX-License-Identifier: GPL-3.0-or-later
#include "secretstore.h"

#include "core/logging.h"

#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace core::connection {

namespace {

// The key of the availability probe: read, never written.
constexpr auto probeKey = "mwb-keychain-availability-probe";

Error toError(const QKeychain::Job &job)
{
    switch (job.error()) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
        break;
    case QKeychain::AccessDeniedByUser:
        return Error::make(Error::Code::Cancelled, u"access to the keychain was denied"_s);
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Error::make(Error::Code::Unsupported, u"no keychain is available: %1"_s.arg(job.errorString()));
    case QKeychain::AccessDenied:
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    // A missing Secret Service, a locked or broken keychain: the keychain cannot be used right now.
    return Error::make(Error::Code::Unsupported, u"the keychain cannot be used: %1"_s.arg(job.errorString()));
}

// The service is part of the key too, so that entries stay apart even on backends that match by key alone: two
// stores (the application and its tests) never see each other's secrets.
void prepare(QKeychain::Job *job, const QString &service, const QString &key)
{
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never plaintext
    job->setKey(service + u':' + key);
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent)
    , m_service(service)
{
}

KeychainSecretStore::~KeychainSecretStore() = default;

QString KeychainSecretStore::backendName() const
{
#if defined(Q_OS_MACOS)
    return u"macOS Keychain"_s;
#elif defined(Q_OS_WIN)
    return u"Windows Credential Manager"_s;
#else
    return u"Secret Service"_s;
#endif
}

void KeychainSecretStore::checkAvailable(QObject *context, AvailabilityCallback callback)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    prepare(job, m_service, QString::fromLatin1(probeKey));
    connect(job, &QKeychain::Job::finished, context, [callback = std::move(callback)](QKeychain::Job *j) {
        if (j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound)
            callback({});
        else
            callback(std::unexpected(toError(*j)));
    });
    job->start();
}

void KeychainSecretStore::readSecret(const QString &key, QObject *context, ReadCallback callback)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    prepare(job, m_service, key);
    qCDebug(lcCore) << "keychain: reading" << key;
    connect(job, &QKeychain::Job::finished, context, [callback = std::move(callback)](QKeychain::Job *j) {
        if (j->error() == QKeychain::EntryNotFound)
            callback(std::optional<QString>());
        else if (j->error() != QKeychain::NoError)
            callback(std::unexpected(toError(*j)));
        else
            callback(std::optional<QString>(static_cast<QKeychain::ReadPasswordJob *>(j)->textData()));
    });
    job->start();
}

void KeychainSecretStore::writeSecret(const QString &key, const QString &secret, QObject *context,
                                      DoneCallback callback)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    prepare(job, m_service, key);
    job->setTextData(secret);
    qCDebug(lcCore) << "keychain: writing" << key;
    connect(job, &QKeychain::Job::finished, context, [callback = std::move(callback)](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError)
            callback(std::unexpected(toError(*j)));
        else
            callback({});
    });
    job->start();
}

void KeychainSecretStore::deleteSecret(const QString &key, QObject *context, DoneCallback callback)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    prepare(job, m_service, key);
    qCDebug(lcCore) << "keychain: deleting" << key;
    connect(job, &QKeychain::Job::finished, context, [callback = std::move(callback)](QKeychain::Job *j) {
        if (j->error() != QKeychain::NoError && j->error() != QKeychain::EntryNotFound)
            callback(std::unexpected(toError(*j)));
        else
            callback({});
    });
    job->start();
}

} // namespace core::connection
