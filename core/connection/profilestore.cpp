// SPDX-License-Identifier: GPL-3.0-or-later
#include "profilestore.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace core::connection {

QList<ConnectionProfile> loadProfiles(QSettings &settings, QStringList *problems)
{
    QList<ConnectionProfile> profiles;
    const int count = settings.beginReadArray(u"connections/profiles"_s);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        QVariantMap map;
        const QStringList keys = settings.childKeys();
        for (const QString &key : keys)
            map.insert(key, settings.value(key));
        auto profile = ConnectionProfile::fromVariantMap(map);
        if (!profile) {
            if (problems)
                problems->append(u"saved connection %1: %2"_s.arg(i + 1).arg(profile.error().detail));
            continue;
        }
        profiles.append(*profile);
    }
    settings.endArray();
    return profiles;
}

void saveProfiles(QSettings &settings, const QList<ConnectionProfile> &profiles)
{
    settings.remove(u"connections/profiles"_s);
    settings.beginWriteArray(u"connections/profiles"_s, int(profiles.size()));
    for (int i = 0; i < profiles.size(); ++i) {
        settings.setArrayIndex(i);
        // one plain key per field: the settings file stays readable (and greppable for secrets)
        const QVariantMap map = profiles[i].toVariantMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            settings.setValue(it.key(), it.value());
    }
    settings.endArray();
}

} // namespace core::connection
