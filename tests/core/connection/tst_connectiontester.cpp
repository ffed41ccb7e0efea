// SPDX-License-Identifier: GPL-3.0-or-later
// The asynchronous test connection against the fixture's real PostgreSQL 17 (with TLS) and MariaDB: server
// identity, privileges, round trip; wrong password, unreachable host, TLS failures, timeout and cancel.
#include "core/connection/connectionimport.h"
#include "core/connection/connectiontester.h"

#include "testservers.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace core::connection;
using core::ConnectionFailure;

namespace {

/// A TCP port that accepts connections (the kernel completes the handshake) but never says a word.
class SilentServer
{
public:
    SilentServer()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (m_fd < 0 || ::bind(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(m_fd, 8) != 0)
            qFatal("cannot listen");
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&addr), &len);
        m_port = ntohs(addr.sin_port);
    }
    ~SilentServer() { ::close(m_fd); }
    Q_DISABLE_COPY_MOVE(SilentServer)
    int port() const { return m_port; }

private:
    int m_fd = -1;
    int m_port = 0;
};

core::ConnectionParams params(const QString &url)
{
    auto p = core::ConnectionParams::fromUrl(url);
    if (!p)
        qFatal("fixture URL does not parse");
    return *p;
}

ConnectionTestResult runTest(const core::ConnectionParams &p, int timeoutMs = 20000)
{
    ConnectionTester tester;
    QSignalSpy spy(&tester, &ConnectionTester::finished);
    tester.start(p, timeoutMs);
    if (!spy.wait(timeoutMs + 10000) || spy.size() != 1)
        return {};
    return spy.at(0).at(0).value<ConnectionTestResult>();
}

} // namespace

