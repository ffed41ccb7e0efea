// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace app {

/// Sets application name, organisation and version (used by QSettings and QStandardPaths).
void setApplicationIdentity(const QString &applicationName);

/// Installs the logging message handler: a rotating log file under the app data location and stderr.
/// MWB_LOG_FILE overrides the file's path.
void setupLogging(const QString &logName);

/// Whether argv asks for --version / -v before any QApplication exists (so it works without a display).
bool wantsVersion(int argc, char **argv);

} // namespace app
