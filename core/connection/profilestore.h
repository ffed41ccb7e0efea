// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/connection/connectionprofile.h"

#include <QList>
#include <QStringList>

class QSettings;

namespace core::connection {

/// Loads the saved profiles from the user's settings (array "connections/profiles"). Entries that cannot be
/// read are skipped and described in `problems` (when given), never crash or drop the others.
QList<ConnectionProfile> loadProfiles(QSettings &settings, QStringList *problems = nullptr);

/// Replaces the saved profiles. Only non-secret fields are written (ConnectionProfile::toVariantMap()).
void saveProfiles(QSettings &settings, const QList<ConnectionProfile> &profiles);

} // namespace core::connection
