// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>
#include <QString>

#include <functional>

// Logging categories of core. Code writes with qCDebug/qCInfo/qCWarning(lcX); the message handler
// installed by core::logging::install() forwards everything to spdlog, redacting secrets first.
Q_DECLARE_LOGGING_CATEGORY(lcCore) // mwb.core
Q_DECLARE_LOGGING_CATEGORY(lcDb) // mwb.core.db
Q_DECLARE_LOGGING_CATEGORY(lcSql) // mwb.core.sql
Q_DECLARE_LOGGING_CATEGORY(lcEngine) // mwb.core.engine
Q_DECLARE_LOGGING_CATEGORY(lcProject) // mwb.core.project

namespace core::logging {

struct Options
{
    QString filePath; ///< rotating log file; empty for none
    bool toStderr = true;
    QtMsgType stderrLevel = QtWarningMsg; ///< the least severe message type printed on stderr
    qint64 maxFileSize = 5 * 1024 * 1024;
    int maxFiles = 3;
};

/// Installs the Qt message handler that forwards to a thread-safe spdlog logger with the given sinks.
/// Safe to call again (the sinks are replaced). Every message is passed through redactSecrets().
void install(const Options &options);

/// Restores Qt's default message handler and drops the spdlog logger (flushing it).
void uninstall();

/// Flushes the file sink.
void flush();

/// A listener fed by a spdlog sink with every formatted line (secrets already redacted), from whatever thread
/// logged it: the callback must be thread-safe (the log dock queues lines to the GUI thread). Listeners
/// survive install(); the id removes one. Lines logged before install() are not seen (no logger yet).
using Listener = std::function<void(QtMsgType type, const QString &line)>;
int addListener(Listener listener);
void removeListener(int id);

/// The default log file: <AppDataLocation>/logs/<name>.log.
QString defaultLogFile(const QString &name);

} // namespace core::logging
