// SPDX-License-Identifier: GPL-3.0-or-later
#include "mysqlapplyrunner.h"

#include "retrypolicy.h"

#include "core/dbprobe.h"
#include "core/project/dbsession.h"
#include "core/logging.h"

#include <QAtomicInteger>
#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QVariant>

#include <thread>

using namespace Qt::StringLiterals;

namespace core::engine {

namespace {

constexpr auto errLockWaitTimeout = "1205";
constexpr auto errQueryInterrupted = "1317";

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return u"mwb-mysql-apply-%1"_s.arg(counter.fetchAndAddRelaxed(1));
}

bool openDatabase(QSqlDatabase &db, const ConnectionParams &p)
{
    db.setHostName(p.host);
    if (p.port > 0)
        db.setPort(p.port);
    db.setDatabaseName(p.database);
    db.setUserName(p.user);
    db.setPassword(p.password);
    QStringList options{u"MYSQL_OPT_CONNECT_TIMEOUT=10"_s};
    if (!p.socket.isEmpty())
        options.append(u"UNIX_SOCKET="_s + p.socket);
    db.setConnectOptions(options.join(u';'));
    return db.open();
}

} // namespace

MySqlApplyRunner::MySqlApplyRunner(Callbacks callbacks)
    : m_callbacks(std::move(callbacks))
{
}

