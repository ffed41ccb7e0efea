// SPDX-License-Identifier: GPL-3.0-or-later
#include "demotour.h"

#include "core/connection/connectionprofile.h"
#include "core/connection/environmentstore.h"
#include "core/connection/profilestore.h"
#include "core/engine/applytypes.h"
#include "models/project/migrationlistmodel.h"
#include "widgets/connection/confirmapplydialog.h"
#include "widgets/editor/migrationeditor.h"
#include "widgets/mainwindow.h"
#include "core/plan/plan.h"
#include "widgets/plan/timelinewidget.h"
#include "widgets/project/applycontroller.h"
#include "widgets/project/reviewdialog.h"
#include "widgets/screenshot.h"

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QFileInfo>
#include <QPushButton>
#include <QSettings>
#include <QTimer>
#include <QTreeView>

#include <cstdio>
#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using Stage = widgets::project::ApplyController::Stage;

namespace app {

core::Result<void> bindEnvironment(QSettings &settings, const QString &projectDir, const QString &binding)
{
    const qsizetype eq = binding.indexOf(u'=');
    if (eq <= 0)
        return core::fail(core::Error::Code::InvalidArgument, u"--bind expects ENV=URL, got \"%1\""_s.arg(binding));
    const QString environment = binding.left(eq).trimmed();
    const auto params = core::ConnectionParams::fromUrl(binding.mid(eq + 1).trimmed());
    if (!params)
        return core::fail(core::Error::Code::InvalidArgument, u"--bind %1: %2"_s.arg(environment, params.error().detail));
    if (!params->password.isEmpty())
        return core::fail(core::Error::Code::InvalidArgument,
                          u"--bind %1: the URL carries a password; keep it in PGPASSFILE or ~/.pgpass instead"_s.arg(environment));
    const QString name = u"%1 (command line)"_s.arg(environment);
    QList<core::connection::ConnectionProfile> profiles = core::connection::loadProfiles(settings);
    core::connection::ConnectionProfile profile = core::connection::ConnectionProfile::fromParams(*params, name);
    profile.passwordStorage = core::connection::PasswordStorage::None;
    bool replaced = false;
    for (auto &existing : profiles) {
        if (existing.name == name) {
            profile.id = existing.id;
            existing = profile;
            replaced = true;
        }
    }
    if (!replaced)
        profiles.append(profile);
    core::connection::saveProfiles(settings, profiles);
    core::connection::EnvironmentBindings(settings, QFileInfo(projectDir).absoluteFilePath()).bind(environment, profile.id);
    settings.sync();
    return {};
}

namespace {

// Steps that wait for a condition (polled, never a nested event loop) and then act.
class Tour final : public QObject
{
public:
    struct Step
    {
        QString what;
        std::function<bool()> ready;
        std::function<bool()> act; ///< false: the tour failed
        int timeoutMs = 120000;
    };

    Tour(widgets::MainWindow *window, QString dir)
        : QObject(window)
        , m_window(window)
        , m_dir(std::move(dir))
    {
        connect(&m_timer, &QTimer::timeout, this, &Tour::poll);
    }

    void add(Step step) { m_steps.append(std::move(step)); }

    void start()
    {
        m_deadline = QDeadlineTimer(m_steps.isEmpty() ? 0 : m_steps.first().timeoutMs);
        m_timer.start(50);
    }

    bool shot(QWidget *widget, const QString &file)
    {
        QCoreApplication::processEvents();
        const QString path = m_dir + u'/' + file;
        if (auto saved = widgets::saveScreenshot(widget, path); !saved) {
            std::fprintf(stderr, "demo: %s: %s\n", qPrintable(path), qPrintable(saved.error().detail));
            return false;
        }
        std::printf("screenshot: %s\n", qPrintable(path));
        std::fflush(stdout);
        return true;
    }

private:
    void poll()
    {
        if (m_index >= m_steps.size()) {
            m_timer.stop();
            QCoreApplication::exit(0);
            return;
        }
        const Step &step = m_steps.at(m_index);
        if (!step.ready()) {
            if (m_deadline.hasExpired()) {
                std::fprintf(stderr, "demo: timed out waiting: %s\n", qPrintable(step.what));
                m_timer.stop();
                QCoreApplication::exit(1);
            }
            return;
        }
        std::printf("demo: %s\n", qPrintable(step.what));
        std::fflush(stdout);
        if (!step.act()) {
            std::fprintf(stderr, "demo: failed: %s\n", qPrintable(step.what));
            m_timer.stop();
            QCoreApplication::exit(1);
            return;
        }
        ++m_index;
        if (m_index < m_steps.size())
            m_deadline = QDeadlineTimer(m_steps.at(m_index).timeoutMs);
    }

