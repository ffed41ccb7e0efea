// SPDX-License-Identifier: GPL-3.0-or-later
// Without a Secret Service (ctest points D-Bus at a bus that does not exist): the store says so and stores
// nothing anywhere else; the caller then asks for the password every time.
#include "core/connection/secretstore.h"

#include <QDir>
#include <QDirIterator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::connection;

class TestSecretStoreNoKeychain : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains(u"no-such-bus"_s),
                 "run through ctest, which points D-Bus at a bus that does not exist");
    }

    void unavailableIsReported()
    {
        KeychainSecretStore store(u"mwb-test-nokeychain"_s);
        std::optional<core::Result<void>> available;
        store.checkAvailable(this, [&available](core::Result<void> r) { available = r; });
        QTRY_VERIFY_WITH_TIMEOUT(available.has_value(), 30000);
        QVERIFY(!*available);
        QCOMPARE(available->error().code, core::Error::Code::Unsupported);
    }

    void writeFailsWithoutPlaintextFallback()
    {
        QTemporaryDir home;
        qputenv("XDG_CONFIG_HOME", home.path().toUtf8());
        KeychainSecretStore store(u"mwb-test-nokeychain"_s);
        std::optional<core::Result<void>> written;
        store.writeSecret(u"connection/x/password"_s, u"plaintext-canary-7731"_s, this,
                          [&written](core::Result<void> r) { written = r; });
        QTRY_VERIFY_WITH_TIMEOUT(written.has_value(), 30000);
        QVERIFY(!*written);
        QCOMPARE(written->error().code, core::Error::Code::Unsupported);

        std::optional<core::Result<std::optional<QString>>> read;
        store.readSecret(u"connection/x/password"_s, this,
                         [&read](core::Result<std::optional<QString>> r) { read = r; });
        QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 30000);
        QVERIFY(!*read);
        // nothing was written to any settings file
        QDirIterator it(home.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("plaintext-canary-7731"), qPrintable(file.fileName()));
        }
    }
};

QTEST_GUILESS_MAIN(TestSecretStoreNoKeychain)
#include "tst_secretstore_nokeychain.moc"
