// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace core {

/// One library or tool and its version, for About dialogs and `--version`.
struct ComponentVersion
{
    QString name;
    QString version;
    bool operator==(const ComponentVersion &) const = default;
};

/// The application's own version ("0.1.0").
QString applicationVersion();

/// The versions of what core is built on: Qt (run time, and build time when they differ), libpqxx, libpq,
/// spdlog, and the compiler.
QList<ComponentVersion> coreComponentVersions();

/// "name version" lines, as `--version` prints them.
QString formatVersions(const QString &program, const QList<ComponentVersion> &components);

} // namespace core