class TestConnectionTester : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void postgresIdentity()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        ConnectionTester tester;
        QSignalSpy spy(&tester, &ConnectionTester::finished);
        QElapsedTimer started;
        started.start();
        tester.start(params(url), 20000);
        QVERIFY(tester.isRunning()); // start() returned before the connection was made
        QVERIFY(spy.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 1, 30000);
        const auto r = spy.at(0).at(0).value<ConnectionTestResult>();
        QVERIFY2(r.ok, qPrintable(r.error.detail));
        QVERIFY(!tester.isRunning());
        QCOMPARE(r.info.product, u"PostgreSQL"_s);
        QVERIFY2(r.info.versionNumber >= 170000, qPrintable(r.info.version));
        QCOMPARE(r.info.currentUser, u"mwb_test"_s);
        QCOMPARE(r.info.database, u"mwb_test"_s);
        QVERIFY(!r.info.inRecovery);
        QVERIFY(r.info.canCreateTables); // mwb_test owns its database and thus the public schema
        QVERIFY(r.info.roundTripMs >= 0);
        QVERIFY(r.elapsedMs >= 0);
    }

    void postgresCannotCreateTables()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        auto p = params(url);
        p.database = u"postgres"_s; // public schema there belongs to pg_database_owner (postgres)
        const auto r = runTest(p);
        QVERIFY2(r.ok, qPrintable(r.error.detail));
        QVERIFY(!r.info.canCreateTables);
    }

    void mariadbIdentity()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        const auto r = runTest(params(url));
        QVERIFY2(r.ok, qPrintable(r.error.detail));
        QCOMPARE(r.info.product, u"MariaDB"_s);
        QCOMPARE(r.info.currentUser, u"mwb_test"_s);
        QVERIFY(r.info.canCreateTables);
        QVERIFY(r.info.roundTripMs >= 0);
    }

    void wrongPassword_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("key");
        QTest::newRow("postgresql") << u"postgresql"_s << u"MWB_TEST_PG_URL"_s;
        QTest::newRow("mariadb") << u"mariadb"_s << u"MWB_TEST_MARIADB_URL"_s;
    }
    void wrongPassword()
    {
        QFETCH(QString, server);
        QFETCH(QString, key);
        const QString url = testsupport::serverValue(server, key);
        QVERIFY2(!url.isEmpty(), qPrintable(testsupport::serverUnavailableReason(server)));
        auto p = params(url);
        p.password = u"definitely-wrong"_s;
        const auto r = runTest(p);
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, ConnectionFailure::WrongPassword);
        QCOMPARE(r.error.code, core::Error::Code::AuthenticationFailed);
    }

    void unreachable()
    {
        core::ConnectionParams p;
        p.host = u"127.0.0.1"_s;
        p.port = 1;
        p.database = u"x"_s;
        p.user = u"x"_s;
        const auto r = runTest(p);
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, ConnectionFailure::Unreachable);
        p.host = u"no-such-host.invalid"_s;
        QCOMPARE(runTest(p).failure, ConnectionFailure::Unreachable);
    }

    void tlsVerifyFull_data()
    {
        QTest::addColumn<QString>("caKey");
        QTest::addColumn<QString>("hostName"); // empty: connect as in the fixture URL (127.0.0.1)
        QTest::addColumn<int>("failure");
        QTest::addColumn<QString>("message");
        QTest::newRow("right CA, IP in SAN") << u"MWB_TEST_PG_CA_CERT"_s << QString() << int(ConnectionFailure::None)
                                             << QString();
        QTest::newRow("right CA, localhost") << u"MWB_TEST_PG_CA_CERT"_s << u"localhost"_s
                                             << int(ConnectionFailure::None) << QString();
        QTest::newRow("wrong CA") << u"MWB_TEST_PG_WRONG_CA_CERT"_s << QString() << int(ConnectionFailure::Tls)
                                  << u"certificate verify failed"_s;
        QTest::newRow("wrong host name") << u"MWB_TEST_PG_CA_CERT"_s << u"wronghost.invalid"_s
                                         << int(ConnectionFailure::Tls) << u"does not match host name"_s;
    }
    void tlsVerifyFull()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        QFETCH(QString, caKey);
        QFETCH(QString, hostName);
        QFETCH(int, failure);
        QFETCH(QString, message);
        const QString ca = testsupport::serverValue(u"postgresql"_s, caKey);
        QVERIFY2(!ca.isEmpty(), "the PostgreSQL fixture wrote no CA (TLS not set up)");
        auto imported = importUrl(url);
        QVERIFY(imported);
        ConnectionProfile profile = imported->profile;
        profile.sslMode = SslMode::VerifyFull;
        profile.sslRootCert = ca;
        core::ConnectionParams p = profile.toParams(imported->password);
        if (!hostName.isEmpty()) {
            // libpq checks the certificate against `host` and connects to `hostaddr`
            p.options.append({u"hostaddr"_s, p.host});
            p.host = hostName;
        }
        const auto r = runTest(p);
        QCOMPARE(int(r.ok ? ConnectionFailure::None : r.failure), failure);
        if (r.ok)
            QCOMPARE(r.info.currentUser, u"mwb_test"_s);
        else
            QVERIFY2(r.error.detail.contains(message), qPrintable(r.error.detail));
    }

    void timeout()
    {
        SilentServer silent;
        core::ConnectionParams p;
        p.host = u"127.0.0.1"_s;
        p.port = silent.port();
        p.database = u"x"_s;
        p.user = u"x"_s;
        const auto r = runTest(p, 500);
        QVERIFY(!r.ok);
        QCOMPARE(r.failure, ConnectionFailure::Timeout);
        QVERIFY2(r.elapsedMs >= 400 && r.elapsedMs < 5000, qPrintable(QString::number(r.elapsedMs)));
    }

    void cancel()
    {
        SilentServer silent;
        core::ConnectionParams p;
        p.host = u"127.0.0.1"_s;
        p.port = silent.port();
        p.database = u"x"_s;
        p.user = u"x"_s;
        ConnectionTester tester;
        QSignalSpy spy(&tester, &ConnectionTester::finished);
        tester.start(p, 60000);
        QVERIFY(tester.isRunning());
        tester.cancel();
        QCOMPARE(spy.size(), 1); // answered at once, on this thread
        const auto r = spy.at(0).at(0).value<ConnectionTestResult>();
        QCOMPARE(r.failure, ConnectionFailure::Cancelled);
        QVERIFY(!tester.isRunning());
        // The next test runs normally and the cancelled worker's late result is dropped.
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        tester.start(params(url), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 30000);
        QVERIFY(spy.at(1).at(0).value<ConnectionTestResult>().ok);
        QTest::qWait(0);
        QCOMPARE(spy.size(), 2);
    }

    void restartCancelsRunning()
    {
        SilentServer silent;
        core::ConnectionParams p;
        p.host = u"127.0.0.1"_s;
        p.port = silent.port();
        ConnectionTester tester;
        QSignalSpy spy(&tester, &ConnectionTester::finished);
        tester.start(p, 60000);
        tester.start(p, 300);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).value<ConnectionTestResult>().failure, ConnectionFailure::Cancelled);
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 10000);
        QCOMPARE(spy.at(1).at(0).value<ConnectionTestResult>().failure, ConnectionFailure::Timeout);
    }

    void sqliteFile()
    {
        QTemporaryDir dir;
        core::ConnectionParams p;
        p.dialect = core::Dialect::SQLite;
        p.database = dir.filePath(u"t.db"_s);
        const auto r = runTest(p);
        QVERIFY2(r.ok, qPrintable(r.error.detail));
        QCOMPARE(r.info.product, u"SQLite"_s);
    }
};

QTEST_GUILESS_MAIN(TestConnectionTester)
#include "tst_connectiontester.moc"
