// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace widgets::editor {

/// The editor's find/replace bar: pattern, replacement, regular expression and case switches.
class FindBar final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FindBar)
public:
    explicit FindBar(QWidget *parent = nullptr);
    ~FindBar() override;

    QString pattern() const;
    QString replacement() const;
    bool isRegularExpression() const;
    bool isCaseSensitive() const;
    void setPattern(const QString &pattern);
    void setReplacement(const QString &replacement);
    void setRegularExpression(bool on);
    void setCaseSensitive(bool on);
    void setStatus(const QString &text);
    void focusPattern();

Q_SIGNALS:
    void findNext();
    void findPrevious();
    void replaceOne();
    void replaceAll();
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QLineEdit *m_pattern;
    QLineEdit *m_replacement;
    QCheckBox *m_regex;
    QCheckBox *m_case;
    QLabel *m_status;
};

} // namespace widgets::editor
