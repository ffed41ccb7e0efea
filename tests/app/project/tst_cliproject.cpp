// SPDX-License-Identifier: GPL-3.0-or-later
// `mwb detect`, `mwb status` and `mwb new` run as a user runs them (QProcess), JSON shapes checked.
#include "core/connectionparams.h"
#include "core/project/dbsession.h"

#include "testservers.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace cp = core::project;

namespace {

QString data(const QString &rel)
{
    return QStringLiteral(MWB_SOURCE_DIR "/tests/data/projects/") + rel;
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run mwb(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(MWB_BIN_DIR "/mwb"), args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

bool copyTree(const QString &from, const QString &to)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString src = it.next();
        const QString dst = to + u'/' + QDir(from).relativeFilePath(src);
        QDir().mkpath(QFileInfo(dst).absolutePath());
        if (!QFile::copy(src, dst))
            return false;
    }
    return true;
}

} // namespace

class TestCliProject : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void detectJson_data()
    {
        QTest::addColumn<QString>("dir");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("count");
        QTest::addColumn<QString>("checksum0");
        QTest::newRow("dbmate") << u"dbmate/basic"_s << u"dbmate"_s << 3 << QString();
        QTest::newRow("flyway") << u"flyway/vector"_s << u"flyway"_s << 2 << u"-1039259818"_s;
        QTest::newRow("atlas") << u"atlas/vector"_s << u"atlas"_s << 3 << u"jxgvnWO6tZD3lSPpH1ao5E/6VjapP7iwvBCUJ6aez58="_s;
    }
    void detectJson()
    {
        QFETCH(QString, dir);
        QFETCH(QString, format);
        QFETCH(int, count);
        QFETCH(QString, checksum0);
        const Run r = mwb({u"detect"_s, data(dir), u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"format"_s).toString(), format);
        QVERIFY(!o.value(u"reason"_s).toString().isEmpty());
        const QJsonArray ms = o.value(u"migrations"_s).toArray();
        QCOMPARE(ms.size(), count);
        const QJsonObject m0 = ms.first().toObject();
        for (const QString &key : {u"version"_s, u"name"_s, u"path"_s, u"checksum"_s})
            QVERIFY2(m0.value(key).isString(), qPrintable(key));
        QVERIFY(m0.value(u"transactional"_s).isBool());
        QCOMPARE(m0.value(u"checksum"_s).toString(), checksum0);
    }

    void detectMixedIsAmbiguous()
    {
        const Run r = mwb({u"detect"_s, data(u"mixed"_s), u"--format"_s, u"json"_s});
        QCOMPARE(r.exitCode, 1);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QVERIFY(o.value(u"ambiguous"_s).toBool());
        QCOMPARE(o.value(u"candidates"_s).toArray().size(), 2);
        QVERIFY(r.err.contains("--tool"));
        const Run missing = mwb({u"detect"_s, data(u"does-not-exist"_s)});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("no such folder"));
    }

    void statusJson()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        auto params = core::ConnectionParams::fromUrl(url);
        QVERIFY(params);
        auto db = cp::DbSession::open(*params);
        QVERIFY(db);
        QVERIFY((*db)->execScript(u"DROP SCHEMA IF EXISTS cli_status CASCADE; CREATE SCHEMA cli_status;"
                                  "create table cli_status.pgmigrations (id SERIAL PRIMARY KEY, name varchar(255) NOT NULL, run_on timestamp NOT NULL);"
                                  "insert into cli_status.pgmigrations (name, run_on) values ('1700000100000_add-email', now())"_s));
        // The schema is chosen the way node-pg-migrate users do: through search_path.
        const QString schemaUrl = url + (url.contains(u'?') ? u"&"_s : u"?"_s) + u"options=-csearch_path%3Dcli_status"_s;
        const Run r = mwb({u"status"_s, data(u"node-pg-migrate/basic"_s), u"--url"_s, schemaUrl, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 1, r.err.constData()); // out-of-order needs attention
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(u"format"_s).toString(), u"node-pg-migrate"_s);
        const QJsonArray ms = o.value(u"migrations"_s).toArray();
        QCOMPARE(ms.size(), 3);
        QCOMPARE(ms.at(0).toObject().value(u"state"_s).toString(), u"out-of-order"_s);
        QVERIFY(ms.at(0).toObject().value(u"appliedAt"_s).isNull());
        QCOMPARE(ms.at(1).toObject().value(u"state"_s).toString(), u"applied"_s);
        QVERIFY(!ms.at(1).toObject().value(u"appliedAt"_s).toString().isEmpty());
        QCOMPARE(ms.at(2).toObject().value(u"state"_s).toString(), u"pending"_s);
        QVERIFY(!r.out.contains(params->password.toUtf8()));
        QVERIFY(!r.err.contains(params->password.toUtf8()));
        QVERIFY((*db)->execScript(u"DROP SCHEMA cli_status CASCADE"_s));
    }

    void newCreatesTheNextMigration_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("expected");
        QTest::newRow("golang-migrate") << u"golang-migrate/basic"_s << u"000004_add_phone.up.sql"_s;
        QTest::newRow("flyway") << u"flyway/basic"_s << u"V11__add_phone.sql"_s;
        QTest::newRow("drizzle") << u"drizzle/basic"_s << u"0002_add_phone.sql"_s;
        QTest::newRow("sqitch") << u"sqitch/basic"_s << u"deploy/add_phone.sql"_s;
    }
    void newCreatesTheNextMigration()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        QVERIFY(copyTree(data(fixture), tmp.path()));
        const Run r = mwb({u"new"_s, tmp.path(), u"add phone"_s, u"--format"_s, u"json"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        const QJsonArray created = o.value(u"created"_s).toArray();
        QVERIFY(!created.isEmpty());
        QVERIFY2(created.first().toString().endsWith(expected), qPrintable(created.first().toString()));
        QVERIFY(QFile::exists(created.first().toString()));
        // detect sees it.
        const Run d = mwb({u"detect"_s, tmp.path(), u"--format"_s, u"json"_s});
        QCOMPARE(d.exitCode, 0);
        const QJsonArray ms = QJsonDocument::fromJson(d.out).object().value(u"migrations"_s).toArray();
        bool found = false;
        for (const QJsonValue &m : ms)
            found = found || m.toObject().value(u"path"_s).toString() == created.first().toString();
        QVERIFY(found);
    }

    void newInEmptyFolderNeedsATool()
    {
        QTemporaryDir tmp;
        Run r = mwb({u"new"_s, tmp.path(), u"init"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(QDir(tmp.path()).isEmpty());
        r = mwb({u"new"_s, tmp.path(), u"init"_s, u"--tool"_s, u"dbmate"_s});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files).size(), 1);
        QVERIFY(QDir(tmp.path()).entryList(QDir::Files).first().endsWith(u"_init.sql"_s));
    }

    void statusDeadServer()
    {
        const Run r = mwb({u"status"_s, data(u"dbmate/basic"_s), u"--url"_s,
                           u"postgresql://nobody:secretpw@127.0.0.1:1/none"_s});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("connection-failed"), r.err.constData());
        QVERIFY(!r.err.contains("secretpw"));
    }
};

QTEST_GUILESS_MAIN(TestCliProject)
#include "tst_cliproject.moc"
