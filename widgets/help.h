// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

namespace widgets {

/// Where the user guide and the rule pages are: MWB_DOCS_DIR, else the installed
/// <prefix>/share/doc/migration-workbench beside the executable, else the source tree's docs/ (a build tree).
QString documentationDirectory();
/// docs/user-guide.md, and the page of one analyzer rule (docs/rules/<rule>.md), as file URLs.
QUrl userGuideUrl();
QUrl ruleDocumentationUrl(const QString &rule);

} // namespace widgets
