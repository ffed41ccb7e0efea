// SPDX-License-Identifier: GPL-3.0-or-later
#include "appsetup.h"

#include "core/logging.h"
#include "core/versioninfo.h"

#include <QCoreApplication>

#include <cstring>

using namespace Qt::StringLiterals;

namespace app {

void setApplicationIdentity(const QString &applicationName)
{
    QCoreApplication::setApplicationName(applicationName);
    QCoreApplication::setOrganizationName(u"MigrationWorkbench"_s);
    QCoreApplication::setApplicationVersion(core::applicationVersion());
}

void setupLogging(const QString &logName)
{
    core::logging::Options options;
    const QString fromEnv = qEnvironmentVariable("MWB_LOG_FILE");
    options.filePath = fromEnv.isEmpty() ? core::logging::defaultLogFile(logName) : fromEnv;
    options.toStderr = true;
    options.stderrLevel = QtWarningMsg;
    core::logging::install(options);
}

bool wantsVersion(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0)
            return true;
    }
    return false;
}

} // namespace app
