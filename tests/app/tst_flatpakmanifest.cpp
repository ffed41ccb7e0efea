// SPDX-License-Identifier: GPL-3.0-or-later
// The Flatpak manifest agrees with the rest of the packaging: the app id of the desktop file and the metainfo,
// the Qt series the build requires, a module for every library the build finds outside the KDE runtime, pinned
// sources (https + sha256), the keychain's D-Bus name, and the app built from this checkout without tests.
// (flatpak-builder itself cannot run here: this machine reaches neither Flathub nor the upstream archives.)
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
QByteArray read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
const QString source = QStringLiteral(MWB_SOURCE_DIR);
const QString manifestDir = source + u"/packaging/flatpak"_s;
const QString appId = u"org.migrationworkbench.MigrationWorkbench"_s;
} // namespace

class TestFlatpakManifest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manifestAgreesWithThePackaging()
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(read(manifestDir + u'/' + appId + u".json"_s), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonObject m = doc.object();
        QCOMPARE(m.value(u"id"_s).toString(), appId);
        QVERIFY(QFile::exists(source + u"/resources/"_s + appId + u".desktop"_s));
        QVERIFY(read(source + u"/resources/"_s + appId + u".metainfo.xml"_s).contains(u"<id>%1</id>"_s.arg(appId).toUtf8()));
        QCOMPARE(m.value(u"command"_s).toString(), u"migration-workbench"_s);
        QCOMPARE(m.value(u"runtime"_s).toString(), u"org.kde.Platform"_s);
        QCOMPARE(m.value(u"sdk"_s).toString(), u"org.kde.Sdk"_s);
        // The runtime's Qt series is the one the build requires.
        const QString cmake = QString::fromUtf8(read(source + u"/CMakeLists.txt"_s));
        const auto qtReq = QRegularExpression(u"find_package\\(Qt6 (\\d+\\.\\d+)"_s).match(cmake);
        QVERIFY(qtReq.hasMatch());
        QCOMPARE(m.value(u"runtime-version"_s).toString(), qtReq.captured(1));
        const QStringList finish = m.value(u"finish-args"_s).toVariant().toStringList();
        QVERIFY(finish.contains(u"--talk-name=org.freedesktop.secrets"_s)); // passwords live in the keychain
        QVERIFY(finish.contains(u"--share=network"_s));

        QStringList names;
        const QJsonArray modules = m.value(u"modules"_s).toArray();
        static const QRegularExpression sha(u"^[0-9a-f]{64}$"_s);
        for (const QJsonValue &v : modules) {
            const QJsonObject mod = v.toObject();
            names << mod.value(u"name"_s).toString();
            for (const QJsonValue &s : mod.value(u"sources"_s).toArray()) {
                const QJsonObject src = s.toObject();
                if (src.value(u"type"_s).toString() == u"dir"_s)
                    continue;
                QVERIFY2(src.value(u"url"_s).toString().startsWith(u"https://"_s), qPrintable(names.last()));
                QVERIFY2(sha.match(src.value(u"sha256"_s).toString()).hasMatch(), qPrintable(names.last()));
            }
        }
        // Every library found outside Qt and KF6 (which the KDE runtime has) is built by a module.
        for (const QString &lib : {u"libpq"_s, u"libpqxx"_s, u"spdlog"_s, u"tomlplusplus"_s, u"qtkeychain"_s})
            QVERIFY2(names.contains(lib), qPrintable(lib));
        QCOMPARE(names.last(), u"migration-workbench"_s);
        const QJsonObject app = modules.last().toObject();
        QVERIFY(app.value(u"config-opts"_s).toVariant().toStringList().contains(u"-DMWB_BUILD_TESTS=OFF"_s));
        const QJsonObject dir = app.value(u"sources"_s).toArray().first().toObject();
        QCOMPARE(dir.value(u"type"_s).toString(), u"dir"_s);
        QCOMPARE(QDir::cleanPath(manifestDir + u'/' + dir.value(u"path"_s).toString()), QDir::cleanPath(source));
    }
};

QTEST_GUILESS_MAIN(TestFlatpakManifest)
#include "tst_flatpakmanifest.moc"
