// SPDX-License-Identifier: GPL-3.0-or-later
#include "plan.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace core::plan {

namespace {
template<typename E, std::size_t N>
std::optional<E> fromName(QStringView name, const std::array<std::pair<E, QStringView>, N> &table)
{
    for (const auto &[value, text] : table) {
        if (name.compare(text, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}
template<typename E, std::size_t N>
QString toName(E value, const std::array<std::pair<E, QStringView>, N> &table)
{
    for (const auto &[v, text] : table) {
        if (v == value)
            return text.toString();
    }
    return {};
}

constexpr std::array phases{std::pair{Phase::Expand, QStringView(u"expand")}, std::pair{Phase::Migrate, QStringView(u"migrate")},
                            std::pair{Phase::Contract, QStringView(u"contract")}};
constexpr std::array kinds{std::pair{StepKind::SchemaMigration, QStringView(u"schema")},
                           std::pair{StepKind::Backfill, QStringView(u"backfill")},
                           std::pair{StepKind::Deploy, QStringView(u"deploy")},
                           std::pair{StepKind::Verification, QStringView(u"verify")},
                           std::pair{StepKind::Wait, QStringView(u"wait")}};
constexpr std::array roles{std::pair{DeployRole::None, QStringView(u"none")},
                           std::pair{DeployRole::DualWrite, QStringView(u"dual-write")},
                           std::pair{DeployRole::ReadSwitch, QStringView(u"read-switch")},
                           std::pair{DeployRole::StopUsingOld, QStringView(u"stop-using-old")}};
} // namespace

QString phaseName(Phase phase)
{
    return toName(phase, phases);
}
std::optional<Phase> phaseFromName(QStringView name)
{
    return fromName(name, phases);
}
QString stepKindName(StepKind kind)
{
    return toName(kind, kinds);
}
std::optional<StepKind> stepKindFromName(QStringView name)
{
    return fromName(name, kinds);
}
QString deployRoleName(DeployRole role)
{
    return toName(role, roles);
}
std::optional<DeployRole> deployRoleFromName(QStringView name)
{
    return fromName(name, roles);
}

const Step *Plan::step(const QString &id) const
{
    const qsizetype i = indexOf(id);
    return i < 0 ? nullptr : &steps.at(i);
}

qsizetype Plan::indexOf(const QString &id) const
{
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (steps.at(i).id == id)
            return i;
    }
    return -1;
}

QStringList Plan::transitiveDependencies(const QString &id) const
{
    QStringList out;
    QSet<QString> seen{id};
    QStringList todo;
    if (const Step *s = step(id))
        todo = s->dependsOn;
    while (!todo.isEmpty()) {
        const QString next = todo.takeFirst();
        if (seen.contains(next))
            continue;
        seen.insert(next);
        out.append(next);
        if (const Step *s = step(next))
            todo.append(s->dependsOn);
    }
    return out;
}

QDate Plan::firstDay() const
{
    QDate d;
    for (const Step &s : steps) {
        if (s.day.isValid() && (!d.isValid() || s.day < d))
            d = s.day;
    }
    return d;
}

QDate Plan::lastDay() const
{
    QDate d;
    for (const Step &s : steps) {
        if (s.day.isValid() && (!d.isValid() || s.day > d))
            d = s.day;
    }
    return d;
}

} // namespace core::plan
