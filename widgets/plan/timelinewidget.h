// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QWidget>

class QAction;
class QLabel;
class QScrollArea;
class QToolBar;
class QUndoStack;

namespace core::plan {
struct Plan;
struct PlanStatus;
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

    void setPlan(const core::plan::Plan &plan);
    const core::plan::Plan &plan() const;
    /// Where each step stands on each environment; enables "Lanes by Environment".
    void setStatus(const core::plan::PlanStatus &status);
    TimelineView *view() const { return m_view; }
    QUndoStack *undoStack() const { return m_undo; }
    QString message() const;

    core::Result<void> exportMarkdown(const QString &path) const;
    core::Result<void> exportICalendar(const QString &path) const;
    core::Result<void> exportPng(const QString &path) const;

private:
    void exportWithDialog(const QString &filter, const QString &suffix);

    models::PlanModel *m_model;
    QUndoStack *m_undo;
    TimelineView *m_view;
    QScrollArea *m_scroll;
    QToolBar *m_toolbar;
    QLabel *m_message;
    QAction *m_laneAction = nullptr;
};

} // namespace widgets
