// SPDX-License-Identifier: GPL-3.0-or-later
// workbench.toml: sections read and replaced one at a time; every other section keeps its exact text.
#include "core/project/projectfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
namespace cp = core::project;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool write(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

const QByteArray kEnvironments = "# Environments, in promotion order (edited by hand: keep this comment)\n"
                                 "[[environments]]\n"
                                 "name = \"staging\"  # the shared one\n"
                                 "url = \"postgresql://app@staging/app\"\n"
                                 "\n"
                                 "[[environments]]\n"
                                 "name = \"prod\"\n"
                                 "url = \"postgresql://app@prod/app\"\n"
                                 "protected = true\n";

} // namespace

class TestProjectFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void missingFileHasDefaults()
    {
        QTemporaryDir tmp;
        const auto pf = cp::ProjectFile::load(tmp.path());
        QVERIFY(pf);
        QVERIFY(!pf->exists());
        QVERIFY(pf->format().isEmpty());
        QVERIFY(pf->sectionNames().isEmpty());
        QVERIFY(!pf->section(u"lint"_s).isValid());
    }

    void replacingOneSectionKeepsTheOthersVerbatim()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(u"workbench.toml"_s);
        const QByteArray head = "# Migration Workbench project\n[project]\nformat = \"dbmate\" # chosen by the team\nmigrations = \"db/migrations\"\n\n";
        const QByteArray lint = "[lint]\n# old rules\nlevel = \"warning\"\n[lint.rules]\nrequire-concurrent-index = true\n\n";
        QVERIFY(write(path, head + lint + kEnvironments));
        auto pf = cp::ProjectFile::load(tmp.path());
        QVERIFY2(pf, qPrintable(pf ? QString() : pf.error().detail));
        QCOMPARE(pf->sectionNames(), (QStringList{u"project"_s, u"lint"_s, u"environments"_s}));
        QCOMPARE(pf->format(), u"dbmate"_s);
        QCOMPARE(pf->migrationsDir(), u"db/migrations"_s);
        const QVariantList envs = pf->section(u"environments"_s).toList();
        QCOMPARE(envs.size(), 2);
        QCOMPARE(envs.at(1).toMap().value(u"protected"_s).toBool(), true);
        QCOMPARE(pf->section(u"lint"_s).toMap().value(u"rules"_s).toMap().value(u"require-concurrent-index"_s).toBool(), true);

        QVERIFY(pf->replaceSection(u"lint"_s, QVariantMap{{u"level"_s, u"error"_s}, {u"max"_s, 3}}));
        QVERIFY(pf->replaceSection(u"rollout"_s, QVariantList{QVariantMap{{u"name"_s, u"plan-1"_s}, {u"steps"_s, QVariantList{u"a"_s, u"b"_s}}}}));
        QVERIFY(pf->save());
        const QByteArray saved = readAll(path);
        QVERIFY2(saved.startsWith(head), saved.constData());
        QVERIFY2(saved.contains(kEnvironments), saved.constData()); // comments and layout kept
        QVERIFY(!saved.contains("old rules"));
        const auto again = cp::ProjectFile::load(tmp.path());
        QVERIFY2(again, qPrintable(again ? QString() : again.error().detail));
        QCOMPARE(again->section(u"lint"_s).toMap().value(u"level"_s).toString(), u"error"_s);
        QCOMPARE(again->section(u"lint"_s).toMap().value(u"max"_s).toLongLong(), 3);
        QCOMPARE(again->section(u"rollout"_s).toList().first().toMap().value(u"steps"_s).toList().size(), 2);
        QCOMPARE(again->section(u"environments"_s), pf->section(u"environments"_s));
        QCOMPARE(again->format(), u"dbmate"_s);
    }

    void removingASection()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(u"workbench.toml"_s);
        QVERIFY(write(path, "[lint]\nlevel = \"warning\"\n\n" + kEnvironments));
        auto pf = cp::ProjectFile::load(tmp.path());
        QVERIFY(pf);
        pf->removeSection(u"lint"_s);
        QVERIFY(pf->save());
        QCOMPARE(readAll(path), kEnvironments);
    }

    void newFileIsCreatedOnSave()
    {
        QTemporaryDir tmp;
        auto pf = cp::ProjectFile::load(tmp.path());
        QVERIFY(pf);
        QVERIFY(pf->replaceSection(u"project"_s, QVariantMap{{u"format"_s, u"flyway"_s}}));
        QVERIFY(pf->save());
        QVERIFY(pf->exists());
        const auto again = cp::ProjectFile::load(tmp.path());
        QVERIFY(again);
        QCOMPARE(again->format(), u"flyway"_s);
    }

    void secretsAreRefused_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("password") << u"password"_s;
        QTest::newRow("api key") << u"apiKey"_s;
        QTest::newRow("token") << u"auth_token"_s;
    }
    void secretsAreRefused()
    {
        QFETCH(QString, key);
        QTemporaryDir tmp;
        auto pf = cp::ProjectFile::load(tmp.path());
        QVERIFY(pf);
        const auto r = pf->replaceSection(u"environments"_s, QVariantList{QVariantMap{{u"name"_s, u"prod"_s}, {key, u"hunter2"_s}}});
        QVERIFY(!r);
        QVERIFY(r.error().detail.contains(u"secret"_s));
        QVERIFY(pf->save());
        QVERIFY(!readAll(tmp.filePath(u"workbench.toml"_s)).contains("hunter2"));
        QVERIFY(!pf->replaceSection(u"scalar"_s, 5));
    }

    void malformedFileIsReportedAndKept()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(u"workbench.toml"_s);
        const QByteArray bad = "[lint]\nlevel = \"unterminated\n";
        QVERIFY(write(path, bad));
        const auto pf = cp::ProjectFile::load(tmp.path());
        QVERIFY(!pf);
        QCOMPARE(pf.error().code, core::Error::Code::InvalidArgument);
        QVERIFY2(pf.error().detail.contains(u"workbench.toml:2"_s), qPrintable(pf.error().detail));
        QCOMPARE(readAll(path), bad);
    }
};

QTEST_GUILESS_MAIN(TestProjectFile)
#include "tst_projectfile.moc"
