// SPDX-License-Identifier: GPL-3.0-or-later
// The applied version of a migration file from its git history, against a real temporary git repository:
// by the checksum the tool recorded (Flyway, Prisma, sqitch), or by the applied-at time for tools without one.
#include "core/project/checksum.h"
#include "core/project/vcshistory.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
namespace cp = core::project;

namespace {

const QByteArray kA = "CREATE TABLE users (id int);\n";
const QByteArray kB = "CREATE TABLE users (id bigint);\n";
const QByteArray kC = "CREATE TABLE users (id bigint PRIMARY KEY);\n";
const QByteArray kD = "CREATE TABLE users (id bigint PRIMARY KEY, email text);\n";

QDateTime at(int day, int hour = 10)
{
    return QDateTime(QDate(2026, 1, day), QTime(hour, 0), QTimeZone::UTC);
}

} // namespace

class TestVcsHistory : public QObject
{
    Q_OBJECT

    QTemporaryDir m_repo;
    QString m_file; // db/migration/V1__users.sql
    QStringList m_commits; // A, B, C

    QByteArray git(const QStringList &args, const QDateTime &when = {})
    {
        QProcess p;
        p.setWorkingDirectory(m_repo.path());
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(u"GIT_AUTHOR_NAME"_s, u"Test"_s);
        env.insert(u"GIT_AUTHOR_EMAIL"_s, u"test@example.com"_s);
        env.insert(u"GIT_COMMITTER_NAME"_s, u"Test"_s);
        env.insert(u"GIT_COMMITTER_EMAIL"_s, u"test@example.com"_s);
        if (when.isValid()) {
            env.insert(u"GIT_AUTHOR_DATE"_s, when.toString(Qt::ISODate));
            env.insert(u"GIT_COMMITTER_DATE"_s, when.toString(Qt::ISODate));
        }
        p.setProcessEnvironment(env);
        p.start(u"git"_s, QStringList{u"-c"_s, u"init.defaultBranch=main"_s, u"-c"_s, u"commit.gpgsign=false"_s} + args);
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            qWarning("git %s failed: %s", qPrintable(args.join(u' ')), p.readAllStandardError().constData());
        return p.readAllStandardOutput().trimmed();
    }

    void write(const QByteArray &bytes)
    {
        QFile f(m_file);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

    void commit(const QByteArray &bytes, const QDateTime &when, const QString &message)
    {
        write(bytes);
        git({u"add"_s, u"."_s});
        git({u"commit"_s, u"-q"_s, u"-m"_s, message}, when);
        m_commits << QString::fromLatin1(git({u"rev-parse"_s, u"HEAD"_s}));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_repo.isValid());
        QVERIFY(QDir(m_repo.path()).mkpath(u"db/migration"_s));
        m_file = m_repo.filePath(u"db/migration/V1__users.sql"_s);
        git({u"init"_s, u"-q"_s});
        commit(kA, at(1), u"users"_s);
        commit(kB, at(2), u"bigint ids"_s);
        // another file changes in between: not a revision of this one
        QFile other(m_repo.filePath(u"db/migration/V2__other.sql"_s));
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("SELECT 1;\n");
        other.close();
        git({u"add"_s, u"."_s});
        git({u"commit"_s, u"-q"_s, u"-m"_s, u"other"_s}, at(2, 18));
        commit(kC, at(3), u"primary key"_s);
        write(kD); // edited since, not committed
        QCOMPARE(m_commits.size(), 3);
        QVERIFY(m_commits.at(1).size() == 40);
    }

    void byRecordedChecksum()
    {
        // Flyway recorded B's checksum when it applied the file; the file has been edited twice since
        const QString recorded = QString::number(cp::flywayChecksum(kB));
        const auto v = cp::appliedVersionFromGit(m_file, cp::Format::Flyway, recorded, {});
        QVERIFY2(v, qPrintable(v ? QString() : v.error().detail));
        QCOMPARE(v->content, kB);
        QCOMPARE(v->commit, m_commits.at(1));
        QCOMPARE(v->shortCommit, m_commits.at(1).left(7));
        QCOMPARE(v->committedAt, at(2));
        QCOMPARE(v->subject, u"bigint ids"_s);
        QCOMPARE(v->basis, cp::VcsVersion::Basis::Checksum);
        // the oldest revision is found as well (Prisma's SHA-256 this time)
        const auto first = cp::appliedVersionFromGit(m_file, cp::Format::Prisma, cp::prismaChecksum(kA), {});
        QVERIFY(first);
        QCOMPARE(first->commit, m_commits.at(0));
        QCOMPARE(first->content, kA);
    }

