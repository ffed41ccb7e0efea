// SPDX-License-Identifier: GPL-3.0-or-later
// The executables as users run them: exit codes, output, and no secrets on stderr.
#include "testservers.h"

#include <QDirIterator>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &args, const QStringList &extraEnv = {})
{
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    for (const QString &kv : extraEnv)
        env.insert(kv.section(u'=', 0, 0), kv.section(u'=', 1));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MWB_BIN_DIR) + u'/' + program, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
    QTemporaryDir m_home;
    QStringList m_env;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        // Keep the executables' log files out of the user's home.
        m_env = {u"XDG_DATA_HOME="_s + m_home.filePath(u"data"_s), u"XDG_CONFIG_HOME="_s + m_home.filePath(u"config"_s)};
    }

    void version_data()
    {
        QTest::addColumn<QString>("program");
        QTest::newRow("mwb") << u"mwb"_s;
        QTest::newRow("migration-workbench") << u"migration-workbench"_s;
    }
    void version()
    {
        QFETCH(QString, program);
        const Run r = run(program, {u"--version"_s}, m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(program + u" 0."_s), qPrintable(r.out));
        QVERIFY2(QRegularExpression(u"\\n  Qt 6\\.\\d+"_s).match(r.out).hasMatch(), qPrintable(r.out));
        QVERIFY2(QRegularExpression(u"\\n  libpqxx 7\\.\\d+"_s).match(r.out).hasMatch(), qPrintable(r.out));
        QVERIFY2(QRegularExpression(u"\\n  spdlog 1\\.\\d+"_s).match(r.out).hasMatch(), qPrintable(r.out));
        if (program == u"migration-workbench")
            QVERIFY2(QRegularExpression(u"\\n  KSyntaxHighlighting 6\\.\\d+"_s).match(r.out).hasMatch(), qPrintable(r.out));
    }

    void usageErrors()
    {
        QCOMPARE(run(u"mwb"_s, {}, m_env).exitCode, 2);
        const Run unknown = run(u"mwb"_s, {u"frobnicate"_s}, m_env);
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains(u"unknown command 'frobnicate'"_s));
        QCOMPARE(run(u"mwb"_s, {u"probe"_s}, m_env).exitCode, 2);
        const Run badUrl = run(u"mwb"_s, {u"probe"_s, u"--url"_s, u"oracle://x"_s}, m_env);
        QCOMPARE(badUrl.exitCode, 2);
        QVERIFY(badUrl.err.contains(u"unsupported URL scheme"_s));
    }

    void probePostgres()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        MWB_REQUIRE_SERVER_VALUE(password, "postgresql", "MWB_TEST_PG_PASSWORD");
        const Run r = run(u"mwb"_s, {u"probe"_s, u"--url"_s, url, u"--format"_s, u"json"_s}, m_env);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(u"product"_s).toString(), u"PostgreSQL"_s);
        QVERIFY(o.value(u"versionNumber"_s).toInt() >= 170000);
        QCOMPARE(o.value(u"user"_s).toString(), u"mwb_test"_s);
        QVERIFY(!r.out.contains(password));
        QVERIFY(o.value(u"url"_s).toString().contains(u":***@"_s));
    }

    void probeWrongPasswordKeepsSecrets()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "postgresql", "MWB_TEST_PG_URL");
        QString bad = url;
        bad.replace(QRegularExpression(u":[^:@/]+@"_s), u":Wr0ngSecret@"_s);
        QVERIFY(bad.contains(u"Wr0ngSecret"_s));
        const Run r = run(u"mwb"_s, {u"probe"_s, u"--url"_s, bad}, m_env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"authentication-failed"_s), qPrintable(r.err));
        QVERIFY2(!r.err.contains(u"Wr0ngSecret"_s), qPrintable(r.err));
        QVERIFY(!r.out.contains(u"Wr0ngSecret"_s));
        // Nor in the log file the run wrote.
        QDirIterator it(m_home.path(), QDir::Files, QDirIterator::Subdirectories);
        int files = 0;
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("Wr0ngSecret"), qPrintable(f.fileName()));
            ++files;
        }
        QVERIFY2(files > 0, "the CLI wrote no log file");
    }

    void probeMariaDb()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        const Run r = run(u"mwb"_s, {u"probe"_s, u"--url"_s, url}, m_env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith(u"MariaDB 11."_s), qPrintable(r.out + r.err));
    }

    void guiScreenshot()
    {
        QTemporaryDir dir;
        const Run r = run(u"migration-workbench"_s, {u"--screenshot-dir"_s, dir.path()},
                          m_env + QStringList{u"QT_QPA_PLATFORM=offscreen"_s});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(dir.filePath(u"main-window.png"_s)));
        QVERIFY(QFile::exists(dir.filePath(u"about.png"_s)));
        QImage image(dir.filePath(u"main-window.png"_s));
        QVERIFY(image.width() >= 800);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
