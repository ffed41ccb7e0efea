// SPDX-License-Identifier: GPL-3.0-or-later
// Help: the user guide and every rule's page resolve to files, from a build tree and through MWB_DOCS_DIR.
#include "widgets/help.h"

#include "core/sql/rules/registry.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestHelp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildTreeFindsTheCheckoutsDocs()
    {
        qunsetenv("MWB_DOCS_DIR");
        QCOMPARE(widgets::documentationDirectory(), QStringLiteral(MWB_SOURCE_DIR) + u"/docs"_s);
        QVERIFY(QFile::exists(widgets::userGuideUrl().toLocalFile()));
        for (const auto &rule : core::sql::allRules())
            QVERIFY2(QFile::exists(widgets::ruleDocumentationUrl(rule.id).toLocalFile()), qPrintable(rule.id));
        QVERIFY(!QFile::exists(widgets::ruleDocumentationUrl(u"no-such-rule"_s).toLocalFile()));
    }

    void environmentOverrides()
    {
        QTemporaryDir dir;
        qputenv("MWB_DOCS_DIR", QByteArray(dir.path().toUtf8() + "/./"));
        QCOMPARE(widgets::documentationDirectory(), dir.path());
        QCOMPARE(widgets::userGuideUrl(), QUrl::fromLocalFile(dir.path() + u"/user-guide.md"_s));
        qunsetenv("MWB_DOCS_DIR");
    }
};

QTEST_GUILESS_MAIN(TestHelp)
#include "tst_help.moc"