    [[maybe_unused]] widgets::MainWindow *m_window; // set but not read yet (clang -Wunused-private-field)
    QString m_dir;
    QList<Step> m_steps;
    qsizetype m_index = 0;
    QTimer m_timer;
    QDeadlineTimer m_deadline;
};

QDockWidget *dock(widgets::MainWindow *window, const QString &name)
{
    return window->findChild<QDockWidget *>(name);
}

class FirstPaint final : public QObject
{
public:
    explicit FirstPaint(QWidget *window)
        : QObject(window)
        , m_window(window)
    {
        qApp->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen && watched->isWidgetType()
            && static_cast<QWidget *>(watched)->window() == m_window) {
            m_seen = true;
            // after this paint (and the ones queued with it) are done
            QTimer::singleShot(0, this, [] {
                std::printf("first paint\n");
                std::fflush(stdout);
                QCoreApplication::exit(0);
            });
        }
        return false;
    }

private:
    QWidget *m_window;
    bool m_seen = false;
};

} // namespace

void quitAfterFirstPaint(widgets::MainWindow *window)
{
    new FirstPaint(window);
}

void startDemoTour(widgets::MainWindow *window, const QString &outputDir)
{
    auto *tour = new Tour(window, outputDir);
    auto *controller = window->applyController();
    auto target = std::make_shared<QString>();
    auto sawProgress = std::make_shared<bool>(false);
    QObject::connect(controller, &widgets::project::ApplyController::progress, tour,
                     [window, tour, sawProgress](const core::engine::Progress &p) {
                         // the real apply mid-run: past the first migration, inside one
                         if (*sawProgress || window->applyController()->stage() != Stage::Applying
                             || p.migrationIndex < 1 || p.statementCount == 0)
                             return;
                         *sawProgress = true;
                         dock(window, u"progressDock"_s)->raise();
                         tour->shot(window, u"05-apply-progress.png"_s);
                     });

    tour->add({u"reading the project's environments"_s,
               [window] {
                   return window->project() && !window->isReading() && !window->nextEnvironment().isEmpty()
                          && window->migrationModel()->count(window->nextEnvironment(),
                                                             core::project::MigrationStatus::State::Pending) > 0;
               },
               [window, tour, target] {
                   *target = window->nextEnvironment();
                   dock(window, u"historyDock"_s)->raise();
                   return tour->shot(window, u"01-project.png"_s);
               }});
    tour->add({u"opening a migration the analyzer flags"_s, [] { return true; },
               [window] {
                   const int row = window->migrationModel()->rowOf(u"20250324101500"_s);
                   if (row >= 0)
                       window->projectBrowser()->setCurrentIndex(window->projectBrowser()->model()->index(row, 1));
                   dock(window, u"findingsDock"_s)->raise();
                   return window->openMigration(u"20250324101500"_s) != nullptr;
               }});
    tour->add({u"the editor with its findings"_s,
               [window] {
                   auto *editor = window->currentEditor();
                   return editor && editor->isAnalysisCurrent() && editor->findingsModel()->rowCount() > 0;
               },
               [window, tour] { return tour->shot(window, u"02-editor-findings.png"_s); }});
    tour->add({u"the rollout plan's timeline"_s, [window] { return !window->timeline()->plan().steps.isEmpty(); },
               [window, tour] {
                   QDockWidget *timeline = dock(window, u"timelineDock"_s);
                   timeline->raise();
                   window->resizeDocks({timeline}, {470}, Qt::Vertical);
                   const bool shot = tour->shot(window, u"03-timeline.png"_s);
                   window->resizeDocks({timeline}, {220}, Qt::Vertical);
                   return shot;
               }});
    tour->add({u"preflight and rehearsal"_s, [] { return true; },
               [window, target] {
                   if (auto started = window->applyTo(*target); !started) {
                       std::fprintf(stderr, "demo: %s\n", qPrintable(started.error().detail));
                       return false;
                   }
                   return true;
               }});
    tour->add({u"the review of the rehearsal"_s,
               [controller] { return controller->reviewDialog() && controller->reviewDialog()->isVisible(); },
               [controller, tour] {
                   auto *review = controller->reviewDialog();
                   review->resize(980, 620);
                   if (!tour->shot(review, u"04-review.png"_s))
                       return false;
                   if (!review->continueButton()->isEnabled()) {
                       std::fprintf(stderr, "demo: the review blocks: %s\n", qPrintable(review->blockers().join(u"; "_s)));
                       return false;
                   }
                   review->continueButton()->click();
                   return true;
               }});
    tour->add({u"the confirmation"_s,
               [controller] { return controller->confirmationDialog() && controller->confirmationDialog()->isVisible(); },
               [controller] {
                   controller->confirmationDialog()->applyButton()->click();
                   return true;
               }});
    tour->add({u"applying"_s, [controller] { return !controller->isRunning(); },
               [window, tour, controller, sawProgress] {
                   std::printf("demo: %s\n", qPrintable(controller->message()));
                   if (!*sawProgress) { // faster than a progress report past the first migration
                       dock(window, u"progressDock"_s)->raise();
                       tour->shot(window, u"05-apply-progress.png"_s);
                   }
                   return controller->stage() == Stage::Succeeded;
               }});
    tour->add({u"the refreshed history"_s,
               [window, target] {
                   return !window->isReading()
                          && window->migrationModel()->count(*target, core::project::MigrationStatus::State::Pending) == 0;
               },
               [window, tour] {
                   dock(window, u"historyDock"_s)->raise();
                   return tour->shot(window, u"06-applied-history.png"_s);
               }});
    tour->start();
}

} // namespace app
