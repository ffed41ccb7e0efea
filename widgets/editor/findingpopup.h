// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace widgets::editor {

/// One quick fix offered for a finding: a label and what it does (one undo step in the editor).
struct QuickFixAction
{
    QString id; ///< stable: "fix", "move-nontransactional", "lock-timeout", "ignore"
    QString label;
    std::function<void()> apply;
};

/// The hover card over a finding: the same text the tooltip had (message, lock and what it blocks, table size
/// and estimated duration, rule documentation link) plus one button per quick fix. Unlike QToolTip it takes
/// clicks. It is a Qt::ToolTip window shown without activation, so typing in the editor is never interrupted;
/// the editor hides it on a key press, a scroll, or when the pointer leaves the finding and the card.
class FindingPopup final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindingPopup)
public:
    explicit FindingPopup(QWidget *owner);
    ~FindingPopup() override;

    /// Shows `html` with a button per action near `globalPos` (below it when there is room).
    void showAt(const QPoint &globalPos, const QString &html, const QList<QuickFixAction> &actions);
    QString text() const;
    QList<QPushButton *> fixButtons() const;
    /// Hides after a short grace period unless the pointer enters the card meanwhile.
    void hideSoon();
    void cancelHide();
    bool isHidePending() const;

protected:
    void enterEvent(QEnterEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QLabel *m_label;
    QWidget *m_buttons;
    QVBoxLayout *m_buttonLayout;
    QTimer *m_hideTimer;
    QList<QuickFixAction> m_actions;
};

} // namespace widgets::editor
