// SPDX-License-Identifier: GPL-3.0-or-later
#include "applycontroller.h"

#include "dbreader.h"
#include "reviewdialog.h"
#include "widgets/connection/confirmapplydialog.h"
#include "widgets/uilogging.h"

#include "core/engine/auditlog.h"
#include "core/engine/enginehost.h"

#include <QFileInfo>
#include <QPushButton>

using namespace Qt::StringLiterals;
namespace ce = core::engine;

namespace widgets::project {

ApplyController::ApplyController(ce::EngineHost *engine, DbReader *reader, QWidget *dialogParent, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_reader(reader)
    , m_dialogParent(dialogParent)
{
    connect(m_engine, &ce::EngineHost::finished, this, &ApplyController::onEngineFinished);
    connect(m_engine, &ce::EngineHost::progress, this, [this](ce::RequestId id, const ce::Progress &p) {
        if (id == m_applyId || id == m_rehearsalId)
            Q_EMIT progress(p);
    });
    connect(m_engine, &ce::EngineHost::notice, this, [this](ce::RequestId id, const QString &message) {
        if (id == m_applyId || id == m_rehearsalId)
            Q_EMIT notice(message);
    });
}

ApplyController::~ApplyController()
{
    delete m_review;
    delete m_confirm;
}

ReviewDialog *ApplyController::reviewDialog() const
{
    return m_review.get();
}

ConfirmApplyDialog *ApplyController::confirmationDialog() const
{
    return m_confirm.get();
}

QString ApplyController::stageText(Stage stage)
{
    switch (stage) {
    case Stage::Idle:
        return tr("Idle");
    case Stage::Preflight:
        return tr("Preflight");
    case Stage::Rehearsal:
        return tr("Rehearsal");
    case Stage::Review:
        return tr("Review");
    case Stage::Confirmation:
        return tr("Confirmation");
    case Stage::Applying:
        return tr("Applying");
    case Stage::Succeeded:
        return tr("Done");
    case Stage::Failed:
        return tr("Failed");
    case Stage::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

bool ApplyController::isRunning() const
{
    return m_stage != Stage::Idle && m_stage != Stage::Succeeded && m_stage != Stage::Failed && m_stage != Stage::Cancelled;
}

void ApplyController::setStage(Stage stage, const QString &text)
{
    m_stage = stage;
    qCInfo(lcUi).noquote() << "apply to" << m_environment.name << ":" << stageText(stage) << text;
    Q_EMIT stageChanged(stage, text.isEmpty() ? stageText(stage) : text);
}

bool ApplyController::start(const core::project::Project &project, const core::connection::Environment &environment,
                            const core::ConnectionParams &params,
                            const std::optional<core::connection::ConnectionProfile> &profile,
                            const QString &upToVersion)
{
    if (isRunning())
        return false;
    m_project = project;
    m_environment = environment;
    m_params = params;
    m_profile = profile;
    m_preflight = {};
    m_rehearsal = {};
    m_report = {};
    m_rehearsalId = {};
    m_applyId = {};
    m_message.clear();
    m_clock.start();
    const quint64 generation = ++m_generation;
    setStage(Stage::Preflight, tr("Preflight on %1: status, analyzer, blocking sessions…").arg(environment.name));
    m_reader->run([project, name = environment.name, params, upToVersion] { return runPreflight(name, project, params, upToVersion); },
                  [this, generation](Preflight preflight) { onPreflight(std::move(preflight), generation); });
    return true;
}

void ApplyController::onPreflight(Preflight preflight, quint64 generation)
{
    if (generation != m_generation || m_stage != Stage::Preflight)
        return; // cancelled meanwhile
    m_preflight = std::move(preflight);
    if (m_preflight.error) {
        end(Stage::Failed, tr("Cannot read %1: %2").arg(m_environment.name, m_preflight.error->detail), false);
        return;
    }
    if (m_preflight.pending.isEmpty() && m_preflight.blockers.isEmpty()) {
        end(Stage::Succeeded, tr("%1 is up to date: nothing to apply.").arg(m_environment.name), false);
        return;
    }
    if (m_preflight.pending.isEmpty()) {
        showReview(); // shows what blocks
        return;
    }
    if (m_params.dialect == core::Dialect::MySQL) {
        // Every DDL statement commits implicitly on MySQL/MariaDB: a dry run could not be rolled back. The review
        // shows the analyzer's lock report instead, and the stage says why it was skipped.
        m_preflight.rehearsalSkipped =
            tr("MySQL and MariaDB commit every DDL statement implicitly, so a rehearsal could not be rolled back.");
        setStage(Stage::Rehearsal, tr("Rehearsal skipped on %1: %2").arg(m_environment.name, m_preflight.rehearsalSkipped));
        showReview();
        return;
    }
    setStage(Stage::Rehearsal, tr("Rehearsing %n migration(s) on %1 (rolled back)…", nullptr,
                                  int(m_preflight.pending.size()))
                                   .arg(m_environment.name));
    m_rehearsalId = m_engine->requestApply(m_preflight.rehearsalRequest);
}

void ApplyController::onEngineFinished(ce::RequestId id, const ce::ApplyReport &report)
{
    if (id == m_rehearsalId && m_stage == Stage::Rehearsal) {
        m_rehearsal = splitRehearsalReport(m_preflight.applyRequest.migrations, report);
        if (report.cancelled) {
            end(Stage::Cancelled, tr("Cancelled during the rehearsal; nothing was changed."), false);
            return;
        }
        showReview();
    } else if (id == m_applyId && m_stage == Stage::Applying) {
        m_report = report;
        // The audit log, as `mwb apply` writes it (one line per migration, on the reader thread).
        ce::AuditContext audit;
        audit.environment = m_environment.name;
        audit.server = m_params.toRedactedUrl();
        audit.project = m_project.dir;
        const QString auditPath = qEnvironmentVariableIsEmpty("MWB_AUDIT_LOG") ? ce::AuditLog::defaultPath()
                                                                               : qEnvironmentVariable("MWB_AUDIT_LOG");
        m_reader->run([auditPath, audit, planned = m_planned, report] { return ce::AuditLog(auditPath).append(audit, planned, report); },
                      [](core::Result<void> written) {
                          if (!written)
                              qCWarning(lcUi) << "audit log:" << written.error().detail;
                      });

        const int applied = report.appliedCount();
        if (report.cancelled) {
            end(Stage::Cancelled,
                tr("Cancelled: %n migration(s) applied to %1 before the cancel; the running one was rolled back.",
                   nullptr, applied)
                    .arg(m_environment.name),
                true);
        } else if (report.error) {
            end(Stage::Failed,
                tr("Failed after %n applied migration(s) on %1: %2", nullptr, applied).arg(m_environment.name, report.error->detail),
                true);
        } else {
            end(Stage::Succeeded,
                tr("Applied %n migration(s) to %1 in %2 s.", nullptr, applied)
                    .arg(m_environment.name)
                    .arg(double(m_clock.elapsed()) / 1000.0, 0, 'f', 1),
                true);
        }
    }
}

void ApplyController::showReview()
{
    setStage(Stage::Review, tr("Review the plan for %1").arg(m_environment.name));
    m_review = new ReviewDialog(m_preflight, m_rehearsal, m_dialogParent);
    m_review->setAttribute(Qt::WA_DeleteOnClose);
    m_review->setWindowModality(Qt::WindowModal);
    connect(m_review, &QDialog::accepted, this, [this] {
        if (m_stage == Stage::Review)
            showConfirmation();
    });
    connect(m_review, &QDialog::rejected, this, [this] {
        if (m_stage == Stage::Review)
            end(Stage::Cancelled, tr("Not applied: the review was closed."), false);
    });
    m_review->open();
    Q_EMIT reviewShown(m_review);
}

void ApplyController::showConfirmation()
{
    setStage(Stage::Confirmation, tr("Confirm the apply to %1").arg(m_environment.name));
    const QString summary = tr("%n migration(s)", nullptr, int(m_preflight.pending.size()));
    m_confirm = new ConfirmApplyDialog(m_environment, m_profile ? &*m_profile : nullptr, summary, m_dialogParent);
    m_confirm->setAttribute(Qt::WA_DeleteOnClose);
    m_confirm->setWindowModality(Qt::WindowModal);
    connect(m_confirm, &QDialog::accepted, this, [this] {
        if (m_stage == Stage::Confirmation)
            runApply();
    });
    connect(m_confirm, &QDialog::rejected, this, [this] {
        if (m_stage == Stage::Confirmation)
            end(Stage::Cancelled, tr("Not applied: the confirmation was declined."), false);
    });
    m_confirm->open();
    Q_EMIT confirmationShown(m_confirm);
}

void ApplyController::runApply()
{
    setStage(Stage::Applying, tr("Applying %n migration(s) to %1…", nullptr, int(m_preflight.pending.size()))
                                  .arg(m_environment.name));
    m_planned = m_preflight.applyRequest.migrations;
    m_applyId = m_engine->requestApply(m_preflight.applyRequest);
}

void ApplyController::cancel()
{
    switch (m_stage) {
    case Stage::Preflight:
        ++m_generation;
        end(Stage::Cancelled, tr("Cancelled during the preflight; nothing was changed."), false);
        break;
    case Stage::Rehearsal:
        m_engine->cancel(m_rehearsalId); // finished(cancelled) follows
        break;
    case Stage::Applying:
        setStage(Stage::Applying, tr("Cancelling: rolling back the running migration…"));
        m_engine->cancel(m_applyId); // finished(cancelled) follows
        break;
    case Stage::Review:
        if (m_review)
            m_review->reject();
        break;
    case Stage::Confirmation:
        if (m_confirm)
            m_confirm->reject();
        break;
    default:
        break;
    }
}

void ApplyController::end(Stage stage, const QString &message, bool changedDatabase)
{
    m_message = message;
    setStage(stage, message);
    if (stage == Stage::Failed)
        qCWarning(lcUi).noquote() << message;
    Q_EMIT finished(stage == Stage::Succeeded, message, changedDatabase);
}

} // namespace widgets::project
