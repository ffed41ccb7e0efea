// SPDX-License-Identifier: GPL-3.0-or-later
#include "vcshistory.h"

#include "checksum.h"

#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

constexpr int GitTimeoutMs = 15000;
constexpr int MaxRevisions = 1000;

struct GitRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Result<GitRun> runGit(const QString &program, const QString &workingDir, const QStringList &args)
{
    QProcess p;
    p.setProgram(program);
    p.setArguments(args);
    p.setWorkingDirectory(workingDir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"GIT_TERMINAL_PROMPT"_s, u"0"_s);
    env.insert(u"LC_ALL"_s, u"C"_s);
    env.remove(u"GIT_DIR"_s);
    env.remove(u"GIT_WORK_TREE"_s);
    p.setProcessEnvironment(env);
    p.start(QIODevice::ReadOnly);
    if (!p.waitForStarted(GitTimeoutMs))
        return fail(Error::Code::Unsupported, u"git cannot be run (%1): %2"_s.arg(program, p.errorString()));
    p.closeWriteChannel();
    if (!p.waitForFinished(GitTimeoutMs)) {
        p.kill();
        p.waitForFinished(1000);
        return fail(Error::Code::Timeout, u"git %1 did not finish in %2 s"_s.arg(args.value(0)).arg(GitTimeoutMs / 1000));
    }
    GitRun r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace

std::optional<bool> fileChecksumMatches(Format format, const QString &recorded, QByteArrayView bytes)
{
    if (recorded.isEmpty())
        return std::nullopt;
    switch (format) {
    case Format::Flyway:
        return QString::number(flywayChecksum(bytes)) == recorded.trimmed();
    case Format::Prisma:
        return prismaChecksumMatches(recorded.trimmed(), bytes);
    case Format::Drizzle:
    case Format::DrizzleV1:
        return drizzleHash(bytes).compare(recorded.trimmed(), Qt::CaseInsensitive) == 0;
    case Format::Sqitch:
        return sqitchScriptHash(bytes).compare(recorded.trimmed(), Qt::CaseInsensitive) == 0;
    case Format::GolangMigrate:
    case Format::Dbmate:
    case Format::NodePgMigrate:
    case Format::Atlas:
    case Format::Liquibase:
    case Format::Django:
    case Format::Unknown:
        return std::nullopt;
    }
    return std::nullopt;
}

Result<VcsVersion> appliedVersionFromGit(const QString &filePath, Format format, const QString &recordedChecksum,
                                         const QDateTime &appliedAt, const QString &gitProgram)
{
    const QFileInfo fi(filePath);
    const QString dir = fi.absolutePath();
    const QString name = fi.fileName();
    const bool byChecksum = fileChecksumMatches(format, recordedChecksum, QByteArrayView()).has_value();
    if (!byChecksum && !appliedAt.isValid())
        return fail(Error::Code::InvalidArgument,
                    u"%1: the tool records neither a checksum nor an applied-at time to find the applied version by"_s.arg(
                        filePath));
    // newest first; the path relative to the working directory (the file's folder)
    auto log = runGit(gitProgram, dir,
                      {u"log"_s, u"--no-color"_s, u"--format=%H%x09%ct%x09%s"_s, u"-n"_s, QString::number(MaxRevisions),
                       u"--"_s, name});
    if (!log)
        return std::unexpected(log.error());
    if (log->exitCode != 0)
        return fail(Error::Code::InvalidArgument,
                    u"%1 is not in a git repository: %2"_s.arg(filePath, QString::fromLocal8Bit(log->err).trimmed()));
    const QList<QByteArray> lines = log->out.split('\n');
    int revisions = 0;
    for (const QByteArray &line : lines) {
        const QList<QByteArray> parts = line.split('\t');
        if (parts.size() < 2 || parts.at(0).size() < 7)
            continue;
        ++revisions;
        VcsVersion v;
        v.commit = QString::fromLatin1(parts.at(0));
        v.shortCommit = v.commit.left(7);
        v.committedAt = QDateTime::fromSecsSinceEpoch(parts.at(1).toLongLong(), QTimeZone::UTC);
        v.subject = parts.size() > 2 ? QString::fromUtf8(parts.mid(2).join('\t')) : QString();
        if (!byChecksum && v.committedAt > appliedAt)
            continue; // committed after it was applied
        auto show = runGit(gitProgram, dir, {u"cat-file"_s, u"blob"_s, v.commit + u":./"_s + name});
        if (!show)
            return std::unexpected(show.error());
        if (show->exitCode != 0)
            continue; // the commit deleted the file
        v.content = std::move(show->out);
        if (byChecksum) {
            if (!fileChecksumMatches(format, recordedChecksum, v.content).value_or(false))
                continue;
            v.basis = VcsVersion::Basis::Checksum;
        } else {
            v.basis = VcsVersion::Basis::AppliedTime;
        }
        return v;
    }
    if (revisions == 0)
        return fail(Error::Code::InvalidArgument, u"%1 has no committed revision in git"_s.arg(filePath));
    if (byChecksum)
        return fail(Error::Code::Io,
                    u"none of the %1 committed revisions of %2 has the recorded checksum %3"_s.arg(revisions).arg(
                        filePath, recordedChecksum));
    return fail(Error::Code::Io, u"%1 has no revision committed before it was applied (%2)"_s.arg(
                                     filePath, appliedAt.toUTC().toString(Qt::ISODate)));
}

} // namespace core::project
