// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgapplyrunner.h"

#include "pqxxsession.h"
#include "repair.h"
#include "retrypolicy.h"
#include "statementtraits.h"

#include "core/logging.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QRegularExpression>
#include <QThread>

#include <pqxx/pqxx>

#include <condition_variable>
#include <map>
#include <set>
#include <string_view>
#include <thread>

using namespace Qt::StringLiterals;

namespace core::engine {

namespace {

constexpr auto sqlstateLockNotAvailable = "55P03";
constexpr auto sqlstateQueryCanceled = "57014";

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

std::string s(const QString &q)
{
    return q.toStdString();
}

// The lock and rewrite trace of a rehearsal. The state (the relation locks this backend holds, as (relation,
// mode) pairs of user relations, and every user table's relfilenode, by name) is kept here and sent along with
// one query per statement, which returns only what changed since the previous one: the locks added and
// released, and the tables added, dropped or given a new relfilenode (rewritten). Before, each statement cost
// three queries that returned the whole lists (O(tables) rows each, so O(n²) rows over a rehearsal of n new
// tables). The reported content is the same: a statement's locks are the pairs not held before it, and its
// rewritten tables are those present before and after it whose relfilenode changed.
class RehearsalTrace
{
public:
    struct Change
    {
        QList<LockObservation> newLocks;
        QStringList rewrittenTables;
    };

    /// Reads the state at the start of the transaction.
    explicit RehearsalTrace(pqxx::transaction_base &tx) { (void)refresh(tx); }

