// SPDX-License-Identifier: GPL-3.0-or-later
// Screenshots of the editor with warnings in the light and the dark theme, under <build>/screenshots/.
#include "widgets/editor/findingspanel.h"
#include "widgets/editor/migrationeditor.h"
#include "widgets/screenshot.h"

#include <QSignalSpy>
#include <QSplitter>
#include <QTest>
#include <QTextBlock>

#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace widgets::editor;

class TestEditorScreenshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void screenshot_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("dark");
        QTest::addColumn<QString>("name");
        QTest::newRow("light") << int(MigrationEditor::ThemeMode::Light) << false << u"editor-light.png"_s;
        QTest::newRow("dark") << int(MigrationEditor::ThemeMode::Dark) << true << u"editor-dark.png"_s;
    }

    void screenshot()
    {
        QFETCH(int, mode);
        QFETCH(bool, dark);
        QFETCH(QString, name);
        QSplitter window(Qt::Vertical);
        auto *editor = new MigrationEditor(&window);
        auto *panel = new FindingsPanel(&window);
        panel->setEditor(editor);
        window.resize(1000, 620);
        editor->setThemeMode(static_cast<MigrationEditor::ThemeMode>(mode));
        QCOMPARE(editor->isDarkTheme(), dark);
        editor->setAnalysisDelay(0);
        editor->setPlainText(u"-- Add an index and a constraint to users\n"
                             "CREATE INDEX idx_users_email ON users (email);\n"
                             "ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\n"
                             "CREATE FUNCTION touch() RETURNS trigger AS $$\n"
                             "BEGIN\n"
                             "  NEW.updated_at := now();\n"
                             "  RETURN NEW;\n"
                             "END;\n"
                             "$$ LANGUAGE plpgsql;\n"
                             "DROP TABLE legacy_sessions;\n"_s);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(editor->isAnalysisCurrent() && editor->findingsModel()->rowCount() > 0, 10000);
        QTextCursor c(editor->document()->findBlockByNumber(1));
        editor->setTextCursor(c);
        const QString path = QStringLiteral(MWB_BUILD_DIR) + u"/screenshots/"_s + name;
        auto image = widgets::saveScreenshot(&window, path);
        QVERIFY2(image, qPrintable(image ? QString() : image.error().detail));
        QVERIFY(widgets::hasDrawnContent(*image));
        // the editor's own pixels show text, and the background follows the theme
        const QImage editorImage = editor->viewport()->grab().toImage();
        QVERIFY(widgets::hasDrawnContent(editorImage));
        const QColor bg = editorImage.pixelColor(editorImage.width() - 5, editorImage.height() - 5);
        QCOMPARE(bg.lightness() < 128, dark);
        // a wavy underline in the warning colours is drawn under line 2
        const QRect line = editor->cursorRect(c);
        bool underline = false;
        const qreal dpr = editorImage.devicePixelRatio();
        for (int y = line.top(); y <= line.bottom() + 3 && !underline; ++y)
            for (int x = line.left(); x < line.left() + 200 && !underline; ++x) {
                const QColor px = editorImage.pixelColor(int(x * dpr), int(y * dpr));
                for (const auto sev : {core::sql::Severity::Error, core::sql::Severity::Warning}) {
                    const QColor want = MigrationEditor::severityColor(sev);
                    underline = underline
                        || std::abs(px.red() - want.red()) + std::abs(px.green() - want.green())
                                + std::abs(px.blue() - want.blue())
                            < 60;
                }
            }
        QVERIFY2(underline, "no underline drawn under the finding");
    }
};

QTEST_MAIN(TestEditorScreenshot)
#include "tst_editorscreenshot.moc"
