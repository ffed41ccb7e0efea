// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/environment.h"
#include "core/error.h"

#include <QString>

class QSettings;

namespace core::connection {

/// Reads the `[[environments]]` array of a project's workbench.toml:
///
///     [[environments]]
///     name = "prod"
///     color = "#c62828"
///     protected = true
///
/// Order in the file is pipeline order. A missing file or a file without environments gives an empty pipeline;
/// a file that is not valid TOML, or environments with missing/invalid names or colours, give InvalidArgument
/// with the line. `color` and `protected` default from the name (Environment::create).
Result<EnvironmentPipeline> readEnvironments(const QString &tomlPath);

/// Replaces only the `[[environments]]` part of workbench.toml and keeps everything else as it was, comments
/// included (the other sections' text is kept verbatim; if that cannot be done safely, the file is rewritten
/// from its parsed form, which keeps every value but not comments). Atomic (QSaveFile). Refuses to touch a
/// file that is not valid TOML. Never writes profile ids, hosts or secrets: only name, color, protected.
Result<void> writeEnvironments(const QString &tomlPath, const EnvironmentPipeline &pipeline);

/// Which connection profile each environment of a project uses on this machine, kept in the user's QSettings
/// (group "environmentBindings/<hash of the project path>"). Only profile ids, never secrets.
class EnvironmentBindings final
{
public:
    EnvironmentBindings(QSettings &settings, const QString &projectPath);

    QString profileFor(const QString &environment) const;
    void bind(const QString &environment, const QString &profileId);
    void unbind(const QString &environment);
    /// Fills every environment's profileId from the bindings.
    void applyTo(EnvironmentPipeline &pipeline) const;
    /// Stores every environment's profileId (empty: unbound).
    void storeFrom(const EnvironmentPipeline &pipeline);

private:
    QString key(const QString &environment) const;

    QSettings &m_settings;
    QString m_group;
};

} // namespace core::connection
