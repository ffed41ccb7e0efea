// SPDX-License-Identifier: GPL-3.0-or-later
// Crash recovery: a helper process edits a file, autosaves, and is killed with SIGKILL; a new editor opening
// the same file offers the unsaved edits back intact.
#include "widgets/editor/migrationeditor.h"
#include "widgets/editor/recoverystore.h"

#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace widgets::editor;

class TestEditorRecovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void killedEditorOffersEditsBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"V2__users.sql"_s);
        const QByteArray original = "CREATE TABLE users (id bigint PRIMARY KEY);\n";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(original);
        f.close();
        const QString typed = u"ALTER TABLE users ADD COLUMN email text; -- unsaved"_s;
        const QString recoveryDir = dir.filePath(u"recovery"_s);

        QProcess helper;
        helper.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        helper.start(QStringLiteral(MWB_BIN_DIR) + u"/editor_crash_helper"_s, {path, recoveryDir, typed});
        QVERIFY2(helper.waitForStarted(), qPrintable(helper.errorString()));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += helper.readAllStandardOutput()).contains("autosaved"), 30000);
        helper.kill(); // SIGKILL: no chance to clean up
        QVERIFY(helper.waitForFinished());
        QCOMPARE(helper.exitStatus(), QProcess::CrashExit);

        // the file itself is untouched
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), original);
        f.close();

        RecoveryStore store(recoveryDir);
        MigrationEditor editor;
        editor.setRecoveryStore(&store);
        QVERIFY(editor.openFile(path));
        QVERIFY(editor.hasRecovery());
        const QString expected = QString::fromUtf8(original) + typed;
        QCOMPARE(editor.recoveredText(), expected);
        QVERIFY(editor.bannerText().contains(u"recovered"_s));
        QCOMPARE(editor.toPlainText(), QString::fromUtf8(original)); // offered, not forced
        editor.banner()->findChild<QPushButton *>(u"restoreRecovery"_s)->click();
        QCOMPARE(editor.toPlainText(), expected);
        QVERIFY(editor.document()->isModified());
        QVERIFY(editor.bannerText().isEmpty());
        // saving writes the recovered edits and removes the recovery file
        QVERIFY(editor.saveFile());
        QVERIFY(!QFile::exists(store.recoveryPathFor(path)));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()), expected);
    }

    void discardRemovesRecovery()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"m.sql"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("SELECT 1;\n");
        f.close();
        RecoveryStore store(dir.filePath(u"recovery"_s));
        QVERIFY(store.save(path, u"SELECT 2;\n"_s));
        MigrationEditor editor;
        editor.setRecoveryStore(&store);
        QVERIFY(editor.openFile(path));
        QVERIFY(editor.hasRecovery());
        editor.banner()->findChild<QPushButton *>(u"discardRecovery"_s)->click();
        QVERIFY(!editor.hasRecovery());
        QVERIFY(!QFile::exists(store.recoveryPathFor(path)));
        QCOMPARE(editor.toPlainText(), u"SELECT 1;\n"_s);
    }
};

QTEST_MAIN(TestEditorRecovery)
#include "tst_editorrecovery.moc"
