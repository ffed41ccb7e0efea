// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/versioninfo.h"

#include <QList>

class QPalette;

namespace KSyntaxHighlighting {
class Repository;
class Theme;
}

namespace widgets {

/// The one app-wide syntax definition repository (GUI thread only; loading it costs milliseconds).
KSyntaxHighlighting::Repository &syntaxRepository();

/// The theme that fits a palette: dark theme on a dark window colour, light otherwise.
KSyntaxHighlighting::Theme themeForPalette(const QPalette &palette);

/// core's component versions plus the GUI libraries (KSyntaxHighlighting).
QList<core::ComponentVersion> guiComponentVersions();

} // namespace widgets
