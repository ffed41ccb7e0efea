// SPDX-License-Identifier: GPL-3.0-or-later
#include "rolloutpanel.h"

#include "timelineview.h"
#include "timelinewidget.h"

#include "widgets/project/dbreader.h"

#include "core/plan/planstatus.h"
#include "core/plan/planstore.h"
#include "core/plan/verification.h"
#include "core/project/dbsession.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace widgets {

RolloutPanel::RolloutPanel(project::DbReader *reader, QWidget *parent)
    : QWidget(parent)
    , m_reader(reader)
    , m_plans(new QComboBox(this))
    , m_timeline(new TimelineWidget(this))
    , m_message(new QLabel(this))
{
    setObjectName(u"rolloutPanel"_s);
    m_plans->setObjectName(u"planSelector"_s);
    m_plans->setAccessibleName(tr("Rollout plan"));
    m_message->setObjectName(u"rolloutMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Plan:"), this));
    top->addWidget(m_plans, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_timeline, 1);
    layout->addWidget(m_message);
    connect(m_plans, &QComboBox::currentIndexChanged, this, &RolloutPanel::showPlan);
    connect(m_timeline->view(), &TimelineView::stepActivated, this, [this](const QString &id) {
        const auto *step = m_timeline->plan().step(id);
        if (!step || step->migrations.isEmpty())
            return;
        const QString version = versionOf(step->migrations.first());
        if (version.isEmpty())
            setMessage(tr("Step %1 names %2, which is not in the project").arg(id, step->migrations.first()), true);
        else
            Q_EMIT openMigrationRequested(version);
    });
    connect(m_timeline, &TimelineWidget::applyStepRequested, this, &RolloutPanel::applyStep);
    clear();
}

RolloutPanel::~RolloutPanel() = default;

QString RolloutPanel::message() const
{
    return m_message->text();
}

void RolloutPanel::setMessage(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? u"color: #b71c1c"_s : QString());
}

void RolloutPanel::clear()
{
    m_root.clear();
    m_migrations.clear();
    m_environments.clear();
    m_loaded.clear();
    m_status.clear();
    const QSignalBlocker blocker(m_plans);
    m_plans->clear();
    m_plans->setEnabled(false);
    m_timeline->setPlan({});
    m_timeline->setProjectDirectory({});
    m_timeline->setEnvironmentHistories({});
    setMessage(tr("No rollout plan: the rollout wizards write one, or add [[plans]] to workbench.toml."));
}

void RolloutPanel::setProject(const QString &projectRoot, const core::project::Project &project,
                              const QStringList &environments)
{
    clear();
    m_root = projectRoot;
    m_migrations = project.migrations;
    m_environments = environments;
    m_timeline->setProjectDirectory(projectRoot);
    auto plans = core::plan::loadPlans(projectRoot);
    if (!plans) {
        setMessage(tr("The plans in workbench.toml could not be read: %1").arg(plans.error().detail), true);
        return;
    }
    m_loaded = *plans;
    {
        const QSignalBlocker blocker(m_plans);
        for (const core::plan::Plan &p : std::as_const(m_loaded))
            m_plans->addItem(p.name);
        m_plans->setEnabled(m_loaded.size() > 1);
    }
    if (m_loaded.isEmpty())
        return;
    setMessage({});
    showPlan(0);
}

void RolloutPanel::showPlan(int index)
{
    if (index < 0 || index >= m_loaded.size())
        return;
    m_timeline->setPlan(m_loaded.at(index));
    pushHistories();
}

void RolloutPanel::setEnvironmentStatus(const QString &environment,
                                        const core::Result<core::project::ProjectStatus> &status)
{
    m_status.insert(environment, status);
    pushHistories();
}

QList<core::plan::EnvironmentHistory> RolloutPanel::histories() const
{
    QList<core::plan::EnvironmentHistory> out;
    for (const QString &env : std::as_const(m_environments)) {
        const auto it = m_status.constFind(env);
        if (it == m_status.cend())
            out << core::plan::EnvironmentHistory{env, std::nullopt, tr("not read yet")};
        else if (!*it)
            out << core::plan::EnvironmentHistory{env, std::nullopt, it->error().detail};
        else
            out << core::plan::EnvironmentHistory{env, **it, {}};
    }
    return out;
}

void RolloutPanel::pushHistories()
{
    m_timeline->setEnvironmentHistories(histories());
}

