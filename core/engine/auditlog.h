// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "applytypes.h"

#include "core/error.h"

#include <QJsonObject>
#include <QString>

namespace core::engine {

/// Where and by whom a run happened, for the audit record.
struct AuditContext
{
    QString environment; ///< "staging", … (empty when applied by URL only)
    QString server; ///< redacted URL or host:port/database
    QString project; ///< the migrations folder
    QString user; ///< OS user; filled from the environment when empty
    QString host; ///< machine name; filled from the system when empty
    QString overrideReason; ///< why error findings were overridden (apply), or why production was rolled back (down)
    QString operation; ///< "apply" (the default), "down", "repair"
};

/// An append-only JSON Lines log of every run: one line per migration with who, what (version, name,
/// checksum), where, when, how long and the outcome. Lines are written with O_APPEND and flushed at once, so
/// concurrent writers never interleave inside a line and a crash loses at most the line being written.
class AuditLog
{
public:
    explicit AuditLog(QString path);
    const QString &path() const { return m_path; }

    /// Appends one line per migration of the report (and one for a run that stopped before any migration).
    Result<void> append(const AuditContext &context, const QList<PlannedMigration> &planned, const ApplyReport &report);

    /// Appends one line for an event that is not a migration (a repair action), with who/where/when added.
    Result<void> appendEvent(const AuditContext &context, QJsonObject event);

    /// The default location: <AppDataLocation>/audit.jsonl.
    static QString defaultPath();

private:
    Result<void> write(const QByteArray &lines);
    QString m_path;
};

} // namespace core::engine
