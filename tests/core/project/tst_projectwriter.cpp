// SPDX-License-Identifier: GPL-3.0-or-later
// Creating migrations in each tool's own naming and numbering; journals, sums and plans updated; nothing the
// user has is rewritten.
#include "core/project/checksum.h"
#include "core/project/detect.h"
#include "core/project/reader.h"
#include "core/project/writer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
namespace cp = core::project;

namespace {

QString data(const QString &rel)
{
    return QStringLiteral(MWB_SOURCE_DIR "/tests/data/projects/") + rel;
}

QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
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
        QFile::setPermissions(dst, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    }
    return true;
}

QMap<QString, QByteArray> snapshot(const QString &dir)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        out.insert(QDir(dir).relativeFilePath(p), QCryptographicHash::hash(fileBytes(p), QCryptographicHash::Sha256));
    }
    return out;
}

const QDateTime kNow(QDate(2026, 11, 24), QTime(8, 30, 15, 123), QTimeZone::UTC);

} // namespace

class TestProjectWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void create_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QStringList>("created");
        QTest::addColumn<QStringList>("updated");
        QTest::newRow("golang-migrate -seq keeps the width") << u"golang-migrate/basic"_s << u"golang-migrate"_s << u"000004"_s
            << QStringList{u"000004_add_phone.up.sql"_s, u"000004_add_phone.down.sql"_s} << QStringList{};
        QTest::newRow("dbmate UTC timestamp") << u"dbmate/basic/db/migrations"_s << u"dbmate"_s << u"20261124083015"_s
            << QStringList{u"20261124083015_add_phone.sql"_s} << QStringList{};
        QTest::newRow("flyway next integer") << u"flyway/basic/db/migration"_s << u"flyway"_s << u"11"_s
            << QStringList{u"V11__add_phone.sql"_s, u"U11__add_phone.sql"_s} << QStringList{};
        QTest::newRow("prisma folder") << u"prisma/basic/prisma/migrations"_s << u"prisma"_s << u"20261124083015"_s
            << QStringList{u"20261124083015_add_phone/migration.sql"_s} << QStringList{};
        QTest::newRow("drizzle journal") << u"drizzle/basic/drizzle"_s << u"drizzle"_s << u"0002"_s
            << QStringList{u"0002_add_phone.sql"_s} << QStringList{u"meta/_journal.json"_s};
        QTest::newRow("drizzle 1.0 folder") << u"drizzle-v1/basic/drizzle"_s << u"drizzle-v1"_s << u"20261124083015"_s
            << QStringList{u"20261124083015_add_phone/migration.sql"_s, u"20261124083015_add_phone/snapshot.json"_s} << QStringList{};
        QTest::newRow("atlas sum") << u"atlas/vector"_s << u"atlas"_s << u"20261124083015"_s
            << QStringList{u"20261124083015_add_phone.sql"_s} << QStringList{u"atlas.sum"_s};
        QTest::newRow("node-pg-migrate ms") << u"node-pg-migrate/basic/migrations"_s << u"node-pg-migrate"_s
            << QString::number(kNow.toMSecsSinceEpoch()) << QStringList{QString::number(kNow.toMSecsSinceEpoch()) + u"_add-phone.sql"_s}
            << QStringList{};
        QTest::newRow("sqitch plan") << u"sqitch/basic"_s << u"sqitch"_s << u"add_phone"_s
            << QStringList{u"deploy/add_phone.sql"_s, u"revert/add_phone.sql"_s, u"verify/add_phone.sql"_s}
            << QStringList{u"sqitch.plan"_s};
    }
    void create()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, format);
        QFETCH(QString, version);
        QFETCH(QStringList, created);
        QFETCH(QStringList, updated);
        QTemporaryDir tmp;
        QVERIFY(copyTree(data(fixture), tmp.path()));
        const auto before = snapshot(tmp.path());
        const cp::Format f = cp::formatFromId(format);
        const auto project = cp::readProject(tmp.path(), f);
        QVERIFY(project);
        cp::NewMigrationOptions o;
        o.now = kNow;
        o.upSql = u"ALTER TABLE users ADD COLUMN phone text;"_s;
        o.downSql = u"ALTER TABLE users DROP COLUMN phone;"_s;
        const auto c = cp::createMigration(*project, u"add phone"_s, o);
        QVERIFY2(c, qPrintable(c ? QString() : c.error().detail));
        QCOMPARE(c->version, version);
        QStringList rel;
        for (const QString &p : c->createdFiles)
            rel.append(QDir(tmp.path()).relativeFilePath(p));
        QCOMPARE(rel, created);
        QStringList relUpdated;
        for (const QString &p : c->updatedFiles)
            relUpdated.append(QDir(tmp.path()).relativeFilePath(p));
        QCOMPARE(relUpdated, updated);
        // Every file that was there is unchanged, except the index files the tool itself updates.
        const auto after = snapshot(tmp.path());
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            if (!updated.contains(it.key()))
                QVERIFY2(after.value(it.key()) == it.value(), qPrintable(it.key()));
        // The tool reads the folder back with one migration more, the new one last, and no new problems.
        const auto again = cp::readProject(tmp.path(), f);
        QVERIFY(again);
        QCOMPARE(again->migrations.size(), project->migrations.size() + 1);
        QCOMPARE(again->issues.size(), project->issues.size());
        const cp::Migration &last = f == cp::Format::Flyway ? again->migrations.at(again->migrations.size() - 2)
                                                            : again->migrations.last();
        QVERIFY2(last.upSql.contains(u"ADD COLUMN phone"_s), qPrintable(last.upSql));
        if (f == cp::Format::Atlas)
            QVERIFY(again->sumMatches);
        if (f == cp::Format::Drizzle) {
            const QJsonObject j = QJsonDocument::fromJson(fileBytes(tmp.filePath(u"meta/_journal.json"_s))).object();
            const QJsonObject e = j.value(u"entries"_s).toArray().last().toObject();
            QCOMPARE(e.value(u"idx"_s).toInt(), 2);
            QCOMPARE(e.value(u"tag"_s).toString(), u"0002_add_phone"_s);
            QCOMPARE(static_cast<qint64>(e.value(u"when"_s).toDouble()), kNow.toMSecsSinceEpoch());
            QCOMPARE(e.value(u"breakpoints"_s).toBool(), true);
            QCOMPARE(j.value(u"dialect"_s).toString(), u"postgresql"_s);
        }
        if (f == cp::Format::Sqitch) {
            QCOMPARE(last.author, u"root <root@vm>"_s);
            QVERIFY(fileBytes(tmp.filePath(u"sqitch.plan"_s)).endsWith("add_phone 2026-11-24T08:30:15Z root <root@vm>\n"));
        }
        if (f == cp::Format::Dbmate) {
            QVERIFY(last.transactional);
            QCOMPARE(last.downSql, u"-- migrate:down\nALTER TABLE users DROP COLUMN phone;\n"_s);
        }
        // The same name again never overwrites.
        if (f != cp::Format::Drizzle && f != cp::Format::Flyway && f != cp::Format::GolangMigrate && f != cp::Format::Sqitch) {
            const auto twice = cp::createMigration(*project, u"add phone"_s, o);
            QVERIFY(!twice);
            QVERIFY2(twice.error().detail.contains(u"already exists"_s), qPrintable(twice.error().detail));
        }
    }

    void createNonTransactional_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("declaration"); // in the new migration's files; empty: none needed
        QTest::newRow("golang-migrate: a file of its own") << u"golang-migrate/basic"_s << u"golang-migrate"_s << QString();
        QTest::newRow("dbmate") << u"dbmate/basic/db/migrations"_s << u"dbmate"_s << u"-- migrate:up transaction:false"_s;
        QTest::newRow("flyway script config") << u"flyway/basic/db/migration"_s << u"flyway"_s << u"executeInTransaction=false"_s;
        QTest::newRow("prisma: a folder of its own") << u"prisma/basic/prisma/migrations"_s << u"prisma"_s << QString();
        QTest::newRow("atlas txmode") << u"atlas/vector"_s << u"atlas"_s << u"-- atlas:txmode none"_s;
        QTest::newRow("node-pg-migrate JS") << u"node-pg-migrate/basic/migrations"_s << u"node-pg-migrate"_s << u"pgm.noTransaction()"_s;
        QTest::newRow("sqitch without BEGIN") << u"sqitch/basic"_s << u"sqitch"_s << QString();
        QTest::newRow("drizzle: unsupported") << u"drizzle/basic/drizzle"_s << u"drizzle"_s << u"-"_s;
    }
    void createNonTransactional()
    {
        QFETCH(QString, fixture);
        QFETCH(QString, format);
        QFETCH(QString, declaration);
        QTemporaryDir tmp;
        QVERIFY(copyTree(data(fixture), tmp.path()));
        const cp::Format f = cp::formatFromId(format);
        const auto project = cp::readProject(tmp.path(), f);
        QVERIFY(project);
        const auto before = snapshot(tmp.path());
        cp::NewMigrationOptions o;
        o.now = kNow;
        o.upSql = u"CREATE INDEX CONCURRENTLY idx_users_email ON users (email);"_s;
        o.downSql = u"DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;"_s;
        o.noTransaction = true;
        const auto c = cp::createMigration(*project, u"index users email"_s, o);
        if (declaration == u"-"_s) {
            QVERIFY(!cp::canWriteNonTransactional(f));
            QVERIFY(!c);
            QCOMPARE(c.error().code, core::Error::Code::Unsupported);
            QCOMPARE(snapshot(tmp.path()), before); // nothing written
            return;
        }
        QVERIFY(cp::canWriteNonTransactional(f));
        QVERIFY2(c, qPrintable(c ? QString() : c.error().detail));
        QByteArray written;
        for (const QString &path : c->createdFiles)
            written += fileBytes(path);
        QVERIFY2(written.contains("CREATE INDEX CONCURRENTLY idx_users_email ON users (email);"), written.constData());
        if (!declaration.isEmpty())
            QVERIFY2(written.contains(declaration.toUtf8()), written.constData());
        QVERIFY(!fileBytes(c->createdFiles.first()).contains("BEGIN;")); // the up script (sqitch: deploy)
        // The tool reads it back as a migration that runs without a transaction.
        const auto again = cp::readProject(tmp.path(), f);
        QVERIFY(again);
        QCOMPARE(again->migrations.size(), project->migrations.size() + 1);
        const auto it = std::ranges::find_if(again->migrations, [&](const cp::Migration &m) {
            return QFileInfo(m.upPath).absoluteFilePath() == QFileInfo(c->createdFiles.first()).absoluteFilePath();
        });
        QVERIFY(it != again->migrations.cend());
        QVERIFY2(!it->transactional, qPrintable(it->upPath));
        if (!declaration.isEmpty())
            QVERIFY2(it->noTransactionDeclaration.contains(declaration), qPrintable(it->noTransactionDeclaration));
        if (f == cp::Format::Atlas)
            QVERIFY(again->sumMatches);
    }

    void refusesInconsistentIndexFiles()
    {
        QTemporaryDir tmp;
        QVERIFY(copyTree(data(u"atlas/corrupt-sum"_s), tmp.path()));
        const auto before = snapshot(tmp.path());
        auto project = cp::readProject(tmp.path(), cp::Format::Atlas);
        QVERIFY(project);
        QVERIFY(!cp::createMigration(*project, u"x"_s));
        QCOMPARE(snapshot(tmp.path()), before);

        QTemporaryDir tmp2;
        QVERIFY(copyTree(data(u"drizzle/basic/drizzle"_s), tmp2.path()));
        project = cp::readProject(tmp2.path(), cp::Format::Drizzle);
        QVERIFY(project);
        QFile j(tmp2.filePath(u"meta/_journal.json"_s));
        QVERIFY(j.open(QIODevice::WriteOnly | QIODevice::Truncate));
        j.write("{ broken");
        j.close();
        const auto before2 = snapshot(tmp2.path());
        const auto c = cp::createMigration(*project, u"x"_s);
        QVERIFY(!c);
        QVERIFY(c.error().detail.contains(u"corrupt"_s));
        QCOMPARE(snapshot(tmp2.path()), before2);
    }

    void readOnlyFormatsAndBadNames()
    {
        const auto django = cp::readProject(data(u"django/basic"_s), cp::Format::Django);
        QVERIFY(django);
        const auto c = cp::createMigration(*django, u"x"_s);
        QVERIFY(!c);
        QCOMPARE(c.error().code, core::Error::Code::Unsupported);
        QTemporaryDir tmp;
        cp::Project empty;
        empty.format = cp::Format::Dbmate;
        empty.dir = tmp.path();
        QVERIFY(!cp::createMigration(empty, u"../escape"_s));
        QVERIFY(!cp::createMigration(empty, u"   "_s));
        QVERIFY(QDir(tmp.path()).isEmpty());
        // Empty golang-migrate folder: sequence 000001.
        empty.format = cp::Format::GolangMigrate;
        const auto first = cp::createMigration(empty, u"init"_s);
        QVERIFY(first);
        QCOMPARE(first->version, u"000001"_s);
    }
};

QTEST_GUILESS_MAIN(TestProjectWriter)
#include "tst_projectwriter.moc"
