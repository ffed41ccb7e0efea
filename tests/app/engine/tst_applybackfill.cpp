// SPDX-License-Identifier: GPL-3.0-or-later
// `mwb apply` on a project with a `-- mwb:backfill` migration, on real PostgreSQL and MariaDB: the CLI goes
// through the engine, so the backfill runs batched (its template is never sent as is), the history holds every
// migration, and the next migration sees every row filled.
#include "clirun.h"

#include "core/connectionparams.h"
#include "core/project/dbsession.h"

#include "testservers.h"

#include <QTemporaryDir>
#include <QUrl>
#include <QTest>

using namespace Qt::StringLiterals;
namespace cp = core::project;

class TestApplyBackfill : public QObject
{
    Q_OBJECT
    QTemporaryDir m_home;

    void carriedThrough(const QString &url, const QString &superUrl, bool pg)
    {
        auto params = core::ConnectionParams::fromUrl(url);
        auto admin = cp::DbSession::open(*core::ConnectionParams::fromUrl(superUrl.isEmpty() ? url : superUrl));
        QVERIFY(params && admin);
        const QString name = u"mwb_test_cbf_%1"_s.arg(QCoreApplication::applicationPid());
        (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(name));
        QVERIFY((*admin)->execScript(pg ? u"CREATE DATABASE %1 OWNER %2"_s.arg(name, params->user) : u"CREATE DATABASE %1"_s.arg(name)));
        params->database = name;

        QTemporaryDir dir;
        const QString m = dir.filePath(u"db/migrations/"_s);
        clitest::write(m + u"20260101000001_users.sql"_s,
                       "-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY, email varchar(100) NOT NULL, email_lower varchar(100));\n"
                           + QByteArray(pg ? "INSERT INTO users SELECT g, 'U' || g || '@X' FROM generate_series(1, 3000) g;\n"
                                           : "INSERT INTO users (id, email) SELECT seq, CONCAT('U', seq, '@X') FROM seq_1_to_3000;\n")
                           + "-- migrate:down\nDROP TABLE users;\n");
        clitest::write(m + u"20260101000002_fill.sql"_s,
                       "-- migrate:up transaction:false\n-- mwb:backfill table=users key=id batch=400\n"
                       "UPDATE users SET email_lower = LOWER(email) WHERE id BETWEEN :start AND :end AND email_lower IS NULL;\n"
                       "-- migrate:down\n");
        clitest::write(m + u"20260101000003_index.sql"_s,
                       "-- migrate:up\nCREATE INDEX users_email_lower_idx ON users (email_lower);\n-- migrate:down\nDROP INDEX users_email_lower_idx"
                           + QByteArray(pg ? ";\n" : " ON users;\n"));
        QUrl target(url);
        target.setPath(u"/"_s + name);
        const auto r = clitest::mwb({u"apply"_s, dir.path(), u"--url"_s, target.toString(), u"--override-reason"_s,
                                     u"test: the index is built on a small table"_s},
                                    m_home.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(u"applying 20260101000002"_s), qPrintable(r.out));
        auto db = cp::DbSession::open(*params);
        QVERIFY(db);
        const auto filled = (*db)->query(u"SELECT COUNT(*) FROM users WHERE email_lower = LOWER(email)"_s);
        QVERIFY(filled);
        QCOMPARE(filled->first().first(), u"3000"_s);
        const auto rows = (*db)->query(u"SELECT version FROM schema_migrations ORDER BY version"_s);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 3);
        const auto checkpoint = (*db)->query(u"SELECT finished_at IS NOT NULL FROM mwb_backfill_checkpoint"_s);
        QVERIFY(checkpoint && !checkpoint->isEmpty());
        QVERIFY(checkpoint->first().first() == u"t"_s || checkpoint->first().first() == u"1"_s);
        db->reset();
        (void)(*admin)->execScript(u"DROP DATABASE IF EXISTS %1"_s.arg(name));
    }

private Q_SLOTS:
    void postgres()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        carriedThrough(url, testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_SUPERUSER_URL"_s), true);
    }

    void mariadb()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        carriedThrough(url, QString(), false);
    }
};

QTEST_GUILESS_MAIN(TestApplyBackfill)
#include "tst_applybackfill.moc"
