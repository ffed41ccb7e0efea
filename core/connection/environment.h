// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"
#include "core/error.h"

#include <QList>
#include <QString>

#include <optional>

namespace core::connection {

/// A deployment target of a project (dev, staging, prod, ...). Stored in the project's workbench.toml
/// without the binding to a connection profile: that binding is per user (EnvironmentBindings, QSettings).
struct Environment
{
    QString name; ///< unique within the pipeline, e.g. "prod"
    QString colour; ///< "#rrggbb", the colour of the main window's band while this is the target
    bool isProtected = false; ///< applying needs the name typed (GUI) or `--confirm NAME` (CLI)
    QString profileId; ///< the bound ConnectionProfile on this machine (not stored in the project)

    /// A new environment with the default colour and protection for its name.
    static Environment create(const QString &name);

    /// True when `typed` is exactly the environment's name (surrounding white space ignored, case matters:
    /// typing "Prod" for "prod" is refused; the point is a deliberate act).
    bool confirmationMatches(QStringView typed) const;

    bool operator==(const Environment &) const = default;
};

/// True for names that mean production: prod, production, live, prd, and names containing them as a word
/// (prod-eu, production_2, live-us). Such environments are protected by default.
bool isProductionLikeName(QStringView name);

/// The suggested colour for a name: red for production-like, orange for staging/uat/preprod, blue for
/// test/qa, green for dev/local, grey otherwise.
QString defaultColour(QStringView name);

/// Checks a colour written as "#rrggbb".
bool isValidColour(QStringView colour);

/// The ordered pipeline (dev → staging → prod). Names are unique (compared case-insensitively).
class EnvironmentPipeline final
{
public:
    EnvironmentPipeline() = default;
    explicit EnvironmentPipeline(QList<Environment> environments) : m_environments(std::move(environments)) {}

    /// dev, staging, prod (prod protected).
    static EnvironmentPipeline defaults();

    const QList<Environment> &environments() const { return m_environments; }
    qsizetype size() const { return m_environments.size(); }
    qsizetype indexOf(QStringView name) const;
    std::optional<Environment> find(QStringView name) const;

    /// InvalidArgument for an empty, duplicate or malformed name or a bad colour.
    Result<void> add(const Environment &environment, qsizetype position = -1);
    Result<void> remove(QStringView name);
    Result<void> rename(QStringView from, const QString &to);
    /// Moves the environment to `position` (0-based) in the pipeline.
    Result<void> move(QStringView name, qsizetype position);
    Result<void> update(const Environment &environment); ///< replaces the one with the same name

    /// Checks the whole pipeline (unique valid names, valid colours).
    Result<void> validate() const;

    bool operator==(const EnvironmentPipeline &) const = default;

private:
    QList<Environment> m_environments;
};

/// The check every apply path runs before touching a database (GUI confirmation dialog, `mwb apply --confirm`):
/// - a read-only profile refuses any apply (Unsupported);
/// - a protected environment needs `confirmation` equal to its name (InvalidArgument otherwise, with a
///   detail that says what to type; an empty confirmation says that a confirmation is required).
/// `profile` may be null when the environment is not bound (the read-only check is then skipped).
Result<void> checkApplyAllowed(const Environment &environment, const ConnectionProfile *profile,
                               QStringView confirmation);

} // namespace core::connection
