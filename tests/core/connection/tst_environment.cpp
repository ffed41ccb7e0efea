// SPDX-License-Identifier: GPL-3.0-or-later
// Environments: defaults by name, the pipeline, the protected-apply check (what `mwb apply --confirm` calls),
// and the [[environments]] part of workbench.toml (other sections kept), per-user bindings in QSettings.
#include "core/connection/environment.h"
#include "core/connection/environmentstore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <toml++/toml.hpp>

using namespace Qt::StringLiterals;
using namespace core::connection;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write");
}

} // namespace

class TestEnvironment : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void protectedByDefault_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("isProtected");
        QTest::addColumn<QString>("colour");
        QTest::newRow("prod") << u"prod"_s << true << u"#c62828"_s;
        QTest::newRow("production") << u"Production"_s << true << u"#c62828"_s;
        QTest::newRow("live") << u"live"_s << true << u"#c62828"_s;
        QTest::newRow("prod-eu") << u"prod-eu"_s << true << u"#c62828"_s;
        QTest::newRow("eu_production_2") << u"eu_production_2"_s << true << u"#c62828"_s;
        QTest::newRow("staging") << u"staging"_s << false << u"#ef6c00"_s;
        QTest::newRow("dev") << u"dev"_s << false << u"#2e7d32"_s;
        QTest::newRow("qa") << u"qa"_s << false << u"#1565c0"_s;
        QTest::newRow("product-demo is not prod") << u"product-demo"_s << false << u"#616161"_s;
        QTest::newRow("delivery is not live") << u"delivery"_s << false << u"#616161"_s;
    }
    void protectedByDefault()
    {
        QFETCH(QString, name);
        const Environment e = Environment::create(name);
        QTEST(e.isProtected, "isProtected");
        QTEST(e.colour, "colour");
        QVERIFY(isValidColour(e.colour));
    }

    void confirmation_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << u"prod-eu"_s << true;
        QTest::newRow("surrounding blanks") << u"  prod-eu \n"_s << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("other case") << u"PROD-EU"_s << false;
        QTest::newRow("prefix") << u"prod"_s << false;
        QTest::newRow("longer") << u"prod-eu2"_s << false;
    }
    void confirmation()
    {
        QFETCH(QString, typed);
        QFETCH(bool, matches);
        const Environment e = Environment::create(u"prod-eu"_s);
        QCOMPARE(e.confirmationMatches(typed), matches);
        const auto allowed = checkApplyAllowed(e, nullptr, typed);
        QCOMPARE(allowed.has_value(), matches);
        if (!matches) {
            QCOMPARE(allowed.error().code, core::Error::Code::InvalidArgument);
            QVERIFY2(allowed.error().detail.contains(u"prod-eu"_s), qPrintable(allowed.error().detail));
        }
    }

    void unprotectedNeedsNoConfirmation()
    {
        Environment e = Environment::create(u"dev"_s);
        QVERIFY(checkApplyAllowed(e, nullptr, {}));
        // protection switched on by the user applies to any name
        e.isProtected = true;
        const auto refused = checkApplyAllowed(e, nullptr, {});
        QVERIFY(!refused);
        QVERIFY2(refused.error().detail.contains(u"--confirm dev"_s), qPrintable(refused.error().detail));
        QVERIFY(checkApplyAllowed(e, nullptr, u"dev"));
    }

    void readOnlyProfileRefusesEverything()
    {
        ConnectionProfile profile = ConnectionProfile::create(core::Dialect::PostgreSQL, u"replica"_s);
        profile.readOnly = true;
        const Environment dev = Environment::create(u"dev"_s);
        const auto refused = checkApplyAllowed(dev, &profile, u"dev");
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, core::Error::Code::Unsupported);
        profile.readOnly = false;
        QVERIFY(checkApplyAllowed(dev, &profile, {}));
    }

    void pipeline()
    {
        EnvironmentPipeline p = EnvironmentPipeline::defaults();
        QCOMPARE(p.size(), 3);
        QCOMPARE(p.environments()[2].name, u"prod"_s);
        QVERIFY(p.environments()[2].isProtected);
        QVERIFY(!p.environments()[0].isProtected);
        QVERIFY(p.add(Environment::create(u"qa"_s), 1));
        QCOMPARE(p.indexOf(u"qa"), 1);
        QVERIFY(!p.add(Environment::create(u"QA"_s))); // names are unique, case-insensitively
        QVERIFY(!p.add(Environment::create(u""_s)));
        QVERIFY(!p.add(Environment::create(u"bad/name"_s)));
        Environment badColour = Environment::create(u"x"_s);
        badColour.colour = u"red"_s;
        QVERIFY(!p.add(badColour));
        QVERIFY(p.move(u"prod", 0));
        QCOMPARE(p.environments()[0].name, u"prod"_s);
        QVERIFY(!p.move(u"prod", 9));
        QVERIFY(p.rename(u"qa", u"test"_s));
        QVERIFY(!p.rename(u"test", u"dev"_s));
        QVERIFY(p.remove(u"test"));
        QVERIFY(!p.remove(u"test"));
        QCOMPARE(p.size(), 3);
        QVERIFY(p.validate());
    }

    void tomlRoundTripKeepsOtherSections()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"workbench.toml"_s);
        const QByteArray original = "# Migration Workbench project\n"
                                    "[project]\n"
                                    "name = \"shop\"   # the name\n"
                                    "dialect = \"postgresql\"\n"
                                    "\n"
                                    "# old environments, replaced\n"
                                    "[[environments]]\n"
                                    "name = \"old\"\n"
                                    "\n"
                                    "[migrations]\n"
                                    "dir = \"db/migrations\"\n"
                                    "notes = \"\"\"\n"
                                    "[[environments]]\n"
                                    "this line is inside a string\"\"\"\n"
                                    "\n"
                                    "[[environments]]\n"
                                    "name = \"older\"\n"
                                    "[lint]\n"
                                    "rules = [\"a\", \"b\"]\n";
        writeAll(path, original);
        const auto before = readEnvironments(path);
        QVERIFY2(before, qPrintable(before ? QString() : before.error().detail));
        QCOMPARE(before->size(), 2);
        QCOMPARE(before->environments()[0].name, u"old"_s);

        EnvironmentPipeline pipeline = EnvironmentPipeline::defaults();
        Environment custom = Environment::create(u"perf-lab"_s);
        custom.colour = u"#123456"_s;
        custom.isProtected = true;
        custom.profileId = u"must-not-be-written"_s;
        QVERIFY(pipeline.add(custom, 1));
        const auto written = writeEnvironments(path, pipeline);
        QVERIFY2(written, qPrintable(written ? QString() : written.error().detail));

        const QByteArray after = readAll(path);
        QVERIFY2(after.contains("# Migration Workbench project\n[project]\nname = \"shop\"   # the name\n"), after.constData());
        QVERIFY(after.contains("this line is inside a string\"\"\""));
        QVERIFY(!after.contains("old"));
        QVERIFY(!after.contains("must-not-be-written"));
        const auto reread = readEnvironments(path);
        QVERIFY(reread);
        QCOMPARE(reread->size(), 4);
        QCOMPARE(reread->environments()[1].name, u"perf-lab"_s);
        QCOMPARE(reread->environments()[1].colour, u"#123456"_s);
        QVERIFY(reread->environments()[1].isProtected);
        QVERIFY(reread->environments()[3].isProtected);
        // every other key is unchanged
        auto table = toml::parse(std::string_view(after.constData(), size_t(after.size())));
        QCOMPARE(table["project"]["name"].value_or(std::string()), std::string("shop"));
        QCOMPARE(table["migrations"]["dir"].value_or(std::string()), std::string("db/migrations"));
        QCOMPARE(table["lint"]["rules"].as_array()->size(), size_t(2));
    }

    void tomlInlineEnvironmentsFallBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"workbench.toml"_s);
        writeAll(path, "environments = [{ name = \"a\" }]\n[project]\nname = \"x\"\n");
        QVERIFY(writeEnvironments(path, EnvironmentPipeline::defaults()));
        const auto reread = readEnvironments(path);
        QVERIFY(reread);
        QCOMPARE(reread->size(), 3);
        const QByteArray after = readAll(path);
        auto table = toml::parse(std::string_view(after.constData(), size_t(after.size())));
        QCOMPARE(table["project"]["name"].value_or(std::string()), std::string("x"));
    }

    void tomlNewFileAndErrors()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"workbench.toml"_s);
        const auto none = readEnvironments(path);
        QVERIFY(none);
        QCOMPARE(none->size(), 0);
        QVERIFY(writeEnvironments(path, EnvironmentPipeline::defaults()));
        QCOMPARE(readEnvironments(path)->size(), 3);

        // A file that is not TOML is never overwritten.
        const QByteArray broken = "[project\nname = \n";
        writeAll(path, broken);
        const auto refused = writeEnvironments(path, EnvironmentPipeline::defaults());
        QVERIFY(!refused);
        QCOMPARE(readAll(path), broken);
        QVERIFY(!readEnvironments(path));

        writeAll(path, "[[environments]]\ncolor = \"#ffffff\"\n");
        const auto nameless = readEnvironments(path);
        QVERIFY(!nameless);
        QVERIFY2(nameless.error().detail.contains(u":1"_s), qPrintable(nameless.error().detail));
        writeAll(path, "[[environments]]\nname = \"a\"\nprotected = \"yes\"\n");
        QVERIFY(!readEnvironments(path));
        writeAll(path, "[[environments]]\nname = \"a\"\n[[environments]]\nname = \"A\"\n");
        QVERIFY(!readEnvironments(path));

        QVERIFY(!writeEnvironments(dir.filePath(u"missing-dir/workbench.toml"_s), EnvironmentPipeline::defaults()));
    }

    void bindingsArePerUser()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"user.ini"_s), QSettings::IniFormat);
        EnvironmentPipeline pipeline = EnvironmentPipeline::defaults();
        {
            EnvironmentBindings bindings(settings, dir.filePath(u"projectA"_s));
            bindings.bind(u"prod"_s, u"profile-1"_s);
            bindings.bind(u"dev"_s, u"profile-2"_s);
            bindings.unbind(u"dev"_s);
            bindings.applyTo(pipeline);
        }
        QCOMPARE(pipeline.find(u"prod")->profileId, u"profile-1"_s);
        QCOMPARE(pipeline.find(u"dev")->profileId, QString());
        // another project has its own bindings
        EnvironmentBindings other(settings, dir.filePath(u"projectB"_s));
        QCOMPARE(other.profileFor(u"prod"_s), QString());
        other.storeFrom(pipeline);
        QCOMPARE(other.profileFor(u"prod"_s), u"profile-1"_s);
        settings.sync();
        QCOMPARE(settings.status(), QSettings::NoError);
    }
};

QTEST_GUILESS_MAIN(TestEnvironment)
#include "tst_environment.moc"
