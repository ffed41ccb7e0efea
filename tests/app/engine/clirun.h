// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the `mwb` engine command tests share: running mwb with a private audit log, writing project files.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace clitest {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

inline void write(const QString &path, const QByteArray &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write test file");
    f.write(text);
}

/// Runs `mwb args…` with XDG_DATA_HOME and MWB_AUDIT_LOG under `home`.
inline Run mwb(const QStringList &args, const QString &home, int timeoutMs = 120000)
{
    QProcess p;
    auto e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    e.insert(QStringLiteral("MWB_AUDIT_LOG"), home + QStringLiteral("/audit.jsonl"));
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(MWB_BIN_DIR) + QStringLiteral("/mwb"), args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace clitest
