// SPDX-License-Identifier: GPL-3.0-or-later
#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace widgets {

namespace {
QList<QPointer<QTranslator>> &installed()
{
    static QList<QPointer<QTranslator>> list;
    return list;
}
} // namespace

QStringList availableLanguages()
{
    QStringList out;
    const QDir dir(u":/i18n"_s);
    for (const QString &file : dir.entryList({u"migration-workbench_*.qm"_s}, QDir::Files, QDir::Name))
        out << file.mid(int(qstrlen("migration-workbench_"))).chopped(3);
    out.removeAll(u"en"_s); // the source language's plural forms, not a translation
    return out;
}

QString requestedLanguage()
{
    const QString env = qEnvironmentVariable("MWB_LANGUAGE");
    if (!env.isEmpty())
        return env;
    return QSettings().value(u"ui/language"_s).toString();
}

QString installTranslations(QCoreApplication *app, const QString &language)
{
    for (const QPointer<QTranslator> &t : std::as_const(installed())) {
        if (QTranslator *translator = t.data()) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    }
    installed().clear();
    // English is the source language; its catalogue holds only the plural forms ("1 migration", "7 migrations").
    const QLocale locale = language.isEmpty() ? QLocale::system()
                           : (language == u"C" ? QLocale(QLocale::English) : QLocale(language));
    auto *own = new QTranslator(app);
    if (!own->load(locale, u"migration-workbench"_s, u"_"_s, u":/i18n"_s)
        && !own->load(u"migration-workbench_en"_s, u":/i18n"_s)) {
        delete own;
        return u"en"_s;
    }
    QCoreApplication::installTranslator(own);
    installed() << own;
    auto *qt = new QTranslator(app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        installed() << qt;
    } else {
        delete qt;
    }
    const QString inUse = own->language();
    return inUse.startsWith(u"en"_s) ? u"en"_s : inUse;
}

} // namespace widgets
