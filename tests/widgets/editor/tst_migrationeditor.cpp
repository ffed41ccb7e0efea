// SPDX-License-Identifier: GPL-3.0-or-later
// The migration editor through its real widgets: underlines, gutter markers, tooltips, findings panel,
// panel <-> cursor sync, quick fixes as one undo step, folding, find/replace, read-only applied migrations.
#include "widgets/editor/findbar.h"
#include "widgets/editor/findingpopup.h"
#include "widgets/editor/findingspanel.h"
#include "widgets/editor/migrationeditor.h"
#include "widgets/editor/textmapping.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QFile>
#include <QEnterEvent>
#include <QHelpEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QRegularExpression>
#include <QScrollBar>
#include <QToolTip>

#include "core/project/reader.h"

using namespace Qt::StringLiterals;
using namespace widgets::editor;

namespace {

// Line 1 has non-ASCII text so that byte offsets and UTF-16 positions differ.
const QString kMigration = u"-- créer l'index ✓ 😀\n"
                           u"CREATE INDEX idx_users_email ON users (email);\n"
                           u"CREATE FUNCTION f() RETURNS int AS $$\n"
                           u"BEGIN\n"
                           u"  RETURN 1;\n"
                           u"END;\n"
                           u"$$ LANGUAGE plpgsql;\n"_s;
const QString kIndexStatement = u"CREATE INDEX idx_users_email ON users (email)"_s;

int rowOf(const MigrationEditor &editor, const QString &rule)
{
    const auto &findings = editor.findingsModel()->findings();
    for (int i = 0; i < findings.size(); ++i)
        if (findings.at(i).finding.rule == rule)
            return i;
    return -1;
}

} // namespace

