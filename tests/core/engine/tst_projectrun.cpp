// SPDX-License-Identifier: GPL-3.0-or-later
// Unit: from project migrations to planned ones (statement split, transaction flags, irreversibility), and the
// index name a CREATE INDEX CONCURRENTLY creates (for the INVALID-index hint and repair).
#include "core/engine/projectrun.h"
#include "core/engine/repair.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::engine;

class TestProjectRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsAndFlagsStatements()
    {
        const auto st = splitStatements(u"-- migrate:up\nCREATE TABLE a (id int);\n\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n"
                                         "-- trailing comment only\n"_s,
                                         core::Dialect::PostgreSQL);
        QCOMPARE(st.size(), 2);
        QVERIFY(st.at(0).transactional);
        QVERIFY(!st.at(1).transactional);
        QCOMPARE(st.at(1).line, 4);
        // MySQL: no statement is "outside a transaction" there; every DDL commits on its own anyway.
        const auto my = splitStatements(u"CREATE TABLE b (id INT);\nALTER TABLE b ADD COLUMN c INT;\n"_s, core::Dialect::MySQL);
        QCOMPARE(my.size(), 2);
    }

    void irreversibleMigrations()
    {
        core::project::Migration m;
        m.upSql = u"CREATE TABLE a (id int);"_s;
        QVERIFY(irreversibleReason(m).has_value()); // no down at all
        m.downSql = u"-- nothing to do here\n"_s;
        QCOMPARE(*irreversibleReason(m), u"its down migration has no statement"_s);
        m.downSql = u"-- mwb:irreversible\nDROP TABLE a;"_s;
        QCOMPARE(*irreversibleReason(m), u"it is marked -- mwb:irreversible"_s);
        m.downSql = u"DROP TABLE a;"_s;
        QVERIFY(!irreversibleReason(m).has_value());
        m.upSql = u"-- mwb:irreversible\nALTER TABLE a DROP COLUMN b;"_s;
        QVERIFY(irreversibleReason(m).has_value());
        // The marker must be a comment of its own, not text inside a statement.
        m.upSql = u"COMMENT ON TABLE a IS '-- mwb:irreversible';"_s;
        QVERIFY(!irreversibleReason(m).has_value());
    }

    void concurrentIndexNames()
    {
        QCOMPARE(concurrentIndexName(u"CREATE INDEX CONCURRENTLY Orders_Email ON orders (email)"_s), u"orders_email"_s);
        QCOMPARE(concurrentIndexName(u"-- migrate:up\ncreate unique index concurrently if not exists \"Mixed\"\"Q\" on t (a)"_s),
                 u"Mixed\"Q"_s);
        QCOMPARE(concurrentIndexName(u"CREATE INDEX CONCURRENTLY ON orders (email)"_s), QString()); // unnamed
        QCOMPARE(concurrentIndexName(u"CREATE INDEX orders_email ON orders (email)"_s), QString()); // not concurrent
    }
};

QTEST_GUILESS_MAIN(TestProjectRun)
#include "tst_projectrun.moc"
