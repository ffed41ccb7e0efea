// SPDX-License-Identifier: GPL-3.0-or-later
// The editor's helpers: byte <-> UTF-16 mapping, the line diff, the recovery store, the up/down pair view
// and the drift diff view.
#include "widgets/editor/diffview.h"
#include "widgets/editor/linediff.h"
#include "widgets/editor/migrationeditor.h"
#include "widgets/editor/migrationpairview.h"
#include "widgets/editor/recoverystore.h"
#include "widgets/editor/textmapping.h"

#include "core/project/checksum.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTimeZone>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>

using namespace Qt::StringLiterals;
using namespace widgets::editor;
using Kind = DiffRow::Kind;

Q_DECLARE_METATYPE(widgets::editor::DiffRow)

class TestEditorParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void offsetMapping_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("ascii") << u"SELECT 1;\nSELECT 2;"_s;
        QTest::newRow("accents") << u"-- créé\nSELECT 'ü';"_s;
        QTest::newRow("emoji") << u"😀a😀b✓"_s;
        QTest::newRow("long mixed") << QString(u"aé✓😀\n"_s).repeated(100);
        QTest::newRow("lone surrogate") << (u"ab"_s + QChar(0xd800) + u"cd"_s);
    }

    void offsetMapping()
    {
        QFETCH(QString, text);
        const QByteArray utf8 = text.toUtf8();
        const Utf8OffsetMap map(text);
        QCOMPARE(map.byteSize(), utf8.size());
        // every character boundary maps both ways like QString's own conversion
        for (qsizetype i = 0; i <= text.size(); ++i) {
            if (i > 0 && i < text.size() && text.at(i).isLowSurrogate() && text.at(i - 1).isHighSurrogate())
                continue;
            const qsizetype bytes = text.left(i).toUtf8().size();
            QCOMPARE(map.byteOffset(i), bytes);
            QCOMPARE(map.utf16Position(bytes), i);
        }
        // offsets inside a multi-byte sequence go to the character's start; out of range is clamped
        QCOMPARE(map.utf16Position(-5), 0);
        QCOMPARE(map.utf16Position(utf8.size() + 10), text.size());
        if (text.startsWith(u"😀"_s)) {
            QCOMPARE(map.utf16Position(1), 0);
            QCOMPARE(map.utf16Position(3), 0);
            QCOMPARE(map.utf16Position(4), 2);
        }
    }

    void lineDiff_data()
    {
        QTest::addColumn<QStringList>("left");
        QTest::addColumn<QStringList>("right");
        QTest::addColumn<QList<DiffRow>>("expected");
        QTest::newRow("same") << QStringList{u"a"_s, u"b"_s} << QStringList{u"a"_s, u"b"_s}
                              << QList<DiffRow>{{Kind::Same, 0, 0}, {Kind::Same, 1, 1}};
        QTest::newRow("both empty") << QStringList{} << QStringList{} << QList<DiffRow>{};
        QTest::newRow("added") << QStringList{u"a"_s} << QStringList{u"a"_s, u"b"_s}
                               << QList<DiffRow>{{Kind::Same, 0, 0}, {Kind::Added, -1, 1}};
        QTest::newRow("removed") << QStringList{u"a"_s, u"b"_s, u"c"_s} << QStringList{u"a"_s, u"c"_s}
                                 << QList<DiffRow>{{Kind::Same, 0, 0}, {Kind::Removed, 1, -1}, {Kind::Same, 2, 1}};
        QTest::newRow("changed") << QStringList{u"x"_s, u"b"_s, u"y"_s} << QStringList{u"x"_s, u"B"_s, u"y"_s}
                                 << QList<DiffRow>{{Kind::Same, 0, 0}, {Kind::Changed, 1, 1}, {Kind::Same, 2, 2}};
        QTest::newRow("all new") << QStringList{} << QStringList{u"a"_s}
                                 << QList<DiffRow>{{Kind::Added, -1, 0}};
    }

    void lineDiff()
    {
        QFETCH(QStringList, left);
        QFETCH(QStringList, right);
        QFETCH(QList<DiffRow>, expected);
        QCOMPARE(diffLines(left, right), expected);
    }

    void lineDiffIsMinimalAndConsistent()
    {
        // a larger diff: every line of both sides appears exactly once, in order, and Same rows match
        QStringList left;
        QStringList right;
        for (int i = 0; i < 300; ++i) {
            left << u"line %1"_s.arg(i);
            if (i % 7 != 0)
                right << (i % 11 == 0 ? u"changed %1"_s.arg(i) : u"line %1"_s.arg(i));
            if (i % 13 == 0)
                right << u"new %1"_s.arg(i);
        }
        const auto rows = diffLines(left, right);
        int l = 0;
        int r = 0;
        int same = 0;
        for (const DiffRow &row : rows) {
            if (row.leftLine >= 0)
                QCOMPARE(row.leftLine, l++);
            if (row.rightLine >= 0)
                QCOMPARE(row.rightLine, r++);
            if (row.kind == Kind::Same) {
                QCOMPARE(left.at(row.leftLine), right.at(row.rightLine));
                ++same;
            }
        }
        QCOMPARE(l, left.size());
        QCOMPARE(r, right.size());
        int expectedSame = 0;
        for (int i = 0; i < 300; ++i)
            if (i % 7 != 0 && i % 11 != 0)
                ++expectedSame;
        QCOMPARE(same, expectedSame);
    }

    void recoveryStore()
    {
        QTemporaryDir dir;
        RecoveryStore store(dir.filePath(u"recovery"_s));
        const QString file = dir.filePath(u"m.sql"_s);
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("SELECT 1;\n");
        f.close();
        QVERIFY(store.load(file).value() == std::nullopt);
        QVERIFY(store.save(file, u"SELECT 1;\nSELECT 'ünsaved';\n"_s));
        auto loaded = store.load(file);
        QVERIFY(loaded && loaded->has_value());
        QCOMPARE((*loaded)->text, u"SELECT 1;\nSELECT 'ünsaved';\n"_s);
        QCOMPARE((*loaded)->filePath, QFileInfo(file).absoluteFilePath());
        QCOMPARE(store.entries().size(), 1);
        // the same text as the file: nothing to recover
        QVERIFY(store.save(file, u"SELECT 1;\n"_s));
        QVERIFY(store.load(file).value() == std::nullopt);
        // a corrupt recovery file is an error, not a crash
        QVERIFY(store.save(file, u"x"_s));
        QFile corrupt(store.recoveryPathFor(file));
        QVERIFY(corrupt.open(QIODevice::WriteOnly));
        corrupt.write("{not json");
        corrupt.close();
        QVERIFY(!store.load(file));
        store.discard(file);
        QVERIFY(!QFile::exists(store.recoveryPathFor(file)));
        QVERIFY(RecoveryStore().directory().endsWith(u"/recovery"_s));
    }

    void pairViewMissingDown()
    {
        MigrationPairView view;
        view.show();
        const QString up = u"CREATE TABLE t (id bigint);\nCREATE INDEX t_id ON t (id);\nALTER TABLE t ADD COLUMN note text;\n"_s;
        view.setMigration(up, std::nullopt);
        QVERIFY(view.isDownMissing());
        QVERIFY(view.missingDownBanner()->isVisible());
        QCOMPARE(view.splitter()->count(), 2);
        QSignalSpy irreversible(&view, &MigrationPairView::markedIrreversible);
        view.missingDownBanner()->findChild<QPushButton *>(u"markIrreversible"_s)->click();
        QCOMPARE(irreversible.count(), 1);
        QVERIFY(view.upEditor()->toPlainText().startsWith(u"-- mwb:irreversible\n"_s));
        QVERIFY(!view.missingDownBanner()->isVisible());
        view.upEditor()->undo();
        QCOMPARE(view.upEditor()->toPlainText(), up);

        view.setMigration(up, std::nullopt);
        view.missingDownBanner()->findChild<QPushButton *>(u"addDownTemplate"_s)->click();
        const QString down = view.downEditor()->toPlainText();
        const qsizetype dropColumn = down.indexOf(u"ALTER TABLE t DROP COLUMN note;"_s);
        const qsizetype dropIndex = down.indexOf(u"DROP INDEX IF EXISTS t_id;"_s);
        const qsizetype dropTable = down.indexOf(u"DROP TABLE IF EXISTS t;"_s);
        QVERIFY2(dropColumn >= 0 && dropIndex > dropColumn && dropTable > dropIndex, qPrintable(down));

        view.setMigration(up, u"DROP TABLE t;"_s);
        QVERIFY(!view.isDownMissing());
        QVERIFY(!view.missingDownBanner()->isVisible());
    }

    void driftDiffView()
    {
        DiffView view;
        view.show();
        const QString applied = u"CREATE TABLE t (id int);\nCREATE INDEX i ON t (id);\n"_s;
        const QString file = u"CREATE TABLE t (id bigint);\nCREATE INDEX i ON t (id);\nSELECT 1;\n"_s;
        view.setTexts(applied, file);
        QCOMPARE(view.changedRowCount(), 2);
        QCOMPARE(view.rows().first().kind, Kind::Changed);
        QCOMPARE(view.leftPane()->document()->findBlockByNumber(0).text(), u"CREATE TABLE t (id int);"_s);
        QCOMPARE(view.rightPane()->document()->findBlockByNumber(0).text(), u"CREATE TABLE t (id bigint);"_s);
        // highlighted lines: row 0 (changed) and row 2 (added) on both sides
        const auto sels = view.rightPane()->extraSelections();
        QCOMPARE(sels.size(), 2);
        QCOMPARE(sels.at(0).cursor.blockNumber(), 0);
        QCOMPARE(sels.at(0).format.background().color(), view.colorFor(Kind::Changed, false));
        QCOMPARE(sels.at(1).cursor.blockNumber(), 2);
        QCOMPARE(view.leftPane()->blockCount(), view.rightPane()->blockCount());
        view.setTexts(applied, applied);
        QCOMPARE(view.changedRowCount(), 0);
    }

    void driftFromGitHistory()
    {
        // a Flyway migration committed, applied (Flyway recorded its checksum), then edited and committed again
        QTemporaryDir repo;
        const auto git = [&](const QStringList &args, const QDateTime &when) {
            QProcess p;
            p.setWorkingDirectory(repo.path());
            auto env = QProcessEnvironment::systemEnvironment();
            for (const char *k : {"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"})
                env.insert(QString::fromLatin1(k), u"Test"_s);
            for (const char *k : {"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"})
                env.insert(QString::fromLatin1(k), u"test@example.com"_s);
            if (when.isValid())
                for (const char *k : {"GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"})
                    env.insert(QString::fromLatin1(k), when.toString(Qt::ISODate));
            p.setProcessEnvironment(env);
            p.start(u"git"_s, QStringList{u"-c"_s, u"commit.gpgsign=false"_s} + args);
            p.waitForFinished(30000);
            return p.readAllStandardOutput().trimmed();
        };
        const QString path = repo.filePath(u"V1__users.sql"_s);
        const auto write = [&](const QByteArray &bytes) {
            QFile f(path);
            if (f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                f.write(bytes);
        };
        const QByteArray applied = "CREATE TABLE users (id int);\nCREATE INDEX i ON users (id);\n";
        const QByteArray now = "CREATE TABLE users (id bigint);\nCREATE INDEX i ON users (id);\n";
        const QDateTime day1(QDate(2026, 1, 1), QTime(10, 0), QTimeZone::UTC);
        git({u"init"_s, u"-q"_s}, {});
        write(applied);
        git({u"add"_s, u"."_s}, {});
        git({u"commit"_s, u"-q"_s, u"-m"_s, u"users"_s}, day1);
        const QString first = QString::fromLatin1(git({u"rev-parse"_s, u"HEAD"_s}, {}));
        QCOMPARE(first.size(), 40);
        write(now);
        git({u"commit"_s, u"-q"_s, u"-a"_s, u"-m"_s, u"bigint"_s}, day1.addDays(1));

        DiffView view;
        view.show();
        QSignalSpy loaded(&view, &DiffView::driftLoaded);
        view.showDriftFromVersionControl(path, QString::fromUtf8(now), core::project::Format::Flyway,
                                         QString::number(core::project::flywayChecksum(applied)), {});
        QVERIFY(!view.hasAppliedText()); // looked up in the background
        QVERIFY(loaded.wait(20000));
        QVERIFY(view.hasAppliedText());
        QCOMPARE(view.leftPane()->toPlainText(), QString::fromUtf8(applied));
        QVERIFY2(view.appliedLabel().contains(u"from git commit "_s + first.left(7)), qPrintable(view.appliedLabel()));
        QVERIFY(view.appliedLabel().contains(u"matches the recorded checksum"_s));
        QCOMPARE(view.changedRowCount(), 1);
        QCOMPARE(view.rows().first().kind, Kind::Changed);

        // dbmate keeps no checksum: the last commit before the applied-at time, labelled as such
        view.showDriftFromVersionControl(path, QString::fromUtf8(now), core::project::Format::Dbmate, {},
                                         day1.addSecs(3600));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(view.leftPane()->toPlainText(), QString::fromUtf8(applied));
        QVERIFY2(view.appliedLabel().contains(u"records no checksum"_s), qPrintable(view.appliedLabel()));

        // outside a repository: the checksum mismatch, and no applied text
        QTemporaryDir outside;
        const QString lone = outside.filePath(u"V1__users.sql"_s);
        QFile f(lone);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(now);
        f.close();
        view.showDriftFromVersionControl(lone, QString::fromUtf8(now), core::project::Format::Flyway, u"12345"_s, {});
        QVERIFY(loaded.wait(20000));
        QVERIFY(!view.hasAppliedText());
        QVERIFY(view.leftPane()->toPlainText().isEmpty());
        QVERIFY2(view.summary().contains(u"no longer has the checksum recorded when it was applied (12345)"_s),
                 qPrintable(view.summary()));
    }
};

QTEST_MAIN(TestEditorParts)
#include "tst_editorparts.moc"
