// SPDX-License-Identifier: GPL-3.0-or-later
// Benchmark of `mwb lint --format json` against squawk (npm package squawk-cli), side by side in one run on the
// same generated 20,000-statement PostgreSQL migration. Prints statements/s of both, the ratio (goal: mwb at
// least 4x squawk), and mwb's peak memory (goal: under 50 MB, from wait4's ru_maxrss). squawk is installed at
// run time with npm into <build>/npm-tools (MWB_NPM_CAFILE: a CA bundle for npm behind a TLS proxy). Exits non-zero when a goal is missed or a tool cannot run.

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace {

constexpr int statementCount = 20000;

QByteArray statementNumber(int i)
{
    const QByteArray n = QByteArray::number(i);
    switch (i % 10) {
    case 0: return "CREATE TABLE t" + n + " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());\n";
    case 1: return "ALTER TABLE t" + n + " ADD COLUMN email varchar(255);\n";
    case 2: return "CREATE INDEX CONCURRENTLY idx_" + n + " ON orders USING btree (customer_id, created_at DESC) WHERE status <> 'done';\n";
    case 3: return "-- backfill batch " + n + "\nUPDATE accounts SET balance = balance + 1 WHERE id BETWEEN " + n + " AND " + n + "0;\n";
    case 4: return "INSERT INTO audit (kind, payload) VALUES ('migration', '{\"step\": " + n + "}');\n";
    case 5: return "ALTER TABLE orders ADD CONSTRAINT fk_" + n + " FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;\n";
    case 6: return "ALTER TABLE users ALTER COLUMN c" + n + " SET NOT NULL;\n";
    case 7: return "CREATE INDEX idx_plain_" + n + " ON events (kind);\n";
    case 8: return "ALTER TABLE t" + n + " ADD COLUMN flag boolean DEFAULT false;\n";
    default: return "DROP INDEX IF EXISTS old_idx_" + n + ";\n";
    }
}

struct Measurement
{
    bool ok = false;
    int exitCode = -1;
    double seconds = 0;
    long maxRssKb = 0;
};

/// Runs `argv` with stdout to `outFile`, waits with wait4 for its resource usage.
Measurement runMeasured(const QStringList &argv, const QString &outFile)
{
    std::vector<QByteArray> storage;
    std::vector<char *> args;
    for (const QString &a : argv)
        storage.push_back(a.toLocal8Bit());
    for (QByteArray &b : storage)
        args.push_back(b.data());
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    const QByteArray out = outFile.toLocal8Bit();
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    QElapsedTimer timer;
    timer.start();
    pid_t pid = 0;
    Measurement m;
    if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return m;
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) < 0) {
        posix_spawn_file_actions_destroy(&actions);
        return m;
    }
    m.seconds = double(timer.nsecsElapsed()) / 1e9;
    posix_spawn_file_actions_destroy(&actions);
    m.ok = WIFEXITED(status);
    m.exitCode = m.ok ? WEXITSTATUS(status) : -1;
    m.maxRssKb = usage.ru_maxrss;
    return m;
}

