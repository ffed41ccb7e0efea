// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelineview.h"

#include "models/plan/planmodel.h"

#include "core/plan/planvalidator.h"
#include "core/plan/verification.h"

#include <QAccessible>
#include <QContextMenuEvent>
#include <QMenu>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <QUndoStack>
#include <QWheelEvent>

#include <cmath>

using namespace Qt::StringLiterals;
using core::plan::Phase;

namespace widgets {

namespace {

constexpr int laneLabelWidth = 110;
constexpr int headerHeight = 44;
constexpr int cardHeight = 26;
constexpr int cardGap = 6;
constexpr int lanePadding = 12;
constexpr std::array zoomLevels{6.0, 12.0, 24.0, 48.0, 96.0, 192.0, 384.0};

QColor phaseColor(Phase phase)
{
    switch (phase) {
    case Phase::Expand:
        return QColor(0x2e, 0x7d, 0x32);
    case Phase::Migrate:
        return QColor(0x15, 0x65, 0xc0);
    case Phase::Contract:
        return QColor(0xc6, 0x28, 0x28);
    }
    return Qt::gray;
}

QColor statusColor(const QString &state)
{
    if (state == u"done")
        return QColor(0x43, 0xa0, 0x47);
    if (state == u"running")
        return QColor(0xff, 0xb3, 0x00);
    if (state == u"failed")
        return QColor(0xe5, 0x39, 0x35);
    if (state == u"blocked")
        return QColor(0x9e, 0x9e, 0x9e);
    if (state == u"pending")
        return QColor(0xff, 0xff, 0xff);
    return QColor(0xbd, 0xbd, 0xbd, 0x80);
}

QString statusLabel(const QString &state)
{
    if (state == u"done")
        return TimelineView::tr("done");
    if (state == u"running")
        return TimelineView::tr("running");
    if (state == u"failed")
        return TimelineView::tr("failed");
    if (state == u"blocked")
        return TimelineView::tr("blocked");
    if (state == u"pending")
        return TimelineView::tr("pending");
    return TimelineView::tr("unknown");
}

QString phaseLabel(Phase phase)
{
    switch (phase) {
    case Phase::Expand:
        return TimelineView::tr("Expand");
    case Phase::Migrate:
        return TimelineView::tr("Migrate");
    case Phase::Contract:
        return TimelineView::tr("Contract");
    }
    return {};
}

// Moves one step's day in the model's plan; undoable.
class MoveStepCommand final : public QUndoCommand
{
public:
    MoveStepCommand(models::PlanModel *model, QString id, QDate from, QDate to)
        : m_model(model)
        , m_id(std::move(id))
        , m_from(from)
        , m_to(to)
    {
        setText(TimelineView::tr("Move %1 to %2").arg(m_id, QLocale().toString(to, QLocale::ShortFormat)));
    }
    void redo() override { set(m_to); }
    void undo() override { set(m_from); }

private:
    void set(QDate day)
    {
        models::PlanModel *model = m_model.data();
        if (!model)
            return;
        core::plan::Plan plan = model->plan();
        const qsizetype i = plan.indexOf(m_id);
        if (i < 0)
            return;
        plan.steps[i].day = day;
        model->setPlan(std::move(plan));
    }
    QPointer<models::PlanModel> m_model;
    QString m_id;
    QDate m_from;
    QDate m_to;
};

} // namespace

TimelineView::TimelineView(QWidget *parent)
    : QWidget(parent)
    , m_today(QDate::currentDate())
{
    setObjectName(u"timelineView"_s);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAccessibleName(tr("Rollout timeline"));
    setMinimumHeight(headerHeight + 3 * (cardHeight + 2 * lanePadding));
}

void TimelineView::setModel(models::PlanModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelReset, this, &TimelineView::relayout);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &TimelineView::relayout);
    }
    relayout();
}

void TimelineView::setUndoStack(QUndoStack *stack)
{
    m_undo = stack;
}

void TimelineView::setToday(QDate today)
{
    m_today = today;
    update();
}

void TimelineView::setPixelsPerDay(double pixels)
{
    m_pixelsPerDay = std::clamp(pixels, zoomLevels.front(), zoomLevels.back());
    relayout();
}

void TimelineView::zoomIn()
{
    for (double z : zoomLevels) {
        if (z > m_pixelsPerDay + 0.01) {
            setPixelsPerDay(z);
            return;
        }
    }
}

