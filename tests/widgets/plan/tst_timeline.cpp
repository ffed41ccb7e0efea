// SPDX-License-Identifier: GPL-3.0-or-later
// GUI: the rollout timeline, driven through real mouse and key events offscreen.
#include "widgets/plan/timelineview.h"
#include "widgets/plan/timelinewidget.h"
#include "widgets/screenshot.h"

#include "core/plan/plan.h"
#include "core/plan/planstatus.h"
#include "core/plan/planstore.h"

#include "planfixtures.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QMenu>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace core::plan;

class TestTimeline : public QObject
{
    Q_OBJECT

    // A card is dragged with real mouse events: press on it, move in steps, release over the target day.
    static void drag(widgets::TimelineView *view, const QString &id, QDate day)
    {
        const QRect card = view->cardRect(id);
        const QPoint grab = card.topLeft() + QPoint(10, card.height() / 2);
        const QPoint drop(view->xForDay(day) + 12, grab.y());
        QTest::mousePress(view, Qt::LeftButton, {}, grab);
        for (int i = 1; i <= 4; ++i)
            QTest::mouseMove(view, grab + (drop - grab) * i / 4);
        QTest::mouseRelease(view, Qt::LeftButton, {}, drop);
    }

private Q_SLOTS:
    void dragOntoInvalidDayIsRefusedWithReason()
    {
        widgets::TimelineWidget w;
        w.resize(1400, 500);
        w.setPlan(renameColumnPlan());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *view = w.view();
        const QDate stopDay = w.plan().step(u"stop"_s)->day;
        const QDate dropDay = w.plan().step(u"drop"_s)->day;

        QSignalSpy refused(view, &widgets::TimelineView::moveRefused);
        drag(view, u"drop"_s, stopDay.addDays(-3));
        QCOMPARE(refused.size(), 1);
        QCOMPARE(w.plan().step(u"drop"_s)->day, dropDay); // unchanged
        QVERIFY2(w.message().contains(u"contract-before-deploy"_s), qPrintable(w.message()));
        QVERIFY2(w.message().contains(u"Deploy without email"_s), qPrintable(w.message()));
        QCOMPARE(w.undoStack()->count(), 0);

        // A valid day is accepted, and undo/redo go through the stack.
        drag(view, u"drop"_s, dropDay.addDays(2));
        QCOMPARE(w.plan().step(u"drop"_s)->day, dropDay.addDays(2));
        QCOMPARE(w.undoStack()->count(), 1);
        w.findChild<QAction *>(u"actionTimelineUndo"_s)->trigger();
        QCOMPARE(w.plan().step(u"drop"_s)->day, dropDay);
        w.findChild<QAction *>(u"actionTimelineRedo"_s)->trigger();
        QCOMPARE(w.plan().step(u"drop"_s)->day, dropDay.addDays(2));
    }

