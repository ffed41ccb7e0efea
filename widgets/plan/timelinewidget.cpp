// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelinewidget.h"

#include "timelineview.h"

#include "models/plan/planmodel.h"

#include "core/plan/planexport.h"
#include "core/plan/planstatus.h"
#include "core/plan/planstore.h"

#include <QAction>
#include <QBuffer>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSaveFile>
#include <QScrollArea>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace widgets {

namespace {
core::Result<void> saveFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return core::fail(core::Error::Code::Io, u"%1: %2"_s.arg(path, file.errorString()));
    return {};
}
} // namespace

TimelineWidget::TimelineWidget(QWidget *parent)
    : QWidget(parent)
    , m_model(new models::PlanModel(this))
    , m_undo(new QUndoStack(this))
    , m_view(new TimelineView)
    , m_scroll(new QScrollArea(this))
    , m_toolbar(new QToolBar(this))
    , m_message(new QLabel(this))
{
    setObjectName(u"timelineWidget"_s);
    m_view->setModel(m_model);
    m_view->setUndoStack(m_undo);
    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(false);
    m_scroll->setBackgroundRole(QPalette::Base);
    m_message->setObjectName(u"timelineMessage"_s);
    m_message->setWordWrap(true);

    QAction *zoomIn = m_toolbar->addAction(tr("Zoom In"), m_view, &TimelineView::zoomIn);
    zoomIn->setObjectName(u"actionTimelineZoomIn"_s);
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    QAction *zoomOut = m_toolbar->addAction(tr("Zoom Out"), m_view, &TimelineView::zoomOut);
    zoomOut->setObjectName(u"actionTimelineZoomOut"_s);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    m_toolbar->addSeparator();
    QAction *undo = m_undo->createUndoAction(this, tr("Undo"));
    undo->setObjectName(u"actionTimelineUndo"_s);
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_undo->createRedoAction(this, tr("Redo"));
    redo->setObjectName(u"actionTimelineRedo"_s);
    redo->setShortcut(QKeySequence::Redo);
    m_toolbar->addAction(undo);
    m_toolbar->addAction(redo);
    m_toolbar->addSeparator();
    m_saveAction = m_toolbar->addAction(tr("Save Plan"), this, [this] {
        if (auto saved = savePlan(); !saved)
            QMessageBox::warning(this, tr("Save Failed"), tr("The plan could not be saved: %1").arg(saved.error().detail));
    });
    m_saveAction->setObjectName(u"actionSavePlan"_s);
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setEnabled(false);
    m_laneAction = m_toolbar->addAction(tr("Lanes by Environment"));
    m_laneAction->setObjectName(u"actionLanesByEnvironment"_s);
    m_laneAction->setCheckable(true);
    m_laneAction->setEnabled(false); // until a status with environments arrives
    m_laneAction->setToolTip(tr("Show one lane per environment, each step coloured by its status there"));
    connect(m_laneAction, &QAction::toggled, this, [this](bool on) {
        m_view->setLaneMode(on ? TimelineView::LaneMode::Environments : TimelineView::LaneMode::Phases);
    });
    m_toolbar->addSeparator();
    m_toolbar->addAction(tr("Export Markdown…"), this, [this] { exportWithDialog(tr("Markdown (*.md)"), u"md"_s); })
        ->setObjectName(u"actionExportMarkdown"_s);
    m_toolbar->addAction(tr("Export Calendar…"), this, [this] { exportWithDialog(tr("iCalendar (*.ics)"), u"ics"_s); })
        ->setObjectName(u"actionExportICalendar"_s);
    m_toolbar->addAction(tr("Export Image…"), this, [this] { exportWithDialog(tr("PNG image (*.png)"), u"png"_s); })
        ->setObjectName(u"actionExportPng"_s);

    connect(m_view, &TimelineView::moveRefused, this, [this](const QString &, const QString &reason) { m_message->setText(reason); });
    connect(m_view, &TimelineView::stepMoved, this, [this](const QString &id, QDate, QDate to) {
        m_message->setText(tr("Moved %1 to %2").arg(id, QLocale().toString(to, QLocale::LongFormat)));
    });
    // Any change of the plan (moves, undo, redo, check-offs) makes it unsaved and may change the status.
    connect(m_undo, &QUndoStack::indexChanged, this, [this] {
        setModified(true);
        recomputeStatus();
    });
    connect(m_view, &TimelineView::applyStepRequested, this, &TimelineWidget::applyStepRequested);
    connect(m_view, &TimelineView::checkOffRequested, this, [this](const QString &id, const QString &env, bool done) {
        core::plan::Plan plan = m_model->plan();
        QStringList &envs = plan.checkedOff[id];
        if (done && !envs.contains(env))
            envs.append(env);
        else if (!done)
            envs.removeAll(env);
        if (envs.isEmpty())
            plan.checkedOff.remove(id);
        m_model->setPlan(std::move(plan));
        setModified(true);
        recomputeStatus();
        m_message->setText(done ? tr("%1 marked done on %2").arg(id, env) : tr("%1 marked not done on %2").arg(id, env));
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_toolbar);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_message);
}

