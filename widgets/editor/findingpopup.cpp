// SPDX-License-Identifier: GPL-3.0-or-later
#include "findingpopup.h"

#include <QDesktopServices>
#include <QEnterEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QPushButton>
#include <QScreen>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace widgets::editor {

FindingPopup::FindingPopup(QWidget *owner)
    : QFrame(owner, Qt::ToolTip | Qt::FramelessWindowHint)
    , m_label(new QLabel(this))
    , m_buttons(new QWidget(this))
    , m_buttonLayout(new QVBoxLayout(m_buttons))
    , m_hideTimer(new QTimer(this))
{
    setObjectName(u"findingPopup"_s);
    setAttribute(Qt::WA_ShowWithoutActivating);
    setFocusPolicy(Qt::NoFocus);
    setFrameShape(QFrame::Box);
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, pal.color(QPalette::ToolTipBase));
    pal.setColor(QPalette::WindowText, pal.color(QPalette::ToolTipText));
    setPalette(pal);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(6);
    m_label->setObjectName(u"findingPopupText"_s);
    m_label->setTextFormat(Qt::RichText);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::LinksAccessibleByMouse);
    m_label->setFocusPolicy(Qt::NoFocus);
    m_label->setMaximumWidth(560);
    connect(m_label, &QLabel::linkActivated, this, [this](const QString &link) {
        hide();
        QDesktopServices::openUrl(QUrl(link));
    });
    layout->addWidget(m_label);
    m_buttonLayout->setContentsMargins(0, 0, 0, 0);
    m_buttonLayout->setSpacing(2);
    layout->addWidget(m_buttons);
    m_hideTimer->setSingleShot(true);
    m_hideTimer->setInterval(300);
    connect(m_hideTimer, &QTimer::timeout, this, &QWidget::hide);
}

FindingPopup::~FindingPopup() = default;

void FindingPopup::showAt(const QPoint &globalPos, const QString &html, const QList<QuickFixAction> &actions)
{
    cancelHide();
    m_label->setText(html);
    for (QPushButton *b : fixButtons()) { // possibly the button being clicked: delete it later
        b->hide();
        b->setParent(nullptr);
        b->deleteLater();
    }
    m_actions = actions;
    for (const QuickFixAction &a : std::as_const(m_actions)) {
        auto *button = new QPushButton(a.label, m_buttons);
        button->setObjectName(u"quickFix-"_s + a.id);
        button->setProperty("quickFixId", a.id);
        button->setFocusPolicy(Qt::NoFocus);
        button->setFlat(true);
        button->setStyleSheet(u"text-align: left"_s);
        const auto apply = a.apply;
        connect(button, &QPushButton::clicked, this, [this, apply] {
            hide();
            if (apply)
                apply();
        });
        m_buttonLayout->addWidget(button);
    }
    m_buttons->setVisible(!m_actions.isEmpty());
    adjustSize();
    QPoint at = globalPos + QPoint(2, 16);
    if (const QScreen *screen = QGuiApplication::screenAt(globalPos)) {
        const QRect avail = screen->availableGeometry();
        if (at.x() + width() > avail.right())
            at.setX(std::max(avail.left(), avail.right() - width()));
        if (at.y() + height() > avail.bottom())
            at.setY(std::max(avail.top(), globalPos.y() - height() - 4));
    }
    move(at);
    show();
}

QString FindingPopup::text() const
{
    return m_label->text();
}

QList<QPushButton *> FindingPopup::fixButtons() const
{
    return m_buttons->findChildren<QPushButton *>(Qt::FindDirectChildrenOnly);
}

void FindingPopup::hideSoon()
{
    if (isVisible() && !m_hideTimer->isActive())
        m_hideTimer->start();
}

void FindingPopup::cancelHide()
{
    m_hideTimer->stop();
}

bool FindingPopup::isHidePending() const
{
    return m_hideTimer->isActive();
}

void FindingPopup::enterEvent(QEnterEvent *event)
{
    cancelHide();
    QFrame::enterEvent(event);
}

void FindingPopup::leaveEvent(QEvent *event)
{
    hideSoon();
    QFrame::leaveEvent(event);
}

} // namespace widgets::editor
