// SPDX-License-Identifier: GPL-3.0-or-later
// `mwb rules`: the checked-in docs/rules/ pages are exactly what the registry generates (no drift), every rule has
// a page whose examples are the registry's, every example that fires is reported with the analyzer's own message,
// and the text/JSON listings and usage errors behave.
#include "core/sql/analyzer.h"
#include "core/sql/rules/registry.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QString err;
};

Run mwb(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(MWB_BIN_DIR) + u"/mwb"_s, args);
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            QString::fromUtf8(p.readAllStandardError())};
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList markdownFiles(const QString &dir)
{
    QStringList names = QDir(dir).entryList({u"*.md"_s}, QDir::Files, QDir::Name);
    return names;
}

} // namespace

class TestRuleDocs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checkedInPagesMatchTheRegistry()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const Run r = mwb({u"rules"_s, u"--format"_s, u"markdown"_s, u"--output-dir"_s, tmp.path()});
        QCOMPARE(r.exitCode, 0);
        const QString docs = QStringLiteral(MWB_SOURCE_DIR) + u"/docs/rules"_s;
        const QStringList generated = markdownFiles(tmp.path());
        QCOMPARE(generated.size(), core::sql::allRules().size() + 1); // one page per rule + README.md
        QStringList stale;
        for (const QString &name : generated)
            if (readAll(QDir(docs).filePath(name)) != readAll(QDir(tmp.path()).filePath(name)))
                stale << name;
        for (const QString &name : markdownFiles(docs))
            if (!generated.contains(name))
                stale << name + u" (no such rule)"_s;
        if (!stale.isEmpty())
            QFAIL(qPrintable(u"docs/rules is out of date (run: cmake --build build --target rule-docs): "_s
                             + stale.join(u", "_s)));
    }

    void everyRuleHasItsExamplesAndMessage()
    {
        int withMessage = 0;
        for (const core::sql::RuleInfo &rule : core::sql::allRules()) {
            const Run r = mwb({u"rules"_s, u"--format"_s, u"markdown"_s, rule.id});
            QCOMPARE(r.exitCode, 0);
            const QString page = QString::fromUtf8(r.out);
            QVERIFY2(page.startsWith(u"# "_s + rule.id + u"\n"_s), qPrintable(rule.id));
            QVERIFY2(page.contains(rule.summary), qPrintable(rule.id));
            if (!rule.bad.isEmpty())
                QVERIFY2(page.contains(u"## Fires on\n\n```sql\n"_s + rule.bad), qPrintable(rule.id));
            if (!rule.good.isEmpty())
                QVERIFY2(page.contains(u"## Write instead\n\n```sql\n"_s + rule.good), qPrintable(rule.id));
            if (page.contains(u"`mwb lint` reports:"_s))
                ++withMessage;
        }
        // Every SQL rule's bad example fires (the golden tests check that too): the pages show real output.
        int sqlRulesWithExample = 0;
        for (const core::sql::RuleInfo &rule : core::sql::allRules())
            if (!rule.bad.isEmpty() && !rule.needsProject)
                ++sqlRulesWithExample;
        QVERIFY2(withMessage >= sqlRulesWithExample * 9 / 10,
                 qPrintable(u"%1 of %2 example pages show a reported finding"_s.arg(withMessage)
                                .arg(sqlRulesWithExample)));
    }

    void everyRuleTheCodeEmitsHasAPage()
    {
        // The rule ids the analyzer's sources report (report/fire/enabled calls and direct assignments), checked
        // against the pages: a rule added in code without a registry entry has no page and fails here.
        static const QRegularExpression call(
            u"(?:report|fire|enabled|isEnabled)\\(\\s*u\"([a-z0-9]+(?:-[a-z0-9]+)+)\"_s"_s);
        static const QRegularExpression assign(u"\\.rule\\s*=\\s*u\"([a-z0-9]+(?:-[a-z0-9]+)+)\"_s"_s);
        QSet<QString> ids;
        QDirIterator it(QStringLiteral(MWB_SOURCE_DIR) + u"/core"_s, {u"*.cpp"_s}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString text = QString::fromUtf8(readAll(it.next()));
            for (const auto *re : {&call, &assign})
                for (auto m = re->globalMatch(text); m.hasNext();)
                    ids.insert(m.next().captured(1));
        }
        QVERIFY2(ids.size() >= 50, qPrintable(u"only %1 rule ids found in core/"_s.arg(ids.size())));
        QStringList missing;
        for (const QString &id : std::as_const(ids))
            if (!QFile::exists(QStringLiteral(MWB_SOURCE_DIR) + u"/docs/rules/"_s + id + u".md"_s))
                missing << id;
        missing.sort();
        QVERIFY2(missing.isEmpty(), qPrintable(u"rule ids without a page: "_s + missing.join(u", "_s)));
    }

    void pageShowsTheLockTheAnalyzerNames()
    {
        const Run r = mwb({u"rules"_s, u"--format"_s, u"markdown"_s, u"require-concurrent-index-creation"_s});
        QCOMPARE(r.exitCode, 0);
        const QString page = QString::fromUtf8(r.out);
        QVERIFY2(page.contains(u"> Lock: SHARE"_s), qPrintable(page));
        QVERIFY2(page.contains(u"CREATE INDEX CONCURRENTLY"_s), qPrintable(page));
    }

    void listings()
    {
        const Run text = mwb({u"rules"_s});
        QCOMPARE(text.exitCode, 0);
        const QStringList lines = QString::fromUtf8(text.out).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), core::sql::allRules().size());
        QVERIFY(lines.first().startsWith(core::sql::allRules().first().id));

        const Run json = mwb({u"rules"_s, u"--format"_s, u"json"_s});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray array = QJsonDocument::fromJson(json.out).array();
        QCOMPARE(array.size(), core::sql::allRules().size());
        for (const QJsonValue &v : array) {
            const QJsonObject o = v.toObject();
            QVERIFY(core::sql::findRule(o.value(u"id"_s).toString()));
            QVERIFY(core::sql::parseSeverity(o.value(u"severity"_s).toString()).has_value());
        }
    }

    void usageErrors()
    {
        Run r = mwb({u"rules"_s, u"no-such-rule"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"no-such-rule"_s));
        r = mwb({u"rules"_s, u"--format"_s, u"yaml"_s});
        QCOMPARE(r.exitCode, 2);
        r = mwb({u"rules"_s, u"--output-dir"_s, u"/tmp/x"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"--format markdown"_s));
        r = mwb({u"rules"_s, u"--format"_s, u"markdown"_s, u"--output-dir"_s, u"/proc/forbidden"_s});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(u"/proc/forbidden"_s));
    }
};

QTEST_GUILESS_MAIN(TestRuleDocs)
#include "tst_ruledocs.moc"
