// SPDX-License-Identifier: GPL-3.0-or-later
// Translations: the German catalogue is complete (every string lupdate finds in the sources today is in it,
// finished, with the same placeholders), and the real GUI starts in German offscreen.
#include "widgets/aboutdialog.h"
#include "widgets/mainwindow.h"
#include "widgets/plan/timelinewidget.h"
#include "widgets/translations.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QMenuBar>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; ///< one per numerus form
    bool finished = true;
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return {};
    }
    QList<Message> out;
    QXmlStreamReader xml(&f);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == u"name") {
            context = xml.readElementText();
        } else if (name == u"message") {
            current = Message{context, {}, {}, true};
        } else if (name == u"source") {
            current.source = xml.readElementText();
        } else if (name == u"translation") {
            const QString type = xml.attributes().value(u"type"_s).toString();
            current.finished = type.isEmpty();
            // Either text, or <numerusform> children.
            QString text;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text();
                else if (xml.isStartElement() && xml.name() == u"numerusform")
                    current.translations << xml.readElementText();
                else if (xml.isEndElement() && xml.name() == u"translation")
                    break;
            }
            if (current.translations.isEmpty())
                current.translations << text.trimmed();
            out << current;
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return out;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(u"%(\\d+|n)"_s);
    QSet<QString> out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(0));
    return out;
}