void TimelineView::zoomOut()
{
    for (auto it = zoomLevels.rbegin(); it != zoomLevels.rend(); ++it) {
        if (*it < m_pixelsPerDay - 0.01) {
            setPixelsPerDay(*it);
            return;
        }
    }
}

void TimelineView::selectStep(const QString &id)
{
    if (m_selected == id)
        return;
    m_selected = id;
    updateAccessibleText();
    update();
    Q_EMIT selectionChanged(id);
}

QDate TimelineView::firstDay() const
{
    const QDate first = m_model ? m_model->plan().firstDay() : QDate();
    return (first.isValid() ? first : m_today).addDays(-1);
}

int TimelineView::xForDay(QDate day) const
{
    return laneLabelWidth + int(std::lround(double(firstDay().daysTo(day)) * m_pixelsPerDay));
}

QDate TimelineView::dayAt(int x) const
{
    return firstDay().addDays(qint64(std::floor(double(x - laneLabelWidth) / m_pixelsPerDay)));
}

QRect TimelineView::cardRect(const QString &id) const
{
    return m_cards.value(id);
}

QSize TimelineView::sizeHint() const
{
    const QDate last = m_model && m_model->plan().lastDay().isValid() ? m_model->plan().lastDay() : m_today;
    return {xForDay(last.addDays(3)) + 20, m_laneTops.isEmpty() ? 300 : m_laneTops.last() + 10};
}

bool TimelineView::environmentLanes() const
{
    const models::PlanModel *model = m_model.data();
    return m_laneMode == LaneMode::Environments && model && !model->status().environments.isEmpty();
}

void TimelineView::setLaneMode(LaneMode mode)
{
    if (m_laneMode == mode)
        return;
    m_laneMode = mode;
    relayout();
}

QStringList TimelineView::laneLabels() const
{
    const models::PlanModel *model = m_model.data();
    if (environmentLanes() && model)
        return model->status().environments;
    return {phaseLabel(Phase::Expand), phaseLabel(Phase::Migrate), phaseLabel(Phase::Contract)};
}

QString TimelineView::statusText(const QString &id) const
{
    const models::PlanModel *model = m_model.data();
    if (!model)
        return {};
    QStringList parts;
    const auto &status = model->status();
    for (const QString &env : status.environments) {
        const core::plan::StepStatus st = status.at(id, env);
        const QString state = core::plan::stepStateName(st.state);
        parts << (st.detail.isEmpty() ? tr("%1: %2").arg(env, statusLabel(state))
                                      : tr("%1: %2 (%3)").arg(env, statusLabel(state), st.detail));
    }
    return parts.join(u"; "_s);
}

QRect TimelineView::cardRect(const QString &id, int lane) const
{
    return lane >= 0 && lane < m_laneCards.size() ? m_laneCards.at(lane).value(id) : QRect();
}

void TimelineView::relayout()
{
    m_cards.clear();
    m_laneCards.clear();
    m_laneTops.clear();
    const models::PlanModel *model = m_model.data();
    if (!model) {
        update();
        return;
    }
    const auto &plan = model->plan();
    const int width = std::max(int(m_pixelsPerDay) - 4, 90); // narrow days still show a readable card
    const bool byEnvironment = environmentLanes();
    const int lanes = byEnvironment ? int(model->status().environments.size()) : 3;
    const std::array phases{Phase::Expand, Phase::Migrate, Phase::Contract};
    int top = headerHeight;
    for (int lane = 0; lane < lanes; ++lane) {
        m_laneTops.append(top);
        QHash<QString, QRect> cards;
        // Cards of one lane stack downwards where they would overlap.
        QList<QRect> placed;
        for (const auto &s : plan.steps) {
            if (!byEnvironment && s.phase != phases.at(size_t(lane)))
                continue;
            QRect r(xForDay(s.day.isValid() ? s.day : m_today) + 2, top + lanePadding, width, cardHeight);
            while (std::any_of(placed.cbegin(), placed.cend(), [&r](const QRect &p) { return p.intersects(r); }))
                r.translate(0, cardHeight + cardGap);
            placed.append(r);
            cards.insert(s.id, r);
            if (!m_cards.contains(s.id))
                m_cards.insert(s.id, r);
        }
        m_laneCards.append(cards);
        int bottom = top + lanePadding + cardHeight + lanePadding;
        for (const QRect &r : std::as_const(placed))
            bottom = std::max(bottom, r.bottom() + lanePadding);
        top = bottom;
    }
    m_laneTops.append(top);
    updateAccessibleText();
    updateGeometry();
    resize(std::max(width + laneLabelWidth, sizeHint().width()), std::max(height(), sizeHint().height()));
    update();
}

