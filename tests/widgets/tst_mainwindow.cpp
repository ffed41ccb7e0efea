// SPDX-License-Identifier: GPL-3.0-or-later
// GUI: drives the real main window offscreen.
#include "widgets/aboutdialog.h"
#include "widgets/mainwindow.h"
#include "widgets/screenshot.h"
#include "widgets/sqlview.h"

#include "models/versionsmodel.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTest>
#include <QTextBrowser>

using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT
    QTemporaryDir m_settings;
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // the window keeps its layout and recent projects in QSettings: never in the user's own
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCOMPARE(QGuiApplication::platformName(), u"offscreen"_s);
    }

    void menus()
    {
        widgets::MainWindow window;
        QStringList titles;
        const auto actions = window.menuBar()->actions();
        for (const QAction *a : actions)
            titles.append(a->text());
        QCOMPARE(titles, (QStringList{u"&File"_s, u"&View"_s, u"&Migrate"_s, u"&Help"_s}));
        QVERIFY(window.findChild<QAction *>(u"actionAbout"_s));
        QVERIFY(window.findChild<QAction *>(u"actionQuit"_s));
        QVERIFY(window.findChild<QAction *>(u"actionOpenSqlFile"_s));
        QVERIFY(window.findChild<QAction *>(u"actionOpenProject"_s));
        QVERIFY(window.findChild<QAction *>(u"actionApply"_s));
    }

    void helpShowsTheUserGuideAndRulePages()
    {
        qunsetenv("MWB_DOCS_DIR"); // a build tree: the checkout's docs/
        widgets::MainWindow window;
        auto *guide = window.findChild<QAction *>(u"actionUserGuide"_s);
        QVERIFY(guide);
        QCOMPARE(guide->shortcut(), QKeySequence(QKeySequence::HelpContents));
        guide->trigger();
        auto *browser = window.findChild<QTextBrowser *>(u"helpBrowser"_s);
        QVERIFY(browser);
        QCOMPARE(window.tabs()->currentWidget(), browser);
        QVERIFY(browser->toPlainText().contains(u"Migration Workbench user guide"_s));
        // The guide's own links stay in the tab: follow the one to the rule pages.
        browser->setSource(QUrl(u"rules/README.md"_s));
        QVERIFY(browser->toPlainText().contains(u"Safety analyzer rules"_s));
        // One Help tab, reused.
        window.findChild<QAction *>(u"actionRuleReference"_s)->trigger();
        int helpTabs = 0;
        for (int i = 0; i < window.tabs()->count(); ++i)
            helpTabs += window.tabs()->widget(i)->objectName() == u"helpBrowser"_s ? 1 : 0;
        QCOMPARE(helpTabs, 1);
        // Missing docs: a page that says where it looked, not an empty tab.
        window.showDocumentation(QUrl::fromLocalFile(u"/nonexistent/user-guide.md"_s));
        QVERIFY(browser->toPlainText().contains(u"/nonexistent/user-guide.md"_s));
    }

    void defaultLayoutFromTheResourceAndReset()
    {
        widgets::MainWindow window;
        window.resize(1400, 900);
        auto dock = [&window](const char *name) { return window.findChild<QDockWidget *>(QString::fromLatin1(name)); };
        auto check = [&] {
            QCOMPARE(window.dockWidgetArea(dock("projectDock")), Qt::LeftDockWidgetArea);
            QCOMPARE(window.dockWidgetArea(dock("environmentsDock")), Qt::LeftDockWidgetArea);
            QCOMPARE(window.dockWidgetArea(dock("findingsDock")), Qt::BottomDockWidgetArea);
            const auto tabbed = window.tabifiedDockWidgets(dock("findingsDock"));
            for (const char *name : {"progressDock", "historyDock", "timelineDock", "logDock"})
                QVERIFY2(tabbed.contains(dock(name)), name);
        };
        check();
        // Move things around, float one, hide one: Reset Layout puts them all back.
        window.addDockWidget(Qt::RightDockWidgetArea, dock("findingsDock"));
        dock("logDock")->setFloating(true);
        dock("historyDock")->hide();
        QCOMPARE(window.dockWidgetArea(dock("findingsDock")), Qt::RightDockWidgetArea);
        auto *reset = window.findChild<QAction *>(u"actionResetLayout"_s);
        QVERIFY(reset);
        reset->trigger();
        check();
        QVERIFY(!dock("logDock")->isFloating());
        QVERIFY(!dock("historyDock")->isHidden());
        QVERIFY(window.resetLayout());
    }

    void aboutListsVersions()
    {
        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *about = window.findChild<QAction *>(u"actionAbout"_s);
        QVERIFY(about);
        about->trigger();
        auto *dialog = window.findChild<widgets::AboutDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        const auto *model = dialog->versionsModel();
        QStringList names;
        for (int row = 0; row < model->rowCount(); ++row)
            names.append(model->index(row, 0).data().toString());
        for (const QString &expected : {u"Qt"_s, u"KSyntaxHighlighting"_s, u"libpqxx"_s, u"libpq"_s, u"spdlog"_s})
            QVERIFY2(names.contains(expected), qPrintable(names.join(u", "_s)));
        const int ksh = int(names.indexOf(u"KSyntaxHighlighting"_s));
        QVERIFY(model->index(ksh, 1).data().toString().startsWith(u"6."_s));
        // A second trigger reuses the dialog.
        about->trigger();
        QCOMPARE(window.findChildren<widgets::AboutDialog *>().size(), 1);
        QVERIFY(widgets::hasDrawnContent(dialog->grab().toImage()));
    }

    void welcomePageIsHighlightedAndDrawn()
    {
        widgets::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *sql = window.findChild<widgets::SqlView *>(u"welcomeSql"_s);
        QVERIFY(sql);
        QCOMPARE(sql->definitionName(), u"SQL (PostgreSQL)"_s);
        QVERIFY(sql->toPlainText().contains(u"CREATE INDEX CONCURRENTLY"_s));
        // KSyntaxHighlighting formatted the keywords: the first block has format ranges.
        const QTextBlock block = sql->document()->findBlockByNumber(5);
        QVERIFY2(!block.layout()->formats().isEmpty(), qPrintable(block.text()));
        const QImage image = window.grab().toImage();
        QVERIFY(widgets::hasDrawnContent(image));
        QTemporaryDir dir;
        const auto saved = widgets::saveScreenshot(&window, dir.filePath(u"shot/main.png"_s));
        QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().detail));
        QVERIFY(QFile::exists(dir.filePath(u"shot/main.png"_s)));
    }

    void blankImageIsNotContent()
    {
        QImage blank(200, 100, QImage::Format_RGB32);
        blank.fill(Qt::white);
        QVERIFY(!widgets::hasDrawnContent(blank));
        QVERIFY(!widgets::hasDrawnContent(QImage()));
    }

    void openSqlFile()
    {
        QTemporaryDir dir;
        widgets::MainWindow window;
        const int before = window.tabs()->count();

        const QString good = dir.filePath(u"001_create_users.up.sql"_s);
        QFile f(good);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\n");
        f.close();
        const auto opened = window.openSqlFile(good);
        QVERIFY(opened);
        QCOMPARE(window.tabs()->count(), before + 1);
        QCOMPARE(window.tabs()->tabText(window.tabs()->currentIndex()), u"001_create_users.up.sql"_s);
        auto *view = qobject_cast<widgets::SqlView *>(window.tabs()->currentWidget());
        QVERIFY(view);
        QVERIFY(view->toPlainText().startsWith(u"CREATE TABLE users"_s));

        const auto missing = window.openSqlFile(dir.filePath(u"nope.sql"_s));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, core::Error::Code::Io);
        QCOMPARE(window.tabs()->count(), before + 1);

        const QString binary = dir.filePath(u"binary.sql"_s);
        QFile b(binary);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(QByteArray("SELECT 1;\0\0\0", 12));
        b.close();
        QVERIFY(!window.openSqlFile(binary));
        QCOMPARE(window.tabs()->count(), before + 1);

        const QString latin1 = dir.filePath(u"latin1.sql"_s);
        QFile l(latin1);
        QVERIFY(l.open(QIODevice::WriteOnly));
        l.write("-- caf\xe9\nSELECT 1;\n");
        l.close();
        QVERIFY(window.openSqlFile(latin1));
        QCOMPARE(window.tabs()->count(), before + 2);
        auto *status = window.findChild<QLabel *>(u"statusLabel"_s);
        QVERIFY(status->text().contains(u"not valid UTF-8"_s));
        // The file on disk is untouched.
        QFile check(latin1);
        QVERIFY(check.open(QIODevice::ReadOnly));
        QCOMPARE(check.readAll(), QByteArray("-- caf\xe9\nSELECT 1;\n"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
