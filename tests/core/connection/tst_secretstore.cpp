// SPDX-License-Identifier: GPL-3.0-or-later
// Secrets in a real Secret Service (gnome-keyring-daemon on a private D-Bus session bus, started by the
// `keychain` CTest fixture), and proof that a password used for a whole session (import, keychain, settings,
// project file, logs, a real test connection) never reaches any file the application writes.
#include "core/connection/connectionimport.h"
#include "core/connection/connectiontester.h"
#include "core/connection/environmentstore.h"
#include "core/connection/profilestore.h"
#include "core/connection/secretstore.h"
#include "core/logging.h"

#include "testservers.h"

#include <QDirIterator>
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;
using namespace core::connection;

namespace {

QString readBusAddress()
{
    QFile file(qEnvironmentVariable("MWB_TEST_KEYCHAIN_DIR") + u"/bus-address"_s);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readLine()).trimmed();
}

template<typename T>
std::optional<T> await(const std::function<void(std::function<void(T)>)> &start)
{
    std::optional<T> out;
    start([&out](T value) { out = std::move(value); });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 30000))
        return std::nullopt;
    return out;
}

} // namespace

class TestSecretStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_session; ///< every file this test's "application" writes
    std::unique_ptr<KeychainSecretStore> m_store;

    core::Result<void> write(const QString &key, const QString &secret)
    {
        auto r = await<core::Result<void>>(
            [&](auto done) { m_store->writeSecret(key, secret, this, std::move(done)); });
        return r ? *r : core::fail(core::Error::Code::Timeout, u"no answer"_s);
    }
    core::Result<std::optional<QString>> read(const QString &key)
    {
        auto r = await<core::Result<std::optional<QString>>>(
            [&](auto done) { m_store->readSecret(key, this, std::move(done)); });
        return r ? *r : core::fail(core::Error::Code::Timeout, u"no answer"_s);
    }
    core::Result<void> remove(const QString &key)
    {
        auto r = await<core::Result<void>>([&](auto done) { m_store->deleteSecret(key, this, std::move(done)); });
        return r ? *r : core::fail(core::Error::Code::Timeout, u"no answer"_s);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString address = readBusAddress();
        QVERIFY2(!address.isEmpty(), "the keychain fixture did not run (MWB_TEST_KEYCHAIN_DIR/bus-address missing)");
        // Before anything touches D-Bus: only the private bus, never the user's session.
        qputenv("DBUS_SESSION_BUS_ADDRESS", address.toUtf8());
        qputenv("XDG_CONFIG_HOME", m_session.filePath(u"config"_s).toUtf8());
        core::logging::Options log;
        log.filePath = m_session.filePath(u"logs/mwb.log"_s);
        log.toStderr = false;
        core::logging::install(log);
        QLoggingCategory::setFilterRules(u"mwb.*.debug=true"_s);
        m_store = std::make_unique<KeychainSecretStore>(u"Migration Workbench tests"_s);
    }

    void cleanupTestCase()
    {
        m_store.reset();
        core::logging::uninstall();
    }

    void available()
    {
        auto r = await<core::Result<void>>([&](auto done) { m_store->checkAvailable(this, std::move(done)); });
        QVERIFY(r.has_value());
        QVERIFY2(*r, qPrintable(r->error().detail));
    }

    void storeAndReadBack_data()
    {
        QTest::addColumn<QString>("secret");
        QTest::newRow("ascii") << u"correct horse battery staple"_s;
        QTest::newRow("symbols") << u"p@ss:w/o%rd'\"\\;"_s;
        QTest::newRow("utf-8") << u"пароль-密码-🔑"_s;
        QTest::newRow("long") << QString(4096, u'x');
    }
    void storeAndReadBack()
    {
        QFETCH(QString, secret);
        const QString key = u"connection/test-%1/password"_s.arg(QString::fromLatin1(QTest::currentDataTag()));
        QVERIFY(write(key, secret));
        const auto back = read(key);
        QVERIFY2(back, qPrintable(back ? QString() : back.error().detail));
        QVERIFY(back->has_value());
        QCOMPARE(**back, secret);
        // overwrite, then delete
        QVERIFY(write(key, secret + u"2"_s));
        QCOMPARE(**read(key), secret + u"2"_s);
        QVERIFY(remove(key));
        const auto gone = read(key);
        QVERIFY(gone);
        QVERIFY(!gone->has_value());
        QVERIFY(remove(key)); // deleting what is not there is fine
    }

    void separateStoresDoNotSeeEachOther()
    {
        QVERIFY(write(u"connection/shared/password"_s, u"one"_s));
        KeychainSecretStore other(u"Another application"_s);
        std::optional<core::Result<std::optional<QString>>> r;
        other.readSecret(u"connection/shared/password"_s, this, [&r](auto v) { r = v; });
        QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 30000);
        QVERIFY(*r);
        QVERIFY2(!(*r)->has_value(), qPrintable((*r)->value_or(QString())));
        QVERIFY(remove(u"connection/shared/password"_s));
    }

    // A whole session with the fixture's real password: import from a URL, keep the password in the keychain,
    // save the profile and an environment binding, write the project file, test the connection with the
    // password read back from the keychain, log at debug level. Then no written file contains the password.
    void passwordNeverReachesFiles()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        MWB_REQUIRE_SERVER_VALUE(password, "postgresql", "MWB_TEST_PG_PASSWORD");
        auto imported = importUrl(url, u"fixture"_s);
        QVERIFY(imported);
        QCOMPARE(imported->password, password);
        ConnectionProfile profile = imported->profile;
        QVERIFY(write(profile.passwordKey(), imported->password));
        imported->password.clear();

        QSettings settings(m_session.filePath(u"config/Migration Workbench/mwb.conf"_s), QSettings::IniFormat);
        saveProfiles(settings, {profile});
        const QString project = m_session.filePath(u"project/workbench.toml"_s);
        QVERIFY(QDir().mkpath(m_session.filePath(u"project"_s)));
        EnvironmentPipeline pipeline = EnvironmentPipeline::defaults();
        EnvironmentBindings(settings, m_session.filePath(u"project"_s)).bind(u"prod"_s, profile.id);
        QVERIFY(writeEnvironments(project, pipeline));
        settings.sync();

        const auto secret = read(profile.passwordKey());
        QVERIFY(secret && secret->has_value());
        ConnectionTester tester;
        QSignalSpy done(&tester, &ConnectionTester::finished);
        tester.start(profile.toParams(**secret), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30000);
        const auto result = done.at(0).at(0).value<ConnectionTestResult>();
        QVERIFY2(result.ok, qPrintable(result.error.detail));
        // a failing attempt logs the libpq message too
        tester.start(profile.toParams(**secret + u"x"_s), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 30000);
        qCDebug(lcDb) << "session check: connecting to" << url; // a careless log line; the handler redacts it
        QVERIFY(remove(profile.passwordKey()));
        core::logging::flush();

        // UTF-8, percent-encoded, and UTF-16 in both byte orders (QSettings/QDataStream write big-endian)
        QByteArray utf16le, utf16be;
        for (QChar c : password) {
            utf16le += char(c.unicode() & 0xff);
            utf16le += char(c.unicode() >> 8);
            utf16be += char(c.unicode() >> 8);
            utf16be += char(c.unicode() & 0xff);
        }
        const QList<QByteArray> needles = {password.toUtf8(), QUrl::toPercentEncoding(password), utf16le, utf16be};
        int files = 0;
        QDirIterator it(m_session.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            const QByteArray content = file.readAll();
            ++files;
            for (const QByteArray &needle : needles)
                QVERIFY2(!content.contains(needle), qPrintable(u"the password is in "_s + file.fileName()));
        }
        QVERIFY2(files >= 3, "expected the settings, the project file and the log"); // really looked somewhere
        QFile log(m_session.filePath(u"logs/mwb.log"_s));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY2(log.readAll().contains("keychain: writing"), "the log was written at debug level");
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
