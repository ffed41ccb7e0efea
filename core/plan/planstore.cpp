// SPDX-License-Identifier: GPL-3.0-or-later
#include "planstore.h"

#include "core/project/projectfile.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace core::plan {

namespace {

const QString kSection = u"plans"_s;

Error planError(const QString &where, const QString &what)
{
    return Error::make(Error::Code::InvalidArgument, u"workbench.toml: %1: %2"_s.arg(where, what));
}

Result<QStringList> stringList(const QVariant &v, const QString &where, const QString &key)
{
    if (!v.isValid())
        return QStringList();
    if (v.typeId() != QMetaType::QVariantList)
        return std::unexpected(planError(where, u"%1 must be a list of strings"_s.arg(key)));
    QStringList out;
    for (const QVariant &item : v.toList()) {
        if (item.typeId() != QMetaType::QString)
            return std::unexpected(planError(where, u"%1 must be a list of strings"_s.arg(key)));
        out << item.toString();
    }
    return out;
}

Result<QDate> parseDay(const QVariant &v, const QString &where)
{
    if (!v.isValid())
        return QDate();
    // toml++ dates arrive as ISO strings; a quoted "YYYY-MM-DD" is accepted as well.
    const QString text = v.toString().trimmed();
    static const QRegularExpression re(u"^(\\d{4}-\\d{2}-\\d{2})$"_s);
    const auto m = re.match(text);
    const QDate day = m.hasMatch() ? QDate::fromString(m.captured(1), Qt::ISODate) : QDate();
    if (!day.isValid())
        return std::unexpected(planError(where, u"day '%1' is not a date (YYYY-MM-DD)"_s.arg(text)));
    return day;
}

Result<Step> readStep(const QVariantMap &m, const QString &where, QStringList *doneIn)
{
    static const QStringList known{u"id"_s,          u"title"_s,          u"kind"_s,           u"phase"_s,
                                   u"day"_s,         u"depends_on"_s,     u"migrations"_s,     u"deploy_version"_s,
                                   u"deploy_role"_s, u"drops"_s,          u"verification_sql"_s, u"notes"_s,
                                   u"done_in"_s};
    for (auto it = m.cbegin(); it != m.cend(); ++it)
        if (!known.contains(it.key()))
            return std::unexpected(planError(where, u"unknown key '%1'"_s.arg(it.key())));
    Step s;
    s.id = m.value(u"id"_s).toString();
    if (s.id.isEmpty())
        return std::unexpected(planError(where, u"a step needs an id"_s));
    const QString at = where + u" step '"_s + s.id + u'\'';
    s.title = m.value(u"title"_s).toString();
    const auto kind = stepKindFromName(m.value(u"kind"_s, u"schema"_s).toString());
    if (!kind)
        return std::unexpected(planError(at, u"unknown kind '%1' (schema, backfill, deploy, verify, wait)"_s.arg(
                                                 m.value(u"kind"_s).toString())));
    s.kind = *kind;
    const auto phase = phaseFromName(m.value(u"phase"_s, u"expand"_s).toString());
    if (!phase)
        return std::unexpected(
            planError(at, u"unknown phase '%1' (expand, migrate, contract)"_s.arg(m.value(u"phase"_s).toString())));
    s.phase = *phase;
    auto day = parseDay(m.value(u"day"_s), at);
    if (!day)
        return std::unexpected(day.error());
    s.day = *day;
    auto deps = stringList(m.value(u"depends_on"_s), at, u"depends_on"_s);
    auto migrations = stringList(m.value(u"migrations"_s), at, u"migrations"_s);
    auto doneInList = stringList(m.value(u"done_in"_s), at, u"done_in"_s);
    for (const auto *r : {&deps, &migrations, &doneInList})
        if (!*r)
            return std::unexpected(r->error());
    s.dependsOn = *deps;
    s.migrations = *migrations;
    *doneIn = *doneInList;
    s.deployVersion = m.value(u"deploy_version"_s).toString();
    const auto role = deployRoleFromName(m.value(u"deploy_role"_s, u"none"_s).toString());
    if (!role)
        return std::unexpected(planError(
            at, u"unknown deploy_role '%1' (none, dual-write, read-switch, stop-using-old)"_s.arg(
                    m.value(u"deploy_role"_s).toString())));
    s.deployRole = *role;
    s.drops = m.value(u"drops"_s, false).toBool();
    s.verificationSql = m.value(u"verification_sql"_s).toString();
    s.notes = m.value(u"notes"_s).toString();
    return s;
}

QVariantList toVariant(const QStringList &list)
{
    QVariantList out;
    for (const QString &s : list)
        out << s;
    return out;
}

QVariantMap writeStep(const Step &s, const QStringList &doneIn)
{
    QVariantMap m{{u"id"_s, s.id}, {u"kind"_s, stepKindName(s.kind)}, {u"phase"_s, phaseName(s.phase)}};
    if (!s.title.isEmpty())
        m.insert(u"title"_s, s.title);
    if (s.day.isValid())
        m.insert(u"day"_s, s.day.toString(Qt::ISODate));
    if (!s.dependsOn.isEmpty())
        m.insert(u"depends_on"_s, toVariant(s.dependsOn));
    if (!s.migrations.isEmpty())
        m.insert(u"migrations"_s, toVariant(s.migrations));
    if (!s.deployVersion.isEmpty())
        m.insert(u"deploy_version"_s, s.deployVersion);
    if (s.deployRole != DeployRole::None)
        m.insert(u"deploy_role"_s, deployRoleName(s.deployRole));
    if (s.drops)
        m.insert(u"drops"_s, true);
    if (!s.verificationSql.isEmpty())
        m.insert(u"verification_sql"_s, s.verificationSql);
    if (!s.notes.isEmpty())
        m.insert(u"notes"_s, s.notes);
    if (!doneIn.isEmpty())
        m.insert(u"done_in"_s, toVariant(doneIn));
    return m;
}

} // namespace