    void checksumInNoRevision()
    {
        // the uncommitted text was applied: no revision has its checksum
        const auto v = cp::appliedVersionFromGit(m_file, cp::Format::Flyway, QString::number(cp::flywayChecksum(kD)), {});
        QVERIFY(!v);
        QCOMPARE(v.error().code, core::Error::Code::Io);
        QVERIFY2(v.error().detail.contains(u"3 committed revisions"_s), qPrintable(v.error().detail));
    }

    void byAppliedTime()
    {
        // dbmate keeps no checksum: the last revision committed at or before the applied-at time
        const auto v = cp::appliedVersionFromGit(m_file, cp::Format::Dbmate, {}, at(2, 20));
        QVERIFY2(v, qPrintable(v ? QString() : v.error().detail));
        QCOMPARE(v->commit, m_commits.at(1));
        QCOMPARE(v->content, kB);
        QCOMPARE(v->basis, cp::VcsVersion::Basis::AppliedTime);
        const auto exact = cp::appliedVersionFromGit(m_file, cp::Format::GolangMigrate, {}, at(3));
        QVERIFY(exact);
        QCOMPARE(exact->commit, m_commits.at(2));
        const auto before = cp::appliedVersionFromGit(m_file, cp::Format::Dbmate, {}, at(1, 9));
        QVERIFY(!before);
        QCOMPARE(before.error().code, core::Error::Code::Io);
        const auto neither = cp::appliedVersionFromGit(m_file, cp::Format::Dbmate, {}, {});
        QVERIFY(!neither);
        QCOMPARE(neither.error().code, core::Error::Code::InvalidArgument);
    }

    void notInGit()
    {
        QTemporaryDir outside;
        const QString path = outside.filePath(u"V1__users.sql"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kA);
        f.close();
        const auto v = cp::appliedVersionFromGit(path, cp::Format::Flyway, QString::number(cp::flywayChecksum(kA)), {});
        QVERIFY(!v);
        QCOMPARE(v.error().code, core::Error::Code::InvalidArgument);
        // a file the repository does not track
        const QString untracked = m_repo.filePath(u"db/migration/V3__new.sql"_s);
        QFile u(untracked);
        QVERIFY(u.open(QIODevice::WriteOnly));
        u.write(kA);
        u.close();
        const auto w = cp::appliedVersionFromGit(untracked, cp::Format::Flyway, QString::number(cp::flywayChecksum(kA)), {});
        QVERIFY(!w);
        QVERIFY2(w.error().detail.contains(u"no committed revision"_s), qPrintable(w.error().detail));
        QVERIFY(QFile::remove(untracked));
    }

    void gitMissing()
    {
        const auto v = cp::appliedVersionFromGit(m_file, cp::Format::Flyway, QString::number(cp::flywayChecksum(kB)), {},
                                                 m_repo.filePath(u"no-such-git"_s));
        QVERIFY(!v);
        QCOMPARE(v.error().code, core::Error::Code::Unsupported);
    }

    void checksumKinds()
    {
        QVERIFY(cp::fileChecksumMatches(cp::Format::Flyway, QString::number(cp::flywayChecksum(kA)), kA) == std::optional(true));
        QVERIFY(cp::fileChecksumMatches(cp::Format::Flyway, QString::number(cp::flywayChecksum(kA)), kB) == std::optional(false));
        QVERIFY(cp::fileChecksumMatches(cp::Format::Sqitch, cp::sqitchScriptHash(kC), kC) == std::optional(true));
        QVERIFY(cp::fileChecksumMatches(cp::Format::Drizzle, cp::drizzleHash(kC), kB) == std::optional(false));
        QVERIFY(!cp::fileChecksumMatches(cp::Format::Dbmate, u"x"_s, kA).has_value());
        QVERIFY(!cp::fileChecksumMatches(cp::Format::Flyway, QString(), kA).has_value());
    }
};

QTEST_MAIN(TestVcsHistory)
#include "tst_vcshistory.moc"
