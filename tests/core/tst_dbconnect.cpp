// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: connects to the fixture's real PostgreSQL 17 and MariaDB with password authentication,
// through libpqxx (the engine's driver) and Qt SQL (QPSQL, QMYSQL: the browsing drivers).
#include "core/connectionparams.h"
#include "core/dbprobe.h"

#include "testservers.h"

#include <QSqlDatabase>
#include <QTest>

using namespace Qt::StringLiterals;
using core::ConnectionParams;

class TestDbConnect : public QObject
{
    Q_OBJECT
private:
    static ConnectionParams params(const QString &url)
    {
        auto p = ConnectionParams::fromUrl(url);
        if (!p)
            qFatal("fixture URL does not parse");
        return *p;
    }

private Q_SLOTS:
    void driversAvailable()
    {
        const QStringList drivers = QSqlDatabase::drivers();
        QVERIFY2(drivers.contains(u"QPSQL"_s), qPrintable(drivers.join(u", "_s)));
        QVERIFY2(drivers.contains(u"QMYSQL"_s), qPrintable(drivers.join(u", "_s)));
        QVERIFY2(drivers.contains(u"QSQLITE"_s), qPrintable(drivers.join(u", "_s)));
    }

    void libpqxxOverTcpWithPassword()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto info = core::probeWithLibpqxx(params(url));
        QVERIFY2(info, qPrintable(info ? QString() : info.error().detail));
        QCOMPARE(info->product, u"PostgreSQL"_s);
        QVERIFY2(info->versionNumber >= 170000 && info->versionNumber < 180000, qPrintable(info->version));
        QCOMPARE(info->currentUser, u"mwb_test"_s);
        QCOMPARE(info->database, u"mwb_test"_s);
        QVERIFY(!info->inRecovery);
    }

    void libpqxxOverUnixSocket()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_SOCKET_URL");
        const auto p = params(url);
        QVERIFY(!p.socket.isEmpty());
        const auto info = core::probeWithLibpqxx(p);
        QVERIFY2(info, qPrintable(info ? QString() : info.error().detail));
        QCOMPARE(info->currentUser, u"mwb_test"_s);
    }

    void libpqxxWrongPasswordIsAuthenticationFailure()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        auto p = params(url);
        p.password = u"definitely-wrong"_s;
        const auto info = core::probeWithLibpqxx(p);
        QVERIFY(!info);
        QCOMPARE(info.error().code, core::Error::Code::AuthenticationFailed);
        QVERIFY2(info.error().detail.contains(u"password authentication failed"_s), qPrintable(info.error().detail));
        // And without a password at all the server refuses too: authentication really is required.
        p.password.clear();
        qputenv("PGPASSFILE", "/nonexistent");
        const auto none = core::probeWithLibpqxx(p);
        QVERIFY(!none);
        QCOMPARE(none.error().code, core::Error::Code::AuthenticationFailed);
    }

    void libpqxxUnreachableIsConnectionFailure()
    {
        ConnectionParams p;
        p.host = u"127.0.0.1"_s;
        p.port = 1; // nothing listens on port 1
        p.database = u"x"_s;
        p.user = u"x"_s;
        const auto info = core::probeWithLibpqxx(p, 2);
        QVERIFY(!info);
        QCOMPARE(info.error().code, core::Error::Code::ConnectionFailed);
    }

    void qpsqlWithPassword()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const auto info = core::probeWithQtSql(params(url));
        QVERIFY2(info, qPrintable(info ? QString() : info.error().detail));
        QCOMPARE(info->product, u"PostgreSQL"_s);
        QVERIFY(info->versionNumber >= 170000);
        QCOMPARE(info->currentUser, u"mwb_test"_s);

        auto wrong = params(url);
        wrong.password = u"nope"_s;
        const auto denied = core::probeWithQtSql(wrong);
        QVERIFY(!denied);
        QCOMPARE(denied.error().code, core::Error::Code::AuthenticationFailed);
    }

    void qmysqlWithPassword_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("tcp") << u"MWB_TEST_MARIADB_URL"_s;
        QTest::newRow("unix socket") << u"MWB_TEST_MARIADB_SOCKET_URL"_s;
    }
    void qmysqlWithPassword()
    {
        QFETCH(QString, key);
        const QString url = testsupport::serverValue(u"mariadb"_s, key);
        QVERIFY2(!url.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"mariadb"_s)));
        const auto info = core::probeWithQtSql(params(url));
        QVERIFY2(info, qPrintable(info ? QString() : info.error().detail));
        QCOMPARE(info->product, u"MariaDB"_s);
        QVERIFY2(info->versionNumber >= 110800, qPrintable(info->version));
        QCOMPARE(info->currentUser, u"mwb_test"_s);
        QCOMPARE(info->database, u"mwb_test"_s);
    }

    void qmysqlWrongPassword()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        auto p = params(url);
        p.password = u"wrong"_s;
        const auto info = core::probeWithQtSql(p);
        QVERIFY(!info);
        QCOMPARE(info.error().code, core::Error::Code::AuthenticationFailed);
    }

    void qsqliteFile()
    {
        ConnectionParams p;
        p.dialect = core::Dialect::SQLite;
        p.database = u":memory:"_s;
        const auto info = core::probeWithQtSql(p);
        QVERIFY2(info, qPrintable(info ? QString() : info.error().detail));
        QCOMPARE(info->product, u"SQLite"_s);
        QVERIFY(info->version.startsWith(u"3."_s));
    }

    void connectionsAreRemoved()
    {
        // Probes must not leave named Qt SQL connections behind.
        const QStringList names = QSqlDatabase::connectionNames();
        QVERIFY2(names.isEmpty(), qPrintable(names.join(u", "_s)));
    }

    // The fixture's PostgreSQL speaks TLS with a throwaway CA: both drivers verify it (verify-full) and refuse an
    // unrelated CA with a TLS error.
    void verifyFullBothDrivers_data()
    {
        QTest::addColumn<bool>("qtSql");
        QTest::addColumn<QString>("caKey");
        QTest::addColumn<bool>("ok");
        QTest::newRow("libpqxx, right CA") << false << u"MWB_TEST_PG_CA_CERT"_s << true;
        QTest::newRow("libpqxx, wrong CA") << false << u"MWB_TEST_PG_WRONG_CA_CERT"_s << false;
        QTest::newRow("QPSQL, right CA") << true << u"MWB_TEST_PG_CA_CERT"_s << true;
        QTest::newRow("QPSQL, wrong CA") << true << u"MWB_TEST_PG_WRONG_CA_CERT"_s << false;
    }
    void verifyFullBothDrivers()
    {
        QFETCH(bool, qtSql);
        QFETCH(QString, caKey);
        QFETCH(bool, ok);
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        const QString ca = testsupport::serverValue(u"postgresql"_s, caKey);
        QVERIFY2(!ca.isEmpty(), "the PostgreSQL fixture wrote no CA certificate");
        auto p = params(url);
        p.options.append({u"sslmode"_s, u"verify-full"_s});
        p.options.append({u"sslrootcert"_s, ca});
        const auto info = qtSql ? core::probeWithQtSql(p) : core::probeWithLibpqxx(p);
        QCOMPARE(info.has_value(), ok);
        if (ok)
            QCOMPARE(info->currentUser, u"mwb_test"_s);
        else
            QCOMPARE(core::classifyFailure(info.error()), core::ConnectionFailure::Tls);
    }
};

QTEST_GUILESS_MAIN(TestDbConnect)
#include "tst_dbconnect.moc"
