// SPDX-License-Identifier: GPL-3.0-or-later
// IncrementalAnalyzer: after every one of many random edits, its findings, statements and final schema equal a
// full analyze() of the new text; and a one-statement edit re-runs the rules over few statements.
#include "core/sql/incrementalanalyzer.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace core::sql;

namespace {

QByteArray rulesCorpus()
{
    // every rule's golden file, concatenated: statements of every kind, suppressions, markers, transactions
    QByteArray all;
    const QDir dir(QStringLiteral(MWB_SOURCE_DIR) + u"/tests/data/sql/rules"_s);
    for (const QString &name : dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name)) {
        QFile f(dir.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll() + '\n';
    }
    return all;
}

QByteArray generated(int blocks)
{
    QByteArray text;
    for (int i = 0; i < blocks; ++i) {
        const QByteArray n = QByteArray::number(i);
        text += "-- batch " + n + "\nCREATE TABLE t" + n + " (id bigint PRIMARY KEY, name text NOT NULL);\n";
        text += "CREATE INDEX users_name_" + n + " ON users (name);\n";
        text += "ALTER TABLE orders ADD COLUMN c" + n + " timestamptz;\n";
        text += "INSERT INTO t" + n + " (name) VALUES ('a');\n";
        text += "CREATE FUNCTION f" + n + "() RETURNS int AS $$\nBEGIN\n  RETURN " + n + ";\nEND;\n$$ LANGUAGE plpgsql;\n";
        if (i % 7 == 3)
            text += "ALTER TABLE orders ADD CONSTRAINT fk_" + n + " FOREIGN KEY (user_id) REFERENCES users (id);\n";
        if (i % 11 == 5)
            text += "DROP INDEX users_name_" + n + ";\n";
    }
    return text;
}

const QList<QByteArray> &snippets()
{
    static const QList<QByteArray> s = {
        "x", ";", "\n", " ", "'", "$$", "(", ")", "--", "/*", "*/", "e", "1",
        "CREATE TABLE accounts (id int);\n", "DROP TABLE users;\n", "BEGIN;\n", "COMMIT;\n",
        "ALTER TABLE users ADD COLUMN flag boolean NOT NULL;\n", "CREATE INDEX i ON users (email);\n",
        "DROP INDEX users_name_3;\n", "SET lock_timeout = '2s';\n", "-- mwb:ignore ban-drop-table -- reason\n",
        "-- mwb:transaction off\n", "-- mwb:phase contract\n", "UPDATE users SET a = 1;\n",
        "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n",
        "CREATE INDEX orders_customer ON orders (customer_id);\n", "ALTER TABLE users RENAME TO people;\n",
        "VACUUM FULL users;\n", "\\connect db\n", "ALTER TYPE mood ADD VALUE 'sad';\n",
    };
    return s;
}

QString describe(const Finding &f)
{
    return u"%1@%2+%3 %4:%5 %6 fix=%7"_s.arg(f.rule)
        .arg(f.offset)
        .arg(f.length)
        .arg(f.start.line)
        .arg(f.start.column)
        .arg(f.message, f.fix ? u"%1+%2:%3"_s.arg(f.fix->offset).arg(f.fix->length).arg(f.fix->replacement) : u"-"_s);
}

/// Empty when equal, else the first difference.
QString compare(const AnalysisResult &full, const IncrementalAnalyzer &inc)
{
    const QList<Finding> &got = inc.findings();
    if (got.size() != full.findings.size()) {
        QString extra;
        for (const Finding &f : got)
            if (!full.findings.contains(f))
                extra += u"\n  only incremental: "_s + describe(f);
        for (const Finding &f : full.findings)
            if (!got.contains(f))
                extra += u"\n  only analyze(): "_s + describe(f);
        return u"%1 findings, analyze() has %2%3"_s.arg(got.size()).arg(full.findings.size()).arg(extra);
    }
    for (qsizetype i = 0; i < got.size(); ++i)
        if (!(got[i] == full.findings[i]))
            return u"finding %1: %2\n  analyze(): %3"_s.arg(i).arg(describe(got[i]), describe(full.findings[i]));
    const AnalysisResult r = inc.result();
    if (r.statements.size() != full.statements.size())
        return u"%1 statements, analyze() has %2"_s.arg(r.statements.size()).arg(full.statements.size());
    for (qsizetype i = 0; i < r.statements.size(); ++i)
        if (!(r.statements[i] == full.statements[i]))
            return u"statement %1 differs (offset %2 vs %3)"_s.arg(i).arg(r.statements[i].offset).arg(full.statements[i].offset);
    if (!(r.catalog == full.catalog))
        return u"final schema differs"_s;
    return {};
}

} // namespace