    /// What the statement run since the last call changed.
    Change refresh(pqxx::transaction_base &tx)
    {
        std::vector<std::string> lockNames, lockModes, nodeNames;
        std::vector<long long> nodeValues;
        lockNames.reserve(m_locks.size());
        lockModes.reserve(m_locks.size());
        for (const auto &[name, mode] : m_locks) {
            lockNames.push_back(name);
            lockModes.push_back(mode);
        }
        nodeNames.reserve(m_nodes.size());
        nodeValues.reserve(m_nodes.size());
        for (const auto &[name, node] : m_nodes) {
            nodeNames.push_back(name);
            nodeValues.push_back(node);
        }
        // One pass over pg_class (the user relations, materialized once) serves both lists: the locks join it
        // by hash instead of one index lookup per lock (thousands in a long rehearsal).
        static constexpr auto query =
            "WITH rels AS MATERIALIZED ("
            "  SELECT c.oid, c.relkind, "
            "         CASE WHEN n.nspname = current_schema() THEN c.relname ELSE n.nspname || '.' || c.relname END AS name "
            "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "  WHERE c.relkind IN ('r', 'p', 'm') "
            "  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'), "
            "cur_locks AS ("
            "  SELECT DISTINCT r.name, l.mode::text AS mode "
            "  FROM pg_lock_status() l JOIN rels r ON r.oid = l.relation "
            "  WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted), "
            "prev_locks AS (SELECT * FROM unnest($1::text[], $2::text[]) AS p(name, mode)), "
            "cur_nodes AS ("
            "  SELECT name, COALESCE(pg_relation_filenode(oid), 0)::int8 AS node FROM rels WHERE relkind IN ('r', 'm')), "
            "prev_nodes AS (SELECT * FROM unnest($3::text[], $4::int8[]) AS p(name, node)) "
            "SELECT 'L+', name, mode, 0::int8 FROM (SELECT name, mode FROM cur_locks EXCEPT SELECT name, mode FROM prev_locks) a "
            "UNION ALL SELECT 'L-', name, mode, 0::int8 FROM (SELECT name, mode FROM prev_locks EXCEPT SELECT name, mode FROM cur_locks) b "
            "UNION ALL SELECT 'N+', name, '', node FROM (SELECT name, node FROM cur_nodes EXCEPT SELECT name, node FROM prev_nodes) c "
            "UNION ALL SELECT 'N-', name, '', 0::int8 FROM (SELECT name FROM prev_nodes EXCEPT SELECT name FROM cur_nodes) d";
        // The arrays as text literals: passing the vectors themselves trips GCC 14's -O3 maybe-uninitialized
        // false positive inside pqxx::params' std::variant.
        const std::string lockNamesText = pqxx::to_string(lockNames);
        const std::string lockModesText = pqxx::to_string(lockModes);
        const std::string nodeNamesText = pqxx::to_string(nodeNames);
        const std::string nodeValuesText = pqxx::to_string(nodeValues);
        const auto rows = tx.exec(pqxx::zview(query), pqxx::params{pqxx::zview(lockNamesText), pqxx::zview(lockModesText),
                                                                   pqxx::zview(nodeNamesText), pqxx::zview(nodeValuesText)});
        Change change;
        std::vector<std::pair<std::string, long long>> nodeUpdates;
        for (const auto &row : rows) {
            const std::string_view kind = row[0].view();
            std::string name = row[1].as<std::string>();
            if (kind == "L+") {
                std::string mode = row[2].as<std::string>();
                change.newLocks.append({q(name), q(mode)});
                m_locks.emplace(std::move(name), std::move(mode));
            } else if (kind == "L-") {
                m_locks.erase({name, row[2].as<std::string>()});
            } else if (kind == "N+") {
                nodeUpdates.emplace_back(std::move(name), row[3].as<long long>());
            } else if (kind == "N-") {
                m_nodes.erase(name);
            }
        }
        for (auto &[name, node] : nodeUpdates) {
            const auto it = m_nodes.find(name);
            if (it != m_nodes.end()) {
                if (it->second != node)
                    change.rewrittenTables.append(q(name));
                it->second = node;
            } else {
                m_nodes.emplace(std::move(name), node);
            }
        }
        return change;
    }

private:
    std::set<std::pair<std::string, std::string>> m_locks;
    std::map<std::string, long long> m_nodes;
};

QString cleanNotice(pqxx::zview message)
{
    QString text = QString::fromUtf8(message.data(), static_cast<qsizetype>(message.size())).trimmed();
    return text;
}

} // namespace

// Watches pg_stat_progress_* for the engine's backend on a second connection while a long statement runs
// (index builds, CLUSTER, VACUUM, COPY), and reports phase and blocks done. Stops and joins on destruction.
class ProgressMonitor
{
public:
    ProgressMonitor(std::string conninfo, int backendPid, std::function<void(const QString &)> report)
        : m_thread([this, conninfo = std::move(conninfo), backendPid, report = std::move(report)] {
            try {
                pqxx::connection conn{conninfo};
                const std::string query =
                    "SELECT 'building index: ' || phase, blocks_done, blocks_total FROM pg_stat_progress_create_index WHERE pid = $1 "
                    "UNION ALL SELECT 'cluster: ' || phase, heap_blks_scanned, heap_blks_total FROM pg_stat_progress_cluster WHERE pid = $1 "
                    "UNION ALL SELECT 'vacuum: ' || phase, heap_blks_scanned, heap_blks_total FROM pg_stat_progress_vacuum WHERE pid = $1";
                while (!m_stop.load()) {
                    pqxx::nontransaction tx{conn};
                    const auto rows = tx.exec(pqxx::zview(query), pqxx::params{backendPid});
                    if (!rows.empty()) {
                        const auto &row = rows[0];
                        const qint64 done = row[1].is_null() ? 0 : row[1].as<qint64>();
                        const qint64 total = row[2].is_null() ? 0 : row[2].as<qint64>();
                        QString text = QString::fromStdString(row[0].as<std::string>());
                        if (total > 0)
                            text += u", %1 of %2 blocks (%3%)"_s.arg(done).arg(total).arg(done * 100 / total);
                        report(text);
                    }
                    std::unique_lock lock(m_mutex);
                    m_wake.wait_for(lock, std::chrono::milliseconds(250), [this] { return m_stop.load(); });
                }
            } catch (const std::exception &e) {
                // Progress is a nicety: an old server without these views, or no second connection, is no error.
                qCDebug(lcEngine) << "progress monitor stopped:" << e.what();
            }
        })
    {
    }
    ~ProgressMonitor()
    {
        m_stop.store(true);
        m_wake.notify_all();
        m_thread.join();
    }
    ProgressMonitor(const ProgressMonitor &) = delete;
    ProgressMonitor &operator=(const ProgressMonitor &) = delete;

private:
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::thread m_thread; // last: starts after the members it uses exist
};

namespace {

// A history hook said no: carries its error through the statement loop's catch blocks.
struct HookFailed
{
    Error error;
};

void check(Result<void> result)
{
    if (!result)
        throw HookFailed{result.error()};
}

bool worthMonitoring(const QString &sql)
{
    static const QRegularExpression re(uR"(^\s*(CREATE\s+(UNIQUE\s+)?INDEX|REINDEX|CLUSTER|VACUUM)\b)"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(sql).hasMatch();
}

} // namespace

struct PgApplyRunner::Run
{
    const ApplyRequest &request;
    ApplyReport report;
    QElapsedTimer clock;
    Progress progress;
};

PgApplyRunner::PgApplyRunner(Callbacks callbacks)
    : m_callbacks(std::move(callbacks))
{
}

PgApplyRunner::~PgApplyRunner() = default;

void PgApplyRunner::cancel()
{
    m_cancelled.store(true);
    std::lock_guard lock(m_connectionMutex);
    if (m_connection) {
        try {
            m_connection->cancel_query();
        } catch (const std::exception &e) {
            qCWarning(lcEngine) << "cancel request failed:" << e.what();
        }
    }
}

void PgApplyRunner::report(Run &run, const QString &status)
{
    std::lock_guard lock(m_reportMutex); // the progress monitor reports from its own thread
    run.progress.elapsedMs = run.clock.elapsed();
    run.progress.status = status;
    if (m_callbacks.progress)
        m_callbacks.progress(run.progress);
}

bool PgApplyRunner::pause(int ms)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        if (m_cancelled.load())
            return false;
        QThread::msleep(static_cast<unsigned long>(std::min<qint64>(25, ms - t.elapsed() + 1)));
    }
    return !m_cancelled.load();
}