class TestMigrationEditor : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MigrationEditor> makeEditor(const QString &text)
    {
        auto editor = std::make_unique<MigrationEditor>();
        editor->resize(900, 400);
        editor->setAnalysisDelay(0);
        editor->show();
        QSignalSpy updated(editor.get(), &MigrationEditor::analysisUpdated);
        editor->setPlainText(text);
        if (!QTest::qWaitFor([&] { return editor->isAnalysisCurrent() && updated.count() > 0; }, 10000))
            qWarning("analysis did not finish");
        return editor;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void underlinesAtExactSpans()
    {
        auto editor = makeEditor(kMigration);
        QVERIFY(editor->isAnalysisCurrent());
        const int start = int(kMigration.indexOf(kIndexStatement));
        const int end = start + int(kIndexStatement.size());
        const int concurrent = rowOf(*editor, u"require-concurrent-index-creation"_s);
        const int lockTimeout = rowOf(*editor, u"require-lock-timeout"_s);
        QVERIFY(concurrent >= 0);
        QVERIFY(lockTimeout >= 0);

        const auto selections = editor->findingSelections();
        QCOMPARE(selections.size(), editor->findingsModel()->rowCount());
        const auto &sel = selections.at(concurrent);
        QCOMPARE(sel.cursor.selectionStart(), start);
        QCOMPARE(sel.cursor.selectionEnd(), end);
        QCOMPARE(sel.format.underlineStyle(), QTextCharFormat::WaveUnderline);
        QCOMPARE(sel.format.underlineColor(), MigrationEditor::severityColor(core::sql::Severity::Error));
        QCOMPARE(selections.at(lockTimeout).format.underlineColor(),
                 MigrationEditor::severityColor(core::sql::Severity::Warning));

        // the editor really carries them as extra selections
        int wavy = 0;
        for (const auto &s : editor->extraSelections())
            if (s.format.underlineStyle() == QTextCharFormat::WaveUnderline) {
                ++wavy;
                QCOMPARE(s.cursor.selectionStart(), start);
            }
        QCOMPARE(wavy, selections.size());
    }

    void gutterMarkers()
    {
        auto editor = makeEditor(kMigration);
        const auto markers = editor->markerLines();
        QVERIFY(markers.contains(1)); // block 1 = line 2
        QVERIFY(!markers.contains(0)); // the comment line
        QCOMPARE(markers.value(1), core::sql::Severity::Error); // the highest severity on the line
        // the marker is drawn: the gutter's pixels on line 2 contain the error colour
        const QImage image = editor->gutter()->grab().toImage();
        const QRect line2 = editor->cursorRect(QTextCursor(editor->document()->findBlockByNumber(1)));
        const QColor error = MigrationEditor::severityColor(core::sql::Severity::Error);
        bool found = false;
        for (int y = line2.top(); y <= line2.bottom() && !found; ++y)
            for (int x = 0; x < 14 && !found; ++x)
                found = QColor(image.pixel(x * image.devicePixelRatio(), y * image.devicePixelRatio())) == error;
        QVERIFY2(found, "no error marker drawn on line 2");
    }

    void hoverCardText()
    {
        auto editor = makeEditor(kMigration);
        const int start = int(kMigration.indexOf(kIndexStatement));
        QTextCursor c(editor->document());
        c.setPosition(start + 5);
        const QPoint pos = editor->cursorRect(c).center();
        QHelpEvent help(QEvent::ToolTip, pos, editor->viewport()->mapToGlobal(pos));
        QApplication::sendEvent(editor->viewport(), &help);
        const QString tip = editor->lastToolTip();
        QVERIFY2(tip.contains(u"use CREATE INDEX CONCURRENTLY"_s), qPrintable(tip));
        QVERIFY(tip.contains(u"Lock: <b>SHARE</b>"_s));
        QVERIFY2(tip.contains(u"blocks"_s), qPrintable(tip)); // what the lock blocks
        QVERIFY(tip.contains(u"docs/rules/require-concurrent-index-creation.md"_s));
        // the hover shows the clickable card (not a QToolTip) with that text and the quick fixes as buttons
        FindingPopup *popup = editor->findingPopup();
        QVERIFY(popup->isVisible());
        QVERIFY(!QToolTip::isVisible());
        QCOMPARE(popup->text(), tip);
        QVERIFY(popup->windowFlags().testFlag(Qt::ToolTip));
        QVERIFY(popup->testAttribute(Qt::WA_ShowWithoutActivating));
        QVERIFY(popup->findChild<QPushButton *>(u"quickFix-fix"_s));
        QVERIFY(popup->findChild<QPushButton *>(u"quickFix-lock-timeout"_s));
        // the pointer leaving the text: hidden after a grace period, unless it enters the card meanwhile
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(editor->viewport(), &leave);
        QVERIFY(popup->isVisible());
        QVERIFY(popup->isHidePending());
        QEnterEvent enter(QPointF(2, 2), QPointF(2, 2), popup->mapToGlobal(QPointF(2, 2)));
        QApplication::sendEvent(popup, &enter);
        QVERIFY(!popup->isHidePending()); // the card stays while the pointer is on it
        QApplication::sendEvent(popup, &leave);
        QVERIFY(popup->isHidePending());
        QTRY_VERIFY_WITH_TIMEOUT(!popup->isVisible(), 5000);
        QApplication::sendEvent(editor->viewport(), &help);
        QVERIFY(popup->isVisible());
        // typing hides it, and the key still reaches the text
        QTest::keyClick(editor.get(), Qt::Key_End);
        QVERIFY(!popup->isVisible());

        // over a line without findings: no card
        QApplication::sendEvent(editor->viewport(), &help);
        QVERIFY(popup->isVisible());
        QTextCursor c2(editor->document()->findBlockByNumber(4));
        const QPoint pos2 = editor->cursorRect(c2).center();
        QHelpEvent help2(QEvent::ToolTip, pos2, editor->viewport()->mapToGlobal(pos2));
        QApplication::sendEvent(editor->viewport(), &help2);
        QVERIFY(editor->lastToolTip().isEmpty());
        QVERIFY(!popup->isVisible());

        // the gutter marker of line 2 shows the same card (after enough lines to scroll)
        QTextCursor end(editor->document());
        end.movePosition(QTextCursor::End);
        end.insertText(u"-- filler\n"_s.repeated(200));
        QHelpEvent gutterHelp(QEvent::ToolTip, QPoint(4, pos.y()), editor->gutter()->mapToGlobal(QPoint(4, pos.y())));
        QApplication::sendEvent(editor->gutter(), &gutterHelp);
        QVERIFY(popup->isVisible());
        QVERIFY(popup->text().contains(u"require-concurrent-index-creation"_s));
        // scrolling hides it
        QVERIFY(editor->verticalScrollBar()->maximum() > 0);
        editor->verticalScrollBar()->setValue(editor->verticalScrollBar()->value() + 1);
        QVERIFY(!popup->isVisible());
    }

    void quickFixFromHoverCard()
    {
        auto editor = makeEditor(kMigration);
        QTextCursor c(editor->document());
        c.setPosition(int(kMigration.indexOf(kIndexStatement)) + 5);
        const QPoint pos = editor->cursorRect(c).center();
        QVERIFY(editor->showFindingPopup(c.position(), editor->viewport()->mapToGlobal(pos)));
        auto *fix = editor->findingPopup()->findChild<QPushButton *>(u"quickFix-fix"_s);
        QVERIFY(fix);
        QVERIFY2(fix->text().contains(u"require-concurrent-index-creation"_s), qPrintable(fix->text()));
        QTest::mouseClick(fix, Qt::LeftButton);
        QVERIFY(!editor->findingPopup()->isVisible());
        QVERIFY2(editor->toPlainText().contains(u"\nCREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n"_s),
                 qPrintable(editor->toPlainText()));
        QCOMPARE(editor->toPlainText().size(), kMigration.size() + u"CONCURRENTLY "_s.size());
        editor->undo();
        QCOMPARE(editor->toPlainText(), kMigration);
        QVERIFY(!editor->document()->isUndoAvailable());

        // the editor-side fix from the card: SET lock_timeout before the statement, one undo step
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent(), 10000);
        QVERIFY(editor->showFindingPopup(c.position(), editor->viewport()->mapToGlobal(pos)));
        auto *lockTimeout = editor->findingPopup()->findChild<QPushButton *>(u"quickFix-lock-timeout"_s);
        QVERIFY(lockTimeout);
        QTest::mouseClick(lockTimeout, Qt::LeftButton);
        QString expected = kMigration;
        expected.insert(kMigration.indexOf(kIndexStatement), u"SET lock_timeout = '3s';\n"_s);
        QCOMPARE(editor->toPlainText(), expected);
        editor->undo();
        QCOMPARE(editor->toPlainText(), kMigration);
    }

    void moveToOwnNonTransactionalMigration()
    {
        // a dbmate project: the second migration runs in a transaction and builds an index concurrently
        QTemporaryDir dir;
        const QString users = dir.filePath(u"20260101000000_users.sql"_s);
        const QString index = dir.filePath(u"20260102000000_email.sql"_s);
        const QString indexText = u"-- migrate:up\n"
                                  u"ALTER TABLE users ADD COLUMN email text;\n"
                                  u"CREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n"
                                  u"\n"
                                  u"-- migrate:down\n"
                                  u"ALTER TABLE users DROP COLUMN email;\n"_s;
        for (const auto &[path, text] : {std::pair{users, u"-- migrate:up\nCREATE TABLE users (id bigint PRIMARY KEY);\n\n"
                                                           u"-- migrate:down\nDROP TABLE users;\n"_s},
                                         std::pair{index, indexText}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text.toUtf8());
        }
        MigrationEditor editor;
        editor.resize(900, 400);
        editor.setAnalysisDelay(0);
        editor.show();
        core::sql::AnalysisContext context;
        context.wrappedInTransaction = true; // what the project reader says about this dbmate file
        editor.setAnalysisContext(context);
        editor.setProjectContext(dir.path(), core::project::Format::Dbmate);
        QVERIFY(editor.openFile(index));
        QTRY_VERIFY_WITH_TIMEOUT(editor.isAnalysisCurrent() && rowOf(editor, u"ban-concurrently-in-transaction"_s) >= 0, 10000);
        const int row = rowOf(editor, u"ban-concurrently-in-transaction"_s);
        QVERIFY(editor.canMoveToOwnMigration(row));
        QVERIFY(!editor.canMoveToOwnMigration(rowOf(editor, u"require-lock-timeout"_s)));

        // through the hover card, as a user does
        QTextCursor c(editor.document());
        c.setPosition(int(indexText.indexOf(u"idx_users_email"_s)));
        const QPoint pos = editor.cursorRect(c).center();
        QVERIFY(editor.showFindingPopup(c.position(), editor.viewport()->mapToGlobal(pos)));
        auto *move = editor.findingPopup()->findChild<QPushButton *>(u"quickFix-move-nontransactional"_s);
        QVERIFY(move);
        QSignalSpy created(&editor, &MigrationEditor::migrationCreated);
        QTest::mouseClick(move, Qt::LeftButton);
        QCOMPARE(created.count(), 1);
        const QStringList files = created.first().at(0).toStringList();
        QCOMPARE(files.size(), 1);
        const QString name = QFileInfo(files.first()).fileName();
        QVERIFY2(QRegularExpression(u"^\\d{14}_create_index_idx_users_email\\.sql$"_s).match(name).hasMatch(), qPrintable(name));
        QFile f(files.first());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(f.readAll()),
                 u"-- migrate:up transaction:false\n"
                 u"CREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n"
                 u"\n"
                 u"-- migrate:down transaction:false\n"
                 u"DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;\n"_s);
        // this document lost the statement (its whole line), as one undo step
        const QString without = u"-- migrate:up\n"
                                u"ALTER TABLE users ADD COLUMN email text;\n"
                                u"\n"
                                u"-- migrate:down\n"
                                u"ALTER TABLE users DROP COLUMN email;\n"_s;
        QCOMPARE(editor.toPlainText(), without);
        QVERIFY(editor.bannerText().contains(name));
        editor.undo();
        QCOMPARE(editor.toPlainText(), indexText);
        editor.redo();
        QCOMPARE(editor.toPlainText(), without);
        QVERIFY(editor.saveFile());
        // dbmate reads the folder back: three migrations, the new one last and without a transaction
        const auto project = core::project::readProject(dir.path(), core::project::Format::Dbmate);
        QVERIFY(project);
        QCOMPARE(project->migrations.size(), 3);
        QCOMPARE(project->migrations.at(1).upSql.contains(u"CONCURRENTLY"_s), false);
        QVERIFY(!project->migrations.last().transactional);
        QCOMPARE(QFileInfo(project->migrations.last().upPath).fileName(), name);

        // Drizzle runs every migration in a transaction: no such fix is offered
        editor.setProjectContext(dir.path(), core::project::Format::Drizzle);
        editor.undo(); // the statement is back
        editor.analyzeNow();
        QVERIFY(!editor.canMoveToOwnMigration(rowOf(editor, u"ban-concurrently-in-transaction"_s)));
    }

    void golangMigrateImplicitTransactionOffersMove()
    {
        // golang-migrate sends the file as one simple query: PostgreSQL wraps a file of more than one statement in
        // an implicit transaction, so CONCURRENTLY fails there, and runs a file of one statement as it is
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QDir dir(tmp.path());
        const QString two = u"CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n"
                            u"CREATE INDEX CONCURRENTLY notes_body_idx ON notes (body);\n"_s;
        const QString one = u"-- alone\nCREATE INDEX CONCURRENTLY IF NOT EXISTS notes_id_idx ON notes (id, body);\n;\n"_s;
        for (const auto &[name, text] : {std::pair{u"000001_notes.up.sql"_s, two}, std::pair{u"000001_notes.down.sql"_s, u"DROP TABLE notes;\n"_s},
                                         std::pair{u"000002_index.up.sql"_s, one},
                                         std::pair{u"000002_index.down.sql"_s, u"DROP INDEX CONCURRENTLY IF EXISTS notes_id_idx;\n"_s}}) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text.toUtf8());
        }
        const auto project = core::project::readProject(dir.path(), core::project::Format::GolangMigrate);
        QVERIFY(project);
        QCOMPARE(project->migrations.size(), 2);
        const auto pg = core::sql::SqlDialect::PostgreSQL;
        QVERIFY(!project->migrations.at(0).transactional); // golang-migrate itself opens no transaction
        QVERIFY(core::project::runsInTransaction(project->migrations.at(0), true, pg));
        QVERIFY(!core::project::runsInTransaction(project->migrations.at(0), false, pg));
        QVERIFY(!core::project::runsInTransaction(project->migrations.at(1), true, pg)); // one statement, a lone ';'
        QVERIFY(!core::project::runsInTransaction(project->migrations.at(0), true, core::sql::SqlDialect::MySQL));

        for (int i = 0; i < 2; ++i) {
            const core::project::Migration &m = project->migrations.at(i);
            MigrationEditor editor;
            editor.resize(900, 400);
            editor.setAnalysisDelay(0);
            editor.show();
            core::sql::AnalysisContext context;
            context.wrappedInTransaction = core::project::runsInTransaction(m, true, pg);
            editor.setAnalysisContext(context);
            editor.setProjectContext(dir.path(), core::project::Format::GolangMigrate);
            QVERIFY(editor.openFile(m.upPath));
            QTRY_VERIFY_WITH_TIMEOUT(editor.isAnalysisCurrent(), 10000);
            const int row = rowOf(editor, u"ban-concurrently-in-transaction"_s);
            if (i == 0) {
                QVERIFY(row >= 0);
                QVERIFY(editor.canMoveToOwnMigration(row));
                bool offered = false;
                for (const auto &fix : editor.quickFixesFor(row))
                    offered = offered || fix.id == u"move-nontransactional"_s;
                QVERIFY(offered);
            } else {
                QCOMPARE(row, -1);
            }
        }
    }

    void dbmateBothDirections()
    {
        // the down part drops what the up part creates
        const QString text = u"-- migrate:up\n"
                             u"CREATE TABLE p (id bigint PRIMARY KEY, n int);\n"
                             u"CREATE TABLE r (id bigint PRIMARY KEY, p_id bigint REFERENCES p (id));\n"
                             u"CREATE INDEX r_p_idx ON r (p_id);\n"
                             u"ALTER TABLE p ADD COLUMN note text NOT NULL;\n"
                             u"\n"
                             u"-- migrate:down\n"
                             u"DROP INDEX r_p_idx;\n"
                             u"ALTER TABLE p DROP COLUMN note;\n"
                             u"DROP TABLE r;\n"
                             u"DROP TABLE p;\n"_s;
        // analysed as one script, the down part's DROP INDEX hides the up part's index: a false finding
        const auto whole = core::sql::analyze(text.toUtf8(), core::sql::AnalysisContext{});
        QVERIFY(std::ranges::any_of(whole.findings, [](const auto &f) { return f.rule == u"foreign-key-without-index"_s; }));

        const auto summary = [](const MigrationEditor &e) {
            QStringList out;
            for (const auto &ef : e.findingsModel()->findings())
                out << u"%1 %2 %3"_s.arg(ef.finding.start.line).arg(ef.finding.rule).arg(core::sql::severityName(ef.finding.severity));
            return out;
        };
        auto editor = makeEditor(text);
        QStringList found = summary(*editor);
        QVERIFY2(!found.join(u'\n').contains(u"foreign-key-without-index"_s), qPrintable(found.join(u'\n')));
        // the down part starts from the up part's schema: its plain DROP INDEX of the up part's index is seen
        QVERIFY2(found.contains(u"8 require-concurrent-index-deletion error"_s), qPrintable(found.join(u'\n')));
        // and its compatibility findings are informational
        QVERIFY2(found.contains(u"9 ban-drop-column info"_s), qPrintable(found.join(u'\n')));
        QVERIFY2(found.contains(u"10 ban-drop-table info"_s), qPrintable(found.join(u'\n')));
        QVERIFY2(found.contains(u"11 ban-drop-table info"_s), qPrintable(found.join(u'\n')));
        // positions stay exact in the whole document
        const int row = rowOf(*editor, u"require-concurrent-index-deletion"_s);
        QCOMPARE(editor->findingsModel()->findings().at(row).position, text.indexOf(u"DROP INDEX r_p_idx"_s));

        // typing in the up part keeps the split
        QTextCursor c(editor->document()->findBlockByNumber(1));
        editor->setTextCursor(c);
        QTest::keyClicks(editor.get(), u"-- x"_s);
        editor->insertPlainText(u"é"_s); // non-ASCII: byte offsets and UTF-16 positions differ from here on
        QTest::keyClick(editor.get(), Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent(), 10000);
        found = summary(*editor);
        QVERIFY2(!found.join(u'\n').contains(u"foreign-key-without-index"_s), qPrintable(found.join(u'\n')));
        QVERIFY2(found.contains(u"9 require-concurrent-index-deletion error"_s), qPrintable(found.join(u'\n')));

        // without the down marker it is one script again, analysed incrementally like any other file
        QTextCursor marker(editor->document()->findBlockByNumber(7));
        QCOMPARE(marker.block().text(), u"-- migrate:down"_s);
        marker.select(QTextCursor::LineUnderCursor);
        marker.removeSelectedText();
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent(), 10000);
        QStringList expected;
        for (const auto &f : core::sql::analyze(editor->toPlainText().toUtf8(), core::sql::AnalysisContext{}).findings)
            expected << u"%1 %2 %3"_s.arg(f.start.line).arg(f.rule).arg(core::sql::severityName(f.severity));
        QCOMPARE(summary(*editor), expected);
        QVERIFY(expected.join(u'\n').contains(u"foreign-key-without-index"_s));

        // typing the marker again (one key at a time) splits the file again
        QTextCursor empty(editor->document()->findBlockByNumber(7));
        QVERIFY(empty.block().text().isEmpty());
        editor->setTextCursor(empty);
        QTest::keyClicks(editor.get(), u"-- migrate:down"_s);
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent(), 10000);
        found = summary(*editor);
        QVERIFY2(!found.join(u'\n').contains(u"foreign-key-without-index"_s), qPrintable(found.join(u'\n')));
        QVERIFY2(found.contains(u"9 require-concurrent-index-deletion error"_s), qPrintable(found.join(u'\n')));
    }

    void dbmateDownPartTransaction()
    {
        // dbmate runs each part in a transaction unless its own marker says otherwise: the up part here runs
        // without one (what the project reader tells the editor), the down part still in one
        const QString text = u"-- migrate:up transaction:false\n"
                             u"CREATE INDEX CONCURRENTLY p_n_idx ON p (n);\n"
                             u"\n"
                             u"-- migrate:down\n"
                             u"DROP INDEX CONCURRENTLY p_n_idx;\n"_s;
        auto editor = std::make_unique<MigrationEditor>();
        editor->setAnalysisDelay(0);
        core::sql::AnalysisContext context;
        context.wrappedInTransaction = false;
        editor->setAnalysisContext(context);
        editor->setPlainText(text);
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent() && editor->analyzedRevision() > 0, 10000);
        QStringList lines;
        for (const auto &ef : editor->findingsModel()->findings())
            if (ef.finding.rule == u"ban-concurrently-in-transaction"_s)
                lines << QString::number(ef.finding.start.line);
        QCOMPARE(lines, QStringList{u"5"_s});
        // with `transaction:false` on the down marker too, neither part is flagged
        QTextCursor c(editor->document()->findBlockByNumber(3));
        c.movePosition(QTextCursor::EndOfBlock);
        c.insertText(u" transaction:false"_s);
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent(), 10000);
        QCOMPARE(rowOf(*editor, u"ban-concurrently-in-transaction"_s), -1);
    }

    void findingsPanelRowsAndSync()
    {
        auto editor = makeEditor(kMigration);
        FindingsPanel panel;
        QAbstractItemModelTester tester(editor->findingsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        panel.setEditor(editor.get());
        panel.show();
        const auto *model = panel.model();
        QCOMPARE(model->rowCount(), editor->findingsModel()->findings().size());
        QVERIFY(model->rowCount() >= 2);
        const int concurrent = rowOf(*editor, u"require-concurrent-index-creation"_s);
        QCOMPARE(model->index(concurrent, models::editor::FindingsModel::RuleColumn).data().toString(),
                 u"require-concurrent-index-creation"_s);
        QCOMPARE(model->index(concurrent, models::editor::FindingsModel::LineColumn).data().toString(), u"2:1"_s);
        QCOMPARE(model->index(concurrent, models::editor::FindingsModel::SeverityColumn).data().toString(), u"error"_s);

        // panel -> cursor
        editor->moveCursor(QTextCursor::End);
        panel.setCurrentIndex(model->index(concurrent, 0));
        QCOMPARE(editor->textCursor().position(), int(kMigration.indexOf(kIndexStatement)));

        // cursor -> panel
        panel.clearSelection();
        QTextCursor away(editor->document()->findBlockByNumber(4));
        editor->setTextCursor(away);
        QCOMPARE(panel.selectionModel()->selectedRows().size(), 0);
        QTextCursor onIt(editor->document());
        onIt.setPosition(int(kMigration.indexOf(u"users (email)"_s)));
        editor->setTextCursor(onIt);
        QCOMPARE(panel.selectionModel()->selectedRows().size(), 1);
        QCOMPARE(panel.currentRow(), editor->findingsModel()->rowAtPosition(onIt.position()));

        // the panel takes the editor's colours, also when the editor's theme is switched by hand
        editor->setThemeMode(MigrationEditor::ThemeMode::Dark);
        QCOMPARE(panel.palette().color(QPalette::Base), editor->palette().color(QPalette::Base));
        QVERIFY(panel.palette().color(QPalette::Base).lightnessF() < 0.5);
        QCOMPARE(panel.palette().color(QPalette::Text), editor->palette().color(QPalette::Text));
        editor->setThemeMode(MigrationEditor::ThemeMode::Light);
        QCOMPARE(panel.palette().color(QPalette::Base), editor->palette().color(QPalette::Base));
        QVERIFY(panel.palette().color(QPalette::Base).lightnessF() > 0.5);
    }

    void quickFixIsOneUndoStep()
    {
        auto editor = makeEditor(kMigration);
        const int row = rowOf(*editor, u"require-concurrent-index-creation"_s);
        QVERIFY(row >= 0);
        QVERIFY(editor->findingsModel()->findings().at(row).finding.fix.has_value());
        QVERIFY(editor->applyFix(row));
        QVERIFY2(editor->toPlainText().contains(u"\nCREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n"_s),
                 qPrintable(editor->toPlainText()));
        QCOMPARE(editor->toPlainText().size(), kMigration.size() + u"CONCURRENTLY "_s.size());
        editor->undo();
        QCOMPARE(editor->toPlainText(), kMigration);
        QVERIFY(!editor->document()->isUndoAvailable());
    }

    void quickFixWithCtrlPeriod()
    {
        auto editor = makeEditor(kMigration);
        QTextCursor c(editor->document());
        c.setPosition(int(kMigration.indexOf(u"INDEX idx"_s)));
        editor->setTextCursor(c);
        editor->setFocus();
        QTest::keyClick(editor.get(), Qt::Key_Period, Qt::ControlModifier);
        // the first finding at the cursor that has a mechanical fix is applied
        QVERIFY(editor->toPlainText() != kMigration);
        QVERIFY(editor->document()->isUndoAvailable());
        editor->undo();
        QCOMPARE(editor->toPlainText(), kMigration);
    }

    void editorSideFixes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("inserted");
        QTest::newRow("lock timeout") << 0 << u"SET lock_timeout = '3s';\n"_s;
        QTest::newRow("ignore") << 1 << u"-- mwb:ignore require-lock-timeout -- reviewed, table is tiny\n"_s;
    }

    void editorSideFixes()
    {
        QFETCH(int, kind);
        QFETCH(QString, inserted);
        auto editor = makeEditor(kMigration);
        const int row = rowOf(*editor, u"require-lock-timeout"_s);
        QVERIFY(row >= 0);
        QVERIFY(kind == 0 ? editor->prependLockTimeout(row)
                          : editor->insertIgnoreComment(row, u"reviewed, table is tiny"_s));
        QString expected = kMigration;
        expected.insert(kMigration.indexOf(kIndexStatement), inserted);
        QCOMPARE(editor->toPlainText(), expected);
        // the analyzer sees the change: the finding is gone
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent(), 10000);
        QCOMPARE(rowOf(*editor, u"require-lock-timeout"_s), -1);
        editor->undo();
        QCOMPARE(editor->toPlainText(), kMigration);
    }

    void staleResultsAreDropped()
    {
        auto editor = makeEditor(kMigration);
        editor->setAnalysisDelay(0);
        QSignalSpy updated(editor.get(), &MigrationEditor::analysisUpdated);
        // several edits in a row: only a result for the final revision is shown
        QTextCursor c(editor->document());
        c.movePosition(QTextCursor::End);
        for (int i = 0; i < 5; ++i)
            c.insertText(u"-- edit\n"_s);
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent(), 10000);
        for (const auto &args : std::as_const(updated))
            QVERIFY(args.at(0).toULongLong() <= editor->revision());
        QCOMPARE(updated.last().at(0).toULongLong(), editor->revision());
    }

    void folding()
    {
        auto editor = makeEditor(kMigration);
        const auto folds = editor->foldRanges();
        // the CREATE FUNCTION statement (lines 3-7, blocks 2..6) and its dollar-quoted body (from block 3)
        QVERIFY(folds.contains(FoldRange{2, 6}));
        QVERIFY(editor->toggleFold(2));
        for (int b = 3; b <= 6; ++b)
            QVERIFY(!editor->document()->findBlockByNumber(b).isVisible());
        QVERIFY(editor->document()->findBlockByNumber(2).isVisible());
        QVERIFY(editor->toggleFold(2));
        QVERIFY(editor->document()->findBlockByNumber(4).isVisible());
        QVERIFY(!editor->toggleFold(0)); // a one-line statement is not foldable

        // fold ranges and markers move with the text at once, before the next analysis
        editor->setAnalysisDelay(60000);
        QVERIFY(editor->toggleFold(2));
        QTextCursor top(editor->document());
        top.insertText(u"-- one\n-- two\n"_s);
        QVERIFY(editor->foldRanges().contains(FoldRange{4, 8}));
        QVERIFY(!editor->foldRanges().contains(FoldRange{2, 6}));
        QVERIFY(editor->isFolded(4));
        QVERIFY(editor->markerLines().contains(3));
        QVERIFY(!editor->markerLines().contains(1));
        // a line break typed at the start of the statement's first line pushes the range down
        QTextCursor at(editor->document()->findBlockByNumber(4));
        at.insertText(u"\n"_s);
        QVERIFY(editor->foldRanges().contains(FoldRange{5, 9}));
        // removing lines above moves it up again
        QTextCursor remove(editor->document());
        remove.movePosition(QTextCursor::Down, QTextCursor::KeepAnchor, 3);
        remove.removeSelectedText();
        const auto shifted = editor->foldRanges();
        QVERIFY(shifted.contains(FoldRange{2, 6}));
        // and they are what the next analysis finds
        editor->analyzeNow();
        QCOMPARE(editor->foldRanges(), shifted);
        QVERIFY(editor->isFolded(2));
    }

    void findAndReplaceWithRegex()
    {
        auto editor = makeEditor(kMigration);
        FindBar *bar = editor->findBar();
        editor->showFindBar();
        QVERIFY(!bar->isHidden());
        bar->setRegularExpression(true);
        bar->setPattern(u"idx_(\\w+)_email"_s);
        QVERIFY(editor->findNext());
        QCOMPARE(editor->textCursor().selectedText(), u"idx_users_email"_s);
        bar->setReplacement(u"ix_\\1_mail"_s);
        QCOMPARE(editor->replaceAll(), 1);
        QVERIFY(editor->toPlainText().contains(u"ix_users_mail ON"_s));
        editor->undo();
        QCOMPARE(editor->toPlainText(), kMigration);
        bar->setPattern(u"(unclosed"_s);
        QVERIFY(!editor->findNext());
    }

    void goToLineAndZoom()
    {
        auto editor = makeEditor(kMigration);
        editor->goToLine(5);
        QCOMPARE(editor->textCursor().blockNumber(), 4);
        const qreal size = editor->font().pointSizeF();
        editor->zoomInText();
        QVERIFY(editor->font().pointSizeF() > size);
        editor->resetZoom();
        QCOMPARE(editor->font().pointSizeF(), size);
    }

    void dialectChoosesDefinition()
    {
        MigrationEditor editor;
        QCOMPARE(editor.definitionName(), u"SQL (PostgreSQL)"_s);
        editor.setDialect(core::sql::SqlDialect::MySQL);
        QCOMPARE(editor.definitionName(), u"SQL (MySQL)"_s);
    }

    void appliedMigrationIsReadOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"V1__index.sql"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kMigration.toUtf8());
        f.close();
        MigrationEditor editor;
        editor.show();
        QVERIFY(editor.openFile(path, true));
        QVERIFY(editor.isReadOnly());
        QVERIFY(editor.bannerText().contains(u"immutable"_s));
        QSignalSpy create(&editor, &MigrationEditor::createNewMigrationRequested);
        auto *button = editor.banner()->findChild<QPushButton *>(u"createNewMigration"_s);
        QVERIFY(button);
        button->click();
        QCOMPARE(create.count(), 1);
        QCOMPARE(create.first().at(0).toString(), QFileInfo(path).absoluteFilePath());
        QVERIFY(!editor.saveFile());
        QTest::keyClicks(&editor, u"x"_s);
        QCOMPARE(editor.toPlainText(), kMigration);
    }

    void saveAndInvalidUtf8()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"m.sql"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("SELECT 1;\n");
        f.close();
        MigrationEditor editor;
        QVERIFY(editor.openFile(path));
        editor.moveCursor(QTextCursor::End);
        editor.insertPlainText(u"SELECT 'é';\n"_s);
        QVERIFY(editor.saveFile());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("SELECT 1;\nSELECT '\xc3\xa9';\n"));
        f.close();

        const QString bad = dir.filePath(u"bad.sql"_s);
        QFile b(bad);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("SELECT '\xff\xfe';\n");
        b.close();
        QVERIFY(editor.openFile(bad));
        QVERIFY(editor.isReadOnly());
        QVERIFY(!editor.bannerText().isEmpty());
        QVERIFY(!editor.openFile(dir.filePath(u"missing.sql"_s)));
    }
};

QTEST_MAIN(TestMigrationEditor)
#include "tst_migrationeditor.moc"