class TestIncremental : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomEdits_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("dialect");
        QTest::addColumn<int>("interval");
        QTest::addColumn<bool>("wrapped");
        QTest::addColumn<int>("edits");
        QTest::newRow("rules corpus, pg, interval 4") << rulesCorpus() << int(SqlDialect::PostgreSQL) << 4 << false << 300;
        QTest::newRow("rules corpus, pg, interval 32, wrapped") << rulesCorpus() << int(SqlDialect::PostgreSQL) << 32 << true << 200;
        QTest::newRow("rules corpus, mariadb, interval 3") << rulesCorpus() << int(SqlDialect::MariaDB) << 3 << false << 200;
        QTest::newRow("generated, pg, interval 8") << generated(60) << int(SqlDialect::PostgreSQL) << 8 << false << 300;
        QTest::newRow("generated, pg, interval 1") << generated(20) << int(SqlDialect::PostgreSQL) << 1 << true << 200;
    }

    void randomEdits()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, dialect);
        QFETCH(int, interval);
        QFETCH(bool, wrapped);
        QFETCH(int, edits);
        QVERIFY(text.size() > 1000);
        AnalysisContext ctx;
        ctx.target = TargetServer::defaultFor(SqlDialect(dialect));
        if (wrapped)
            ctx.wrappedInTransaction = true;
        IncrementalAnalyzer inc(ctx, {}, interval);
        inc.reset(text);
        QString diff = compare(analyze(text, ctx), inc);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));

        QRandomGenerator rng(0x5eed + quint32(interval) * 31 + quint32(dialect));
        int converged = 0;
        int skipped = 0;
        for (int e = 0; e < edits; ++e) {
            const qsizetype at = rng.bounded(text.size() + 1);
            qsizetype removed = 0;
            QByteArray inserted;
            switch (rng.bounded(4)) {
            case 0: removed = std::min<qsizetype>(rng.bounded(1, 40), text.size() - at); break;
            case 1: removed = std::min<qsizetype>(rng.bounded(1, 3), text.size() - at); [[fallthrough]];
            default: inserted = snippets().at(rng.bounded(snippets().size())); break;
            }
            if (qEnvironmentVariableIsSet("TST_INCREMENTAL_DUMP")) {
                QFile dump(qEnvironmentVariable("TST_INCREMENTAL_DUMP"));
                if (dump.open(QIODevice::WriteOnly))
                    dump.write(text.left(at) + inserted + text.mid(at + removed));
            }
            text = text.left(at) + inserted + text.mid(at + removed);
            inc.edit(at, removed, inserted);
            QCOMPARE(inc.script().text, text);
            diff = compare(analyze(text, ctx), inc);
            QVERIFY2(diff.isEmpty(), qPrintable(u"after edit %1 (%2 bytes at %3 replaced by '%4'): %5"_s.arg(e)
                                                     .arg(removed)
                                                     .arg(at)
                                                     .arg(QString::fromUtf8(inserted), diff)));
            converged += inc.lastStats().converged ? 1 : 0;
            skipped += inc.lastStats().skippedStatements > 0 ? 1 : 0;
        }
        qInfo("%d of %d edits converged, %d skipped statements that name none of the diverging tables", converged,
              edits, skipped);
        // many edits stop re-running the rules before the end of the text (random snippets such as a lone quote or
        // BEGIN change the state up to the end, so not all)
        QVERIFY2(converged > edits / 10, qPrintable(u"converged %1 of %2"_s.arg(converged).arg(edits)));
    }

    /// Typing inside one statement of a long migration re-parses that statement and re-runs few statements.
    void oneStatementEdit()
    {
        QByteArray text = generated(300);
        IncrementalAnalyzer inc({}, {}, 16);
        inc.reset(text);
        const qsizetype total = inc.script().statements.size();
        QVERIFY(total > 1000);
        const qsizetype at = text.indexOf("RETURN 150;") + 7;
        inc.edit(at, 0, "1");
        text.insert(at, "1");
        QCOMPARE(inc.lastStats().parsedStatements, 1);
        QVERIFY(inc.lastStats().converged);
        // from the checkpoint before the edit to the first one after it (checkpoints: at least 16 statements and at
        // most about 16 per text apart)
        const qsizetype spacing = std::max<qsizetype>(16, total / 16);
        QVERIFY2(inc.lastStats().rerunStatements <= 2 * spacing + 1, qPrintable(QString::number(inc.lastStats().rerunStatements)));
        QVERIFY(inc.lastStats().rerunStatements < total / 4);
        QVERIFY(compare(analyze(text, {}), inc).isEmpty());
        // changing a column type of a created table changes the schema for the rest: still equal to a full analysis
        const qsizetype t = text.indexOf("CREATE TABLE t150 (id bigint PRIMARY KEY, name text") + 51;
        inc.edit(t, 0, "x");
        text.insert(t, "x");
        const QString diff = compare(analyze(text, {}), inc);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // t150 differs from there on: only the statements naming it run again, the rest is skipped
        QVERIFY2(inc.lastStats().skippedStatements > total / 3, qPrintable(QString::number(inc.lastStats().skippedStatements)));
        QVERIFY2(inc.lastStats().rerunStatements < total / 4, qPrintable(QString::number(inc.lastStats().rerunStatements)));
        // and back
        inc.edit(t, 1, {});
        text.remove(t, 1);
        QVERIFY(compare(analyze(text, {}), inc).isEmpty());
        QVERIFY(inc.lastStats().rerunStatements < total / 4);
        // typing after a statement's ";" joins the next line's CREATE TABLE t161 into an unclassified statement: the
        // INSERT into t161 now reports mixed-ddl-and-dml, a flag that differs from there on; the statements after
        // it that name neither t161 nor DML on existing tables are still skipped
        const qsizetype j = text.indexOf("$$ LANGUAGE plpgsql;\n-- batch 161\n") + 20;
        QVERIFY(j > 20);
        inc.edit(j, 0, "x");
        text.insert(j, "x");
        QString d2 = compare(analyze(text, {}), inc);
        QVERIFY2(d2.isEmpty(), qPrintable(d2));
        QVERIFY2(inc.lastStats().skippedStatements > total / 3, qPrintable(QString::number(inc.lastStats().skippedStatements)));
        inc.edit(j, 1, {});
        text.remove(j, 1);
        d2 = compare(analyze(text, {}), inc);
        QVERIFY2(d2.isEmpty(), qPrintable(d2));
        QVERIFY2(inc.lastStats().skippedStatements > total / 3, qPrintable(QString::number(inc.lastStats().skippedStatements)));
    }
};

QTEST_GUILESS_MAIN(TestIncremental)
#include "tst_incremental.moc"
