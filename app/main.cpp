// SPDX-License-Identifier: GPL-3.0-or-later
// migration-workbench: the desktop application.
#include "appsetup.h"

#include "core/logging.h"
#include "widgets/aboutdialog.h"
#include "widgets/mainwindow.h"
#include "widgets/screenshot.h"
#include "widgets/syntaxrepository.h"
#include "widgets/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
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
    parser.addPositionalArgument(u"files"_s, QApplication::translate("main", "SQL files to open."), u"[files...]"_s);
    parser.process(application);

    widgets::MainWindow window;
    window.show();
    int status = 0;
    for (const QString &path : parser.positionalArguments()) {
        if (auto opened = window.openSqlFile(path); !opened) {
            std::fprintf(stderr, "migration-workbench: %s: %s\n", qPrintable(path), qPrintable(opened.error().detail));
            status = 1;
        }
    }

    if (parser.isSet(screenshotDir)) {
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
