// SPDX-License-Identifier: GPL-3.0-or-later
#include "planstatus.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;
using State = core::project::MigrationStatus::State;

namespace core::plan {

QString stepStateName(StepState state)
{
    switch (state) {
    case StepState::Done: return u"done"_s;
    case StepState::Running: return u"running"_s;
    case StepState::Failed: return u"failed"_s;
    case StepState::Pending: return u"pending"_s;
    case StepState::Blocked: return u"blocked"_s;
    case StepState::Unknown: return u"unknown"_s;
    }
    return u"unknown"_s;
}

StepStatus PlanStatus::at(const QString &stepId, const QString &environment) const
{
    return steps.value(stepId).value(environment);
}

QString PlanStatus::nextStep(const Plan &plan, const QString &environment) const
{
    for (const Step &s : plan.steps)
        if (at(s.id, environment).state == StepState::Pending)
            return s.id;
    return {};
}

const core::project::MigrationStatus *findMigration(const core::project::ProjectStatus &status, const QString &ref)
{
    if (ref.isEmpty())
        return nullptr;
    const QString normalized = QString(ref).replace(u'\\', u'/');
    const QString fileName = QFileInfo(normalized).fileName();
    for (const auto &m : status.migrations) {
        if (m.version == ref || m.id == ref)
            return &m;
    }
    for (const auto &m : status.migrations) {
        if (m.path.isEmpty())
            continue;
        const QString path = QString(m.path).replace(u'\\', u'/');
        if (path == normalized || path.endsWith(u'/' + normalized) || QFileInfo(path).fileName() == fileName)
            return &m;
        // Folder-per-migration formats (Prisma, sqitch): the reference may name the folder.
        if (QFileInfo(QFileInfo(path).path()).fileName() == fileName)
            return &m;
    }
    return nullptr;
}

namespace {

StepStatus migrationStepStatus(const Step &step, const EnvironmentHistory &env)
{
    if (!env.status)
        return {StepState::Unknown, env.error};
    int applied = 0;
    for (const QString &ref : step.migrations) {
        const auto *m = findMigration(*env.status, ref);
        if (!m)
            return {StepState::Unknown, u"migration '%1' is not in the project"_s.arg(ref)};
        switch (m->state) {
        case State::Applied: ++applied; break;
        case State::Failed:
        case State::Drifted:
        case State::Missing:
            return {StepState::Failed, u"%1 %2%3"_s.arg(m->version, core::project::stateId(m->state),
                                                      m->detail.isEmpty() ? QString() : u": "_s + m->detail)};
        case State::Pending:
        case State::OutOfOrder:
        case State::Deleted: break;
        }
    }
    if (applied == step.migrations.size())
        return {StepState::Done, u"applied"_s};
    if (applied > 0)
        return {StepState::Running,
                u"%1 of %2 migrations applied"_s.arg(applied).arg(step.migrations.size())};
    return {StepState::Pending, {}}; // Pending or Blocked: decided with the dependencies
}

} // namespace

PlanStatus computePlanStatus(const Plan &plan, const QList<EnvironmentHistory> &environments)
{
    PlanStatus result;
    QString previous; // the environment before this one in the pipeline: a step is promoted, never skipped
    for (const EnvironmentHistory &env : environments) {
        result.environments << env.environment;
        // Plan order is dependency order for valid plans; iterate until stable so that any order works.
        QHash<QString, StepStatus> states;
        for (const Step &s : plan.steps) {
            const bool fromHistory = s.kind == StepKind::SchemaMigration || s.kind == StepKind::Backfill;
            StepStatus st = fromHistory && !s.migrations.isEmpty()
                                ? migrationStepStatus(s, env)
                                : StepStatus{plan.isCheckedOff(s.id, env.environment) ? StepState::Done : StepState::Pending,
                                             plan.isCheckedOff(s.id, env.environment) ? u"checked off"_s : QString()};
            states.insert(s.id, st);
        }
        for (const Step &s : plan.steps) {
            StepStatus &st = states[s.id];
            if (st.state != StepState::Pending)
                continue;
            for (const QString &dep : plan.transitiveDependencies(s.id)) {
                if (states.value(dep).state != StepState::Done) {
                    st = {StepState::Blocked, u"waits for step '%1'"_s.arg(dep)};
                    break;
                }
            }
            if (st.state == StepState::Pending && !previous.isEmpty()
                && result.at(s.id, previous).state != StepState::Done)
                st = {StepState::Blocked, u"waits for %1"_s.arg(previous)};
        }
        for (auto it = states.cbegin(); it != states.cend(); ++it)
            result.steps[it.key()].insert(env.environment, it.value());
        previous = env.environment;
    }
    return result;
}

} // namespace core::plan