QString TimelineView::stepAt(const QPoint &pos, int *lane) const
{
    for (int i = 0; i < m_laneCards.size(); ++i) {
        const auto &cards = m_laneCards.at(i);
        for (auto it = cards.cbegin(); it != cards.cend(); ++it) {
            if (it.value().contains(pos)) {
                if (lane)
                    *lane = i;
                return it.key();
            }
        }
    }
    return {};
}

bool TimelineView::requestMove(const QString &id, QDate day)
{
    models::PlanModel *model = m_model.data();
    if (!model || !day.isValid())
        return false;
    const auto *step = model->plan().step(id);
    if (!step)
        return false;
    if (step->day == day)
        return true;
    const auto violations = core::plan::violationsAfterMove(model->plan(), id, day);
    if (!violations.isEmpty()) {
        m_lastRefusal = tr("Cannot move %1 to %2: %3 [%4]")
                            .arg(step->title.isEmpty() ? id : step->title, QLocale().toString(day, QLocale::ShortFormat),
                                 violations.first().message, violations.first().rule);
        Q_EMIT moveRefused(id, m_lastRefusal);
        update();
        return false;
    }
    m_lastRefusal.clear();
    const QDate from = step->day;
    auto *command = new MoveStepCommand(model, id, from, day);
    if (m_undo)
        m_undo->push(command); // runs redo()
    else {
        command->redo();
        delete command;
    }
    Q_EMIT stepMoved(id, from, day);
    return true;
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    if (!m_model || m_laneTops.size() < 2) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No rollout plan"));
        return;
    }
    const models::PlanModel *model = m_model.data();
    if (!model)
        return;
    const auto &plan = model->plan();
    const QList<core::plan::PlanViolation> violations = model->violations();
    const QDate first = firstDay();
    const QDate last = dayAt(width());

    // Calendar header and day grid: months on the first line, days (or weeks, zoomed out) on the second, and
    // hours at the highest zoom.
    const QFontMetrics fm(font());
    for (QDate d = first; d <= last; d = d.addDays(1)) {
        const int x = xForDay(d);
        const bool weekStart = d.dayOfWeek() == 1;
        if (d.dayOfWeek() >= 6 && m_pixelsPerDay >= 12)
            p.fillRect(QRect(x, headerHeight, int(std::ceil(m_pixelsPerDay)), height()), pal.color(QPalette::AlternateBase));
        p.setPen(QPen(pal.color(QPalette::Mid), weekStart ? 1.5 : 0.5));
        if (m_pixelsPerDay >= 12 || weekStart)
            p.drawLine(x, 22, x, height());
        p.setPen(pal.color(QPalette::Text));
        if ((d == first && first.addDays(5).month() == first.month()) || d.day() == 1)
            p.drawText(QRect(x + 3, 2, 160, 18), Qt::AlignLeft | Qt::AlignVCenter, QLocale().toString(d, u"MMMM yyyy"_s));
        QString label;
        if (m_pixelsPerDay >= 72)
            label = QLocale().toString(d, u"ddd d"_s);
        else if (m_pixelsPerDay >= 20)
            label = QString::number(d.day());
        else if (weekStart)
            label = tr("w%1").arg(d.weekNumber());
        if (!label.isEmpty())
            p.drawText(QRect(x + 3, 22, std::max(int(m_pixelsPerDay), 40), 16), Qt::AlignLeft | Qt::AlignVCenter, label);
        if (m_pixelsPerDay >= 192) {
            p.setPen(pal.color(QPalette::Mid));
            for (int h = 6; h < 24; h += 6) {
                const int hx = x + int(m_pixelsPerDay * h / 24.0);
                p.drawLine(hx, headerHeight - 4, hx, headerHeight);
                p.drawText(QRect(hx + 2, 22, 40, 16), Qt::AlignLeft, u"%1:00"_s.arg(h));
            }
        }
    }

    // Lanes: phases, or environments in pipeline order.
    const std::array phases{Phase::Expand, Phase::Migrate, Phase::Contract};
    const bool byEnvironment = environmentLanes();
    const QStringList labels = laneLabels();
    for (int i = 0; i + 1 < m_laneTops.size(); ++i) {
        const QRect lane(0, m_laneTops.at(i), width(), m_laneTops.at(i + 1) - m_laneTops.at(i));
        p.setPen(QPen(pal.color(QPalette::Mid), 1));
        p.drawLine(lane.bottomLeft(), lane.bottomRight());
        const QColor laneColor = byEnvironment ? pal.color(QPalette::Dark) : phaseColor(phases.at(size_t(std::min(i, 2))));
        p.fillRect(QRect(0, lane.top(), laneLabelWidth - 6, lane.height()), laneColor.lighter(185));
        p.setPen(laneColor.darker(130));
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        p.drawText(QRect(8, lane.top(), laneLabelWidth - 14, lane.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(labels.value(i), Qt::ElideRight, laneLabelWidth - 14));
        p.setFont(font());
    }

    // Today.
    if (m_today >= first && m_today <= last) {
        const int x = xForDay(m_today) + int(m_pixelsPerDay / 2);
        p.setPen(QPen(QColor(0xd3, 0x2f, 0x2f), 2));
        p.drawLine(x, headerHeight - 10, x, height());
        p.drawText(QRect(x + 4, headerHeight - 6, 60, 16), Qt::AlignLeft, tr("today"));
    }

    // Deploy markers: a dashed line through all lanes on the deploy's day.
    for (const auto &s : plan.steps) {
        if (s.kind != core::plan::StepKind::Deploy || !m_cards.contains(s.id))
            continue;
        const int x = xForDay(s.day.isValid() ? s.day : m_today);
        p.setPen(QPen(QColor(0x6a, 0x1b, 0x9a), 1, Qt::DashLine));
        p.drawLine(x, headerHeight, x, m_laneTops.last());
    }

    // Dependency arrows, within each lane's cards.
    p.setPen(QPen(pal.color(QPalette::Dark), 1.2));
    for (const auto &cards : std::as_const(m_laneCards)) {
        for (const auto &s : plan.steps) {
            const QRect to = cards.value(s.id);
            for (const QString &dep : s.dependsOn) {
                // Across phase lanes the dependency's card is in another lane: take its first card.
                const QRect from = cards.contains(dep) ? cards.value(dep) : (byEnvironment ? QRect() : m_cards.value(dep));
                if (from.isNull() || to.isNull())
                    continue;
                const QPointF a(from.right(), from.center().y());
                const QPointF b(to.left(), to.center().y());
                QPainterPath path(a);
                const double dx = std::max(20.0, (b.x() - a.x()) / 2);
                path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
                p.setBrush(Qt::NoBrush);
                p.drawPath(path);
                QPolygonF head;
                head << b << b + QPointF(-7, -4) << b + QPointF(-7, 4);
                p.setBrush(pal.color(QPalette::Dark));
                p.drawPolygon(head);
                p.setBrush(Qt::NoBrush);
            }
        }
    }

    // Cards; in phase lanes with one status chip per environment, in environment lanes coloured by the status.
    const auto &status = model->status();
    for (int lane = 0; lane < m_laneCards.size(); ++lane) {
        const auto &cards = m_laneCards.at(lane);
        const QString laneEnvironment = byEnvironment ? status.environments.value(lane) : QString();
        for (const auto &s : plan.steps) {
            QRect r = cards.value(s.id);
            if (r.isNull())
                continue;
            if (s.id == m_dragging && lane == m_dragLane) {
                // The ghost follows the pointer, snapped to days.
                const QDate target = dayAt(m_dragPos.x() - m_dragOffset.x() + int(m_pixelsPerDay / 2) - 2);
                r.moveLeft(xForDay(target) + 2);
            }
            const bool violated = std::any_of(violations.cbegin(), violations.cend(),
                                              [&s](const core::plan::PlanViolation &v) { return v.steps.value(0) == s.id; });
            QColor fill = phaseColor(s.phase);
            if (s.kind == core::plan::StepKind::Deploy)
                fill = QColor(0x6a, 0x1b, 0x9a);
            else if (s.kind == core::plan::StepKind::Verification || s.kind == core::plan::StepKind::Wait)
                fill = fill.lighter(140);
            QString laneState;
            if (byEnvironment) {
                laneState = core::plan::stepStateName(status.at(s.id, laneEnvironment).state);
                if (laneState == u"pending" || laneState == u"blocked" || laneState == u"unknown")
                    fill = fill.lighter(laneState == u"pending" ? 150 : 175);
            }
            p.setPen(QPen(violated ? QColor(0xff, 0x8f, 0x00) : fill.darker(140), s.id == m_selected ? 3 : violated ? 2.5 : 1));
            p.setBrush(fill);
            p.drawRoundedRect(r, 5, 5);
            int textRight = r.right() - 4;
            if (byEnvironment) {
                // A status stripe on the card's left edge.
                p.setPen(Qt::NoPen);
                p.setBrush(statusColor(laneState));
                p.drawRoundedRect(QRect(r.left() + 2, r.top() + 3, 5, r.height() - 6), 2, 2);
            } else if (!status.environments.isEmpty()) {
                // One chip per environment, pipeline order, at the card's right edge.
                const int chip = 8;
                int x = r.right() - 4 - int(status.environments.size()) * (chip + 2);
                textRight = x - 2;
                for (const QString &env : status.environments) {
                    const QString state = core::plan::stepStateName(status.at(s.id, env).state);
                    p.setPen(QPen(fill.darker(170), 1));
                    p.setBrush(statusColor(state));
                    p.drawEllipse(QRect(x, r.center().y() - chip / 2, chip, chip));
                    x += chip + 2;
                }
            }
            p.setPen(byEnvironment && fill.lightness() > 160 ? pal.color(QPalette::Text) : QColor(Qt::white));
            QString title = s.title.isEmpty() ? s.id : s.title;
            if (s.kind == core::plan::StepKind::Deploy && !s.deployVersion.isEmpty())
                title = u"◆ "_s + title;
            const QRect textRect(r.left() + (byEnvironment ? 10 : 6), r.top(), textRight - r.left() - (byEnvironment ? 10 : 6), r.height());
            p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(title, Qt::ElideRight, textRect.width()));
        }
    }

    if (!m_lastRefusal.isEmpty()) {
        const QRect box(laneLabelWidth + 4, m_laneTops.last() + 4, width() - laneLabelWidth - 8, fm.height() + 8);
        p.fillRect(box, QColor(0xff, 0xeb, 0xee));
        p.setPen(QColor(0xb7, 0x1c, 0x1c));
        p.drawText(box.adjusted(6, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft, fm.elidedText(m_lastRefusal, Qt::ElideRight, box.width() - 12));
    }
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    int lane = 0;
    const QString id = stepAt(event->position().toPoint(), &lane);
    selectStep(id);
    if (event->button() == Qt::LeftButton && !id.isEmpty()) {
        m_dragging = id;
        m_dragLane = lane;
        m_dragOffset = event->position().toPoint() - cardRect(id, lane).topLeft();
        m_dragPos = event->position().toPoint();
    }
    QWidget::mousePressEvent(event);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging.isEmpty()) {
        m_dragPos = event->position().toPoint();
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging.isEmpty() && event->button() == Qt::LeftButton) {
        const QString id = m_dragging;
        const QRect r = cardRect(id, m_dragLane);
        m_dragging.clear();
        // The card's new left edge decides the day (the point where it was grabbed stays under the pointer).
        const int left = event->position().toPoint().x() - m_dragOffset.x();
        const QDate target = dayAt(left + int(m_pixelsPerDay / 2) - 2);
        if (std::abs(event->position().toPoint().x() - (r.left() + m_dragOffset.x())) >= 3)
            requestMove(id, target);
        update();
    }
    QWidget::mouseReleaseEvent(event);
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QString id = stepAt(event->position().toPoint());
    if (!id.isEmpty())
        Q_EMIT stepActivated(id);
    QWidget::mouseDoubleClickEvent(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const models::PlanModel *model = m_model.data();
    if (!model || model->plan().steps.isEmpty())
        return QWidget::keyPressEvent(event);
    const auto &steps = model->plan().steps;
    qsizetype index = model->plan().indexOf(m_selected);
    const bool move = event->modifiers() & Qt::ControlModifier;
    switch (event->key()) {
    case Qt::Key_Right:
    case Qt::Key_Left: {
        const int delta = event->key() == Qt::Key_Right ? 1 : -1;
        if (move && index >= 0) {
            requestMove(m_selected, steps.at(index).day.addDays(delta));
        } else {
            index = index < 0 ? 0 : std::clamp<qsizetype>(index + delta, 0, steps.size() - 1);
            selectStep(steps.at(index).id);
        }
        return;
    }
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (index >= 0)
            Q_EMIT stepActivated(m_selected);
        return;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
        zoomOut();
        return;
    default:
        QWidget::keyPressEvent(event);
    }
}

