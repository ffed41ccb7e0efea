// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: every MySQL/MariaDB wizard's migrations run on the real MariaDB, with the online-DDL clauses
// they carry (ALGORITHM=INSTANT/INPLACE, LOCK=NONE make the server refuse rather than copy the table).
#include "core/connectionparams.h"
#include "core/engine/mysqlapplyrunner.h"
#include "core/plan/wizards.h"

#include "testservers.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::plan;
using namespace core::engine;

namespace {

// The wizards end every MySQL statement at the end of a line; comments are whole lines.
QList<PlannedStatement> statements(const QString &sql)
{
    QList<PlannedStatement> out;
    int line = 0;
    int first = 0;
    QString current;
    for (const QString &l : sql.split(u'\n')) {
        ++line;
        const QString t = l.trimmed();
        if (t.isEmpty() || t.startsWith(u"--"_s))
            continue;
        if (current.isEmpty())
            first = line;
        current += (current.isEmpty() ? QString() : u"\n"_s) + t;
        if (t.endsWith(u';')) {
            out.append({current, first, true});
            current.clear();
        }
    }
    if (!current.isEmpty())
        out.append({current, first, true});
    return out;
}

} // namespace

class TestWizardsMariaDb : public QObject
{
    Q_OBJECT
    core::ConnectionParams m_params;

    QString apply(const QString &sql)
    {
        PlannedMigration m;
        m.version = u"x"_s;
        m.statements = statements(sql);
        MySqlApplyRunner runner;
        const ApplyReport r = runner.run({m_params, {m}, {}, {}});
        return r.error ? r.error->detail : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        MWB_REQUIRE_SERVER_VALUE(url, "mariadb", "MWB_TEST_MARIADB_URL");
        m_params = *core::ConnectionParams::fromUrl(url);
    }

    void everyWizardRuns_data()
    {
        QTest::addColumn<int>("which");
        for (int i = 0; i < 8; ++i)
            QTest::newRow(qPrintable(QString::number(i))) << i;
    }
    void everyWizardRuns()
    {
        QFETCH(int, which);
        QCOMPARE(apply(u"DROP TABLE IF EXISTS customer_addresses;\nDROP TABLE IF EXISTS orders;\nDROP TABLE IF EXISTS customers;\n"
                       "DROP TABLE IF EXISTS users;\n"
                       "CREATE TABLE customers (id BIGINT PRIMARY KEY, email VARCHAR(100), street TEXT, city TEXT) ENGINE=InnoDB;\n"
                       "CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id BIGINT, quantity INT, created_at DATETIME, legacy_flag BOOL) ENGINE=InnoDB;\n"
                       "CREATE TABLE users (id BIGINT PRIMARY KEY, email VARCHAR(100) NOT NULL) ENGINE=InnoDB;\n"
                       "INSERT INTO customers VALUES (1, 'a@x', 's', 'c'), (2, 'b@x', 't', 'd');\n"
                       "INSERT INTO orders VALUES (1, 1, 3, NOW(), 0), (2, 2, 4, NOW(), 1);\n"
                       "INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x');\n"_s),
                 QString());
        WizardCommon common;
        common.dialect = core::Dialect::MySQL;
        common.start = QDate(2026, 12, 1);
        core::Result<WizardResult> w = core::fail(core::Error::Code::Unknown, {});
        switch (which) {
        case 0: w = renameColumnWizard(common, u"users"_s, u"email"_s, u"email_address"_s, u"varchar(100)"_s, true); break;
        case 1: w = changeColumnTypeWizard(common, u"orders"_s, u"quantity"_s, u"bigint"_s); break;
        case 2: w = addNotNullColumnWizard(common, u"orders"_s, u"currency"_s, u"varchar(3)"_s, u"'EUR'"_s); break;
        case 3: w = addForeignKeyWizard(common, u"orders"_s, u"customer_id"_s, u"customers"_s, u"id"_s); break;
        case 4: w = addUniqueWizard(common, u"customers"_s, {u"email"_s}); break;
        case 5: w = addIndexWizard(common, u"orders"_s, {u"customer_id"_s, u"created_at"_s}); break;
        case 6: w = dropWizard(common, u"orders"_s, u"legacy_flag"_s); break;
        case 7: w = splitTableWizard(common, u"customers"_s, u"customer_addresses"_s, {u"street"_s, u"city"_s}, {u"text"_s, u"text"_s}); break;
        }
        QVERIFY(w);
        for (const WizardMigration &m : w->migrations) {
            QString up = m.up;
            if (m.backfill) // one batch covering every key: the batching itself is tested on PostgreSQL
                up.replace(u":start"_s, u"0"_s).replace(u":end"_s, u"1000000"_s);
            QCOMPARE(apply(up), QString());
        }
        if (which == 0) {
            // The sync triggers kept the columns equal through the rename.
            QCOMPARE(apply(u"INSERT INTO users (id, email_address) VALUES (3, 'c@x');\n"_s), QString());
        }
    }
};

QTEST_GUILESS_MAIN(TestWizardsMariaDb)
#include "tst_wizardsmariadb.moc"
