// SPDX-License-Identifier: GPL-3.0-or-later
#include "findbar.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace widgets::editor {

FindBar::FindBar(QWidget *parent)
    : QWidget(parent)
    , m_pattern(new QLineEdit(this))
    , m_replacement(new QLineEdit(this))
    , m_regex(new QCheckBox(tr("Regular e&xpression"), this))
    , m_case(new QCheckBox(tr("Match &case"), this))
    , m_status(new QLabel(this))
{
    setAutoFillBackground(true);
    setObjectName(u"findBar"_s);
    m_pattern->setPlaceholderText(tr("Find"));
    m_replacement->setPlaceholderText(tr("Replace with"));
    m_pattern->setClearButtonEnabled(true);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(4);
    const auto button = [this](const QString &text, void (FindBar::*signal)()) {
        auto *b = new QToolButton(this);
        b->setText(text);
        connect(b, &QToolButton::clicked, this, signal);
        return b;
    };
    layout->addWidget(m_pattern, 0, 0);
    layout->addWidget(button(tr("Previous"), &FindBar::findPrevious), 0, 1);
    layout->addWidget(button(tr("Next"), &FindBar::findNext), 0, 2);
    layout->addWidget(m_regex, 0, 3);
    layout->addWidget(m_case, 0, 4);
    layout->addWidget(button(tr("Close"), &FindBar::closed), 0, 5);
    layout->addWidget(m_replacement, 1, 0);
    layout->addWidget(button(tr("Replace"), &FindBar::replaceOne), 1, 1);
    layout->addWidget(button(tr("Replace all"), &FindBar::replaceAll), 1, 2);
    layout->addWidget(m_status, 1, 3, 1, 3);
    layout->setColumnStretch(0, 1);
    connect(m_pattern, &QLineEdit::returnPressed, this, &FindBar::findNext);
    connect(m_replacement, &QLineEdit::returnPressed, this, &FindBar::replaceOne);
}

FindBar::~FindBar() = default;

QString FindBar::pattern() const { return m_pattern->text(); }
QString FindBar::replacement() const { return m_replacement->text(); }
bool FindBar::isRegularExpression() const { return m_regex->isChecked(); }
bool FindBar::isCaseSensitive() const { return m_case->isChecked(); }
void FindBar::setPattern(const QString &pattern) { m_pattern->setText(pattern); }
void FindBar::setReplacement(const QString &replacement) { m_replacement->setText(replacement); }
void FindBar::setRegularExpression(bool on) { m_regex->setChecked(on); }
void FindBar::setCaseSensitive(bool on) { m_case->setChecked(on); }
void FindBar::setStatus(const QString &text) { m_status->setText(text); }

void FindBar::focusPattern()
{
    m_pattern->setFocus();
    m_pattern->selectAll();
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT closed();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace widgets::editor
