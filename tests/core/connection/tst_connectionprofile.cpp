// SPDX-License-Identifier: GPL-3.0-or-later
// Connection profiles: parameters per dialect, validation, duplication and persistence without secrets.
#include "core/connection/connectionprofile.h"
#include "core/connection/profilestore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::connection;
using core::Dialect;

class TestConnectionProfile : public QObject
{
    Q_OBJECT
private:
    static ConnectionProfile fullPostgres()
    {
        ConnectionProfile p = ConnectionProfile::create(Dialect::PostgreSQL, u"prod primary"_s);
        p.host = u"db.example"_s;
        p.port = 6543;
        p.database = u"shop"_s;
        p.user = u"deploy"_s;
        p.sslMode = SslMode::VerifyFull;
        p.sslRootCert = u"/etc/ssl/ca.pem"_s;
        p.sslCert = u"/home/me/client.crt"_s;
        p.sslKey = u"/home/me/client.key"_s;
        p.applicationName = u"mwb"_s;
        p.readOnly = true;
        p.passwordStorage = PasswordStorage::AskEveryTime;
        p.extraOptions = {{u"target_session_attrs"_s, u"read-write"_s}};
        return p;
    }

private Q_SLOTS:
    void postgresParams()
    {
        const ConnectionProfile p = fullPostgres();
        const core::ConnectionParams c = p.toParams(u"s3cr'et pw"_s);
        QCOMPARE(c.password, u"s3cr'et pw"_s);
        QCOMPARE(c.option(u"sslmode"_s), u"verify-full"_s);
        QCOMPARE(c.option(u"sslrootcert"_s), u"/etc/ssl/ca.pem"_s);
        QCOMPARE(c.option(u"sslcert"_s), u"/home/me/client.crt"_s);
        QCOMPARE(c.option(u"sslkey"_s), u"/home/me/client.key"_s);
        QCOMPARE(c.option(u"application_name"_s), u"mwb"_s);
        QCOMPARE(c.option(u"target_session_attrs"_s), u"read-write"_s);
        const QString conninfo = c.toLibpqConninfo();
        QVERIFY2(conninfo.contains(u"password='s3cr\\'et pw'"_s), qPrintable(conninfo));
        QVERIFY(!c.toRedactedUrl().contains(u"s3cr"_s));
        QVERIFY(c.option(u"sslpassword"_s).isEmpty());
        // the key passphrase goes to libpq for this connection only, and never back into a profile
        const core::ConnectionParams withKey = p.toParams(u"pw"_s, u"key-passphrase-1"_s);
        QCOMPARE(withKey.option(u"sslpassword"_s), u"key-passphrase-1"_s);
        QVERIFY(!withKey.toRedactedUrl().contains(u"key-passphrase-1"_s));
        const ConnectionProfile fromKey = ConnectionProfile::fromParams(withKey, p.name);
        QVERIFY(!fromKey.toVariantMap().value(u"options"_s).toStringList().join(u' ').contains(u"key-passphrase"_s));
        // and back
        const ConnectionProfile back = ConnectionProfile::fromParams(c, p.name);
        QCOMPARE(back.sslMode, p.sslMode);
        QCOMPARE(back.sslRootCert, p.sslRootCert);
        QCOMPARE(back.applicationName, p.applicationName);
        QCOMPARE(back.extraOptions, p.extraOptions);
    }

    void serviceProfile()
    {
        ConnectionProfile p = ConnectionProfile::create(Dialect::PostgreSQL, u"svc"_s);
        p.service = u"prod"_s;
        QVERIFY(p.validate());
        QCOMPARE(p.toParams().toLibpqConninfo(), u"service=prod"_s);
    }

    void mysqlParams()
    {
        ConnectionProfile p = ConnectionProfile::create(Dialect::MySQL, u"maria"_s);
        p.socket = u"/run/mysqld/mysqld.sock"_s;
        p.sslMode = SslMode::VerifyCa;
        p.sslRootCert = u"/ca.pem"_s;
        QVERIFY(p.validate());
        const auto c = p.toParams();
        QCOMPARE(c.option(u"ssl-mode"_s), u"verify-ca"_s);
        QCOMPARE(c.option(u"ssl-ca"_s), u"/ca.pem"_s);
        p.sslRootCert.clear();
        QVERIFY(!p.validate()); // verifying needs a CA
    }