QMenu *TimelineView::createStepMenu(const QString &id, QWidget *parent)
{
    const models::PlanModel *model = m_model.data();
    const core::plan::Step *step = model ? model->plan().step(id) : nullptr;
    if (!step)
        return nullptr;
    auto *menu = new QMenu(parent);
    menu->setObjectName(u"stepMenu"_s);
    QAction *open = menu->addAction(tr("&Open Migration"));
    open->setObjectName(u"actionOpenStep"_s);
    open->setEnabled(!step->migrations.isEmpty());
    connect(open, &QAction::triggered, this, [this, id] { Q_EMIT stepActivated(id); });
    const auto &plan = model->plan();
    const auto &status = model->status();
    if (status.environments.isEmpty())
        return menu;
    menu->addSeparator();
    const bool fromHistory = step->kind == core::plan::StepKind::SchemaMigration || step->kind == core::plan::StepKind::Backfill;
    for (const QString &env : status.environments) {
        QAction *a = nullptr;
        if (fromHistory && !step->migrations.isEmpty()) {
            const auto ready = core::plan::checkStepReady(plan, status, id, env);
            a = menu->addAction(tr("Apply to %1…").arg(env));
            a->setObjectName(u"actionApplyStep:"_s + env);
            a->setEnabled(bool(ready));
            // Why not: the gate and the step that holds it. What runs first: the verification checks.
            a->setToolTip(ready ? (ready->isEmpty() ? tr("Apply %1 to %2").arg(step->title, env)
                                                    : tr("Runs the checks %1 first").arg(ready->join(u", "_s)))
                                : ready.error().detail);
            a->setStatusTip(a->toolTip());
            connect(a, &QAction::triggered, this,
                    [this, id, env] { Q_EMIT applyStepRequested(id, env); });
        } else {
            const bool done = plan.isCheckedOff(id, env);
            a = menu->addAction(done ? tr("Mark Not Done on %1").arg(env) : tr("Mark Done on %1").arg(env));
            a->setObjectName(u"actionCheckOff:"_s + env);
            if (!done) {
                const auto ready = core::plan::checkStepReady(plan, status, id, env);
                a->setEnabled(bool(ready));
                if (!ready)
                    a->setToolTip(ready.error().detail);
            }
            connect(a, &QAction::triggered, this,
                    [this, id, env, done] { Q_EMIT checkOffRequested(id, env, !done); });
        }
    }
    menu->setToolTipsVisible(true);
    return menu;
}

