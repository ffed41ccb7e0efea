// SPDX-License-Identifier: GPL-3.0-or-later
#include "syntaxrepository.h"

#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>
#include <ksyntaxhighlighting_version.h>

#include <QCoreApplication>
#include <QPalette>
#include <QThread>

using namespace Qt::StringLiterals;

namespace widgets {

KSyntaxHighlighting::Repository &syntaxRepository()
{
    Q_ASSERT(QThread::currentThread() == QCoreApplication::instance()->thread());
    static KSyntaxHighlighting::Repository repository;
    return repository;
}

KSyntaxHighlighting::Theme themeForPalette(const QPalette &palette)
{
    return syntaxRepository().themeForPalette(palette);
}

QList<core::ComponentVersion> guiComponentVersions()
{
    QList<core::ComponentVersion> list = core::coreComponentVersions();
    list.insert(1, {u"KSyntaxHighlighting"_s, QStringLiteral(KSYNTAXHIGHLIGHTING_VERSION_STRING)});
    return list;
}

} // namespace widgets