    void keyboardNavigationAndMoves()
    {
        widgets::TimelineWidget w;
        w.resize(1400, 500);
        w.setPlan(renameColumnPlan());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *view = w.view();
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(view->selectedStep(), u"add"_s);
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(view->selectedStep(), u"dual"_s);
        // Ctrl+Left moves the deploy to the day the column is added: allowed.
        QTest::keyClick(view, Qt::Key_Left, Qt::ControlModifier);
        QVERIFY(view->lastRefusal().isEmpty());
        QCOMPARE(w.plan().step(u"dual"_s)->day, QDate(2026, 12, 1));
        // Once more would put the dual-write deploy before the column it writes: refused.
        QTest::keyClick(view, Qt::Key_Left, Qt::ControlModifier);
        QVERIFY(view->lastRefusal().contains(u"dependency-scheduled-later"_s));
        QCOMPARE(w.plan().step(u"dual"_s)->day, QDate(2026, 12, 1));
        QTest::keyClick(view, Qt::Key_Right, Qt::ControlModifier);
        QCOMPARE(w.plan().step(u"dual"_s)->day, QDate(2026, 12, 2));
        QSignalSpy activated(view, &widgets::TimelineView::stepActivated);
        QTest::keyClick(view, Qt::Key_Return);
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toString(), u"dual"_s);
        QVERIFY(view->accessibleDescription().contains(u"Deploy dual write"_s));
    }

    void zoomFromHoursToWeeks()
    {
        widgets::TimelineWidget w;
        w.setPlan(renameColumnPlan());
        auto *view = w.view();
        const double start = view->pixelsPerDay();
        for (int i = 0; i < 10; ++i)
            w.findChild<QAction *>(u"actionTimelineZoomIn"_s)->trigger();
        QCOMPARE(view->pixelsPerDay(), 384.0);
        for (int i = 0; i < 10; ++i)
            w.findChild<QAction *>(u"actionTimelineZoomOut"_s)->trigger();
        QCOMPARE(view->pixelsPerDay(), 6.0);
        QVERIFY(start > 6.0);
        // Positions follow the zoom.
        view->setPixelsPerDay(48);
        const QDate d(2026, 12, 5);
        QCOMPARE(view->dayAt(view->xForDay(d) + 10), d);
    }

    void statusPerEnvironmentAndEnvironmentLanes()
    {
        using core::plan::StepState;
        widgets::TimelineWidget w;
        w.resize(1500, 520);
        const Plan plan = renameColumnPlan();
        w.setPlan(plan);
        w.view()->setToday(QDate(2026, 12, 4));
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto *lanes = w.findChild<QAction *>(u"actionLanesByEnvironment"_s);
        QVERIFY(lanes);
        QVERIFY(!lanes->isEnabled()); // no status yet
        const QImage before = w.view()->grab().toImage();

        // shop_dev has the expand step done and the dual-write deploy in progress; staging has nothing yet.
        core::plan::PlanStatus status;
        status.environments = {u"shop_dev"_s, u"shop_staging"_s};
        for (const auto &s : plan.steps) {
            status.steps[s.id][u"shop_dev"_s] = {StepState::Blocked, u"waits for step 'dual'"_s};
            status.steps[s.id][u"shop_staging"_s] = {StepState::Blocked, u"waits for shop_dev"_s};
        }
        status.steps[u"add"_s][u"shop_dev"_s] = {StepState::Done, u"applied"_s};
        status.steps[u"dual"_s][u"shop_dev"_s] = {StepState::Running, {}};
        status.steps[u"add"_s][u"shop_staging"_s] = {StepState::Pending, {}};
        w.setStatus(status);
        QVERIFY(lanes->isEnabled());
        QCOMPARE(w.view()->statusText(u"add"_s), u"shop_dev: done (applied); shop_staging: pending"_s);
        QCOMPARE(w.view()->statusText(u"dual"_s), u"shop_dev: running; shop_staging: blocked (waits for shop_dev)"_s);
        // The chips are drawn: the card area differs from the status-less rendering.
        const QRect card = w.view()->cardRect(u"add"_s);
        const QImage after = w.view()->grab().toImage();
        QVERIFY(before.copy(card) != after.copy(card));
        // Selecting a step tells assistive technology where it stands.
        w.view()->selectStep(u"add"_s);
        QVERIFY(w.view()->accessibleDescription().contains(u"shop_staging: pending"_s));

        // Lanes by environment: one lane per environment, every step in each, in pipeline order.
        lanes->trigger();
        QCOMPARE(w.view()->laneMode(), widgets::TimelineView::LaneMode::Environments);
        QCOMPARE(w.view()->laneLabels(), (QStringList{u"shop_dev"_s, u"shop_staging"_s}));
        const QRect devCard = w.view()->cardRect(u"drop"_s, 0);
        const QRect stagingCard = w.view()->cardRect(u"drop"_s, 1);
        QVERIFY(!devCard.isNull() && !stagingCard.isNull());
        QCOMPARE(devCard.left(), stagingCard.left()); // same day
        QVERIFY(stagingCard.top() > devCard.bottom()); // a lane below
        // The same step is coloured by its status per lane: done on dev, pending on staging look different.
        const QImage envLanes = w.view()->grab().toImage();
        const QRect addDev = w.view()->cardRect(u"add"_s, 0);
        const QRect addStaging = w.view()->cardRect(u"add"_s, 1);
        QVERIFY(envLanes.copy(addDev.adjusted(2, 2, -2, -2)) != envLanes.copy(addStaging.adjusted(2, 2, -2, -2)));
        // Double-clicking a card in the staging lane still activates the step.
        QSignalSpy activated(w.view(), &widgets::TimelineView::stepActivated);
        QTest::mouseDClick(w.view(), Qt::LeftButton, {}, addStaging.center());
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.first().first().toString(), u"add"_s);
        // Dragging in an environment lane reschedules the plan's step (days are plan-wide).
        const QDate dropDay = w.plan().step(u"drop"_s)->day;
        const QPoint grab = stagingCard.topLeft() + QPoint(12, stagingCard.height() / 2);
        const QPoint drop(w.view()->xForDay(dropDay.addDays(2)) + 14, grab.y());
        QTest::mousePress(w.view(), Qt::LeftButton, {}, grab);
        for (int i = 1; i <= 4; ++i)
            QTest::mouseMove(w.view(), grab + (drop - grab) * i / 4);
        QTest::mouseRelease(w.view(), Qt::LeftButton, {}, drop);
        QCOMPARE(w.plan().step(u"drop"_s)->day, dropDay.addDays(2));

        const QString shots = QStringLiteral(MWB_BUILD_DIR) + u"/screenshots"_s;
        QVERIFY(widgets::saveScreenshot(&w, shots + u"/timeline-environments.png"_s));

        // Back to phases; a status without environments turns the mode off.
        lanes->trigger();
        QCOMPARE(w.view()->laneLabels().size(), 3);
        w.setStatus({});
        QVERIFY(!lanes->isEnabled());
        QCOMPARE(w.view()->statusText(u"add"_s), QString());
    }

    void contextMenuAppliesAndChecksOffWithinTheGatesAndSaves()
    {
        using MState = core::project::MigrationStatus::State;
        QTemporaryDir project;
        QVERIFY(project.isValid());
        const QByteArray environments = "[[environments]]\nname = \"shop_dev\"\n\n[[environments]]\nname = \"shop_staging\"\n";
        {
            QFile f(project.filePath(u"workbench.toml"_s));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(environments);
        }
        widgets::TimelineWidget w;
        w.resize(1400, 500);
        w.setPlan(renameColumnPlan());
        w.setProjectDirectory(project.path());
        QVERIFY(!w.isModified());
        auto migration = [](const QString &file, MState state) {
            core::project::MigrationStatus m;
            m.version = file.left(4);
            m.id = m.version;
            m.path = u"/repo/migrations/"_s + file;
            m.state = state;
            return m;
        };
        auto history = [&](const QString &env, MState add) {
            core::project::ProjectStatus st;
            st.historyFound = true;
            st.migrations = {migration(u"0042_add_email_address.up.sql"_s, add),
                             migration(u"0043_backfill_email_address.up.sql"_s, MState::Pending),
                             migration(u"0044_drop_email.up.sql"_s, MState::Pending)};
            return core::plan::EnvironmentHistory{env, st, {}};
        };
        w.setEnvironmentHistories({history(u"shop_dev"_s, MState::Applied), history(u"shop_staging"_s, MState::Pending)});
        auto *view = w.view();
        QCOMPARE(view->statusText(u"add"_s), u"shop_dev: done (applied); shop_staging: pending"_s);

        // The deploy can be checked off on dev (its dependency is done there), not yet on staging.
        std::unique_ptr<QMenu> menu(view->createStepMenu(u"dual"_s, nullptr));
        QVERIFY(menu);
        auto *devOff = menu->findChild<QAction *>(u"actionCheckOff:shop_dev"_s);
        auto *stagingOff = menu->findChild<QAction *>(u"actionCheckOff:shop_staging"_s);
        QVERIFY(devOff && stagingOff);
        QVERIFY(devOff->isEnabled());
        QVERIFY(!stagingOff->isEnabled());
        QVERIFY2(stagingOff->toolTip().contains(u"waits for"_s), qPrintable(stagingOff->toolTip()));
        devOff->trigger();
        QVERIFY(w.plan().isCheckedOff(u"dual"_s, u"shop_dev"_s));
        QVERIFY(w.isModified());
        // The status follows: the backfill is now pending on dev and may be applied there.
        QVERIFY(view->statusText(u"backfill"_s).startsWith(u"shop_dev: pending"_s));
        menu.reset(view->createStepMenu(u"backfill"_s, nullptr));
        auto *apply = menu->findChild<QAction *>(u"actionApplyStep:shop_dev"_s);
        QVERIFY(apply);
        QVERIFY(apply->isEnabled());
        QSignalSpy requested(&w, &widgets::TimelineWidget::applyStepRequested);
        apply->trigger();
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().at(0).toString(), u"backfill"_s);
        QCOMPARE(requested.first().at(1).toString(), u"shop_dev"_s);
        // The drop is gated on dev (its dependencies are not done), and the menu says which step holds it.
        menu.reset(view->createStepMenu(u"drop"_s, nullptr));
        auto *drop = menu->findChild<QAction *>(u"actionApplyStep:shop_dev"_s);
        QVERIFY(drop && !drop->isEnabled());
        QVERIFY2(drop->toolTip().contains(u"waits for"_s), qPrintable(drop->toolTip()));
        // Open is offered for steps with migrations and emits stepActivated.
        QSignalSpy activated(view, &widgets::TimelineView::stepActivated);
        menu->findChild<QAction *>(u"actionOpenStep"_s)->trigger();
        QCOMPARE(activated.size(), 1);

        // Save: the plan with its check-off lands in workbench.toml; the environments are kept as they were.
        auto *save = w.findChild<QAction *>(u"actionSavePlan"_s);
        QVERIFY(save && save->isEnabled());
        save->trigger();
        QVERIFY(!w.isModified());
        QVERIFY(!save->isEnabled());
        QFile f(project.filePath(u"workbench.toml"_s));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith(environments));
        const auto stored = core::plan::loadPlans(project.path());
        QVERIFY2(stored, qPrintable(stored ? QString() : stored.error().detail));
        QCOMPARE(stored->size(), 1);
        QCOMPARE(stored->first(), w.plan());
        // Un-check: back to pending, and a move is an unsaved change too.
        menu.reset(view->createStepMenu(u"dual"_s, nullptr));
        menu->findChild<QAction *>(u"actionCheckOff:shop_dev"_s)->trigger();
        QVERIFY(!w.plan().isCheckedOff(u"dual"_s, u"shop_dev"_s));
        QVERIFY(w.isModified());
        QVERIFY(w.savePlan());
        QVERIFY(view->requestMove(u"drop"_s, w.plan().step(u"drop"_s)->day.addDays(1)));
        QVERIFY(w.isModified());
    }

    void exportsAllThreeFormatsAndScreenshot()
    {
        widgets::TimelineWidget w;
        w.resize(1500, 460);
        Plan plan = renameColumnPlan();
        // Three weeks: stretch the contract phase out.
        plan.steps[plan.indexOf(u"stop"_s)].day = QDate(2026, 12, 15);
        plan.steps[plan.indexOf(u"drop"_s)].day = QDate(2026, 12, 21);
        w.setPlan(plan);
        w.view()->setToday(QDate(2026, 12, 4));
        w.view()->setPixelsPerDay(48);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QTemporaryDir dir;
        QVERIFY(w.exportMarkdown(dir.filePath(u"plan.md"_s)));
        QVERIFY(w.exportICalendar(dir.filePath(u"plan.ics"_s)));
        QVERIFY(w.exportPng(dir.filePath(u"plan.png"_s)));
        QFile md(dir.filePath(u"plan.md"_s));
        QVERIFY(md.open(QIODevice::ReadOnly));
        QVERIFY(md.readAll().contains("| 2026-12-21 | contract | Drop users.email |"));
        QFile ics(dir.filePath(u"plan.ics"_s));
        QVERIFY(ics.open(QIODevice::ReadOnly));
        QCOMPARE(ics.readAll().count("BEGIN:VEVENT"), 7);
        const QImage png(dir.filePath(u"plan.png"_s));
        QVERIFY(widgets::hasDrawnContent(png));
        QVERIFY(png.width() > 1000);
        // Unwritable target: a clear error, nothing half-written.
        const auto bad = w.exportMarkdown(u"/proc/no-such-dir/plan.md"_s);
        QVERIFY(!bad);
        QCOMPARE(bad.error().code, core::Error::Code::Io);

        const QString shots = QStringLiteral(MWB_BUILD_DIR) + u"/screenshots"_s;
        const auto saved = widgets::saveScreenshot(&w, shots + u"/timeline.png"_s);
        QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().detail));
    }
};

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
