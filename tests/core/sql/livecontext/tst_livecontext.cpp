// SPDX-License-Identifier: GPL-3.0-or-later
// Live context (`mwb lint --url`) from the fixture's real MariaDB: server version → flavour, table row and size
// estimates against what the server itself reports, columns, indexes, and the analyzer's findings carrying them.
// MariaDB keeps no INSTANT row-version count (MySQL 8.0.29+ INNODB_TABLES.TOTAL_ROW_VERSIONS): -1 there.
#include "core/connectionparams.h"
#include "core/project/dbsession.h"
#include "core/sql/analyzer.h"
#include "core/sql/livecontext.h"

#include "testservers.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::sql;
namespace cp = core::project;

class TestLiveContext : public QObject
{
    Q_OBJECT
    std::optional<core::ConnectionParams> m_params; ///< a fresh MariaDB database for this test
    std::unique_ptr<cp::DbSession> m_db;

    QString one(const QString &sql)
    {
        auto rows = m_db->query(sql);
        return rows && !rows->isEmpty() && !rows->first().isEmpty() ? rows->first().first() : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        auto p = core::ConnectionParams::fromUrl(url);
        QVERIFY(p);
        auto admin = cp::DbSession::open(*p);
        QVERIFY2(admin, qPrintable(admin ? QString() : admin.error().detail));
        const QString name = u"mwb_test_lc_%1"_s.arg(QCoreApplication::applicationPid());
        QVERIFY((*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(name)));
        QVERIFY((*admin)->execScript(u"CREATE DATABASE %1"_s.arg(name)));
        p->database = name;
        m_params = *p;
        auto db = cp::DbSession::open(*p);
        QVERIFY(db);
        m_db = std::move(*db);
        QVERIFY(m_db->execScript(
            u"CREATE TABLE Orders (id bigint PRIMARY KEY, email varchar(200) NOT NULL, n int, note text, "
            "UNIQUE KEY orders_email_uq (email), KEY orders_n_note (n, note(20))) ENGINE=InnoDB"_s));
        QVERIFY(m_db->execScript(u"CREATE TABLE small (id int PRIMARY KEY) ENGINE=InnoDB"_s));
        QVERIFY(m_db->execScript(u"INSERT INTO Orders SELECT seq, concat('u', seq, '@example.com'), seq % 97, repeat('x', 100) "
                                 "FROM seq_1_to_20000"_s));
        QVERIFY(m_db->execScript(u"INSERT INTO small VALUES (1), (2), (3)"_s));
        QVERIFY(m_db->execScript(u"ANALYZE TABLE Orders, small"_s));
    }

