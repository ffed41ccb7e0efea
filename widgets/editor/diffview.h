// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "linediff.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace widgets::editor {

/// Drift diff: the applied version of a migration (left) against the file as it is now (right), line by line
/// side by side, with removed, added and changed lines highlighted and the two sides scrolled together.
class DiffView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffView)
public:
    explicit DiffView(QWidget *parent = nullptr);
    ~DiffView() override;

    void setTexts(const QString &appliedText, const QString &fileText, const QString &appliedLabel = {},
                  const QString &fileLabel = {});
    QList<DiffRow> rows() const { return m_rows; }
    int changedRowCount() const;
    QPlainTextEdit *leftPane() const { return m_left; }
    QPlainTextEdit *rightPane() const { return m_right; }
    /// The highlight colour of a row kind (transparent for Same).
    QColor colorFor(DiffRow::Kind kind, bool leftSide) const;

private:
    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
    QLabel *m_leftLabel;
    QLabel *m_rightLabel;
    QLabel *m_summary;
    QList<DiffRow> m_rows;
};

} // namespace widgets::editor