    void validate_data()
    {
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("extraKey");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ok") << int(Dialect::PostgreSQL) << u"a"_s << u"h"_s << 5432 << u"d"_s << QString() << true;
        QTest::newRow("no name") << int(Dialect::PostgreSQL) << u"  "_s << u"h"_s << 0 << u"d"_s << QString() << false;
        QTest::newRow("no host") << int(Dialect::PostgreSQL) << u"a"_s << QString() << 0 << u"d"_s << QString()
                                 << false;
        QTest::newRow("bad port") << int(Dialect::MySQL) << u"a"_s << u"h"_s << 70000 << u"d"_s << QString() << false;
        QTest::newRow("sqlite without file") << int(Dialect::SQLite) << u"a"_s << QString() << 0 << QString()
                                             << QString() << false;
        QTest::newRow("sqlite") << int(Dialect::SQLite) << u"a"_s << QString() << 0 << u"/x.db"_s << QString() << true;
        QTest::newRow("secret option") << int(Dialect::PostgreSQL) << u"a"_s << u"h"_s << 0 << u"d"_s
                                       << u"sslpassword"_s << false;
    }
    void validate()
    {
        QFETCH(int, dialect);
        QFETCH(QString, name);
        QFETCH(QString, extraKey);
        ConnectionProfile p = ConnectionProfile::create(Dialect(dialect), name);
        QFETCH(QString, host);
        p.host = host;
        QFETCH(int, port);
        p.port = port;
        QFETCH(QString, database);
        p.database = database;
        if (!extraKey.isEmpty())
            p.extraOptions.append({extraKey, u"x"_s});
        QTEST(p.validate().has_value(), "valid");
    }

    void duplicate()
    {
        const ConnectionProfile p = fullPostgres();
        const ConnectionProfile copy = p.duplicated({p.name});
        QVERIFY(copy.id != p.id);
        QCOMPARE(copy.name, u"prod primary (copy)"_s);
        QCOMPARE(copy.host, p.host);
        QVERIFY(copy.passwordKey() != p.passwordKey());
        QCOMPARE(p.duplicated({p.name, copy.name}).name, u"prod primary (copy 2)"_s);
    }

    void storeRoundTripWithoutSecrets()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        ConnectionProfile pg = fullPostgres();
        pg.extraOptions.append({u"password"_s, u"leaked-if-written"_s}); // refused when persisting
        ConnectionProfile lite = ConnectionProfile::create(Dialect::SQLite, u"local file"_s);
        lite.database = dir.filePath(u"app.db"_s);
        {
            QSettings settings(path, QSettings::IniFormat);
            saveProfiles(settings, {pg, lite});
        }
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(!text.contains("leaked-if-written"));
        QVERIFY(text.contains("db.example"));

        QSettings settings(path, QSettings::IniFormat);
        QStringList problems;
        const auto loaded = loadProfiles(settings, &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
        QCOMPARE(loaded.size(), 2);
        pg.extraOptions.removeLast();
        QCOMPARE(loaded[0], pg);
        QCOMPARE(loaded[1], lite);
        QCOMPARE(loaded[1].passwordStorage, PasswordStorage::None);
    }

    void corruptEntriesAreSkipped()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        saveProfiles(settings, {fullPostgres()});
        settings.beginWriteArray(u"connections/profiles"_s, 3);
        settings.setArrayIndex(1);
        settings.setValue(u"id"_s, u"x"_s);
        settings.setValue(u"dialect"_s, u"oracle"_s);
        settings.setArrayIndex(2);
        settings.setValue(u"name"_s, u"no id"_s);
        settings.endArray();
        QStringList problems;
        const auto loaded = loadProfiles(settings, &problems);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(problems.size(), 2);
    }

    void sslModeNames()
    {
        for (SslMode m : {SslMode::Disable, SslMode::Allow, SslMode::Prefer, SslMode::Require, SslMode::VerifyCa,
                          SslMode::VerifyFull})
            QCOMPARE(*sslModeFromName(sslModeName(m)), m);
        QCOMPARE(*sslModeFromName(u""), SslMode::Default);
        QVERIFY(!sslModeFromName(u"verify-everything"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionProfile)
#include "tst_connectionprofile.moc"