    void cleanupTestCase()
    {
        if (m_db && m_params)
            (void)m_db->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(m_params->database));
    }

    void serverVersionGivesTheFlavour_data()
    {
        QTest::addColumn<SqlDialect>("asked");
        QTest::newRow("--dialect mariadb") << SqlDialect::MariaDB;
        QTest::newRow("--dialect mysql") << SqlDialect::MySQL;
    }
    void serverVersionGivesTheFlavour()
    {
        QFETCH(SqlDialect, asked);
        QVERIFY(m_params);
        const auto live = fetchLiveContext(*m_params, asked, 10);
        QVERIFY2(live, qPrintable(live ? QString() : live.error().detail));
        const QString version = one(u"SELECT VERSION()"_s);
        QVERIFY(version.contains(u"MariaDB"_s));
        QCOMPARE(live->server.dialect, SqlDialect::MariaDB);
        QCOMPARE(live->server.major, version.section(u'.', 0, 0).toInt());
        QCOMPARE(live->server.minor, version.section(u'.', 1, 1).toInt());
        QCOMPARE(live->server.patch, version.section(u'.', 2, 2).section(u'-', 0, 0).toInt());
    }

    void tablesSizesAndIndexes()
    {
        QVERIFY(m_params);
        const auto live = fetchLiveContext(*m_params, SqlDialect::MariaDB, 10);
        QVERIFY2(live, qPrintable(live ? QString() : live.error().detail));
        const CatalogTable *t = live->catalog.table(QualifiedName{{}, u"orders"_s});
        QVERIFY(t);
        // what the server reports (InnoDB estimates after ANALYZE TABLE), and close to the real count
        const auto rows = m_db->query(u"SELECT table_rows, data_length, index_length FROM information_schema.tables "
                                      "WHERE table_schema = DATABASE() AND table_name = 'Orders'"_s);
        QVERIFY(rows && rows->size() == 1);
        QCOMPARE(t->rows, rows->first().at(0).toLongLong());
        QCOMPARE(t->bytes, rows->first().at(1).toLongLong());
        QCOMPARE(t->indexBytes, rows->first().at(2).toLongLong());
        const qint64 count = one(u"SELECT COUNT(*) FROM Orders"_s).toLongLong();
        QCOMPARE(count, 20000);
        QVERIFY2(t->rows > count / 2 && t->rows < count * 2, qPrintable(QString::number(t->rows)));
        QVERIFY(t->bytes >= count * 100); // 100 bytes of note per row at least
        QVERIFY(t->indexBytes > 0);
        QCOMPARE(t->instantRowVersions, -1); // MariaDB has no row-version count (see docs/lint.md)
        // ... nowhere in information_schema (MySQL 8.0.29+: INNODB_TABLES.TOTAL_ROW_VERSIONS)
        QCOMPARE(one(u"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'information_schema' "
                     "AND column_name LIKE '%ROW\\_VERSION%'"_s),
                 u"0"_s);
        QVERIFY(one(u"SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'information_schema' "
                    "AND table_name = 'INNODB_SYS_TABLES'"_s).toInt() > 0);

        QStringList columns;
        for (const CatalogColumn &c : t->columns)
            columns << c.name + (c.notNull ? u" not null"_s : QString());
        QCOMPARE(columns, (QStringList{u"id not null"_s, u"email not null"_s, u"n"_s, u"note"_s}));
        QHash<QString, CatalogIndex> indexes;
        for (const CatalogIndex &i : t->indexes)
            indexes.insert(i.name, i);
        QCOMPARE(indexes.size(), 3);
        QVERIFY(indexes.value(u"primary"_s).unique);
        QCOMPARE(indexes.value(u"primary"_s).columns, QStringList{u"id"_s});
        QVERIFY(indexes.value(u"orders_email_uq"_s).unique);
        QVERIFY(!indexes.value(u"orders_n_note"_s).unique);
        QCOMPARE(indexes.value(u"orders_n_note"_s).columns, (QStringList{u"n"_s, u"note"_s}));
        QVERIFY(t->hasIndexLeadingWith({u"email"_s}));
        QVERIFY(t->isColumnIndexed(u"n"_s));
        QVERIFY(!t->isColumnIndexed(u"note"_s) || t->hasIndexLeadingWith({u"n"_s, u"note"_s}));

        const CatalogTable *small = live->catalog.table(QualifiedName{{}, u"small"_s});
        QVERIFY(small);
        QVERIFY(small->rows >= 0 && small->rows < 100);
    }

    void findingsCarryTheLiveSizes()
    {
        QVERIFY(m_params);
        const auto live = fetchLiveContext(*m_params, SqlDialect::MariaDB, 10);
        QVERIFY(live);
        AnalysisContext context;
        context.target = live->server;
        context.catalog = live->catalog;
        context.liveStatistics = true;
        const AnalysisResult r = analyze(QByteArray("ALTER TABLE Orders MODIFY COLUMN n bigint;\n"), context);
        const CatalogTable *t = live->catalog.table(QualifiedName{{}, u"orders"_s});
        QVERIFY(t);
        bool sized = false;
        for (const Finding &f : r.findings) {
            if (f.tableRows < 0)
                continue;
            sized = true;
            QCOMPARE(f.tableRows, t->rows);
            QCOMPARE(f.tableBytes, t->bytes);
            QVERIFY(f.estimatedSeconds >= 0);
        }
        QVERIFY2(sized, "no finding carries the table's size");
    }

    void badPasswordIsAnAuthenticationError()
    {
        QVERIFY(m_params);
        core::ConnectionParams p = *m_params;
        p.password = u"Wr0ng-password"_s;
        const auto live = fetchLiveContext(p, SqlDialect::MariaDB, 5);
        QVERIFY(!live);
        QCOMPARE(live.error().code, core::Error::Code::AuthenticationFailed);
        QVERIFY(!live.error().detail.contains(u"Wr0ng"_s));
    }

    void dialectMismatchIsRefused()
    {
        QVERIFY(m_params);
        const auto live = fetchLiveContext(*m_params, SqlDialect::PostgreSQL, 5);
        QVERIFY(!live);
        QCOMPARE(live.error().code, core::Error::Code::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(TestLiveContext)
#include "tst_livecontext.moc"
