// SPDX-License-Identifier: GPL-3.0-or-later
// workbench.toml [lint]: project settings, per-environment overlays, both key spellings, clear errors.
#include "core/project/lintsettings.h"
#include "core/project/projectfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using core::sql::Severity;

namespace {
/// workbench.toml with `toml`, loaded (the file is read at once; the folder goes away afterwards).
core::Result<core::project::ProjectFile> fileFrom(const QByteArray &toml)
{
    QTemporaryDir dir;
    QFile f(dir.filePath(u"workbench.toml"_s));
    if (!f.open(QIODevice::WriteOnly) || f.write(toml) != toml.size())
        return core::fail(core::Error::Code::Io, u"cannot write"_s);
    f.close();
    return core::project::ProjectFile::load(dir.path());
}

core::Result<core::sql::LintConfig> configFrom(const QByteArray &toml, const QString &environment = {})
{
    return fileFrom(toml).and_then([&](const auto &file) { return core::project::lintConfig(file, environment); });
}

core::Result<core::project::LintTarget> targetFrom(const QByteArray &toml)
{
    return fileFrom(toml).and_then([](const auto &file) { return core::project::lintTarget(file); });
}
} // namespace

class TestLintSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noSectionIsTheDefault()
    {
        const auto c = configFrom("[[environments]]\nname = \"dev\"\n");
        QVERIFY(c);
        QVERIFY(c->only.isEmpty() && c->disabled.isEmpty() && c->severities.isEmpty());
        QCOMPARE(c->minimum, Severity::Info);
    }

    void projectAndEnvironment()
    {
        const QByteArray toml = "[lint]\nrules = \"-prefer-text-field\"\nseverity = \"warning\"\n"
                                "\"rule.ban-char-field\" = \"off\"\n"
                                "[lint.rule]\nrequire-lock-timeout = \"error\"\n"
                                "[lint.environments.shop_prod]\nseverity = \"info\"\nrules = \"-ban-drop-column\"\n"
                                "[lint.environments.shop_prod.rule]\nrequire-statement-timeout = \"error\"\n"
                                "require-lock-timeout = \"warning\"\n";
        const auto project = configFrom(toml);
        QVERIFY2(project, qPrintable(project ? QString() : project.error().detail));
        QVERIFY(!project->isEnabled(u"prefer-text-field"_s));
        QVERIFY(!project->isEnabled(u"ban-char-field"_s));
        QVERIFY(project->isEnabled(u"ban-drop-column"_s));
        QCOMPARE(project->minimum, Severity::Warning);
        QCOMPARE(project->severities.value(u"require-lock-timeout"_s), Severity::Error);
        QVERIFY(!project->severities.contains(u"require-statement-timeout"_s));

        const auto prod = configFrom(toml, u"shop_prod"_s);
        QVERIFY2(prod, qPrintable(prod ? QString() : prod.error().detail));
        QVERIFY(!prod->isEnabled(u"prefer-text-field"_s)); // inherited
        QVERIFY(!prod->isEnabled(u"ban-drop-column"_s)); // added
        QCOMPARE(prod->minimum, Severity::Info); // overridden
        QCOMPARE(prod->severities.value(u"require-statement-timeout"_s), Severity::Error);
        QCOMPARE(prod->severities.value(u"require-lock-timeout"_s), Severity::Warning);

        // An environment without its own settings gets the project's.
        const auto dev = configFrom(toml, u"shop_dev"_s);
        QVERIFY(dev);
        QCOMPARE(dev->minimum, Severity::Warning);
    }

    /// [lint] dialect and target-version say what the migrations are written for; lintConfig() ignores them.
    void dialectAndTargetVersion()
    {
        using core::sql::SqlDialect;
        auto none = targetFrom("[lint]\nseverity = \"warning\"\n");
        QVERIFY(none);
        QVERIFY(!none->dialect && !none->target);

        const QByteArray toml = "[lint]\ndialect = \"MariaDB\"\ntarget-version = \"10.11\"\nseverity = \"warning\"\n";
        auto t = targetFrom(toml);
        QVERIFY2(t, qPrintable(t ? QString() : t.error().detail));
        QCOMPARE(t->dialect, std::optional(SqlDialect::MariaDB));
        QVERIFY(t->target);
        QCOMPARE(t->target->dialect, SqlDialect::MariaDB);
        QVERIFY(t->target->atLeast(10, 11));
        QVERIFY(!t->target->atLeast(11, 0));
        const auto c = configFrom(toml);
        QVERIFY2(c, qPrintable(c ? QString() : c.error().detail));
        QCOMPARE(c->minimum, Severity::Warning);

        // a version without a dialect is a PostgreSQL version
        auto pg = targetFrom("[lint]\ntarget-version = \"12\"\n");
        QVERIFY(pg && !pg->dialect && pg->target);
        QCOMPARE(pg->target->dialect, SqlDialect::PostgreSQL);

        auto bad = targetFrom("[lint]\ndialect = \"oracle\"\n");
        QVERIFY(!bad);
        QVERIFY2(bad.error().detail.contains(u"lint.dialect 'oracle'"_s), qPrintable(bad.error().detail));
        bad = targetFrom("[lint]\ndialect = \"mysql\"\ntarget-version = \"banana\"\n");
        QVERIFY(!bad);
        QVERIFY2(bad.error().detail.contains(u"target-version 'banana'"_s), qPrintable(bad.error().detail));
        bad = targetFrom("[lint]\ndialect = 3\n");
        QVERIFY(!bad);
        QVERIFY2(bad.error().detail.contains(u"lint.dialect must be a string"_s), qPrintable(bad.error().detail));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("toml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown rule") << QByteArray("[lint.rule]\nno-such-rule = \"off\"\n") << u"unknown rule 'no-such-rule'"_s;
        QTest::newRow("unknown level") << QByteArray("[lint.rule]\nban-char-field = \"loud\"\n") << u"unknown severity 'loud'"_s;
        QTest::newRow("unknown key") << QByteArray("[lint]\nstrict = \"yes\"\n") << u"unknown lint setting 'strict'"_s;
        QTest::newRow("not a string") << QByteArray("[lint]\nseverity = 3\n") << u"lint.severity must be a string"_s;
        QTest::newRow("rule not table") << QByteArray("[lint]\nrule = \"x\"\n") << u"lint.rule must be a table"_s;
        QTest::newRow("array") << QByteArray("[[lint]]\nseverity = \"info\"\n") << u"[lint] must be a table"_s;
    }

    void errors()
    {
        QFETCH(QByteArray, toml);
        QFETCH(QString, expected);
        const auto c = configFrom(toml);
        QVERIFY(!c);
        QCOMPARE(c.error().code, core::Error::Code::InvalidArgument);
        QVERIFY2(c.error().detail.contains(expected), qPrintable(c.error().detail));
    }
};

QTEST_GUILESS_MAIN(TestLintSettings)
#include "tst_lintsettings.moc"
