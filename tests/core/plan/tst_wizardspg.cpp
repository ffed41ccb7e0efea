// SPDX-License-Identifier: GPL-3.0-or-later
// Integration: carries the rename-column plan through on the real PostgreSQL 17 while a writer keeps inserting
// and updating, through the old column name until the read switch and through the new one after it.
// Also applies every PostgreSQL wizard's migrations (up, then down) to prove the SQL they write runs.
#include "core/connectionparams.h"
#include "core/engine/backfill.h"
#include "core/engine/pgapplyrunner.h"
#include "core/plan/wizards.h"

#include "testservers.h"

#include <QTest>

#include <pqxx/pqxx>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;
using namespace core::plan;
using namespace core::engine;

class TestWizardsPg : public QObject
{
    Q_OBJECT
    QString m_url;
    QString m_schema;
    int m_counter = 0;

    core::ConnectionParams params() const
    {
        auto p = *core::ConnectionParams::fromUrl(m_url);
        p.options.append({u"options"_s, u"-c search_path=%1"_s.arg(m_schema)});
        return p;
    }
    std::string conninfo() const { return params().toLibpqConninfo().toStdString(); }

    // Applies one wizard migration's SQL through the engine (the whole file as one statement list entry).
    QString apply(const QString &sql, bool transactional)
    {
        PlannedMigration m;
        m.version = u"x"_s;
        m.transactional = transactional;
        m.statements = {{sql, 1, transactional}};
        PgApplyRunner runner;
        const ApplyReport r = runner.run({params(), {m}, {}});
        return r.error ? r.error->detail : QString();
    }
    const WizardMigration &migration(const WizardResult &w, const QString &name)
    {
        for (const auto &m : w.migrations) {
            if (m.name == name)
                return m;
        }
        qFatal("no such migration");
    }

private Q_SLOTS:
    void init()
    {
        m_url = testsupport::serverValue(u"postgresql"_s, u"MWB_TEST_PG_URL"_s);
        QVERIFY2(!m_url.isEmpty(), qPrintable(testsupport::serverUnavailableReason(u"postgresql"_s)));
        m_schema = u"wizard_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_counter);
        pqxx::connection c{core::ConnectionParams::fromUrl(m_url)->toLibpqConninfo().toStdString()};
        pqxx::nontransaction tx{c};
        tx.exec("CREATE SCHEMA " + m_schema.toStdString());
    }

