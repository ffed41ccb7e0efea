// SPDX-License-Identifier: GPL-3.0-or-later
#include "planvalidator.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace core::plan {

namespace {

QString label(const Step &s)
{
    return s.title.isEmpty() ? s.id : u"'%1'"_s.arg(s.title);
}

// Whether `step` comes properly after `before`: it depends on it (directly or not) and is not scheduled earlier.
bool comesAfter(const Plan &plan, const Step &step, const Step &before)
{
    return plan.transitiveDependencies(step.id).contains(before.id) && step.day.isValid() && before.day.isValid()
        && step.day >= before.day;
}

} // namespace

QStringList planRuleIds()
{
    return {u"contract-before-deploy"_s, u"read-switch-before-backfill"_s, u"drop-before-read-switch"_s,
            u"drop-outside-contract"_s, u"unknown-dependency"_s, u"dependency-cycle"_s,
            u"dependency-scheduled-later"_s, u"phase-order"_s, u"missing-day"_s, u"duplicate-id"_s,
            u"empty-verification"_s};
}

QList<PlanViolation> validatePlan(const Plan &plan)
{
    QList<PlanViolation> out;
    QSet<QString> ids;
    for (const Step &s : plan.steps) {
        if (ids.contains(s.id))
            out.append({u"duplicate-id"_s, {s.id}, u"two steps share the id '%1'"_s.arg(s.id)});
        ids.insert(s.id);
    }

    for (const Step &s : plan.steps) {
        if (!s.day.isValid())
            out.append({u"missing-day"_s, {s.id}, u"%1 has no planned day"_s.arg(label(s))});
        if (s.kind == StepKind::Verification && s.verificationSql.trimmed().isEmpty())
            out.append({u"empty-verification"_s, {s.id}, u"verification %1 has no SQL to run"_s.arg(label(s))});
        for (const QString &dep : s.dependsOn) {
            const Step *d = plan.step(dep);
            if (!d) {
                out.append({u"unknown-dependency"_s, {s.id}, u"%1 depends on '%2', which is not in the plan"_s.arg(label(s), dep)});
                continue;
            }
            if (s.day.isValid() && d->day.isValid() && d->day > s.day)
                out.append({u"dependency-scheduled-later"_s, {s.id, d->id},
                            u"%1 is planned for %2 but depends on %3, planned for %4"_s.arg(
                                label(s), s.day.toString(Qt::ISODate), label(*d), d->day.toString(Qt::ISODate))});
            if (int(d->phase) > int(s.phase))
                out.append({u"phase-order"_s, {s.id, d->id},
                            u"%1 (%2) depends on %3 of the later %4 phase"_s.arg(label(s), phaseName(s.phase), label(*d),
                                                                                phaseName(d->phase))});
        }
    }
    // A step that reaches itself through its dependencies.
    for (const Step &s : plan.steps) {
        QStringList todo = s.dependsOn;
        QSet<QString> seen;
        bool cycle = false;
        while (!todo.isEmpty() && !cycle) {
            const QString next = todo.takeFirst();
            if (next == s.id)
                cycle = true;
            else if (!seen.contains(next)) {
                seen.insert(next);
                if (const Step *d = plan.step(next))
                    todo.append(d->dependsOn);
            }
        }
        if (cycle)
            out.append({u"dependency-cycle"_s, {s.id}, u"%1 depends on itself through its dependencies"_s.arg(label(s))});
    }

    QList<const Step *> stopDeploys, readSwitches, backfills;
    for (const Step &s : plan.steps) {
        if (s.kind == StepKind::Deploy && s.deployRole == DeployRole::StopUsingOld)
            stopDeploys.append(&s);
        if (s.kind == StepKind::Deploy && s.deployRole == DeployRole::ReadSwitch)
            readSwitches.append(&s);
        if (s.kind == StepKind::Backfill)
            backfills.append(&s);
    }

    for (const Step &s : plan.steps) {
        // Gate 1: nothing of the contract phase before the app has stopped using the old column or table.
        if (s.phase == Phase::Contract && s.kind != StepKind::Deploy && s.kind != StepKind::Wait) {
            const bool gated = std::any_of(stopDeploys.cbegin(), stopDeploys.cend(),
                                           [&](const Step *d) { return comesAfter(plan, s, *d); });
            if (!gated) {
                QStringList involved{s.id};
                for (const Step *d : std::as_const(stopDeploys))
                    involved.append(d->id);
                out.append({u"contract-before-deploy"_s, involved,
                            stopDeploys.isEmpty()
                                ? u"%1 is a contract step, but the plan has no deploy that stops using the old schema"_s.arg(label(s))
                                : u"%1 is a contract step but does not come after the deploy %2 that stops using the old schema"_s
                                      .arg(label(s), label(*stopDeploys.first()))});
            }
        }
        // Gate 2: reads switch to the new column only once every backfill is complete.
        if (s.kind == StepKind::Deploy && s.deployRole == DeployRole::ReadSwitch) {
            for (const Step *b : std::as_const(backfills)) {
                if (!comesAfter(plan, s, *b))
                    out.append({u"read-switch-before-backfill"_s, {s.id, b->id},
                                u"the read switch %1 does not come after the backfill %2"_s.arg(label(s), label(*b))});
            }
        }
        // Gate 3: the old column or table is dropped only after reads have switched.
        if (s.drops) {
            if (s.phase != Phase::Contract)
                out.append({u"drop-outside-contract"_s, {s.id},
                            u"%1 drops the old schema in the %2 phase; drops belong to the contract phase"_s.arg(label(s), phaseName(s.phase))});
            for (const Step *r : std::as_const(readSwitches)) {
                if (!comesAfter(plan, s, *r))
                    out.append({u"drop-before-read-switch"_s, {s.id, r->id},
                                u"%1 drops the old schema but does not come after the read switch %2"_s.arg(label(s), label(*r))});
            }
        }
    }
    return out;
}

QList<PlanViolation> violationsAfterMove(const Plan &plan, const QString &id, QDate day)
{
    const qsizetype index = plan.indexOf(id);
    if (index < 0)
        return {{u"unknown-dependency"_s, {id}, u"no step '%1' in the plan"_s.arg(id)}};
    const QList<PlanViolation> before = validatePlan(plan);
    Plan moved = plan;
    moved.steps[index].day = day;
    QList<PlanViolation> introduced;
    for (const PlanViolation &v : validatePlan(moved)) {
        // Messages mention days, so compare on rule and steps only.
        const bool existed = std::any_of(before.cbegin(), before.cend(),
                                         [&v](const PlanViolation &b) { return b.rule == v.rule && b.steps == v.steps; });
        if (!existed)
            introduced.append(v);
    }
    // The rollout gates say more than the structural rules they usually come with: report them first.
    const QStringList gates{u"contract-before-deploy"_s, u"read-switch-before-backfill"_s, u"drop-before-read-switch"_s,
                            u"drop-outside-contract"_s};
    std::stable_sort(introduced.begin(), introduced.end(), [&gates](const PlanViolation &a, const PlanViolation &b) {
        return gates.contains(a.rule) && !gates.contains(b.rule);
    });
    return introduced;
}

} // namespace core::plan
