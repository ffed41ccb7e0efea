// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/connectionparams.h"

#include <QTest>

using namespace Qt::StringLiterals;
using core::ConnectionParams;
using core::Dialect;

class TestConnectionParams : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("socket");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");

        QTest::newRow("plain") << u"postgresql://app:pw@db.example:6543/shop"_s << int(Dialect::PostgreSQL)
                               << u"db.example"_s << 6543 << QString() << u"shop"_s << u"app"_s << u"pw"_s;
        QTest::newRow("postgres scheme, no port") << u"postgres://app@db/shop"_s << int(Dialect::PostgreSQL)
                                                  << u"db"_s << 0 << QString() << u"shop"_s << u"app"_s << QString();
        QTest::newRow("percent-encoded password") << u"postgresql://app:p%40ss%3Aw%2Fd%25@h/db"_s
                                                  << int(Dialect::PostgreSQL) << u"h"_s << 0 << QString() << u"db"_s
                                                  << u"app"_s << u"p@ss:w/d%"_s;
        QTest::newRow("unencoded @ in password") << u"postgresql://app:p@ss@h/db"_s << int(Dialect::PostgreSQL)
                                                 << u"h"_s << 0 << QString() << u"db"_s << u"app"_s << u"p@ss"_s;
        QTest::newRow("ipv6") << u"postgresql://u:p@[2001:db8::1]:5433/db"_s << int(Dialect::PostgreSQL)
                              << u"2001:db8::1"_s << 5433 << QString() << u"db"_s << u"u"_s << u"p"_s;
        QTest::newRow("socket as host") << u"postgresql://u@%2Fvar%2Frun%2Fpostgresql/db"_s << int(Dialect::PostgreSQL)
                                        << QString() << 0 << u"/var/run/postgresql"_s << u"db"_s << u"u"_s << QString();
        QTest::newRow("socket parameter") << u"postgresql://u:p@:5555/db?host=/tmp/pg"_s << int(Dialect::PostgreSQL)
                                          << QString() << 5555 << u"/tmp/pg"_s << u"db"_s << u"u"_s << u"p"_s;
        QTest::newRow("mysql") << u"mysql://root:x@127.0.0.1:3306/app"_s << int(Dialect::MySQL) << u"127.0.0.1"_s
                               << 3306 << QString() << u"app"_s << u"root"_s << u"x"_s;
        QTest::newRow("mariadb socket") << u"mariadb://u:p@localhost/app?socket=/run/mysqld/mysqld.sock"_s
                                        << int(Dialect::MySQL) << u"localhost"_s << 0 << u"/run/mysqld/mysqld.sock"_s
                                        << u"app"_s << u"u"_s << u"p"_s;
        QTest::newRow("sqlite absolute") << u"sqlite:///var/lib/app.db"_s << int(Dialect::SQLite) << QString() << 0
                                         << QString() << u"/var/lib/app.db"_s << QString() << QString();
        QTest::newRow("sqlite relative") << u"sqlite:data/app.db"_s << int(Dialect::SQLite) << QString() << 0
                                         << QString() << u"data/app.db"_s << QString() << QString();
    }
    void parses()
    {
        QFETCH(QString, url);
        const auto p = ConnectionParams::fromUrl(url);
        QVERIFY2(p.has_value(), qPrintable(p ? QString() : p.error().detail));
        QTEST(int(p->dialect), "dialect");
        QTEST(p->host, "host");
        QTEST(p->port, "port");
        QTEST(p->socket, "socket");
        QTEST(p->database, "database");
        QTEST(p->user, "user");
        QTEST(p->password, "password");
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("no scheme") << u"just text"_s;
        QTest::newRow("unknown scheme") << u"oracle://u@h/db"_s;
        QTest::newRow("missing slashes") << u"postgresql:h/db"_s;
        QTest::newRow("bad port") << u"postgresql://h:99999/db"_s;
        QTest::newRow("non-numeric port") << u"postgresql://h:abc/db"_s;
        QTest::newRow("open ipv6") << u"postgresql://[::1/db"_s;
        QTest::newRow("empty sqlite") << u"sqlite:"_s;
    }
    void rejects()
    {
        QFETCH(QString, url);
        const auto p = ConnectionParams::fromUrl(url);
        QVERIFY(!p.has_value());
        QCOMPARE(p.error().code, core::Error::Code::InvalidArgument);
        QVERIFY(!p.error().detail.isEmpty());
    }

    void options()
    {
        const auto p = ConnectionParams::fromUrl(u"postgresql://u@h/db?sslmode=verify-full&application_name=mwb%20ci"_s);
        QVERIFY(p);
        QCOMPARE(p->option(u"sslmode"_s), u"verify-full"_s);
        QCOMPARE(p->option(u"application_name"_s), u"mwb ci"_s);
        QCOMPARE(p->option(u"missing"_s), QString());
    }

    void libpqConninfoQuotes()
    {
        ConnectionParams p;
        p.host = u"db"_s;
        p.port = 5432;
        p.database = u"my shop"_s;
        p.user = u"app"_s;
        p.password = u"it's \\ secret"_s;
        QCOMPARE(p.toLibpqConninfo(), uR"(host=db port=5432 dbname='my shop' user=app password='it\'s \\ secret')"_s);
        p.socket = u"/run/pg"_s;
        QVERIFY(p.toLibpqConninfo().startsWith(u"host=/run/pg port=5432"_s));
    }

    void redactedUrlHidesPassword()
    {
        const auto p = ConnectionParams::fromUrl(u"postgresql://app:hunter2@[::1]:5432/shop?sslpassword=kp&sslmode=require"_s);
        QVERIFY(p);
        const QString url = p->toRedactedUrl();
        QCOMPARE(url, u"postgresql://app:***@[::1]:5432/shop?sslpassword=***&sslmode=require"_s);
        QVERIFY(!url.contains(u"hunter2"_s));
        // A redacted URL parses back to the same fields but the password.
        const auto back = ConnectionParams::fromUrl(url);
        QVERIFY(back);
        QCOMPARE(back->host, p->host);
        QCOMPARE(back->port, p->port);
        QCOMPARE(back->database, p->database);
    }
};

QTEST_GUILESS_MAIN(TestConnectionParams)
#include "tst_connectionparams.moc"
