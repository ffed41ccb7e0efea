// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/engine/applytypes.h"
#include "core/engine/statementtraits.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestStatementTraits : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nonTransactional_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("version");
        QTest::addColumn<bool>("expected");
        QTest::newRow("cic") << u"CREATE INDEX CONCURRENTLY i ON t (a)"_s << 0 << true;
        QTest::newRow("unique cic lower case") << u"create unique index concurrently i on t (a)"_s << 0 << true;
        QTest::newRow("drop concurrently") << u"DROP INDEX CONCURRENTLY IF EXISTS i"_s << 0 << true;
        QTest::newRow("reindex concurrently") << u"REINDEX INDEX CONCURRENTLY i"_s << 0 << true;
        QTest::newRow("detach concurrently") << u"ALTER TABLE p DETACH PARTITION c CONCURRENTLY"_s << 0 << true;
        QTest::newRow("vacuum") << u"VACUUM (ANALYZE) t"_s << 0 << true;
        QTest::newRow("leading comment") << u"-- build it online\n/* c */ CREATE INDEX CONCURRENTLY i ON t (a)"_s << 0 << true;
        QTest::newRow("add value pg11") << u"ALTER TYPE mood ADD VALUE 'meh'"_s << 110000 << true;
        QTest::newRow("add value pg17") << u"ALTER TYPE mood ADD VALUE 'meh'"_s << 170000 << false;
        QTest::newRow("plain index") << u"CREATE INDEX i ON t (a)"_s << 0 << false;
        QTest::newRow("word in a string") << u"INSERT INTO notes VALUES ('VACUUM everything')"_s << 0 << false;
        QTest::newRow("word in a comment") << u"-- VACUUM later\nUPDATE t SET a = 1"_s << 0 << false;
        QTest::newRow("dollar body") << u"DO $$ BEGIN PERFORM 1; END $$"_s << 0 << false;
        QTest::newRow("quoted identifier") << u"CREATE TABLE \"VACUUM\" (a int)"_s << 0 << false;
    }
    void nonTransactional()
    {
        QFETCH(QString, sql);
        QFETCH(int, version);
        QTEST(core::engine::cannotRunInTransaction(sql, version), "expected");
    }

    void lockModeNames()
    {
        QCOMPARE((core::engine::LockObservation{u"t"_s, u"AccessExclusiveLock"_s}.modeName()), u"ACCESS EXCLUSIVE"_s);
        QCOMPARE((core::engine::LockObservation{u"t"_s, u"ShareRowExclusiveLock"_s}.modeName()), u"SHARE ROW EXCLUSIVE"_s);
        QCOMPARE((core::engine::LockObservation{u"t"_s, u"ShareLock"_s}.modeName()), u"SHARE"_s);
    }
};

QTEST_GUILESS_MAIN(TestStatementTraits)
#include "tst_statementtraits.moc"