Result<QList<Plan>> readPlans(const core::project::ProjectFile &file)
{
    const QVariant section = file.section(kSection);
    if (!section.isValid())
        return QList<Plan>();
    if (section.typeId() != QMetaType::QVariantList)
        return std::unexpected(planError(kSection, u"must be an array of tables ([[plans]])"_s));
    QList<Plan> plans;
    QStringList names;
    int index = 0;
    for (const QVariant &pv : section.toList()) {
        ++index;
        const QVariantMap pm = pv.toMap();
        Plan plan;
        plan.name = pm.value(u"name"_s).toString();
        const QString where = plan.name.isEmpty() ? u"plan #%1"_s.arg(index) : u"plan '%1'"_s.arg(plan.name);
        if (plan.name.isEmpty())
            return std::unexpected(planError(where, u"a plan needs a name"_s));
        if (names.contains(plan.name))
            return std::unexpected(planError(where, u"two plans have this name"_s));
        names << plan.name;
        plan.subject = pm.value(u"subject"_s).toString();
        const QVariant steps = pm.value(u"steps"_s);
        if (steps.isValid() && steps.typeId() != QMetaType::QVariantList)
            return std::unexpected(planError(where, u"steps must be an array of tables ([[plans.steps]])"_s));
        for (const QVariant &sv : steps.toList()) {
            if (sv.typeId() != QMetaType::QVariantMap)
                return std::unexpected(planError(where, u"steps must be an array of tables ([[plans.steps]])"_s));
            QStringList doneIn;
            auto step = readStep(sv.toMap(), where, &doneIn);
            if (!step)
                return std::unexpected(step.error());
            if (!doneIn.isEmpty())
                plan.checkedOff.insert(step->id, doneIn);
            if (plan.indexOf(step->id) >= 0)
                return std::unexpected(planError(where, u"two steps have the id '%1'"_s.arg(step->id)));
            plan.steps << *step;
        }
        for (const Step &s : std::as_const(plan.steps))
            for (const QString &dep : s.dependsOn)
                if (plan.indexOf(dep) < 0)
                    return std::unexpected(
                        planError(where, u"step '%1' depends on '%2', which is not in the plan"_s.arg(s.id, dep)));
        plans << plan;
    }
    return plans;
}

Result<void> writePlans(core::project::ProjectFile &file, const QList<Plan> &plans)
{
    if (plans.isEmpty()) {
        if (file.hasSection(kSection))
            file.removeSection(kSection);
        return {};
    }
    QVariantList list;
    for (const Plan &p : plans) {
        if (p.name.isEmpty())
            return std::unexpected(planError(u"plans"_s, u"a plan needs a name"_s));
        QVariantList steps;
        for (const Step &s : p.steps)
            steps << writeStep(s, p.checkedOff.value(s.id));
        QVariantMap m{{u"name"_s, p.name}};
        if (!p.subject.isEmpty())
            m.insert(u"subject"_s, p.subject);
        if (!steps.isEmpty())
            m.insert(u"steps"_s, steps);
        list << m;
    }
    return file.replaceSection(kSection, list);
}

Result<QList<Plan>> loadPlans(const QString &projectDir)
{
    auto file = core::project::ProjectFile::load(projectDir);
    if (!file)
        return std::unexpected(file.error());
    return readPlans(*file);
}

Result<void> savePlans(const QString &projectDir, const QList<Plan> &plans)
{
    auto file = core::project::ProjectFile::load(projectDir);
    if (!file)
        return std::unexpected(file.error());
    if (auto w = writePlans(*file, plans); !w)
        return w;
    return file->save();
}

} // namespace core::plan
