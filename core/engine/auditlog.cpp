// SPDX-License-Identifier: GPL-3.0-or-later
#include "auditlog.h"

#include "core/redact.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QFileInfo>
#include <QSysInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace core::engine {

AuditLog::AuditLog(QString path)
    : m_path(std::move(path))
{
}

QString AuditLog::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/audit.jsonl"_s;
}

Result<void> AuditLog::append(const AuditContext &context, const QList<PlannedMigration> &planned, const ApplyReport &report)
{
    QString user = context.user;
    if (user.isEmpty())
        user = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME", u"unknown"_s));
    const QString host = context.host.isEmpty() ? QSysInfo::machineHostName() : context.host;
    const QString when = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);

    QByteArray lines;
    auto add = [&](QJsonObject o) {
        o.insert(u"time"_s, when);
        o.insert(u"user"_s, user);
        o.insert(u"host"_s, host);
        o.insert(u"environment"_s, context.environment);
        o.insert(u"server"_s, redactSecrets(context.server));
        o.insert(u"project"_s, context.project);
        o.insert(u"operation"_s, context.operation.isEmpty() ? u"apply"_s : context.operation);
        o.insert(u"dryRun"_s, report.dryRun);
        if (!context.overrideReason.isEmpty())
            o.insert(u"overrideReason"_s, context.overrideReason);
        lines += QJsonDocument(o).toJson(QJsonDocument::Compact) + '\n';
    };
    QHash<QString, QString> checksums;
    for (const PlannedMigration &p : planned)
        checksums.insert(p.version, p.checksum);
    for (const MigrationReport &m : report.migrations) {
        const QString checksum = checksums.value(m.version);
        QJsonObject o{{u"version"_s, m.version}, {u"name"_s, m.name}, {u"checksum"_s, checksum},
                      {u"outcome"_s, outcomeName(m.outcome)}, {u"durationMs"_s, m.elapsedMs}};
        if (m.outcome != Outcome::Applied && m.outcome != Outcome::RolledBack && report.error)
            o.insert(u"error"_s, redactSecrets(report.error->detail));
        add(o);
    }
    if (report.migrations.isEmpty() && report.error)
        add({{u"outcome"_s, u"not-started"_s}, {u"error"_s, redactSecrets(report.error->detail)}});
    return write(lines);
}

Result<void> AuditLog::appendEvent(const AuditContext &context, QJsonObject event)
{
    event.insert(u"time"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    event.insert(u"user"_s, context.user.isEmpty() ? qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME", u"unknown"_s)) : context.user);
    event.insert(u"host"_s, context.host.isEmpty() ? QSysInfo::machineHostName() : context.host);
    event.insert(u"environment"_s, context.environment);
    event.insert(u"server"_s, redactSecrets(context.server));
    event.insert(u"project"_s, context.project);
    event.insert(u"operation"_s, context.operation);
    if (!context.overrideReason.isEmpty())
        event.insert(u"overrideReason"_s, context.overrideReason);
    for (auto it = event.begin(); it != event.end(); ++it) {
        if (it.value().isString())
            it.value() = redactSecrets(it.value().toString());
    }
    return write(QJsonDocument(event).toJson(QJsonDocument::Compact) + '\n');
}

Result<void> AuditLog::write(const QByteArray &lines)
{
    if (lines.isEmpty())
        return {};

    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return fail(Error::Code::Io, u"cannot open the audit log %1: %2"_s.arg(m_path, file.errorString()));
    if (file.write(lines) != lines.size())
        return fail(Error::Code::Io, u"cannot write the audit log %1: %2"_s.arg(m_path, file.errorString()));
    return {};
}

} // namespace core::engine
