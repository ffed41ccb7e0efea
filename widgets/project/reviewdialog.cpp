// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
namespace ce = core::engine;

namespace widgets::project {

ReviewDialog::ReviewDialog(const Preflight &preflight, const ce::ApplyReport &rehearsal, QWidget *parent)
    : QDialog(parent)
    , m_plan(new QTreeWidget(this))
    , m_issues(new QTreeWidget(this))
    , m_summary(new QLabel(this))
    , m_blockers(preflight.blockers)
{
    setObjectName(u"reviewDialog"_s);
    setWindowTitle(tr("Review the Apply to %1").arg(preflight.environment));
    if (rehearsal.error && !rehearsal.cancelled)
        m_blockers.append(tr("The rehearsal failed: %1").arg(rehearsal.error->detail));
    for (const ce::MigrationReport &m : rehearsal.migrations) {
        if (m.outcome == ce::Outcome::Failed) {
            for (const ce::StatementReport &s : m.statements) {
                if (s.outcome == ce::Outcome::Failed)
                    m_blockers.append(tr("%1 %2, statement %3 (line %4) failed in the rehearsal: %5")
                                          .arg(m.version, m.name)
                                          .arg(s.index + 1)
                                          .arg(s.line)
                                          .arg(s.error));
            }
        }
    }
    m_blockers.removeDuplicates();

    m_summary->setObjectName(u"reviewSummary"_s);
    m_summary->setWordWrap(true);
    QString summary = tr("<b>%n migration(s)</b> will be applied to <b>%1</b>.", nullptr, int(preflight.pending.size()))
                          .arg(preflight.environment.toHtmlEscaped());
    const bool rehearsed = preflight.rehearsalSkipped.isEmpty();
    if (rehearsed)
        summary += u" "_s + tr("The rehearsal ran them in order in one transaction that was rolled back, and recorded the locks each statement took.");
    else
        summary += u" "_s + tr("<b>Not rehearsed:</b> %1 The locks shown are the analyzer's prediction; a failure part way "
                               "leaves the statements before it applied.")
                                .arg(preflight.rehearsalSkipped.toHtmlEscaped());
    if (!m_blockers.isEmpty())
        summary += u"<br><span style=\"color:#c62828\"><b>%1</b></span>"_s.arg(
            tr("%n problem(s) block the apply; fix them first.", nullptr, int(m_blockers.size())));
    m_summary->setText(summary);

    m_plan->setObjectName(u"reviewPlan"_s);
    m_plan->setHeaderLabels({tr("Migration / statement"), tr("Rehearsal"),
                             rehearsed ? tr("Locks taken") : tr("Locks (analyzer)"), rehearsed ? tr("Rewrites") : tr("Rebuilds")});
    m_plan->setRootIsDecorated(true);
    m_plan->setUniformRowHeights(true);
    // Items are built detached and inserted with one call: a thousand-migration plan is one model insertion,
    // not two thousand (the dialog is built on the GUI thread).
    QList<QTreeWidgetItem *> planItems;
    for (const PredictedMigration &m : preflight.predicted) {
        if (rehearsed)
            break;
        auto *item = new QTreeWidgetItem(QStringList{u"%1 %2"_s.arg(m.version, m.name), tr("skipped")});
        planItems.append(item);
        item->setToolTip(1, preflight.rehearsalSkipped);
        QStringList allLocks;
        for (const PredictedStatement &st : m.statements) {
            const QString lock = st.lock.isEmpty() ? QString() : tr("%1 on %2").arg(st.lock, st.tables);
            if (!lock.isEmpty())
                allLocks.append(lock);
            auto *child = new QTreeWidgetItem(item, {tr("statement %1 (line %2)").arg(st.index + 1).arg(st.line), tr("skipped"),
                                                     st.uncertain && !lock.isEmpty() ? tr("%1 (uncertain)").arg(lock) : lock,
                                                     st.rebuild ? st.tables : QString()});
            if (st.rebuild || st.lock.contains(u"LOCK=EXCLUSIVE"_s) || st.lock.contains(u"LOCK=SHARED"_s))
                child->setForeground(2, QColor(0xc6, 0x28, 0x28));
        }
        allLocks.removeDuplicates();
        item->setText(2, allLocks.join(u", "_s));
    }
    for (const ce::MigrationReport &m : rehearsal.migrations) {
        auto *item = new QTreeWidgetItem(QStringList{u"%1 %2"_s.arg(m.version, m.name), ce::outcomeName(m.outcome)});
        planItems.append(item);
        QStringList allLocks;
        for (const ce::StatementReport &s : m.statements) {
            QStringList locks;
            for (const ce::LockObservation &l : s.locks)
                locks.append(tr("%1 on %2").arg(l.modeName(), l.relation));
            allLocks.append(locks);
            auto *child = new QTreeWidgetItem(item, {tr("statement %1 (line %2)").arg(s.index + 1).arg(s.line),
                                                     ce::outcomeName(s.outcome), locks.join(u", "_s),
                                                     s.rewrittenTables.join(u", "_s)});
            if (!s.error.isEmpty())
                child->setToolTip(0, s.error);
            if (std::any_of(s.locks.cbegin(), s.locks.cend(),
                            [](const ce::LockObservation &l) { return l.mode == u"AccessExclusiveLock"_s; }))
                child->setForeground(2, QColor(0xc6, 0x28, 0x28));
        }
        allLocks.removeDuplicates();
        item->setText(2, allLocks.join(u", "_s));
        if (m.outcome == ce::Outcome::NotRehearsable)
            item->setToolTip(1, tr("Runs outside a transaction (e.g. CREATE INDEX CONCURRENTLY): it cannot be rolled back, so it was not rehearsed."));
    }
    // Large plans: expanding thousands of rows and sizing columns to their contents would stall the window.
    m_plan->addTopLevelItems(planItems);
    const bool small = m_plan->topLevelItemCount() <= 200;
    if (small) {
        m_plan->expandAll();
        for (int c = 0; c < m_plan->columnCount(); ++c)
            m_plan->resizeColumnToContents(c);
    } else {
        m_plan->setColumnWidth(0, 380);
        m_plan->setColumnWidth(1, 110);
        m_plan->setColumnWidth(2, 420);
    }

    m_issues->setObjectName(u"reviewIssues"_s);
    m_issues->setHeaderLabels({tr("Check"), tr("Detail")});
    m_issues->setRootIsDecorated(false);
    for (const QString &b : std::as_const(m_blockers)) {
        auto *item = new QTreeWidgetItem(m_issues, {tr("Blocks"), b});
        item->setForeground(0, QColor(0xc6, 0x28, 0x28));
    }
    for (const PreflightFinding &f : preflight.findings) {
        if (f.finding.severity == core::sql::Severity::Error)
            continue; // already among the blockers
        auto *item = new QTreeWidgetItem(m_issues, {tr("Warning"), u"%1:%2: %3 [%4]"_s.arg(f.file).arg(f.finding.start.line).arg(f.finding.message, f.finding.rule)});
        item->setForeground(0, QColor(0xb2, 0x6a, 0x00));
        item->setToolTip(1, f.finding.message);
    }
    for (const ce::BlockingSession &s : preflight.blockingSessions) {
        new QTreeWidgetItem(m_issues, {tr("Session"), tr("pid %1 (%2, %3) holds %4 on %5 for %6 s: %7")
                                                          .arg(s.pid)
                                                          .arg(s.application, s.state, s.mode,
                                                               s.relation.isEmpty() ? tr("(a long transaction)") : s.relation)
                                                          .arg(s.transactionAgeMs / 1000)
                                                          .arg(s.query)});
    }
    if (!preflight.sessionsError.isEmpty())
        new QTreeWidgetItem(m_issues, {tr("Sessions"), tr("could not be checked: %1").arg(preflight.sessionsError)});
    if (m_issues->topLevelItemCount() == 0)
        new QTreeWidgetItem(m_issues, {tr("OK"), tr("No warnings, no blocking sessions.")});
    m_issues->resizeColumnToContents(0);

    auto *buttons = new QDialogButtonBox(this);
    m_continue = buttons->addButton(tr("Continue to Apply…"), QDialogButtonBox::AcceptRole);
    m_continue->setObjectName(u"reviewContinue"_s);
    m_continue->setEnabled(m_blockers.isEmpty());
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(u"reviewCancel"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_plan);
    splitter->addWidget(m_issues);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(860, 560);
}

} // namespace widgets::project