Measurement best(const QStringList &argv, const QString &outFile, int runs)
{
    Measurement b;
    for (int i = 0; i < runs; ++i) {
        const Measurement m = runMeasured(argv, outFile);
        if (!m.ok)
            return m;
        if (!b.ok || m.seconds < b.seconds)
            b = m;
        b.maxRssKb = std::max(b.maxRssKb, m.maxRssKb);
    }
    return b;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString build = QStringLiteral(MWB_BUILD_DIR);
    const QString work = build + QStringLiteral("/bench-lint");
    QDir().mkpath(work);
    const QString sqlFile = work + QStringLiteral("/migration_20000.sql");
    {
        QFile f(sqlFile);
        if (!f.open(QIODevice::WriteOnly)) {
            std::fprintf(stderr, "bench_lint: cannot write %s\n", qPrintable(sqlFile));
            return 1;
        }
        for (int i = 0; i < statementCount; ++i)
            f.write(statementNumber(i));
    }
    const qint64 bytes = QFileInfo(sqlFile).size();

    // squawk from npm, installed into the build tree
    const QString npmPrefix = build + QStringLiteral("/npm-tools");
    const QString squawk = npmPrefix + QStringLiteral("/node_modules/.bin/squawk");
    if (!QFile::exists(squawk)) {
        QProcess npm;
        npm.setProcessChannelMode(QProcess::ForwardedChannels);
        QStringList args{QStringLiteral("install"), QStringLiteral("--no-audit"), QStringLiteral("--no-fund"),
                         QStringLiteral("--prefix"), npmPrefix, QStringLiteral("squawk-cli@2")};
        // MWB_NPM_CAFILE, when set, is passed to npm as --cafile (registries behind a TLS proxy), as in tst_projectinterop
        const QString cafile = qEnvironmentVariable("MWB_NPM_CAFILE");
        if (!cafile.isEmpty())
            args << QStringLiteral("--cafile") << cafile;
        npm.start(QStringLiteral("npm"), args);
        if (!npm.waitForFinished(600000) || npm.exitCode() != 0 || !QFile::exists(squawk)) {
            std::fprintf(stderr, "bench_lint: npm install squawk-cli failed\n");
            return 1;
        }
    }

    const QString mwb = QStringLiteral(MWB_BIN_DIR) + QStringLiteral("/mwb");
    // warm-up (page cache, dynamic loader), then the best of three
    runMeasured({mwb, QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), sqlFile}, work + QStringLiteral("/mwb.json"));
    const Measurement m = best({mwb, QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json"), sqlFile},
                               work + QStringLiteral("/mwb.json"), 3);
    runMeasured({squawk, QStringLiteral("--reporter=json"), sqlFile}, work + QStringLiteral("/squawk.json"));
    const Measurement s = best({squawk, QStringLiteral("--reporter=json"), sqlFile}, work + QStringLiteral("/squawk.json"), 3);
    if (!m.ok || (m.exitCode != 0 && m.exitCode != 1)) {
        std::fprintf(stderr, "bench_lint: mwb lint failed (exit %d)\n", m.exitCode);
        return 1;
    }
    if (!s.ok) {
        std::fprintf(stderr, "bench_lint: squawk did not run\n");
        return 1;
    }
    // sanity: both produced findings for the same file
    QFile mj(work + QStringLiteral("/mwb.json"));
    const bool mwbFound = mj.open(QIODevice::ReadOnly) && mj.readAll().contains("require-concurrent-index-creation");
    QFile sj(work + QStringLiteral("/squawk.json"));
    const bool squawkFound = sj.open(QIODevice::ReadOnly) && sj.size() > 100;

    const double mwbRate = statementCount / m.seconds;
    const double squawkRate = statementCount / s.seconds;
    const double ratio = mwbRate / squawkRate;
    const double mb = double(m.maxRssKb) / 1024.0;
    std::printf("lint of a generated PostgreSQL migration: %d statements, %.2f MB\n", statementCount, double(bytes) / 1e6);
    std::printf("  mwb lint --format json   : %8.3f s  %10.0f statements/s  peak RSS %.1f MB  (findings: %s)\n", m.seconds,
                mwbRate, mb, mwbFound ? "yes" : "NO");
    std::printf("  squawk --reporter=json   : %8.3f s  %10.0f statements/s  peak RSS %.1f MB  (output: %s)\n", s.seconds,
                squawkRate, double(s.maxRssKb) / 1024.0, squawkFound ? "yes" : "NO");
    std::printf("  ratio mwb/squawk         : %.2fx (goal >= 4x): %s\n", ratio, ratio >= 4.0 ? "met" : "MISSED");
    std::printf("  mwb peak memory          : %.1f MB (goal < 50 MB): %s\n", mb, mb < 50.0 ? "met" : "MISSED");
    std::fflush(stdout);
    return (mwbFound && squawkFound && ratio >= 4.0 && mb < 50.0) ? 0 : 1;
}
