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
    for (const QString &path : paths) {
        const core::Result<void> opened = QFileInfo(path).isDir() ? window.openProject(path) : window.openSqlFile(path);
        if (!opened) {
            std::fprintf(stderr, "migration-workbench: %s: %s\n", qPrintable(path), qPrintable(opened.error().detail));
            status = 1;
        }
    }

    if (qEnvironmentVariableIsSet("MWB_BENCH_FIRST_PAINT")) {
        // bench_workbench: print once the window (with what the command line opened) has painted, then quit
        app::quitAfterFirstPaint(&window);
    }
    if (parser.isSet(tour)) {
        if (!window.project())
            return 1;
        app::startDemoTour(&window, QDir(parser.value(tour)).absolutePath());
    } else if (parser.isSet(screenshotDir)) {
        const QString dir = QDir(parser.value(screenshotDir)).absolutePath();
        QTimer::singleShot(0, &window, [&window, dir] {
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