void MySqlApplyRunner::cancel()
{
    m_cancelled.store(true);
    ConnectionParams params;
    qint64 id = -1;
    {
        std::lock_guard lock(m_mutex);
        params = m_params;
        id = m_connectionId;
    }
    if (id < 0)
        return;
    // KILL QUERY needs a connection of its own; open it on a short-lived thread so that the caller (the GUI
    // thread) never runs SQL itself.
    std::thread([params, id] {
        const QString name = nextConnectionName();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QMYSQL"_s, name);
            if (openDatabase(db, params)) {
                QSqlQuery q(db);
                if (!q.exec(u"KILL QUERY %1"_s.arg(id)))
                    qCWarning(lcEngine) << "KILL QUERY failed:" << q.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }).detach();
}

ApplyReport MySqlApplyRunner::run(const ApplyRequest &request, const QStringList &lockNames)
{
    ApplyReport report;
    report.dryRun = request.options.dryRun;
    const ApplyOptions &opt = request.options;
    if (opt.dryRun) {
        report.error = Error::make(Error::Code::Unsupported,
                                   u"MySQL and MariaDB cannot rehearse DDL: every DDL statement commits implicitly"_s);
        return report;
    }
    QElapsedTimer clock;
    clock.start();
    Progress progress;
    progress.migrationCount = static_cast<int>(request.migrations.size());
    auto emitProgress = [&](const QString &status) {
        progress.elapsedMs = clock.elapsed();
        progress.status = status;
        if (m_callbacks.progress)
            m_callbacks.progress(progress);
    };

    const QString name = nextConnectionName();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QMYSQL"_s, name);
        if (!openDatabase(db, request.connection)) {
            report.error = Error::make(Error::Code::ConnectionFailed, db.lastError().text());
        } else {
            QSqlQuery q(db);
            auto exec = [&q](const QString &sql) { return q.exec(sql); };
            exec(u"SELECT CONNECTION_ID()"_s);
            {
                std::lock_guard lock(m_mutex);
                m_params = request.connection;
                m_connectionId = q.next() ? q.value(0).toLongLong() : -1;
            }
            exec(u"SET SESSION lock_wait_timeout = %1"_s.arg(std::max(1, (opt.lockTimeoutMs + 999) / 1000)));
            if (opt.statementTimeoutMs > 0)
                exec(u"SET SESSION max_statement_time = %1"_s.arg(opt.statementTimeoutMs / 1000.0)); // MariaDB
            bool locked = true;
            for (const QString &lockName : lockNames) {
                if (!q.prepare(u"SELECT GET_LOCK(?, ?)"_s)) {
                    locked = false;
                    break;
                }
                q.addBindValue(lockName);
                q.addBindValue(std::max(0, opt.advisoryLockWaitMs / 1000));
                emitProgress(u"waiting for the migration lock %1"_s.arg(lockName));
                if (!q.exec() || !q.next() || q.value(0).toInt() != 1) {
                    report.error = Error::make(Error::Code::Timeout,
                                               u"gave up waiting for the migration lock '%1' (GET_LOCK)"_s.arg(lockName));
                    locked = false;
                    break;
                }
            }
            // The project tool's history, written through a session over this same connection.
            const ApplyHooks &hooks = request.hooks;
            std::unique_ptr<project::DbSession> session;
            QStringList alreadyApplied;
            if (locked) {
                session = project::DbSession::overQtConnection(name);
                if (hooks.prepare) {
                    emitProgress(u"preparing the history table and the tool's lock"_s);
                    if (auto prepared = hooks.prepare(*session); !prepared) {
                        report.error = prepared.error();
                        locked = false;
                    }
                }
                if (locked && hooks.appliedVersions) {
                    if (auto applied = hooks.appliedVersions(*session); applied) {
                        alreadyApplied = *applied;
                    } else {
                        report.error = applied.error();
                        locked = false;
                    }
                }
            }
            for (int mi = 0; locked && mi < request.migrations.size(); ++mi) {
                const PlannedMigration &m = request.migrations.at(mi);
                const QString label = m.name.isEmpty() ? m.version : m.version + u'_' + m.name;
                MigrationReport mr;
                mr.version = m.version;
                mr.name = m.name;
                QElapsedTimer mclock;
                mclock.start();
                progress.migrationIndex = mi;
                progress.statementCount = static_cast<int>(m.statements.size());
                bool failed = false;
                if (hooks.appliedVersions && alreadyApplied.contains(m.version) != opt.reverse) {
                    mr.outcome = Outcome::Skipped; // another run applied (reverted) it while this one waited
                    report.migrations.append(mr);
                    continue;
                }
                for (const QString &sql : m.historyBefore)
                    exec(sql);
                if (hooks.start) {
                    // DDL commits at once on MySQL: the tool's "started" record (golang-migrate's dirty flag) first.
                    if (auto started = hooks.start(*session, m); !started) {
                        report.error = started.error();
                        report.error->detail = u"recording the start of %1 failed: %2"_s.arg(label, started.error().detail);
                        mr.outcome = Outcome::Failed;
                        report.migrations.append(mr);
                        break;
                    }
                }
                for (int si = 0; si < m.statements.size(); ++si) {
                    StatementReport sr;
                    sr.index = si;
                    sr.line = m.statements.at(si).line;
                    if (failed || m_cancelled.load()) {
                        mr.statements.append(sr);
                        continue;
                    }
                    progress.statementIndex = si;
                    for (int attempt = 1;; ++attempt) {
                        emitProgress(u"applying %1, statement %2 of %3"_s.arg(label).arg(si + 1).arg(m.statements.size()));
                        QElapsedTimer t;
                        t.start();
                        const bool ok = exec(m.statements.at(si).sql);
                        sr.elapsedMs = t.elapsed();
                        sr.attempts = attempt;
                        if (ok) {
                            sr.outcome = Outcome::Applied;
                            break;
                        }
                        const QSqlError e = q.lastError();
                        if (e.nativeErrorCode() == QLatin1StringView(errLockWaitTimeout) && attempt < opt.maxAttempts
                            && !m_cancelled.load()) {
                            const int delay = backoffDelayMs(attempt, opt.backoffInitialMs, opt.backoffMaxMs);
                            emitProgress(u"lock wait timeout on statement %1 of %2; retrying in %3 ms"_s.arg(si + 1).arg(label).arg(delay));
                            QThread::msleep(static_cast<unsigned long>(delay));
                            continue;
                        }
                        const bool cancelled = m_cancelled.load() || e.nativeErrorCode() == QLatin1StringView(errQueryInterrupted);
                        sr.outcome = cancelled ? Outcome::Cancelled : Outcome::Failed;
                        sr.error = e.databaseText();
                        sr.sqlState = e.nativeErrorCode();
                        failed = true;
                        int done = 0;
                        for (const auto &prev : std::as_const(mr.statements))
                            done += prev.outcome == Outcome::Applied ? 1 : 0;
                        const QString tookEffect = done == 0 ? u"no statement of it took effect"_s
                            : done == 1                        ? u"statement 1 took effect and stays applied"_s
                                                               : u"statements 1 to %1 took effect and stay applied"_s.arg(done);
                        report.error = Error::make(
                            cancelled ? Error::Code::Cancelled : Error::Code::Sql,
                            u"%1 failed at statement %2 (line %3): %4. MySQL commits each DDL statement on its own, so %5; "
                            "the migration is partially applied: fix the cause, then apply the remaining statements or "
                            "repair the history entry"_s
                                .arg(label).arg(si + 1).arg(sr.line).arg(sr.error, tookEffect),
                            e.nativeErrorCode());
                        report.error->statement = m.statements.at(si).sql;
                        break;
                    }
                    mr.statements.append(sr);
                }
                if (!failed && !m_cancelled.load()) {
                    for (const QString &sql : m.historyOnSuccess) {
                        if (!exec(sql)) {
                            failed = true;
                            report.error = Error::make(Error::Code::Sql,
                                                       u"%1 was applied but recording it in the history table failed: %2"_s.arg(label, q.lastError().text()));
                            break;
                        }
                    }
                    if (!failed && hooks.recordApplied) {
                        if (auto recorded = hooks.recordApplied(*session, m, mclock.elapsed()); !recorded) {
                            failed = true;
                            report.error = Error::make(Error::Code::Sql, u"%1 was applied but recording it in the history table failed: %2"_s.arg(
                                                                             label, recorded.error().detail));
                        }
                    }
                } else if (failed && report.error && hooks.recordFailed) {
                    QString reason;
                    for (const auto &sr : std::as_const(mr.statements))
                        reason = sr.error.isEmpty() ? reason : sr.error;
                    if (auto recorded = hooks.recordFailed(*session, m, reason); !recorded)
                        report.error->detail += u" (recording the failure failed too: %1)"_s.arg(recorded.error().detail);
                }
                mr.outcome = failed ? Outcome::Failed : m_cancelled.load() ? Outcome::Cancelled : Outcome::Applied;
                mr.elapsedMs = mclock.elapsed();
                report.migrations.append(mr);
                if (failed || m_cancelled.load())
                    break;
            }
            {
                std::lock_guard lock(m_mutex);
                m_connectionId = -1;
            }
            if (session && hooks.finish)
                hooks.finish(*session);
            session.reset();
            if (!lockNames.isEmpty())
                exec(u"SELECT RELEASE_ALL_LOCKS()"_s);
            q.finish();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    report.cancelled = m_cancelled.load();
    if (report.cancelled && !report.error)
        report.error = Error::make(Error::Code::Cancelled, u"cancelled"_s);
    emitProgress(report.error ? u"stopped"_s : u"done"_s);
    return report;
}

} // namespace core::engine