void TimelineWidget::setStatus(const core::plan::PlanStatus &status)
{
    m_model->setStatus(status);
    m_laneAction->setEnabled(!status.environments.isEmpty());
    if (status.environments.isEmpty())
        m_laneAction->setChecked(false);
    m_view->update();
}

TimelineWidget::~TimelineWidget()
{
    // The undo stack is a child: it clears itself (and signals) while this widget is already half destroyed.
    disconnect(m_undo, nullptr, this, nullptr);
}

void TimelineWidget::setEnvironmentHistories(const QList<core::plan::EnvironmentHistory> &histories)
{
    m_histories = std::make_unique<QList<core::plan::EnvironmentHistory>>(histories);
    recomputeStatus();
}

void TimelineWidget::recomputeStatus()
{
    if (m_histories)
        setStatus(core::plan::computePlanStatus(m_model->plan(), *m_histories));
}

void TimelineWidget::setPlan(const core::plan::Plan &plan)
{
    m_undo->clear();
    m_model->setPlan(plan);
    m_savedName = plan.name;
    m_message->clear();
    setModified(false);
    recomputeStatus();
}

void TimelineWidget::setProjectDirectory(const QString &directory)
{
    m_projectDirectory = directory;
    m_saveAction->setEnabled(m_modified && !m_projectDirectory.isEmpty());
}

void TimelineWidget::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    m_saveAction->setEnabled(m_modified && !m_projectDirectory.isEmpty());
    Q_EMIT modifiedChanged(modified);
}

core::Result<void> TimelineWidget::savePlan()
{
    if (m_projectDirectory.isEmpty())
        return core::fail(core::Error::Code::InvalidArgument, u"no project is open"_s);
    auto plans = core::plan::loadPlans(m_projectDirectory);
    if (!plans)
        return std::unexpected(plans.error());
    const core::plan::Plan &plan = m_model->plan();
    bool replaced = false;
    for (core::plan::Plan &p : *plans) {
        if (p.name == m_savedName || p.name == plan.name) {
            if (!replaced)
                p = plan;
            replaced = true;
        }
    }
    if (!replaced)
        plans->append(plan);
    // A rename must not leave the old entry behind as a duplicate.
    QList<core::plan::Plan> unique;
    for (const core::plan::Plan &p : std::as_const(*plans)) {
        if (std::none_of(unique.cbegin(), unique.cend(), [&p](const core::plan::Plan &u) { return u.name == p.name; }))
            unique.append(p);
    }
    if (auto saved = core::plan::savePlans(m_projectDirectory, unique); !saved)
        return saved;
    m_savedName = plan.name;
    setModified(false);
    m_message->setText(tr("Saved the plan to %1").arg(QDir(m_projectDirectory).filePath(u"workbench.toml"_s)));
    return {};
}

const core::plan::Plan &TimelineWidget::plan() const
{
    return m_model->plan();
}

QString TimelineWidget::message() const
{
    return m_message->text();
}

core::Result<void> TimelineWidget::exportMarkdown(const QString &path) const
{
    return saveFile(path, core::plan::planToMarkdown(m_model->plan()).toUtf8());
}

core::Result<void> TimelineWidget::exportICalendar(const QString &path) const
{
    return saveFile(path, core::plan::planToICalendar(m_model->plan()));
}

core::Result<void> TimelineWidget::exportPng(const QString &path) const
{
    const QImage image = m_view->grab().toImage();
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        if (!image.save(&buffer, "PNG"))
            return core::fail(core::Error::Code::Io, u"could not encode the timeline image"_s);
    }
    return saveFile(path, bytes);
}

void TimelineWidget::exportWithDialog(const QString &filter, const QString &suffix)
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export Rollout Plan"), m_model->plan().name + u'.' + suffix, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(u'.' + suffix))
        path += u'.' + suffix;
    const auto result = suffix == u"md" ? exportMarkdown(path) : suffix == u"ics" ? exportICalendar(path) : exportPng(path);
    if (!result)
        QMessageBox::warning(this, tr("Export Failed"), tr("The plan could not be exported: %1").arg(result.error().detail));
    else
        m_message->setText(tr("Exported to %1").arg(path));
}

} // namespace widgets