const QString catalogue = QStringLiteral(MWB_SOURCE_DIR) + u"/translations/migration-workbench_de.ts"_s;

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void germanCatalogueIsFinished()
    {
        QString error;
        const QList<Message> messages = readTs(catalogue, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(messages.size() > 100);
        QStringList problems;
        for (const Message &m : messages) {
            const QString where = m.context + u": \""_s + m.source + u'"';
            if (!m.finished)
                problems << where + u" is unfinished"_s;
            for (const QString &t : m.translations) {
                if (t.isEmpty())
                    problems << where + u" has no translation"_s;
                // The translation keeps every placeholder (%n may be spelled out only in the singular form).
                QSet<QString> expected = placeholders(m.source);
                QSet<QString> got = placeholders(t);
                if (m.translations.size() > 1) {
                    expected.remove(u"%n"_s);
                    got.remove(u"%n"_s);
                }
                if (expected != got)
                    problems << where + u" changes the placeholders: \""_s + t + u'"';
                if (m.source.contains(u'&') && !m.source.contains(u"&&"_s) && !m.source.contains(u'<')
                    && !t.contains(u'&'))
                    problems << where + u" loses its keyboard accelerator: \""_s + t + u'"';
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    }

    void englishPluralsAreFinished()
    {
        QString error;
        const QList<Message> messages =
            readTs(QStringLiteral(MWB_SOURCE_DIR) + u"/translations/migration-workbench_en.ts"_s, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!messages.isEmpty());
        for (const Message &m : messages) {
            QVERIFY2(m.finished, qPrintable(m.source));
            QCOMPARE(m.translations.size(), 2); // one, other
            QVERIFY2(!m.translations.first().contains(u"(s)"_s) && !m.translations.last().contains(u"(s)"_s),
                     qPrintable(m.source));
        }
        // Every plural string of the sources is there (lupdate -pluralonly over today's sources).
        QTemporaryDir dir;
        const QString scratch = dir.filePath(u"scratch_en.ts"_s);
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(MWB_SOURCE_DIR));
        lupdate.start(QStringLiteral(MWB_LUPDATE), {u"-no-obsolete"_s, u"-locations"_s, u"none"_s, u"-pluralonly"_s,
                                                    u"widgets"_s, u"models"_s, u"app"_s, u"-ts"_s, scratch});
        QVERIFY(lupdate.waitForFinished(120000));
        QSet<QString> known;
        for (const Message &m : messages)
            known.insert(m.context + u'\x1f' + m.source);
        for (const Message &m : readTs(scratch, &error))
            QVERIFY2(known.contains(m.context + u'\x1f' + m.source), qPrintable(m.context + u": "_s + m.source));
    }

    void everySourceStringIsInTheCatalogue()
    {
        // lupdate over today's sources, into a scratch catalogue: each message must already be in the real one.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString scratch = dir.filePath(u"scratch_de.ts"_s);
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(MWB_SOURCE_DIR));
        lupdate.start(QStringLiteral(MWB_LUPDATE), {u"-no-obsolete"_s, u"-locations"_s, u"none"_s, u"widgets"_s,
                                                    u"models"_s, u"app"_s, u"-ts"_s, scratch});
        QVERIFY(lupdate.waitForFinished(120000));
        QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
        QString error;
        const QList<Message> fresh = readTs(scratch, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(!fresh.isEmpty());
        QSet<QString> known;
        for (const Message &m : readTs(catalogue, &error))
            known.insert(m.context + u'\x1f' + m.source);
        QStringList missing;
        for (const Message &m : fresh)
            if (!known.contains(m.context + u'\x1f' + m.source))
                missing << m.context + u": \""_s + m.source + u'"';
        QVERIFY2(missing.isEmpty(),
                 qPrintable(u"not in translations/migration-workbench_de.ts (cmake --build build --target "
                            "update_translations, then translate):\n"_s
                            + missing.join(u'\n')));
    }

    void guiStartsInGerman()
    {
        QCOMPARE(widgets::availableLanguages(), QStringList{u"de"_s});
        QVERIFY(widgets::installTranslations(qApp, u"de_DE"_s).startsWith(u"de"_s));
        {
            widgets::MainWindow window;
            QStringList titles;
            for (const QAction *a : window.menuBar()->actions())
                titles << a->text();
            QVERIFY2(titles.contains(u"&Datei"_s), qPrintable(titles.join(u", "_s)));
            QVERIFY2(titles.contains(u"&Hilfe"_s), qPrintable(titles.join(u", "_s)));
            widgets::AboutDialog about;
            QCOMPARE(about.windowTitle(), u"Über Migration Workbench"_s);
            widgets::TimelineWidget timeline;
            auto *lanes = timeline.findChild<QAction *>(u"actionLanesByEnvironment"_s);
            QVERIFY(lanes);
            QCOMPARE(lanes->text(), u"Bahnen nach Umgebung"_s);
            // Plural forms.
            QCOMPARE(QCoreApplication::translate("widgets::editor::MigrationEditor", "%n replaced", nullptr, 3),
                     u"3 ersetzt"_s);
            QCOMPARE(QCoreApplication::translate("widgets::editor::DiffView",
                                                 "%n line(s) differ from the applied version.", nullptr, 1),
                     u"1 Zeile weicht von der angewendeten Fassung ab."_s);
        }
        // English again: the source strings, with real plural forms from the English plurals catalogue.
        QCOMPARE(widgets::installTranslations(qApp, u"en"_s), u"en"_s);
        widgets::MainWindow window;
        QVERIFY(window.menuBar()->actions().first()->text() == u"&File"_s);
        QCOMPARE(QCoreApplication::translate("widgets::project::ApplyController", "%n migration(s)", nullptr, 1),
                 u"1 migration"_s);
        QCOMPARE(QCoreApplication::translate("widgets::project::ApplyController", "%n migration(s)", nullptr, 7),
                 u"7 migrations"_s);
        // A language without a catalogue falls back to English (plural forms included).
        QCOMPARE(widgets::installTranslations(qApp, u"fr"_s), u"en"_s);
        QCOMPARE(QCoreApplication::translate("widgets::editor::DiffView", "%n line(s) differ from the applied version.",
                                             nullptr, 2),
                 u"2 lines differ from the applied version."_s);
        // The choice: MWB_LANGUAGE first, then the setting.
        qputenv("MWB_LANGUAGE", "de");
        QCOMPARE(widgets::requestedLanguage(), u"de"_s);
        qunsetenv("MWB_LANGUAGE");
        QSettings().setValue(u"ui/language"_s, u"de"_s);
        QCOMPARE(widgets::requestedLanguage(), u"de"_s);
        QSettings().remove(u"ui/language"_s);
        QCOMPARE(widgets::requestedLanguage(), QString());
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
