// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "linediff.h"

#include "core/project/vcshistory.h"

#include <QDateTime>
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
    /// The drift of a migration whose applied text the tool does not store: looks the applied version up in the
    /// file's git history on a worker thread (by the recorded checksum, or for tools without one by the
    /// applied-at time) and shows it labelled with the commit it came from. Without git, outside a repository
    /// or with no matching revision, it says that the checksum no longer matches and why the text is missing.
    /// Emits driftLoaded() when done.
    void showDriftFromVersionControl(const QString &filePath, const QString &fileText, core::project::Format format,
                                     const QString &recordedChecksum, const QDateTime &appliedAt);
    QString appliedLabel() const;
    QString summary() const;
    /// Whether the left side shows a text (false while looking it up, or when none was found).
    bool hasAppliedText() const { return m_hasApplied; }
    QList<DiffRow> rows() const { return m_rows; }
    int changedRowCount() const;
    QPlainTextEdit *leftPane() const { return m_left; }
    QPlainTextEdit *rightPane() const { return m_right; }
    /// The highlight colour of a row kind (transparent for Same).
    QColor colorFor(DiffRow::Kind kind, bool leftSide) const;

Q_SIGNALS:
    void driftLoaded();

private:
    void showLookupResult(quint64 lookup, const core::Result<core::project::VcsVersion> &found, const QString &fileText,
                          const QString &recordedChecksum);

    QPlainTextEdit *m_left;
    QPlainTextEdit *m_right;
    QLabel *m_leftLabel;
    QLabel *m_rightLabel;
    QLabel *m_summary;
    QList<DiffRow> m_rows;
    quint64 m_lookup = 0; // the current version-control lookup; older results are dropped
    bool m_hasApplied = false;
};

} // namespace widgets::editor
