// SPDX-License-Identifier: GPL-3.0-or-later
// migration-workbench: the desktop application.
#include "appsetup.h"
#include "demotour.h"

#include "core/logging.h"
#include "widgets/aboutdialog.h"
#include "widgets/mainwindow.h"
#include "widgets/screenshot.h"
#include "widgets/syntaxrepository.h"
#include "widgets/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    if (app::wantsVersion(argc, argv)) {
        // No QApplication: --version must work without a display.
        QCoreApplication core(argc, argv);
        app::setApplicationIdentity(u"migration-workbench"_s);
        const QString text = core::formatVersions(u"migration-workbench"_s, widgets::guiComponentVersions());
        std::fputs(text.toUtf8().constData(), stdout);
        return 0;
    }

    QApplication application(argc, argv);
    app::setApplicationIdentity(u"migration-workbench"_s);
    // The system's language, or MWB_LANGUAGE / the "ui/language" setting ("en" for none).
    widgets::installTranslations(&application, widgets::requestedLanguage());
    QApplication::setApplicationDisplayName(QApplication::translate("main", "Migration Workbench"));
    app::setupLogging(u"migration-workbench"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Author, review, plan and apply database migrations safely."));
    parser.addHelpOption();
    parser.addOption({u"version"_s, QApplication::translate("main", "Print the versions and exit.")});
    const QCommandLineOption screenshotDir(
        u"screenshot-dir"_s,
        QApplication::translate("main", "Save screenshots of the main window and the About dialog to <dir>, then quit."),
        u"dir"_s);
    parser.addOption(screenshotDir);
    const QCommandLineOption bind(
        u"bind"_s,
        QApplication::translate("main", "Bind environment ENV of the project to a connection URL without a password "
                                        "(the password comes from PGPASSFILE or ~/.pgpass). Repeatable."),
        u"ENV=URL"_s);
    parser.addOption(bind);
    const QCommandLineOption tour(
        u"tour"_s,
        QApplication::translate("main", "Run the scripted demo tour on the project (apply to the next environment) "
                                        "and save screenshots of each stage to <dir>, then quit."),
        u"dir"_s);
    parser.addOption(tour);
    parser.addPositionalArgument(u"paths"_s, QApplication::translate("main", "A project folder or SQL files to open."),
                                 u"[project-folder | files...]"_s);
    parser.process(application);

    const QStringList paths = parser.positionalArguments();
    if (parser.isSet(bind) || parser.isSet(tour)) {
        if (paths.size() != 1 || !QFileInfo(paths.first()).isDir()) {
            std::fprintf(stderr, "migration-workbench: --bind and --tour need exactly one project folder\n");
            return 2;
        }
        QSettings settings;
        for (const QString &binding : parser.values(bind)) {
            if (auto bound = app::bindEnvironment(settings, paths.first(), binding); !bound) {
                std::fprintf(stderr, "migration-workbench: %s\n", qPrintable(bound.error().detail));
                return 2;
            }
        }
    }

    widgets::MainWindow window;
    window.show();
    int status = 0;
    // A project folder is read on its own thread: its errors arrive later. Unattended runs (tour, screenshots,
    // the first-paint benchmark) stop on them.
    const bool unattended = parser.isSet(tour) || parser.isSet(screenshotDir) || qEnvironmentVariableIsSet("MWB_BENCH_FIRST_PAINT");
    QObject::connect(&window, &widgets::MainWindow::projectOpenFailed, &window,
                     [&status, unattended](const QString &dir, const QString &error) {
                         std::fprintf(stderr, "migration-workbench: %s: %s\n", qPrintable(dir), qPrintable(error));
                         status = 1;
                         if (unattended)
                             QCoreApplication::exit(1);
                     });
    for (const QString &path : paths) {
        const core::Result<void> opened = QFileInfo(path).isDir() ? window.openProject(path) : window.openSqlFile(path);
        if (!opened) {
            std::fprintf(stderr, "migration-workbench: %s: %s\n", qPrintable(path), qPrintable(opened.error().detail));
            status = 1;
        }
    }
    // Runs `then` once the project the command line names is open (at once when none is being read).
    const auto whenOpened = [&window](std::function<void()> then) {
        if (!window.isOpeningProject()) {
            QTimer::singleShot(0, &window, then);
            return;
        }
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = QObject::connect(&window, &widgets::MainWindow::projectOpened, &window, [connection, then] {
            QObject::disconnect(*connection);
            then();
        });
    };

    if (qEnvironmentVariableIsSet("MWB_BENCH_FIRST_PAINT")) {
        // bench_workbench: print once the window (with what the command line opened) has painted, then quit
        whenOpened([&window] {
            app::quitAfterFirstPaint(&window);
            window.update();
        });
    }
    if (parser.isSet(tour)) {
        if (!window.project() && !window.isOpeningProject())
            return 1;
        app::startDemoTour(&window, QDir(parser.value(tour)).absolutePath()); // its first step waits for the project
    } else if (parser.isSet(screenshotDir)) {
        const QString dir = QDir(parser.value(screenshotDir)).absolutePath();
        whenOpened([&window, dir] {
            int code = 0;
            const auto shot = [&code](QWidget *w, const QString &path) {
                if (auto saved = widgets::saveScreenshot(w, path); saved) {
                    std::printf("screenshot: %s\n", qPrintable(path));
                } else {
                    std::fprintf(stderr, "migration-workbench: %s: %s\n", qPrintable(path),
                                 qPrintable(saved.error().detail));
                    code = 1;
                }
            };
            shot(&window, dir + u"/main-window.png"_s);
            auto *about = window.showAbout();
            QCoreApplication::processEvents();
            shot(about, dir + u"/about.png"_s);
            std::fflush(stdout);
            QCoreApplication::exit(code);
        });
    }
    const int rc = QApplication::exec();
    core::logging::uninstall();
    return rc != 0 ? rc : status;
}
