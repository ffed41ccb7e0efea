// SPDX-License-Identifier: GPL-3.0-or-later
#include "help.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace widgets {

QString documentationDirectory()
{
    const QString env = qEnvironmentVariable("MWB_DOCS_DIR");
    if (!env.isEmpty())
        return QDir::cleanPath(env);
    const QString installed =
        QDir::cleanPath(QCoreApplication::applicationDirPath() + u"/../share/doc/migration-workbench"_s);
    if (QFileInfo::exists(installed + u"/user-guide.md"_s))
        return installed;
#ifdef MWB_SOURCE_DOCS_DIR
    if (QFileInfo::exists(QStringLiteral(MWB_SOURCE_DOCS_DIR) + u"/user-guide.md"_s))
        return QStringLiteral(MWB_SOURCE_DOCS_DIR);
#endif
    return installed;
}

QUrl userGuideUrl()
{
    return QUrl::fromLocalFile(documentationDirectory() + u"/user-guide.md"_s);
}

QUrl ruleDocumentationUrl(const QString &rule)
{
    return QUrl::fromLocalFile(documentationDirectory() + u"/rules/"_s + rule + u".md"_s);
}

} // namespace widgets
