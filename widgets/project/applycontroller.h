// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "applyplan.h"
#include "core/connection/connectionprofile.h"
#include "core/connection/environment.h"
#include "core/engine/applytypes.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <optional>

namespace core::engine {
class EngineHost;
}

namespace widgets {
class ConfirmApplyDialog;
}

namespace widgets::project {

class DbReader;
class ReviewDialog;

/// One "Apply to <environment>": preflight (status, failed/drifted migrations, analyzer errors, blocking
/// sessions) on the reader thread → rehearsal through the engine (each migration in a rolled-back transaction,
/// locks recorded) → review dialog → confirmation (the typed name on a protected environment) → apply through
/// the engine with progress, notices and Cancel. Dialogs are opened window-modal without a nested event loop.
class ApplyController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApplyController)
public:
    enum class Stage { Idle, Preflight, Rehearsal, Review, Confirmation, Applying, Succeeded, Failed, Cancelled };
    Q_ENUM(Stage)

    ApplyController(core::engine::EngineHost *engine, DbReader *reader, QWidget *dialogParent, QObject *parent = nullptr);
    ~ApplyController() override;

    /// Starts the flow (the pending migrations up to `upToVersion`, or all); false when one runs already.
    bool start(const core::project::Project &project, const core::connection::Environment &environment,
               const core::ConnectionParams &params, const std::optional<core::connection::ConnectionProfile> &profile,
               const QString &upToVersion = {});
    /// Cancels whatever stage runs: the engine rolls back the running migration; dialogs close.
    void cancel();

    Stage stage() const { return m_stage; }
    bool isRunning() const;
    QString environment() const { return m_environment.name; }
    const Preflight &preflight() const { return m_preflight; }
    const core::engine::ApplyReport &rehearsal() const { return m_rehearsal; }
    const core::engine::ApplyReport &report() const { return m_report; }
    QString message() const { return m_message; } ///< the outcome (or the error) in one sentence
    qint64 elapsedMs() const { return m_clock.isValid() ? m_clock.elapsed() : 0; }
    ReviewDialog *reviewDialog() const;
    ConfirmApplyDialog *confirmationDialog() const;

    static QString stageText(Stage stage);

Q_SIGNALS:
    void stageChanged(widgets::project::ApplyController::Stage stage, const QString &text);
    void progress(const core::engine::Progress &progress);
    void notice(const QString &message);
    /// The flow ended (succeeded, failed or cancelled); `changedDatabase`: the apply ran (even partly).
    void finished(bool success, const QString &message, bool changedDatabase);
    void reviewShown(widgets::project::ReviewDialog *dialog);
    void confirmationShown(widgets::ConfirmApplyDialog *dialog);

private:
    void setStage(Stage stage, const QString &text = {});
    void onPreflight(Preflight preflight, quint64 generation);
    void onEngineFinished(core::engine::RequestId id, const core::engine::ApplyReport &report);
    void showReview();
    void showConfirmation();
    void runApply();
    void end(Stage stage, const QString &message, bool changedDatabase);

    core::engine::EngineHost *m_engine;
    DbReader *m_reader;
    QWidget *m_dialogParent;
    Stage m_stage = Stage::Idle;
    quint64 m_generation = 0; ///< drops preflight results of a cancelled flow
    core::project::Project m_project;
    core::connection::Environment m_environment;
    core::ConnectionParams m_params;
    std::optional<core::connection::ConnectionProfile> m_profile;
    Preflight m_preflight;
    core::engine::ApplyReport m_rehearsal;
    core::engine::ApplyReport m_report;
    QList<core::engine::PlannedMigration> m_planned;
    core::engine::RequestId m_rehearsalId;
    core::engine::RequestId m_applyId;
    QString m_message;
    QElapsedTimer m_clock;
    QPointer<ReviewDialog> m_review;
    QPointer<ConfirmApplyDialog> m_confirm;
};

} // namespace widgets::project
