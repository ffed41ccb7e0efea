// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace widgets {

/// The languages the application ships a catalogue for (besides English, the source language).
QStringList availableLanguages();

/// The language asked for: MWB_LANGUAGE, else the "ui/language" setting, else empty (the system's).
QString requestedLanguage();

/// Installs the translators for `language` ("de", "de_AT", …; empty: the system's UI languages; "en": only the
/// English plural forms; a language without a catalogue falls back to English),
/// replacing those installed before, and returns the language now in use ("en" when no catalogue matched).
/// Loads the application's catalogue (built from translations/*.ts into the resources) and Qt's own
/// qtbase catalogue when the system has it. Widgets made afterwards show the new language.
QString installTranslations(QCoreApplication *app, const QString &language = {});

} // namespace widgets
