// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPlainTextEdit>

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
}

namespace widgets {

/// A read-only, syntax-highlighted view of SQL ("SQL (PostgreSQL)" or "SQL (MySQL)").
class SqlView : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SqlView)
public:
    explicit SqlView(QWidget *parent = nullptr);
    ~SqlView() override;

    /// A KSyntaxHighlighting definition name; unknown names fall back to plain text.
    void setDefinitionName(const QString &name);
    QString definitionName() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyTheme();

    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter;
};

} // namespace widgets
