// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QScrollArea;
class QToolBar;
class QUndoStack;

namespace core::plan {
struct Plan;
struct PlanStatus;
struct EnvironmentHistory;
}
namespace models {
class PlanModel;
}

namespace widgets {

class TimelineView;

/// The timeline dock's content: a toolbar (zoom, undo/redo, export), the timeline, and a message line that
/// says why a move was refused.
class TimelineWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineWidget)
public:
    explicit TimelineWidget(QWidget *parent = nullptr);
    ~TimelineWidget() override;

    void setPlan(const core::plan::Plan &plan);
    const core::plan::Plan &plan() const;
    /// Where each step stands on each environment; enables "Lanes by Environment".
    void setStatus(const core::plan::PlanStatus &status);
    /// The environments' histories (read on the engine thread by the caller): the status is computed from them
    /// and recomputed whenever the plan changes (a check-off, a move).
    void setEnvironmentHistories(const QList<core::plan::EnvironmentHistory> &histories);

    /// The project whose workbench.toml holds the plan: enables Save Plan (Ctrl+S), which replaces the plan of
    /// the same name there and keeps every other section and plan.
    void setProjectDirectory(const QString &directory);
    bool isModified() const { return m_modified; }
    core::Result<void> savePlan();

    TimelineView *view() const { return m_view; }
    QUndoStack *undoStack() const { return m_undo; }
    QString message() const;

    core::Result<void> exportMarkdown(const QString &path) const;
    core::Result<void> exportICalendar(const QString &path) const;
    core::Result<void> exportPng(const QString &path) const;

Q_SIGNALS:
    /// A schema or backfill step should be applied to an environment (from the card's context menu, after the
    /// gates allowed it); the host runs the verification checks and the migrations through the engine.
    void applyStepRequested(const QString &stepId, const QString &environment);
    void modifiedChanged(bool modified);

private:
    void setModified(bool modified);
    void recomputeStatus();
    void exportWithDialog(const QString &filter, const QString &suffix);

    models::PlanModel *m_model;
    QUndoStack *m_undo;
    TimelineView *m_view;
    QScrollArea *m_scroll;
    QToolBar *m_toolbar;
    QLabel *m_message;
    QAction *m_laneAction = nullptr;
    QAction *m_saveAction = nullptr;
    QString m_projectDirectory;
    QString m_savedName; ///< the plan's name in workbench.toml when it was loaded or saved
    bool m_modified = false;
    std::unique_ptr<QList<core::plan::EnvironmentHistory>> m_histories;
};

} // namespace widgets
