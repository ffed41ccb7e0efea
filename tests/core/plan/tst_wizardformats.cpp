// SPDX-License-Identifier: GPL-3.0-or-later
// Golden tests of the files each wizard writes in golang-migrate, dbmate and Flyway projects, for PostgreSQL and
// MariaDB, and every file (up and down) passes the analyzer with no error finding.
// MWB_UPDATE_GOLDEN=1 rewrites the expected files.
#include "core/plan/planvalidator.h"
#include "core/plan/wizards.h"
#include "core/plan/wizardwriter.h"
#include "core/project/reader.h"
#include "core/sql/analyzer.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "wizardfixtures.h"

using namespace Qt::StringLiterals;
using namespace core::plan;
namespace cp = core::project;


class TestWizardFormats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesCleanFiles_data()
    {
        QTest::addColumn<QString>("wizard");
        QTest::addColumn<int>("dialect");
        QTest::addColumn<int>("format");
        for (const QString &w : wizardCases()) {
            if (w == u"drop-table")
                continue; // the same files as drop-column, without a column
            for (const auto d : {core::Dialect::PostgreSQL, core::Dialect::MySQL}) {
                for (const auto f : {cp::Format::GolangMigrate, cp::Format::Dbmate, cp::Format::Flyway}) {
                    const QString tag = u"%1-%2-%3"_s.arg(w, d == core::Dialect::PostgreSQL ? u"postgresql"_s : u"mariadb"_s, cp::formatId(f));
                    QTest::newRow(qPrintable(tag)) << w << int(d) << int(f);
                }
            }
        }
    }
    void writesCleanFiles()
    {
        QFETCH(QString, wizard);
        QFETCH(int, dialect);
        QFETCH(int, format);
        const auto result = runWizard(wizard, core::Dialect(dialect));
        QVERIFY(result);
        QTemporaryDir dir;
        cp::Project project;
        project.format = cp::Format(format);
        project.dir = dir.path();
        const auto plan = writeWizardMigrations(*result, project, QDateTime(QDate(2026, 12, 1), QTime(9, 0), QTimeZone::UTC));
        QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().detail));
        QVERIFY(validatePlan(*plan).isEmpty());

        // The tool reads back what was written: one migration per wizard migration, in the plan's order.
        const auto reread = cp::readProject(dir.path(), cp::Format(format));
        QVERIFY2(reread, qPrintable(reread ? QString() : reread.error().detail));
        QCOMPARE(reread->migrations.size(), result->migrations.size());
        for (qsizetype i = 0; i < result->migrations.size(); ++i)
            QVERIFY2(reread->migrations.at(i).name.contains(result->migrations.at(i).name.left(12), Qt::CaseInsensitive)
                         || reread->migrations.at(i).name.contains(QString(result->migrations.at(i).name).replace(u'_', u' ').left(12)),
                     qPrintable(reread->migrations.at(i).name));

        core::sql::AnalysisContext context;
        context.target.dialect = core::Dialect(dialect) == core::Dialect::PostgreSQL ? core::sql::SqlDialect::PostgreSQL
                                                                                   : core::sql::SqlDialect::MariaDB;
        if (context.target.dialect == core::sql::SqlDialect::MariaDB) {
            context.target.major = 11;
            context.target.minor = 8;
        }
        // Each migration as the tool sends it (up, then down), analyzed in order with the schema the earlier
        // ones built, as a project-level analysis does.
        QStringList errors;
        core::sql::Catalog catalog;
        for (const cp::Migration &m : reread->migrations) {
            for (const bool up : {true, false}) {
                const QString sql = up ? m.upSql : m.downSql;
                if (sql.isEmpty())
                    continue;
                context.catalog = catalog;
                context.wrappedInTransaction = m.transactional;
                const auto analysis = core::sql::analyze(sql.toUtf8(), context);
                for (const auto &finding : analysis.findings) {
                    if (finding.severity == core::sql::Severity::Error)
                        errors.append(u"%1 (%2):%3: %4 [%5]"_s.arg(m.name, up ? u"up"_s : u"down"_s).arg(finding.start.line).arg(finding.message, finding.rule));
                }
                if (up) {
                    for (const auto &statement : analysis.statements)
                        catalog.apply(statement);
                }
            }
        }
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));

        QString golden;
        QStringList files;
        QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files.append(it.next());
        files.sort();
        for (const QString &path : std::as_const(files)) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            golden += u"=== "_s + QDir(dir.path()).relativeFilePath(path) + u" ===\n"_s + QString::fromUtf8(f.readAll());
        }

        const QString name = QString::fromLatin1(QTest::currentDataTag()) + u".txt"_s;
        const QString path = QStringLiteral(MWB_SOURCE_DIR) + u"/tests/data/expected/wizard-files/"_s + name;
        if (qEnvironmentVariableIntValue("MWB_UPDATE_GOLDEN")) {
            QDir().mkpath(QFileInfo(path).absolutePath());
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate));
            out.write(golden.toUtf8());
        }
        QFile expected(path);
        QVERIFY2(expected.open(QIODevice::ReadOnly), qPrintable(u"missing golden file %1 (run with MWB_UPDATE_GOLDEN=1)"_s.arg(path)));
        QCOMPARE(golden, QString::fromUtf8(expected.readAll()));
    }
};

QTEST_GUILESS_MAIN(TestWizardFormats)
#include "tst_wizardformats.moc"