QString RolloutPanel::versionOf(const QString &reference) const
{
    core::project::ProjectStatus files;
    for (const auto &m : m_migrations) {
        core::project::MigrationStatus s;
        s.version = m.version;
        s.id = m.id;
        s.path = m.upPath;
        files.migrations << s;
    }
    const auto *found = core::plan::findMigration(files, reference);
    return found ? found->version : QString();
}

void RolloutPanel::applyStep(const QString &stepId, const QString &environment)
{
    const core::plan::Plan plan = m_timeline->plan();
    const auto *step = plan.step(stepId);
    if (!step)
        return;
    const core::plan::PlanStatus status = core::plan::computePlanStatus(plan, histories());
    const auto ready = core::plan::checkStepReady(plan, status, stepId, environment);
    if (!ready) {
        setMessage(tr("Cannot apply %1 to %2: %3").arg(step->title.isEmpty() ? stepId : step->title, environment,
                                                      ready.error().detail),
                   true);
        return;
    }
    // The step's last migration, in the tool's order, is where the apply stops.
    QString upTo;
    qsizetype lastIndex = -1;
    for (const QString &ref : step->migrations) {
        const QString version = versionOf(ref);
        for (qsizetype i = 0; i < m_migrations.size(); ++i)
            if (m_migrations.at(i).version == version && i > lastIndex) {
                lastIndex = i;
                upTo = version;
            }
    }
    if (upTo.isEmpty()) {
        setMessage(tr("Step %1 names no migration of the project").arg(stepId), true);
        return;
    }
    QList<std::pair<QString, QString>> checks; // step id, SQL
    for (const QString &id : *ready)
        if (const auto *v = plan.step(id); v && !v->verificationSql.trimmed().isEmpty())
            checks << std::pair{id, v->verificationSql};
    if (checks.isEmpty()) {
        setMessage(tr("Applying %1 to %2 (up to %3)…").arg(stepId, environment, upTo));
        Q_EMIT applyRequested(environment, upTo);
        return;
    }
    if (!m_resolve || !m_reader) {
        setMessage(tr("Cannot run the checks of %1: no connection for %2").arg(stepId, environment), true);
        return;
    }
    setMessage(tr("Running %n check(s) on %1 before %2…", nullptr, int(checks.size())).arg(environment, stepId));
    QPointer<RolloutPanel> self(this);
    m_resolve(environment, [self, checks, environment, stepId, upTo](core::Result<core::ConnectionParams> params) {
        RolloutPanel *panel = self.data();
        if (!panel)
            return;
        if (!params) {
            panel->setMessage(tr("Cannot connect to %1: %2").arg(environment, params.error().detail), true);
            return;
        }
        struct Outcome
        {
            QString failedStep;
            QString summary;
            QList<std::pair<QString, QString>> ran; // step, summary
            QString error;
        };
        panel->m_reader->run(
            [checks, connection = *params]() -> Outcome {
                Outcome out;
                auto db = core::project::DbSession::open(connection);
                if (!db) {
                    out.error = db.error().detail;
                    return out;
                }
                for (const auto &[id, sql] : checks) {
                    const auto r = core::plan::runVerification(**db, sql);
                    if (!r) {
                        out.failedStep = id;
                        out.summary = r.error().detail;
                        return out;
                    }
                    out.ran << std::pair{id, r->summary()};
                    if (!r->passed) {
                        out.failedStep = id;
                        out.summary = r->summary();
                        return out;
                    }
                }
                return out;
            },
            [self, environment, stepId, upTo](Outcome out) {
                RolloutPanel *p = self.data();
                if (!p)
                    return;
                for (const auto &[id, summary] : std::as_const(out.ran))
                    Q_EMIT p->verificationFinished(environment, id, out.failedStep != id, summary);
                if (!out.error.isEmpty()) {
                    p->setMessage(tr("Cannot connect to %1: %2").arg(environment, out.error), true);
                    return;
                }
                if (!out.failedStep.isEmpty()) {
                    if (out.ran.isEmpty() || out.ran.last().first != out.failedStep)
                        Q_EMIT p->verificationFinished(environment, out.failedStep, false, out.summary);
                    p->setMessage(tr("Not applied: the check %1 on %2 %3").arg(out.failedStep, environment, out.summary), true);
                    return;
                }
                p->setMessage(tr("Checks passed on %1; applying %2 (up to %3)…").arg(environment, stepId, upTo));
                Q_EMIT p->applyRequested(environment, upTo);
            });
    });
}

} // namespace widgets
