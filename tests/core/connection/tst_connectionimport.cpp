// SPDX-License-Identifier: GPL-3.0-or-later
// Importing connections: URLs (percent-encoding, IPv6, unix sockets), .env DATABASE_URL, pg_service.conf, .pgpass.
#include "core/connection/connectionimport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::connection;
using core::Dialect;

class TestConnectionImport : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &content, QFileDevice::Permissions permissions =
                                                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content) != content.size())
            qFatal("cannot write the test file");
        file.close();
        file.setPermissions(permissions);
        return path;
    }

private Q_SLOTS:
    void urls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("socket");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("sslMode");
        QTest::addColumn<QString>("sslRootCert");

        QTest::newRow("percent-encoded password")
            << u"postgresql://app:p%40ss%3Aw%2Fo%25rd%20x@db.example:6543/shop?sslmode=verify-full&sslrootcert=/ca.pem"_s
            << int(Dialect::PostgreSQL) << u"db.example"_s << 6543 << QString() << u"shop"_s << u"app"_s
            << u"p@ss:w/o%rd x"_s << int(SslMode::VerifyFull) << u"/ca.pem"_s;
        QTest::newRow("utf-8 password") << u"postgres://u:%C3%A9t%C3%A9@h/d"_s << int(Dialect::PostgreSQL) << u"h"_s
                                        << 0 << QString() << u"d"_s << u"u"_s << u"été"_s << int(SslMode::Default)
                                        << QString();
        QTest::newRow("ipv6 with port") << u"postgresql://u:v6-secret@[2001:db8::10]:5433/db?sslmode=require"_s
                                        << int(Dialect::PostgreSQL) << u"2001:db8::10"_s << 5433 << QString() << u"db"_s
                                        << u"u"_s << u"v6-secret"_s << int(SslMode::Require) << QString();
        QTest::newRow("ipv6 loopback, no port") << u"postgresql://u@[::1]/db"_s << int(Dialect::PostgreSQL) << u"::1"_s
                                                << 0 << QString() << u"db"_s << u"u"_s << QString()
                                                << int(SslMode::Default) << QString();
        QTest::newRow("unix socket as host") << u"postgresql://u@%2Fvar%2Frun%2Fpostgresql:5434/db"_s
                                             << int(Dialect::PostgreSQL) << QString() << 5434
                                             << u"/var/run/postgresql"_s << u"db"_s << u"u"_s << QString()
                                             << int(SslMode::Default) << QString();
        QTest::newRow("unix socket parameter") << u"postgresql:///db?host=/tmp/sock&user=me"_s
                                               << int(Dialect::PostgreSQL) << QString() << 0 << u"/tmp/sock"_s
                                               << u"db"_s << u"me"_s << QString() << int(SslMode::Default) << QString();
        QTest::newRow("mysql with ssl") << u"mysql://root:s%23cret@127.0.0.1:3307/app?ssl-mode=VERIFY_IDENTITY&ssl-ca=/ca.pem"_s
                                        << int(Dialect::MySQL) << u"127.0.0.1"_s << 3307 << QString() << u"app"_s
                                        << u"root"_s << u"s#cret"_s << int(SslMode::VerifyFull) << u"/ca.pem"_s;
        QTest::newRow("mariadb socket") << u"mariadb://u:m-secret@localhost/app?socket=%2Frun%2Fmysqld%2Fmysqld.sock"_s
                                        << int(Dialect::MySQL) << u"localhost"_s << 0 << u"/run/mysqld/mysqld.sock"_s
                                        << u"app"_s << u"u"_s << u"m-secret"_s << int(SslMode::Default) << QString();
        QTest::newRow("sqlite") << u"sqlite:///var/lib/app.db"_s << int(Dialect::SQLite) << QString() << 0 << QString()
                                << u"/var/lib/app.db"_s << QString() << QString() << int(SslMode::Default) << QString();
    }
    void urls()
    {
        QFETCH(QString, url);
        QFETCH(QString, password);
        const auto imported = importUrl(url);
        QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().detail));
        const ConnectionProfile &p = imported->profile;
        QTEST(int(p.dialect), "dialect");
        QTEST(p.host, "host");
        QTEST(p.port, "port");
        QTEST(p.socket, "socket");
        QTEST(p.database, "database");
        QTEST(p.user, "user");
        QTEST(int(p.sslMode), "sslMode");
        QTEST(p.sslRootCert, "sslRootCert");
        QCOMPARE(imported->password, password);
        QVERIFY(!p.id.isEmpty());
        QVERIFY(!p.name.isEmpty());
        // The password stays out of the profile and everything it persists.
        const QVariantMap stored = p.toVariantMap();
        if (!password.isEmpty()) {
            for (auto it = stored.cbegin(); it != stored.cend(); ++it)
                QVERIFY2(!it.value().toString().contains(password), qPrintable(it.key()));
            QVERIFY(!p.toParams().toRedactedUrl().contains(password));
        }
        // And it comes back for the connection when given.
        QCOMPARE(p.toParams(password).password, password);
    }

    void badUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("no scheme") << u"localhost:5432"_s;
        QTest::newRow("unknown scheme") << u"oracle://u@h/db"_s;
        QTest::newRow("unterminated ipv6") << u"postgresql://u@[::1/db"_s;
        QTest::newRow("bad port") << u"postgresql://u@h:99999/db"_s;
    }
    void badUrls()
    {
        QFETCH(QString, url);
        const auto imported = importUrl(url);
        QVERIFY(!imported);
        QCOMPARE(imported.error().code, core::Error::Code::InvalidArgument);
    }

    void passwordOptionsAreNotKept()
    {
        const auto imported = importUrl(u"postgresql://u@h/db?password=inquery&sslpassword=keypass&application_name=mwb"_s);
        QVERIFY(imported);
        QCOMPARE(imported->password, u"inquery"_s);
        QCOMPARE(imported->profile.applicationName, u"mwb"_s);
        for (const auto &[k, v] : imported->profile.extraOptions)
            QVERIFY2(!v.contains(u"keypass"_s), qPrintable(k));
        QVERIFY(!imported->profile.toParams().toLibpqConninfo().contains(u"keypass"_s));
    }

    void dotEnv_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("password");
        QTest::newRow("plain") << QByteArray("# db\nDATABASE_URL=postgres://u:p%21w@db1/app\n") << u"db1"_s << u"p!w"_s;
        QTest::newRow("export, double quotes")
            << QByteArray("OTHER=1\nexport DATABASE_URL=\"postgresql://u:x@db2:5433/app\"\n") << u"db2"_s << u"x"_s;
        QTest::newRow("single quotes, CRLF, last wins")
            << QByteArray("DATABASE_URL=postgres://a@old/app\r\nDATABASE_URL='mysql://u:y@db3/app'\r\n") << u"db3"_s
            << u"y"_s;
        QTest::newRow("inline comment") << QByteArray("DATABASE_URL=postgres://u:z@db4/app # local\n") << u"db4"_s
                                        << u"z"_s;
    }
    void dotEnv()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir project;
        QFile file(project.filePath(u".env"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        const auto imported = importDotEnv(project.path());
        QVERIFY2(imported, qPrintable(imported ? QString() : imported.error().detail));
        QTEST(imported->profile.host, "host");
        QTEST(imported->password, "password");
        QVERIFY(imported->profile.name.endsWith(u"(.env)"_s));
    }

    void dotEnvErrors()
    {
        QTemporaryDir project;
        auto missing = importDotEnv(project.path());
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, core::Error::Code::Io);
        QFile file(project.filePath(u".env"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("SECRET_KEY=abc\n");
        file.close();
        auto noKey = importDotEnv(project.path());
        QVERIFY(!noKey);
        QVERIFY2(noKey.error().detail.contains(u"DATABASE_URL"_s), qPrintable(noKey.error().detail));
    }

    void pgService()
    {
        const QString path = write(u"pg_service.conf"_s, "# services\n"
                                                         "[prod]\n"
                                                         "host=db.prod.example\n"
                                                         "port=6432\n"
                                                         "dbname=shop\n"
                                                         "user=deploy\n"
                                                         "sslmode=verify-full\n"
                                                         "sslrootcert=/etc/ssl/prod-ca.pem\n"
                                                         "\n"
                                                         "[local]\n"
                                                         "host=/var/run/postgresql\n"
                                                         "dbname=dev\n"
                                                         "password=localpw\n"
                                                         "application_name=mwb-dev\n"
                                                         "[prod]\n"
                                                         "host=ignored-duplicate\n");
        const auto services = parsePgServiceFile(path);
        QVERIFY2(services, qPrintable(services ? QString() : services.error().detail));
        QCOMPARE(services->size(), 2);
        const auto imported = importPgServiceFile(path);
        QVERIFY(imported);
        QCOMPARE(imported->size(), 2);
        const ConnectionProfile &prod = imported->at(0).profile;
        QCOMPARE(prod.name, u"prod"_s);
        QCOMPARE(prod.service, u"prod"_s);
        QCOMPARE(prod.host, u"db.prod.example"_s);
        QCOMPARE(prod.port, 6432);
        QCOMPARE(prod.database, u"shop"_s);
        QCOMPARE(prod.user, u"deploy"_s);
        QCOMPARE(prod.sslMode, SslMode::VerifyFull);
        QCOMPARE(prod.sslRootCert, u"/etc/ssl/prod-ca.pem"_s);
        QVERIFY(prod.toParams().toLibpqConninfo().contains(u"service=prod"_s));
        const ImportedConnection &local = imported->at(1);
        QCOMPARE(local.profile.socket, u"/var/run/postgresql"_s);
        QCOMPARE(local.profile.applicationName, u"mwb-dev"_s);
        QCOMPARE(local.password, u"localpw"_s);
        QVERIFY(!local.profile.toVariantMap().values().contains(QVariant(u"localpw"_s)));
    }

    void pgServiceErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("key outside section") << QByteArray("host=x\n") << u":1:"_s;
        QTest::newRow("no equals sign") << QByteArray("[a]\nhost x\n") << u":2:"_s;
        QTest::newRow("bad header") << QByteArray("[a\n") << u":1:"_s;
        QTest::newRow("bad port") << QByteArray("[a]\nport=abc\n") << u"invalid port"_s;
    }
    void pgServiceErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = write(u"bad_service.conf"_s, content);
        const auto imported = importPgServiceFile(path);
        QVERIFY(!imported);
        QVERIFY2(imported.error().detail.contains(expected), qPrintable(imported.error().detail));
    }

    void pgPassLookup_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("socket");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("expected"); // "<none>" for no match

        QTest::newRow("exact") << u"db.example"_s << QString() << 5432 << u"shop"_s << u"app"_s << u"exact:pw"_s;
        QTest::newRow("database wildcard") << u"db.example"_s << QString() << 5432 << u"other"_s << u"app"_s
                                           << u"anydb"_s;
        QTest::newRow("host wildcard, port given") << u"elsewhere"_s << QString() << 6543 << u"x"_s << u"app"_s
                                                   << u"any\\host"_s;
        QTest::newRow("default port 5432") << u"db.example"_s << QString() << 0 << u"shop"_s << u"app"_s
                                           << u"exact:pw"_s;
        QTest::newRow("localhost for the default socket") << QString() << u"/var/run/postgresql"_s << 5432 << u"d"_s
                                                          << u"local"_s << u"socketpw"_s;
        QTest::newRow("other socket compared as written") << QString() << u"/srv/pg"_s << 5432 << u"d"_s << u"local"_s
                                                          << u"srvpw"_s;
        QTest::newRow("all wildcards last") << u"h"_s << QString() << 1 << u"d"_s << u"nobody"_s << u"fallback"_s;
        QTest::newRow("ipv6 host with escaped colons") << u"::1"_s << QString() << 5432 << u"d"_s << u"v6"_s
                                                       << u"v6pw"_s;
    }
    void pgPassLookup()
    {
        const QString path = write(u"pgpass"_s, "# comment\n"
                                                "db.example:5432:shop:app:exact\\:pw\n"
                                                "db.example:*:*:app:anydb\n"
                                                "*:6543:*:app:any\\\\host\n"
                                                "localhost:5432:*:local:socketpw\n"
                                                "/srv/pg:*:*:local:srvpw\n"
                                                "\\:\\:1:5432:d:v6:v6pw\n"
                                                "malformed line without enough fields\n"
                                                "*:*:*:*:fallback\n");
        const auto entries = parsePgPassFile(path);
        QVERIFY2(entries, qPrintable(entries ? QString() : entries.error().detail));
        QCOMPARE(entries->size(), 7);
        QFETCH(QString, host);
        QFETCH(QString, socket);
        QFETCH(int, port);
        QFETCH(QString, database);
        QFETCH(QString, user);
        QFETCH(QString, expected);
        const auto password = lookupPgPass(*entries, host, socket, port, database, user);
        QCOMPARE(password.value_or(u"<none>"_s), expected);
    }

    void pgPassImport()
    {
        const QString path = write(u"pgpass2"_s, "db.example:5432:shop:app:pw1\n"
                                                 "*:5432:*:app:wild\n"
                                                 "db2:6432:*:ops:pw2\n");
        const auto entries = parsePgPassFile(path);
        QVERIFY(entries);
        const auto imported = importPgPassEntries(*entries);
        QCOMPARE(imported.size(), 2); // the wildcard host cannot become a profile
        QCOMPARE(imported[0].profile.host, u"db.example"_s);
        QCOMPARE(imported[0].profile.database, u"shop"_s);
        QCOMPARE(imported[0].password, u"pw1"_s);
        QCOMPARE(imported[1].profile.port, 6432);
        QCOMPARE(imported[1].profile.database, QString());
        QCOMPARE(imported[1].profile.user, u"ops"_s);
    }

    void pgPassRefusesOpenPermissions()
    {
        const QString path = write(u"pgpass-open"_s, "*:*:*:*:pw\n",
                                   QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                       | QFileDevice::ReadOther);
        const auto entries = parsePgPassFile(path);
        QVERIFY(!entries);
        QVERIFY2(entries.error().detail.contains(u"0600"_s), qPrintable(entries.error().detail));
    }

    void unreadableAndBinaryFiles()
    {
        QVERIFY(!parsePgServiceFile(m_dir.filePath(u"missing.conf"_s)));
        const QString binary = write(u"binary.conf"_s, QByteArray("[a]\nhost=\xff\xfe\n", 13));
        const auto parsed = parsePgServiceFile(binary);
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().detail.contains(u"UTF-8"_s), qPrintable(parsed.error().detail));
    }
};

QTEST_GUILESS_MAIN(TestConnectionImport)
#include "tst_connectionimport.moc"
