// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/plan/planmodel.h"

#include <QDate>
#include <QPointer>
#include <QUndoStack>
#include <QWidget>

class QMenu;

namespace widgets {

/// A horizontal calendar of a rollout plan: one lane per phase, steps as cards coloured by phase, dependency
/// arrows, deploy markers and today's line. Cards can be dragged (or moved with Ctrl+Left/Right) to another
/// day; a move that would break a gate is refused and the reason is shown. Moves go through an undo stack.
/// With a plan status (PlanModel::setStatus), each card shows one chip per environment (done, running, pending,
/// blocked, failed); the lanes can show environments instead of phases, each card then coloured by its status
/// in that environment.
class TimelineView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimelineView)
public:
    enum class LaneMode { Phases, Environments };

    explicit TimelineView(QWidget *parent = nullptr);

    void setModel(models::PlanModel *model);
    models::PlanModel *model() const { return m_model; }
    void setUndoStack(QUndoStack *stack);
    void setToday(QDate today);

    double pixelsPerDay() const { return m_pixelsPerDay; }
    void setPixelsPerDay(double pixels); ///< 6 (weeks) … 384 (hours)
    void zoomIn();
    void zoomOut();

    LaneMode laneMode() const { return m_laneMode; }
    /// Environments mode needs a status with environments; without one the phases are shown.
    void setLaneMode(LaneMode mode);
    QStringList laneLabels() const;
    /// "shop_dev: done; shop_staging: pending (waits for step 'add')", for tooltips, accessibility and tests.
    QString statusText(const QString &id) const;
    QString selectedStep() const { return m_selected; }
    void selectStep(const QString &id);

    /// Moves a step to a day through the undo stack, or refuses (emits moveRefused) if a gate would break.
    bool requestMove(const QString &id, QDate day);
    QString lastRefusal() const { return m_lastRefusal; }

    /// Geometry, for tests and tooltips.
    QRect cardRect(const QString &id) const; ///< the step's card in the first lane that shows it
    QRect cardRect(const QString &id, int lane) const;
    int xForDay(QDate day) const;
    QDate dayAt(int x) const;

    QSize sizeHint() const override;
    /// The context menu of a step's card (also used by tests): Open, Apply to <env>…, Mark done on <env>.
    QMenu *createStepMenu(const QString &id, QWidget *parent);

Q_SIGNALS:
    void selectionChanged(const QString &id);
    void stepActivated(const QString &id); ///< double click or Enter: open the step's migration
    void moveRefused(const QString &id, const QString &reason);
    void stepMoved(const QString &id, QDate from, QDate to);
    /// From the card's context menu: apply a schema/backfill step to an environment (only offered when the gates
    /// allow it there: core::plan::checkStepReady), or check a deploy/wait/verification step off (or back on).
    void applyStepRequested(const QString &id, const QString &environment);
    void checkOffRequested(const QString &id, const QString &environment, bool done);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    bool event(QEvent *event) override;

private:
    struct Layout;
    void relayout();
    QString stepAt(const QPoint &pos, int *lane = nullptr) const;
    bool environmentLanes() const;
    QDate firstDay() const;
    void updateAccessibleText();

    QPointer<models::PlanModel> m_model;
    QPointer<QUndoStack> m_undo;
    QDate m_today;
    double m_pixelsPerDay = 48;
    QString m_selected;
    LaneMode m_laneMode = LaneMode::Phases;
    QString m_dragging;
    int m_dragLane = 0;
    QPoint m_dragOffset;
    QPoint m_dragPos;
    QString m_lastRefusal;
    QHash<QString, QRect> m_cards; // laid out by relayout(): each step's first card
    QList<QHash<QString, QRect>> m_laneCards; // per lane: step id → card
    QList<int> m_laneTops; // y of each lane, plus the bottom
};

} // namespace widgets
