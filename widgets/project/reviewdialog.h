// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "applyplan.h"
#include "core/engine/applytypes.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace widgets::project {

/// The plan before an apply: every pending migration with the locks each statement took in the rehearsal
/// (and the tables it rewrote), the analyzer's warnings, sessions that would block, and what blocks the apply.
/// "Continue" (to the confirmation) is disabled while anything blocks.
class ReviewDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewDialog)
public:
    ReviewDialog(const Preflight &preflight, const core::engine::ApplyReport &rehearsal, QWidget *parent = nullptr);

    QPushButton *continueButton() const { return m_continue; }
    QTreeWidget *planTree() const { return m_plan; }
    QTreeWidget *issuesTree() const { return m_issues; }
    QStringList blockers() const { return m_blockers; }

private:
    QTreeWidget *m_plan;
    QTreeWidget *m_issues;
    QLabel *m_summary;
    QPushButton *m_continue;
    QStringList m_blockers;
};

} // namespace widgets::project