void TimelineView::contextMenuEvent(QContextMenuEvent *event)
{
    const QString id = stepAt(event->pos());
    if (id.isEmpty())
        return QWidget::contextMenuEvent(event);
    selectStep(id);
    QMenu *menu = createStepMenu(id, this);
    if (!menu)
        return;
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(event->globalPos());
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        if (event->angleDelta().y() > 0)
            zoomIn();
        else if (event->angleDelta().y() < 0)
            zoomOut();
        event->accept();
        return;
    }
    QWidget::wheelEvent(event);
}

bool TimelineView::event(QEvent *event)
{
    const models::PlanModel *model = m_model.data();
    if (event->type() == QEvent::ToolTip && model) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString id = stepAt(help->pos());
        if (const auto *s = model->plan().step(id)) {
            QString text = u"<b>%1</b><br/>%2 · %3 · %4"_s.arg((s->title.isEmpty() ? s->id : s->title).toHtmlEscaped(),
                                                                phaseLabel(s->phase), core::plan::stepKindName(s->kind),
                                                                QLocale().toString(s->day, QLocale::LongFormat));
            if (!s->migrations.isEmpty())
                text += u"<br/>"_s + s->migrations.join(u"<br/>"_s).toHtmlEscaped();
            const QStringList issues = model->data(model->indexOfStep(id), models::PlanModel::ViolationsRole).toStringList();
            for (const QString &issue : issues)
                text += u"<br/><span style='color:#b71c1c'>%1</span>"_s.arg(issue.toHtmlEscaped());
            const QString statusLine = statusText(id);
            if (!statusLine.isEmpty())
                text += u"<br/>"_s + statusLine.toHtmlEscaped().replace(u"; "_s, u"<br/>"_s);
            int lane = 0;
            stepAt(help->pos(), &lane);
            QToolTip::showText(help->globalPos(), text, this, cardRect(id, lane));
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::updateAccessibleText()
{
    const auto *s = m_model ? m_model->plan().step(m_selected) : nullptr;
    QString text = s ? tr("%1, %2 phase, %3").arg(s->title, phaseLabel(s->phase), QLocale().toString(s->day, QLocale::LongFormat))
                     : QString();
    if (s && !statusText(s->id).isEmpty())
        text += u"; "_s + statusText(s->id);
    setAccessibleDescription(text);
}

} // namespace widgets
