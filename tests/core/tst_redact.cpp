// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/redact.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestRedact : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void redacts_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("secret");

        QTest::newRow("postgres url") << u"connecting to postgresql://app:hunter2@db.example:5432/shop"_s
                                      << u"connecting to postgresql://app:***@db.example:5432/shop"_s << u"hunter2"_s;
        QTest::newRow("postgres scheme") << u"postgres://u:s3cr3t@localhost/db?sslmode=require"_s
                                         << u"postgres://u:***@localhost/db?sslmode=require"_s << u"s3cr3t"_s;
        QTest::newRow("mysql url") << u"mysql://root:TopSecret!@127.0.0.1:3306/app"_s
                                   << u"mysql://root:***@127.0.0.1:3306/app"_s << u"TopSecret!"_s;
        QTest::newRow("percent-encoded password") << u"postgresql://u:p%40ss%2Fw@h/db"_s << u"postgresql://u:***@h/db"_s
                                                  << u"p%40ss"_s;
        QTest::newRow("unencoded at sign in password") << u"postgresql://u:p@ss@h/db"_s << u"postgresql://u:***@h/db"_s
                                                       << u"p@ss"_s;
        QTest::newRow("ipv6 host") << u"postgresql://u:pw123@[::1]:5432/db"_s << u"postgresql://u:***@[::1]:5432/db"_s
                                   << u"pw123"_s;
        QTest::newRow("query password") << u"postgresql://h/db?user=u&password=qwerty&sslmode=verify-full"_s
                                        << u"postgresql://h/db?user=u&password=***&sslmode=verify-full"_s << u"qwerty"_s;
        QTest::newRow("query sslpassword") << u"postgresql://h/db?sslpassword=keypass"_s
                                           << u"postgresql://h/db?sslpassword=***"_s << u"keypass"_s;
        QTest::newRow("libpq key=value") << u"host=db port=5432 user=app password=hunter2 dbname=shop"_s
                                         << u"host=db port=5432 user=app password=*** dbname=shop"_s << u"hunter2"_s;
        QTest::newRow("libpq quoted") << u"host=db password='se cret\\' x' dbname=shop"_s
                                      << u"host=db password=*** dbname=shop"_s << u"se cret"_s;
        QTest::newRow("spaces around =") << u"user=app password = hunter2 host=x"_s
                                         << u"user=app password = *** host=x"_s << u"hunter2"_s;
        QTest::newRow("upper case key") << u"PASSWORD=abc123 HOST=x"_s << u"PASSWORD=*** HOST=x"_s << u"abc123"_s;
        QTest::newRow("odbc") << u"Server=x;Uid=app;Pwd=hunter2;Database=shop"_s << u"Server=x;Uid=app;Pwd=***;Database=shop"_s
                              << u"hunter2"_s;
        QTest::newRow("environment") << u"PGPASSWORD=hunter2 psql"_s << u"PGPASSWORD=*** psql"_s << u"hunter2"_s;
        QTest::newRow("json") << uR"({"user": "app", "password": "hunter2", "host": "x"})"_s
                              << uR"({"user": "app", "password": "***", "host": "x"})"_s << u"hunter2"_s;
        QTest::newRow("two urls") << u"from postgresql://a:one@h/x to postgresql://b:two@h/y"_s
                                  << u"from postgresql://a:***@h/x to postgresql://b:***@h/y"_s << u"one@"_s;
    }
    void redacts()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QString, secret);
        const QString out = core::redactSecrets(input);
        QCOMPARE(out, expected);
        QVERIFY2(!out.contains(secret), qPrintable(out));
    }

    void keepsOrdinaryText_data()
    {
        QTest::addColumn<QString>("input");
        QTest::newRow("plain") << u"applied 12 migrations in 3.2 s"_s;
        QTest::newRow("url without password") << u"postgresql://app@db/shop"_s;
        QTest::newRow("sql") << u"ALTER TABLE users ADD COLUMN email text"_s;
        QTest::newRow("time") << u"since 12:30:01"_s;
        QTest::newRow("key=value without secret") << u"host=db port=5432 sslmode=require"_s;
        QTest::newRow("empty") << QString();
    }
    void keepsOrdinaryText()
    {
        QFETCH(QString, input);
        QCOMPARE(core::redactSecrets(input), input);
    }
};

QTEST_GUILESS_MAIN(TestRedact)
#include "tst_redact.moc"
