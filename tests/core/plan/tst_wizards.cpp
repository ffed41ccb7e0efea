// SPDX-License-Identifier: GPL-3.0-or-later
// Golden tests of the migrations each rollout wizard writes, for PostgreSQL and MySQL/MariaDB.
// MWB_UPDATE_GOLDEN=1 rewrites the expected files (review the diff before committing it).
#include "core/plan/planvalidator.h"
#include "core/plan/wizards.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include "wizardfixtures.h"

using namespace Qt::StringLiterals;
using namespace core::plan;


class TestWizards : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void golden_data()
    {
        QTest::addColumn<QString>("wizard");
        QTest::addColumn<int>("dialect");
        for (const QString &w : wizardCases()) {
            QTest::newRow(qPrintable(w + u"-postgresql"_s)) << w << int(core::Dialect::PostgreSQL);
            QTest::newRow(qPrintable(w + u"-mysql"_s)) << w << int(core::Dialect::MySQL);
        }
    }
    void golden()
    {
        QFETCH(QString, wizard);
        QFETCH(int, dialect);
        const auto result = runWizard(wizard, core::Dialect(dialect));
        QVERIFY2(result, qPrintable(result ? QString() : result.error().detail));
        // Every plan a wizard writes passes its own gates, and every step's migrations exist.
        const auto violations = validatePlan(result->plan);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.isEmpty() ? QString() : violations.first().message));
        for (const Step &s : result->plan.steps) {
            for (const QString &m : s.migrations) {
                QVERIFY2(std::any_of(result->migrations.cbegin(), result->migrations.cend(),
                                     [&m](const WizardMigration &w) { return w.name == m; }),
                         qPrintable(m));
            }
        }
        for (const WizardMigration &m : result->migrations) {
            QVERIFY2(!m.up.trimmed().isEmpty() && !m.down.trimmed().isEmpty(), qPrintable(m.name));
            if (m.backfill)
                QVERIFY(m.up.startsWith(u"-- mwb:backfill table="_s));
            if (core::Dialect(dialect) == core::Dialect::MySQL)
                QVERIFY2(!m.up.contains(u"CONCURRENTLY"_s) && !m.up.contains(u"$$"_s), qPrintable(m.name));
            if (m.up.contains(u"DROP COLUMN"_s) || m.up.contains(u"DROP TABLE"_s))
                QVERIFY2(m.up.startsWith(u"-- mwb:phase contract"_s), qPrintable(m.name));
        }

        const QString name = wizard + (core::Dialect(dialect) == core::Dialect::PostgreSQL ? u"-postgresql.md"_s : u"-mysql.md"_s);
        const QString path = QStringLiteral(MWB_SOURCE_DIR) + u"/tests/data/expected/wizards/"_s + name;
        const QString actual = describeWizardResult(*result);
        if (qEnvironmentVariableIntValue("MWB_UPDATE_GOLDEN")) {
            QDir().mkpath(QFileInfo(path).absolutePath());
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(actual.toUtf8());
        }
        QFile expected(path);
        QVERIFY2(expected.open(QIODevice::ReadOnly), qPrintable(u"missing golden file %1 (run with MWB_UPDATE_GOLDEN=1)"_s.arg(path)));
        QCOMPARE(actual, QString::fromUtf8(expected.readAll()));
    }

    void rejectsBadInput_data()
    {
        QTest::addColumn<int>("which");
        QTest::newRow("identifier with a quote") << 0;
        QTest::newRow("type with a semicolon") << 1;
        QTest::newRow("same name") << 2;
        QTest::newRow("sqlite") << 3;
        QTest::newRow("no start day") << 4;
        QTest::newRow("conversion without {}") << 5;
        QTest::newRow("types do not match columns") << 6;
    }
    void rejectsBadInput()
    {
        QFETCH(int, which);
        auto c = wizardCommon(core::Dialect::PostgreSQL);
        core::Result<WizardResult> r = core::fail(core::Error::Code::Unknown, {});
        switch (which) {
        case 0: r = renameColumnWizard(c, u"users\"; DROP TABLE x; --"_s, u"a"_s, u"b"_s, u"text"_s, false); break;
        case 1: r = renameColumnWizard(c, u"users"_s, u"a"_s, u"b"_s, u"text; DROP TABLE users"_s, false); break;
        case 2: r = renameColumnWizard(c, u"users"_s, u"a"_s, u"a"_s, u"text"_s, false); break;
        case 3: c.dialect = core::Dialect::SQLite; r = addIndexWizard(c, u"t"_s, {u"a"_s}); break;
        case 4: c.start = {}; r = addIndexWizard(c, u"t"_s, {u"a"_s}); break;
        case 5: r = changeColumnTypeWizard(c, u"t"_s, u"a"_s, u"bigint"_s, u"a::bigint"_s); break;
        case 6: r = splitTableWizard(c, u"t"_s, u"u"_s, {u"a"_s, u"b"_s}, {u"text"_s}); break;
        }
        QVERIFY(!r);
        QVERIFY(!r.error().detail.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWizards)
#include "tst_wizards.moc"
