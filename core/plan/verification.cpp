// SPDX-License-Identifier: GPL-3.0-or-later
#include "verification.h"

#include "core/project/dbsession.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace core::plan {

QString VerificationResult::summary() const
{
    if (passed)
        return rows == 0 ? u"passed: no rows"_s : u"passed: %1"_s.arg(firstRow.value(0));
    QStringList shown;
    for (const QString &v : firstRow)
        shown << (v.isNull() ? u"NULL"_s : v);
    return u"failed: %1 row%2, first: (%3)"_s.arg(rows).arg(rows == 1 ? u""_s : u"s"_s, shown.join(u", "_s));
}

Result<VerificationResult> runVerification(core::project::DbSession &db, const QString &sql, int timeoutSeconds)
{
    QString query = sql.trimmed();
    while (query.endsWith(u';'))
        query.chop(1);
    if (query.isEmpty())
        return fail(Error::Code::InvalidArgument, u"the verification check has no SQL"_s);
    const bool pg = db.dialect() == Dialect::PostgreSQL;
    const int seconds = std::max(1, timeoutSeconds);
    // Read only and rolled back: a check cannot change data, and its locks end with it.
    QString restore;
    if (pg) {
        for (const QString &s : {u"BEGIN READ ONLY"_s, u"SET LOCAL statement_timeout = '%1s'"_s.arg(seconds),
                                 u"SET LOCAL lock_timeout = '%1s'"_s.arg(std::min(seconds, 5))}) {
            if (auto r = db.execScript(s); !r) {
                (void)db.execScript(u"ROLLBACK"_s);
                return std::unexpected(r.error());
            }
        }
    } else {
        // MariaDB: max_statement_time (seconds); MySQL: max_execution_time (milliseconds, SELECT only).
        if (db.execScript(u"SET SESSION max_statement_time = %1"_s.arg(seconds)))
            restore = u"SET SESSION max_statement_time = DEFAULT"_s;
        else if (db.execScript(u"SET SESSION max_execution_time = %1"_s.arg(seconds * 1000)))
            restore = u"SET SESSION max_execution_time = DEFAULT"_s;
        if (auto r = db.execScript(u"START TRANSACTION READ ONLY"_s); !r)
            return std::unexpected(r.error());
    }
    QElapsedTimer timer;
    timer.start();
    auto rows = db.query(query);
    const qint64 elapsed = timer.elapsed();
    (void)db.execScript(u"ROLLBACK"_s);
    if (!restore.isEmpty())
        (void)db.execScript(restore);
    if (!rows) {
        Error e = rows.error();
        e.detail = u"verification check failed to run: "_s + e.detail;
        e.statement = query;
        return std::unexpected(e);
    }
    VerificationResult result;
    result.rows = rows->size();
    result.elapsedMs = elapsed;
    if (!rows->isEmpty())
        result.firstRow = rows->first();
    if (rows->isEmpty()) {
        result.passed = true;
    } else if (pg && rows->size() == 1 && rows->first().size() == 1) {
        // PostgreSQL sends a boolean as "t" or "f": `SELECT count(*) = 0 FROM …` is a check too. MySQL has no
        // boolean type (a 1 could be an id), so there only "no rows" passes.
        result.passed = rows->first().first() == u"t";
    }
    return result;
}

Result<QStringList> checkStepReady(const Plan &plan, const PlanStatus &status, const QString &stepId,
                                   const QString &environment)
{
    const Step *step = plan.step(stepId);
    if (!step)
        return fail(Error::Code::InvalidArgument, u"the plan has no step '%1'"_s.arg(stepId));
    if (!status.environments.contains(environment))
        return fail(Error::Code::InvalidArgument, u"the plan's status has no environment '%1'"_s.arg(environment));
    const StepStatus own = status.at(stepId, environment);
    if (own.state == StepState::Done)
        return fail(Error::Code::InvalidArgument, u"step '%1' is already done on %2"_s.arg(stepId, environment));
    if (own.state == StepState::Unknown)
        return fail(Error::Code::InvalidArgument,
                    u"the state of step '%1' on %2 is unknown: %3"_s.arg(stepId, environment, own.detail));
    QStringList verifications;
    for (const QString &dep : plan.transitiveDependencies(stepId)) {
        const Step *d = plan.step(dep);
        if (!d)
            continue;
        const StepStatus st = status.at(dep, environment);
        // Verification steps are gates re-run right before the step; every other dependency must be done.
        if (d->kind == StepKind::Verification) {
            verifications << dep;
            continue;
        }
        if (st.state != StepState::Done)
            return fail(Error::Code::InvalidArgument,
                        u"step '%1' waits for '%2' (%3 on %4)"_s.arg(stepId, d->title.isEmpty() ? dep : d->title,
                                                                   stepStateName(st.state), environment));
    }
    const qsizetype at = status.environments.indexOf(environment);
    if (at > 0) {
        const QString previous = status.environments.at(at - 1);
        if (status.at(stepId, previous).state != StepState::Done)
            return fail(Error::Code::InvalidArgument,
                        u"step '%1' is not done on %2 yet: promote it there first"_s.arg(stepId, previous));
    }
    return verifications;
}

} // namespace core::plan