    void renameColumnUnderLoad()
    {
        {
            pqxx::connection c{conninfo()};
            pqxx::nontransaction tx{c};
            tx.exec("CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL)");
            tx.exec("INSERT INTO users (email) SELECT 'user' || g || '@example.com' FROM generate_series(1, 50000) g");
        }
        WizardCommon common;
        common.start = QDate(2026, 12, 1);
        common.batchSize = 5000;
        const auto plan = renameColumnWizard(common, u"users"_s, u"email"_s, u"email_address"_s, u"text"_s, true);
        QVERIFY(plan);

        std::atomic<bool> readSwitched{false};
        std::atomic<bool> stop{false};
        std::atomic<int> writes{0};
        QString writerError;
        std::thread writer([&] {
            try {
                pqxx::connection c{conninfo()};
                for (int i = 0; !stop; ++i) {
                    pqxx::work tx{c};
                    const std::string n = std::to_string(i);
                    if (!readSwitched) { // the old release: knows only email
                        tx.exec("INSERT INTO users (email) VALUES ('new" + n + "@example.com')");
                        tx.exec("UPDATE users SET email = 'changed" + n + "@example.com' WHERE id = " + std::to_string(1 + (i * 7919) % 50000));
                    } else { // the new release: knows only email_address
                        tx.exec("INSERT INTO users (email_address) VALUES ('newer" + n + "@example.com')");
                        tx.exec("UPDATE users SET email_address = 'moved" + n + "@example.com' WHERE id = " + std::to_string(1 + (i * 104729) % 50000));
                    }
                    tx.commit();
                    ++writes;
                }
            } catch (const std::exception &e) {
                writerError = QString::fromUtf8(e.what());
            }
        });
        auto finish = qScopeGuard([&] {
            stop = true;
            writer.join();
        });
        QTRY_VERIFY_WITH_TIMEOUT(writes.load() > 20, 10000);

        // Expand.
        QCOMPARE(apply(migration(*plan, u"users_add_email_address"_s).up, true), QString());
        // Backfill in batches while the writer keeps writing.
        const auto spec = parseBackfill(migration(*plan, u"users_backfill_email_address"_s).up);
        QVERIFY2(spec, qPrintable(spec ? QString() : spec.error().detail));
        BackfillRunner backfill;
        const auto filled = backfill.run(params(), *spec);
        QVERIFY2(filled && filled->finished, qPrintable(filled ? QString() : filled.error().detail));
        // Verification: the step's SQL finds no row left behind.
        const Step *verify = plan->plan.step(u"verify"_s);
        QVERIFY(verify);
        {
            pqxx::connection c{conninfo()};
            pqxx::nontransaction tx{c};
            QVERIFY(tx.exec(verify->verificationSql.toStdString()).empty());
        }
        for (const QString &name : plan->plan.step(u"not-null"_s)->migrations)
            QCOMPARE(apply(migration(*plan, name).up, true), QString());
        // Read switch: the new release writes only the new column from now on.
        const int before = writes.load();
        readSwitched = true;
        QTRY_VERIFY_WITH_TIMEOUT(writes.load() > before + 20, 10000);
        // Contract.
        QCOMPARE(apply(migration(*plan, u"users_drop_email"_s).up, true), QString());
        const int afterDrop = writes.load();
        QTRY_VERIFY_WITH_TIMEOUT(writes.load() > afterDrop + 20, 10000);
        finish.dismiss();
        stop = true;
        writer.join();

        QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
        pqxx::connection c{conninfo()};
        pqxx::nontransaction tx{c};
        QCOMPARE(tx.exec("SELECT count(*) FROM users WHERE email_address IS NULL").one_field().as<int>(), 0);
        QVERIFY(tx.exec("SELECT count(*) FROM users").one_field().as<int>() > 50000);
        QCOMPARE(tx.exec("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                         "AND table_name = 'users' AND column_name = 'email'")
                     .one_field()
                     .as<int>(),
                 0);
        QCOMPARE(tx.exec("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email_address'")
                     .one_field()
                     .as<bool>(),
                 true);
        QVERIFY(tx.exec("SELECT 1 FROM users WHERE email_address LIKE 'changed%'").size() > 0); // old-release updates arrived
        QVERIFY(tx.exec("SELECT 1 FROM users WHERE email_address LIKE 'newer%'").size() > 0); // new-release inserts too
    }

    void everyWizardUpAndDown_data()
    {
        QTest::addColumn<int>("which");
        for (int i = 0; i < 7; ++i)
            QTest::newRow(qPrintable(QString::number(i))) << i;
    }
    void everyWizardUpAndDown()
    {
        QFETCH(int, which);
        {
            pqxx::connection c{conninfo()};
            pqxx::nontransaction tx{c};
            tx.exec("CREATE TABLE customers (id bigint PRIMARY KEY, email text, street text, city text)");
            tx.exec("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, quantity int, created_at timestamptz, legacy_flag bool)");
            tx.exec("INSERT INTO customers SELECT g, 'c' || g, 's' || g, 'x' FROM generate_series(1, 300) g");
            tx.exec("INSERT INTO orders SELECT g, 1 + g % 300, g, now(), false FROM generate_series(1, 1000) g");
        }
        WizardCommon common;
        common.start = QDate(2026, 12, 1);
        common.batchSize = 128;
        core::Result<WizardResult> w = core::fail(core::Error::Code::Unknown, {});
        switch (which) {
        case 0: w = changeColumnTypeWizard(common, u"orders"_s, u"quantity"_s, u"bigint"_s); break;
        case 1: w = addNotNullColumnWizard(common, u"orders"_s, u"currency"_s, u"varchar(3)"_s, u"'EUR'"_s); break;
        case 2: w = addForeignKeyWizard(common, u"orders"_s, u"customer_id"_s, u"customers"_s, u"id"_s); break;
        case 3: w = addUniqueWizard(common, u"customers"_s, {u"email"_s}); break;
        case 4: w = addIndexWizard(common, u"orders"_s, {u"customer_id"_s, u"created_at"_s}); break;
        case 5: w = dropWizard(common, u"orders"_s, u"legacy_flag"_s); break;
        case 6: w = splitTableWizard(common, u"customers"_s, u"customer_addresses"_s, {u"street"_s, u"city"_s}, {u"text"_s, u"text"_s}); break;
        }
        QVERIFY(w);
        // Up, in plan order (backfills through the batched runner), then every down that is not irreversible.
        for (const WizardMigration &m : w->migrations) {
            if (m.backfill) {
                const auto spec = parseBackfill(m.up);
                QVERIFY2(spec, qPrintable(m.name));
                BackfillRunner runner;
                const auto r = runner.run(params(), *spec);
                QVERIFY2(r && r->finished, qPrintable(m.name + u": "_s + (r ? QString() : r.error().detail)));
            } else {
                QCOMPARE(apply(m.up, m.transactional), QString());
            }
        }
        for (qsizetype i = w->migrations.size() - 1; i >= 0; --i) {
            const WizardMigration &m = w->migrations.at(i);
            if (m.down.contains(u"mwb:irreversible"_s))
                break; // nothing before an irreversible step can be rolled back either
            if (m.down.trimmed().startsWith(u"--"_s) && !m.down.contains(u';'))
                continue; // a comment-only down
            QCOMPARE(apply(m.down, m.transactional), QString());
        }
    }
};

QTEST_GUILESS_MAIN(TestWizardsPg)
#include "tst_wizardspg.moc"