std::unique_ptr<ProgressMonitor> PgApplyRunner::monitorFor(Run &run, const QString &sql, pqxx::connection &conn,
                                                           const QString &label, qsizetype index, qsizetype count)
{
    if (!worthMonitoring(sql))
        return {};
    const QString prefix = u"applying %1, statement %2 of %3: "_s.arg(label).arg(index + 1).arg(count);
    return std::make_unique<ProgressMonitor>(m_conninfo, conn.backendpid(),
                                             [this, &run, prefix](const QString &text) { report(run, prefix + text); });
}

ApplyReport PgApplyRunner::run(const ApplyRequest &request)
{
    Run run{request, {}, {}, {}};
    run.clock.start();
    run.report.dryRun = request.options.dryRun;
    run.progress.migrationCount = static_cast<int>(request.migrations.size());
    const ApplyOptions &opt = request.options;

    ConnectionParams params = request.connection;
    if (params.option(u"application_name"_s).isEmpty())
        params.options.append({u"application_name"_s, opt.applicationName});
    if (params.option(u"connect_timeout"_s).isEmpty())
        params.options.append({u"connect_timeout"_s, u"10"_s});

    std::unique_ptr<pqxx::connection> conn;
    m_conninfo = s(params.toLibpqConninfo());
    try {
        conn = std::make_unique<pqxx::connection>(m_conninfo);
    } catch (const std::exception &e) {
        run.report.error = Error::make(Error::Code::ConnectionFailed, q(e.what()).trimmed());
        return run.report;
    }
    {
        std::lock_guard lock(m_connectionMutex);
        m_connection = conn.get();
    }
    const auto forget = qScopeGuard([this] {
        std::lock_guard lock(m_connectionMutex);
        m_connection = nullptr;
    });
    conn->set_notice_handler([this, &run](pqxx::zview message) noexcept {
        const QString text = cleanNotice(message);
        run.report.notices.append(text);
        if (m_callbacks.notice)
            m_callbacks.notice(text);
    });

    int serverVersion = 0;
    PqxxSession::Identity identity;
    try {
        serverVersion = conn->server_version();
        pqxx::nontransaction tx{*conn};
        const auto row = tx.exec("SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only'), "
                                 "current_database(), current_schema(), current_user").one_row();
        identity = {q(row[2].as<std::string>()), row[3].is_null() ? QString() : q(row[3].as<std::string>()),
                    q(row[4].as<std::string>())};
        if (row[0].as<bool>()) {
            run.report.error = Error::make(Error::Code::Unsupported,
                                           u"the server is in recovery (a read-only replica): nothing was applied"_s);
            return run.report;
        }
        if (!opt.dryRun && row[1].as<std::string>() == "on") {
            run.report.error = Error::make(Error::Code::Unsupported,
                                           u"default_transaction_read_only is on for this connection: nothing was applied"_s);
            return run.report;
        }
        tx.exec("SET lock_timeout = " + std::to_string(std::max(0, opt.lockTimeoutMs)));
        tx.exec("SET statement_timeout = " + std::to_string(std::max(0, opt.statementTimeoutMs)));

        // The project tool's advisory lock and our own: the tool and the workbench exclude each other.
        for (const qint64 key : opt.advisoryLockKeys) {
            QElapsedTimer waited;
            waited.start();
            while (!tx.exec("SELECT pg_try_advisory_lock(" + std::to_string(key) + ")").one_field().as<bool>()) {
                const auto holder = tx.exec(
                    "SELECT a.pid, COALESCE(a.application_name, ''), COALESCE(to_char(a.xact_start, "
                    "'YYYY-MM-DD HH24:MI:SS'), to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS')) "
                    "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                    "AND ((l.classid::bigint << 32) | l.objid::bigint) = " + std::to_string(key) + " LIMIT 1");
                QString who = u"another session"_s;
                if (!holder.empty()) {
                    who = u"pid %1, application %2, since %3"_s.arg(holder[0][0].as<int>())
                              .arg(q(holder[0][1].as<std::string>()), q(holder[0][2].as<std::string>()));
                }
                if (waited.elapsed() >= opt.advisoryLockWaitMs) {
                    run.report.error = Error::make(
                        Error::Code::Timeout,
                        u"gave up after %1 s waiting for the migration lock %2 held by %3"_s
                            .arg(opt.advisoryLockWaitMs / 1000.0).arg(key).arg(who));
                    return run.report;
                }
                report(run, u"waiting for lock held by %1"_s.arg(who));
                if (!pause(200)) {
                    run.report.cancelled = true;
                    return run.report;
                }
            }
        }
    } catch (const std::exception &e) {
        run.report.error = Error::make(Error::Code::ConnectionFailed, q(e.what()).trimmed());
        return run.report;
    }

    const ApplyHooks &hooks = request.hooks;
    const bool useHooks = !opt.dryRun;
    const auto unlock = qScopeGuard([&conn, &hooks, useHooks, &identity] {
        try {
            if (conn->is_open()) {
                pqxx::nontransaction tx{*conn};
                if (useHooks && hooks.finish) {
                    PqxxSession session(tx, identity, false);
                    hooks.finish(session);
                }
                tx.exec("SELECT pg_advisory_unlock_all()");
            }
        } catch (const std::exception &) {
            // The session is gone; the server released its locks with it.
        }
    });
    QStringList alreadyApplied;
    if (useHooks && hooks.prepare) {
        try {
            pqxx::nontransaction tx{*conn};
            // The tool's own "CREATE TABLE IF NOT EXISTS" says "already exists, skipping" on every run: not news.
            tx.exec("SET client_min_messages = warning");
            const auto restore = qScopeGuard([&tx] {
                try {
                    tx.exec("RESET client_min_messages");
                } catch (const std::exception &) {
                    // The session is gone; the run reports that.
                }
            });
            PqxxSession session(tx, identity, false);
            report(run, u"preparing the history table and the tool's lock"_s);
            if (auto prepared = hooks.prepare(session); !prepared) {
                run.report.error = prepared.error();
                return run.report;
            }
            if (hooks.appliedVersions) {
                auto applied = hooks.appliedVersions(session);
                if (!applied) {
                    run.report.error = applied.error();
                    return run.report;
                }
                alreadyApplied = *applied;
            }
        } catch (const std::exception &e) {
            run.report.error = Error::make(Error::Code::ConnectionFailed, q(e.what()).trimmed());
            return run.report;
        }
    }

    // Batching (ApplyOptions::batchMigrations): which migrations may share a message with their neighbours.
    const bool batching = opt.batchMigrations && !opt.dryRun && useHooks && hooks.appliedVersions && hooks.recordApplied;
    auto batchable = [&](int j) {
        const PlannedMigration &x = request.migrations.at(j);
        if (!x.transactional || !x.historyBefore.isEmpty() || x.statements.isEmpty())
            return false;
        if (alreadyApplied.contains(x.version) != opt.reverse)
            return false; // skipped: the normal path reports it
        for (const PlannedStatement &st : x.statements) {
            if (!st.transactional || cannotRunInTransaction(st.sql, serverVersion) || worthMonitoring(st.sql))
                return false;
        }
        return true;
    };
    int aloneUntil = 0; // a migration that failed in a batch runs again alone, to report its statement exactly

    for (int mi = 0; mi < request.migrations.size(); ++mi) {
        if (batching && mi >= aloneUntil && !m_cancelled.load()) {
            int end = mi;
            qsizetype bytes = 0;
            while (end < request.migrations.size() && end - mi < 200 && bytes < 256 * 1024 && batchable(end)) {
                for (const PlannedStatement &st : request.migrations.at(end).statements)
                    bytes += st.sql.size();
                ++end;
            }
            if (end - mi >= 2) {
                const int count = end - mi;
                QElapsedTimer batchClock;
                batchClock.start();
                bool sent = false;
                bool lost = false;
                QString lostDetail;
                try {
                    pqxx::nontransaction handle{*conn};
                    BatchedTransaction buffer{handle, false};
                    for (int j = mi; j < end; ++j) {
                        const PlannedMigration &x = request.migrations.at(j);
                        run.progress.migrationIndex = j;
                        run.progress.statementIndex = 0;
                        run.progress.statementCount = static_cast<int>(x.statements.size());
                        report(run, u"%1 %2 (%3 migrations to a message)"_s.arg(opt.reverse ? u"reverting"_s : u"applying"_s,
                                                                                x.name.isEmpty() ? x.version : x.version + u'_' + x.name)
                                        .arg(count));
                        buffer.defer("BEGIN");
                        PqxxSession session(buffer, identity);
                        if (hooks.begin)
                            check(hooks.begin(session, x));
                        for (const PlannedStatement &st : x.statements)
                            buffer.defer(s(st.sql));
                        for (const QString &sql : x.historyOnSuccess)
                            buffer.defer(s(sql));
                        check(hooks.recordApplied(session, x, 0));
                        buffer.defer("COMMIT");
                    }
                    buffer.finish();
                    sent = true;
                } catch (const pqxx::broken_connection &e) {
                    lost = true;
                    lostDetail = q(e.what()).trimmed();
                } catch (const HookFailed &) {
                    // Falls back below: the migration runs alone and reports the hook's error.
                } catch (const std::exception &) {
                    // Falls back below.
                }
                if (lost) {
                    run.report.error = Error::make(
                        Error::Code::ConnectionFailed,
                        u"the connection was lost while sending migrations %1 to %2 (%3). Each of them commits together with "
                        "its history row, so the history table says exactly which were applied; run again to continue"_s
                            .arg(request.migrations.at(mi).version, request.migrations.at(end - 1).version, lostDetail));
                    break;
                }
                int committed = count;
                if (!sent) {
                    // Which of them committed? Each commits with its history row: ask the history.
                    QStringList now;
                    try {
                        pqxx::nontransaction tx{*conn};
                        PqxxSession session(tx, identity, false);
                        auto applied = hooks.appliedVersions(session);
                        if (!applied) {
                            run.report.error = applied.error();
                            break;
                        }
                        now = *applied;
                    } catch (const std::exception &e) {
                        run.report.error = Error::make(Error::Code::ConnectionFailed, q(e.what()).trimmed());
                        break;
                    }
                    committed = 0;
                    while (mi + committed < end && now.contains(request.migrations.at(mi + committed).version) != opt.reverse)
                        ++committed;
                }
                const qint64 share = batchClock.elapsed() / std::max(1, count);
                for (int j = mi; j < mi + committed; ++j) {
                    const PlannedMigration &x = request.migrations.at(j);
                    MigrationReport done;
                    done.version = x.version;
                    done.name = x.name;
                    done.outcome = Outcome::Applied;
                    done.elapsedMs = share;
                    for (int si = 0; si < x.statements.size(); ++si) {
                        StatementReport sr;
                        sr.index = si;
                        sr.line = x.statements.at(si).line;
                        sr.outcome = Outcome::Applied;
                        sr.attempts = 1;
                        done.statements.append(sr);
                    }
                    run.report.migrations.append(done);
                }
                if (sent) {
                    mi = end - 1;
                    continue;
                }
                // The first one that did not commit runs again on its own (next iteration), which reports its
                // failing statement exactly, retries lock timeouts per policy, or says it was cancelled.
                aloneUntil = mi + committed + 1;
                mi = mi + committed - 1;
                continue;
            }
        }
        const PlannedMigration &m = request.migrations.at(mi);
        MigrationReport mr;
        mr.version = m.version;
        mr.name = m.name;
        for (int si = 0; si < m.statements.size(); ++si) {
            StatementReport sr;
            sr.index = si;
            sr.line = m.statements.at(si).line;
            mr.statements.append(sr);
        }
        run.progress.migrationIndex = mi;
        run.progress.statementIndex = 0;
        run.progress.statementCount = static_cast<int>(m.statements.size());
        QElapsedTimer migrationClock;
        migrationClock.start();

        if (m_cancelled.load()) {
            run.report.cancelled = true;
            if (!run.report.error)
                run.report.error = Error::make(Error::Code::Cancelled,
                                               u"cancelled before %1: neither it nor any later migration ran; the ones before it "
                                               "were %2"_s.arg(m.version, opt.reverse ? u"reverted"_s : u"applied"_s));
            break;
        }
        if (useHooks && hooks.appliedVersions && alreadyApplied.contains(m.version) != opt.reverse) {
            mr.outcome = Outcome::Skipped; // another run applied (reverted) it while this one waited for the lock
            run.report.migrations.append(mr);
            continue;
        }

        auto nonTransactional = [&](int si) {
            const auto &st = m.statements.at(si);
            return !st.transactional || cannotRunInTransaction(st.sql, serverVersion);
        };
        bool allTransactional = m.transactional;
        for (int si = 0; si < m.statements.size(); ++si)
            allTransactional = allTransactional && !nonTransactional(si);

        const QString label = m.name.isEmpty() ? m.version : m.version + u'_' + m.name;
        const QString verb = opt.reverse ? u"reverting"_s : u"applying"_s;
        bool stop = false;

        if (opt.dryRun) {
            // Rehearsal: everything that can run in a transaction runs in one and is rolled back.
            report(run, u"rehearsing %1"_s.arg(label));
            try {
                pqxx::work tx{*conn};
                RehearsalTrace trace(tx);
                for (int si = 0; si < m.statements.size(); ++si) {
                    StatementReport &sr = mr.statements[si];
                    run.progress.statementIndex = si;
                    report(run, u"rehearsing %1, statement %2 of %3"_s.arg(label).arg(si + 1).arg(m.statements.size()));
                    if (nonTransactional(si)) {
                        sr.outcome = Outcome::NotRehearsable;
                        continue;
                    }
                    QElapsedTimer t;
                    t.start();
                    tx.exec(s(m.statements.at(si).sql));
                    sr.elapsedMs = t.elapsed();
                    sr.attempts = 1;
                    RehearsalTrace::Change change = trace.refresh(tx);
                    sr.locks = std::move(change.newLocks);
                    std::sort(sr.locks.begin(), sr.locks.end(), [](const auto &a, const auto &b) {
                        return std::tie(a.relation, a.mode) < std::tie(b.relation, b.mode);
                    });
                    sr.rewrittenTables = std::move(change.rewrittenTables);
                    std::sort(sr.rewrittenTables.begin(), sr.rewrittenTables.end());
                    sr.outcome = Outcome::RolledBack;
                }
                tx.abort();
                mr.outcome = Outcome::RolledBack;
            } catch (const pqxx::sql_error &e) {
                for (auto &sr : mr.statements) {
                    if (sr.outcome == Outcome::Skipped && sr.attempts == 0 && !m_cancelled.load()) {
                        sr.outcome = Outcome::Failed;
                        sr.error = q(e.what()).trimmed();
                        sr.sqlState = q(e.sqlstate());
                        break;
                    }
                }
                mr.outcome = m_cancelled.load() ? Outcome::Cancelled : Outcome::Failed;
                run.report.error = Error::make(m_cancelled.load() ? Error::Code::Cancelled : Error::Code::Sql,
                                               q(e.what()).trimmed(), q(e.sqlstate()));
                stop = true;
            } catch (const std::exception &e) {
                mr.outcome = Outcome::Failed;
                run.report.error = Error::make(Error::Code::ConnectionFailed, q(e.what()).trimmed());
                stop = true;
            }
            mr.elapsedMs = migrationClock.elapsed();
            run.report.migrations.append(mr);
            if (stop) {
                run.report.cancelled = m_cancelled.load();
                break;
            }
            continue;
        }

        // Real run. History statements that must be committed before the migration (a dirty flag).
        try {
            if (!m.historyBefore.isEmpty()) {
                pqxx::work tx{*conn};
                for (const QString &sql : m.historyBefore)
                    tx.exec(s(sql));
                tx.commit();
            }
            if (!allTransactional && useHooks && hooks.start) {
                pqxx::nontransaction tx{*conn};
                PqxxSession session(tx, identity, false);
                check(hooks.start(session, m));
            }
        } catch (const HookFailed &failed) {
            mr.outcome = Outcome::Failed;
            run.report.error = failed.error;
            run.report.error->detail = u"recording the start of %1 failed: %2"_s.arg(label, failed.error.detail);
            run.report.migrations.append(mr);
            break;
        } catch (const std::exception &e) {
            mr.outcome = Outcome::Failed;
            run.report.error = Error::make(Error::Code::Sql, u"recording the start of %1 failed: %2"_s.arg(label, q(e.what()).trimmed()));
            run.report.migrations.append(mr);
            break;
        }

        if (allTransactional) {
            // One transaction for the whole migration; a lock timeout rolls it back and retries it whole.
            for (int attempt = 1;; ++attempt) {
                int failedAt = -1;
                try {
                    // BEGIN goes with the first statement and the history rows with COMMIT (BatchedTransaction).
                    pqxx::nontransaction handle{*conn};
                    BatchedTransaction tx{handle};
                    if (useHooks && hooks.begin) {
                        PqxxSession session(tx, identity);
                        check(hooks.begin(session, m));
                    }
                    for (int si = 0; si < m.statements.size(); ++si) {
                        failedAt = si;
                        run.progress.statementIndex = si;
                        report(run, u"%1 %2, statement %3 of %4"_s.arg(verb, label).arg(si + 1).arg(m.statements.size()));
                        QElapsedTimer t;
                        t.start();
                        {
                            const auto monitor = monitorFor(run, m.statements.at(si).sql, *conn, label, si, m.statements.size());
                            tx.exec(s(m.statements.at(si).sql));
                        }
                        mr.statements[si].elapsedMs = t.elapsed();
                        mr.statements[si].attempts = attempt;
                        if (m_cancelled.load())
                            throw pqxx::sql_error("canceled by the user", "", sqlstateQueryCanceled);
                    }
                    failedAt = -1;
                    for (const QString &sql : m.historyOnSuccess)
                        tx.defer(s(sql));
                    if (useHooks && hooks.recordApplied) {
                        PqxxSession session(tx, identity);
                        check(hooks.recordApplied(session, m, migrationClock.elapsed()));
                    }
                    tx.commit();
                    for (auto &sr : mr.statements)
                        sr.outcome = Outcome::Applied;
                    mr.outcome = Outcome::Applied;
                    break;
                } catch (const HookFailed &failed) {
                    for (auto &sr : mr.statements)
                        sr.outcome = Outcome::RolledBack;
                    mr.outcome = Outcome::RolledBack;
                    run.report.error = failed.error;
                    run.report.error->detail = u"%1: the history table could not be written (%2); the migration was rolled back"_s.arg(label, failed.error.detail);
                    stop = true;
                    break;
                } catch (const pqxx::sql_error &e) {
                    const std::string state = e.sqlstate();
                    if (state == sqlstateLockNotAvailable && attempt < opt.maxAttempts && !m_cancelled.load()) {
                        const int delay = backoffDelayMs(attempt, opt.backoffInitialMs, opt.backoffMaxMs);
                        qCInfo(lcEngine) << "lock timeout in" << label << "statement" << failedAt + 1 << "; retry" << attempt + 1
                                         << "in" << delay << "ms";
                        report(run, u"lock timeout on statement %1 of %2; retrying in %3 ms (attempt %4 of %5)"_s
                                        .arg(failedAt + 1).arg(label).arg(delay).arg(attempt + 1).arg(opt.maxAttempts));
                        if (pause(delay))
                            continue;
                    }
                    const bool cancelled = m_cancelled.load();
                    for (auto &sr : mr.statements)
                        sr.outcome = Outcome::RolledBack;
                    if (failedAt >= 0) {
                        auto &sr = mr.statements[failedAt];
                        sr.outcome = cancelled ? Outcome::Cancelled : Outcome::Failed;
                        sr.error = q(e.what()).trimmed();
                        sr.sqlState = q(state);
                        sr.attempts = attempt;
                    }
                    mr.outcome = cancelled ? Outcome::Cancelled : Outcome::RolledBack;
                    Error::Code code = Error::Code::Sql;
                    QString detail = q(e.what()).trimmed();
                    if (cancelled) {
                        code = Error::Code::Cancelled;
                        detail = u"cancelled during %1; its transaction was rolled back, nothing of it was applied"_s.arg(label);
                    } else if (state == sqlstateLockNotAvailable) {
                        code = Error::Code::Timeout;
                        detail = u"%1: gave up after %2 attempts: statement %3 could not get its lock within %4 ms "
                                 "(another transaction holds a conflicting lock); rolled back, nothing was applied"_s
                                     .arg(label).arg(attempt).arg(failedAt + 1).arg(opt.lockTimeoutMs);
                    } else if (state == sqlstateQueryCanceled) {
                        code = Error::Code::Timeout;
                        detail = u"%1: statement %2 exceeded the statement timeout; rolled back"_s.arg(label).arg(failedAt + 1);
                    } else if (failedAt < 0) {
                        detail = u"%1: recording it in the history table or committing failed (%2); the migration was rolled back"_s.arg(
                            label, detail);
                    }
                    run.report.error = Error::make(code, detail, q(state));
                    if (run.report.error && failedAt >= 0)
                        run.report.error->statement = m.statements.at(failedAt).sql;
                    stop = true;
                    break;
                } catch (const std::exception &e) {
                    for (auto &sr : mr.statements)
                        sr.outcome = Outcome::RolledBack;
                    if (failedAt >= 0) {
                        mr.statements[failedAt].outcome = Outcome::Failed;
                        mr.statements[failedAt].error = q(e.what()).trimmed();
                    }
                    mr.outcome = Outcome::Failed;
                    run.report.error = Error::make(
                        Error::Code::ConnectionFailed,
                        u"%1: the connection was lost (%2); the server rolled back the open transaction"_s.arg(label, q(e.what()).trimmed()));
                    stop = true;
                    break;
                }
            }
        } else {
            // Statement by statement in autocommit (CREATE INDEX CONCURRENTLY and friends); a failure leaves the
            // migration partially applied, which the report says statement by statement.
            for (int si = 0; si < m.statements.size() && !stop; ++si) {
                StatementReport &sr = mr.statements[si];
                run.progress.statementIndex = si;
                for (int attempt = 1;; ++attempt) {
                    report(run, u"%1 %2, statement %3 of %4 (outside a transaction)"_s.arg(verb, label).arg(si + 1).arg(m.statements.size()));
                    try {
                        QElapsedTimer t;
                        t.start();
                        pqxx::nontransaction tx{*conn};
                        {
                            const auto monitor = monitorFor(run, m.statements.at(si).sql, *conn, label, si, m.statements.size());
                            tx.exec(s(m.statements.at(si).sql));
                        }
                        sr.elapsedMs = t.elapsed();
                        sr.attempts = attempt;
                        sr.outcome = Outcome::Applied;
                        break;
                    } catch (const pqxx::sql_error &e) {
                        const std::string state = e.sqlstate();
                        if (state == sqlstateLockNotAvailable && attempt < opt.maxAttempts && !m_cancelled.load()) {
                            const int delay = backoffDelayMs(attempt, opt.backoffInitialMs, opt.backoffMaxMs);
                            report(run, u"lock timeout on statement %1 of %2; retrying in %3 ms"_s.arg(si + 1).arg(label).arg(delay));
                            if (pause(delay))
                                continue;
                        }
                        sr.attempts = attempt;
                        sr.outcome = m_cancelled.load() ? Outcome::Cancelled : Outcome::Failed;
                        sr.error = q(e.what()).trimmed();
                        sr.sqlState = q(state);
                        mr.outcome = Outcome::Failed;
                        int done = 0;
                        for (const auto &other : mr.statements)
                            done += other.outcome == Outcome::Applied ? 1 : 0;
                        run.report.error = Error::make(
                            m_cancelled.load() ? Error::Code::Cancelled : Error::Code::Sql,
                            u"%1 ran outside a transaction and stopped at statement %2 (line %3): %4. Statements 1 to %5 "
                            "took effect and stay applied; fix the cause, then re-run the remaining statements or repair "
                            "the history entry"_s
                                .arg(label).arg(si + 1).arg(sr.line).arg(sr.error).arg(done),
                            q(state));
                        // A failed or cancelled CREATE INDEX CONCURRENTLY leaves an INVALID index behind.
                        if (const QString indexName = concurrentIndexName(m.statements.at(si).sql); !indexName.isEmpty()) {
                            try {
                                pqxx::nontransaction tx{*conn};
                                PqxxSession session(tx, identity, false);
                                if (const auto invalid = findInvalidIndexes(session)) {
                                    for (const InvalidIndex &index : *invalid) {
                                        if (index.name != indexName)
                                            continue;
                                        run.report.error->detail += u". The failed CREATE INDEX CONCURRENTLY left the INVALID index "
                                                                    "%1.%2 behind (unused by queries, still maintained on every write): "
                                                                    "drop it before a retry with %3 (mwb repair does it)"_s
                                                                        .arg(index.schema, index.name, index.dropSql);
                                    }
                                }
                            } catch (const std::exception &) {
                                // The hint is a nicety; the repair command finds the index later.
                            }
                        }
                        if (useHooks && hooks.recordFailed) {
                            try {
                                pqxx::nontransaction tx{*conn};
                                PqxxSession session(tx, identity, false);
                                if (auto recorded = hooks.recordFailed(session, m, sr.error); !recorded)
                                    run.report.error->detail += u" (recording the failure failed too: %1)"_s.arg(recorded.error().detail);
                            } catch (const std::exception &recordError) {
                                run.report.error->detail += u" (recording the failure failed too: %1)"_s.arg(q(recordError.what()).trimmed());
                            }
                        }
                        stop = true;
                        break;
                    } catch (const std::exception &e) {
                        sr.outcome = Outcome::Failed;
                        sr.error = q(e.what()).trimmed();
                        mr.outcome = Outcome::Failed;
                        run.report.error = Error::make(Error::Code::ConnectionFailed,
                                                       u"%1: the connection was lost at statement %2: %3"_s.arg(label).arg(si + 1).arg(sr.error));
                        stop = true;
                        break;
                    }
                }
                if (!stop && m_cancelled.load() && si + 1 < m.statements.size()) {
                    mr.outcome = Outcome::Cancelled;
                    run.report.error = Error::make(Error::Code::Cancelled,
                                                   u"cancelled after statement %1 of %2 (outside a transaction): statements 1 to %1 "
                                                   "took effect"_s.arg(si + 1).arg(label));
                    stop = true;
                }
            }
            if (!stop) {
                try {
                    pqxx::work tx{*conn};
                    for (const QString &sql : m.historyOnSuccess)
                        tx.exec(s(sql));
                    if (useHooks && hooks.recordApplied) {
                        PqxxSession session(tx, identity, true);
                        check(hooks.recordApplied(session, m, migrationClock.elapsed()));
                    }
                    tx.commit();
                    mr.outcome = Outcome::Applied;
                } catch (const HookFailed &failed) {
                    mr.outcome = Outcome::Failed;
                    run.report.error = Error::make(Error::Code::Sql,
                                                   u"%1 was applied but recording it in the history table failed: %2"_s.arg(label, failed.error.detail));
                    stop = true;
                } catch (const std::exception &e) {
                    mr.outcome = Outcome::Failed;
                    run.report.error = Error::make(Error::Code::Sql,
                                                   u"%1 was applied but recording it in the history table failed: %2"_s.arg(label, q(e.what()).trimmed()));
                    stop = true;
                }
            }
        }
        mr.elapsedMs = migrationClock.elapsed();
        run.report.migrations.append(mr);
        if (stop) {
            run.report.cancelled = m_cancelled.load();
            break;
        }
    }
    run.progress.statementIndex = run.progress.statementCount;
    report(run, run.report.error ? u"stopped"_s : u"done"_s);
    return run.report;
}

} // namespace core::engine
