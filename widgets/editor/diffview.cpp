// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffview.h"

#include <QCoreApplication>
#include <QLocale>
#include <QPointer>
#include <QThreadPool>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace widgets::editor {

DiffView::DiffView(QWidget *parent)
    : QWidget(parent)
    , m_left(new QPlainTextEdit(this))
    , m_right(new QPlainTextEdit(this))
    , m_leftLabel(new QLabel(this))
    , m_rightLabel(new QLabel(this))
    , m_summary(new QLabel(this))
{
    setObjectName(u"driftDiffView"_s);
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary, 0, 0, 1, 2);
    layout->addWidget(m_leftLabel, 1, 0);
    layout->addWidget(m_rightLabel, 1, 1);
    layout->addWidget(m_left, 2, 0);
    layout->addWidget(m_right, 2, 1);
    for (QPlainTextEdit *pane : {m_left, m_right}) {
        pane->setReadOnly(true);
        pane->setLineWrapMode(QPlainTextEdit::NoWrap);
        pane->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    }
    connect(m_left->verticalScrollBar(), &QScrollBar::valueChanged, m_right->verticalScrollBar(), &QScrollBar::setValue);
    connect(m_right->verticalScrollBar(), &QScrollBar::valueChanged, m_left->verticalScrollBar(), &QScrollBar::setValue);
    connect(m_left->horizontalScrollBar(), &QScrollBar::valueChanged, m_right->horizontalScrollBar(), &QScrollBar::setValue);
    connect(m_right->horizontalScrollBar(), &QScrollBar::valueChanged, m_left->horizontalScrollBar(), &QScrollBar::setValue);
}

DiffView::~DiffView() = default;

QColor DiffView::colorFor(DiffRow::Kind kind, bool leftSide) const
{
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    switch (kind) {
    case DiffRow::Kind::Same:
        return Qt::transparent;
    case DiffRow::Kind::Removed:
        return dark ? QColor(0x5c, 0x1e, 0x1e) : QColor(0xff, 0xd7, 0xd5);
    case DiffRow::Kind::Added:
        return dark ? QColor(0x1e, 0x4a, 0x28) : QColor(0xd4, 0xf5, 0xd9);
    case DiffRow::Kind::Changed:
        return leftSide ? (dark ? QColor(0x5c, 0x3a, 0x1e) : QColor(0xff, 0xe9, 0xc7))
                        : (dark ? QColor(0x2c, 0x44, 0x5c) : QColor(0xd6, 0xe8, 0xff));
    }
    return Qt::transparent;
}

int DiffView::changedRowCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const DiffRow &r) { return r.kind != DiffRow::Kind::Same; }));
}

QString DiffView::appliedLabel() const
{
    return m_leftLabel->text();
}

QString DiffView::summary() const
{
    return m_summary->text();
}

void DiffView::showDriftFromVersionControl(const QString &filePath, const QString &fileText,
                                           core::project::Format format, const QString &recordedChecksum,
                                           const QDateTime &appliedAt)
{
    const quint64 lookup = ++m_lookup;
    m_hasApplied = false;
    m_rows.clear();
    m_left->clear();
    m_right->setPlainText(fileText);
    m_left->setExtraSelections({});
    m_right->setExtraSelections({});
    m_leftLabel->setText(tr("Applied version"));
    m_rightLabel->setText(tr("File now"));
    m_summary->setText(tr("Looking up the applied version in version control…"));
    QPointer<DiffView> self(this);
    QThreadPool::globalInstance()->start([self, lookup, filePath, fileText, format, recordedChecksum, appliedAt] {
        auto found = core::project::appliedVersionFromGit(filePath, format, recordedChecksum, appliedAt);
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, lookup, found = std::move(found), fileText, recordedChecksum] {
                if (DiffView *view = self.data())
                    view->showLookupResult(lookup, found, fileText, recordedChecksum);
            },
            Qt::QueuedConnection);
    });
}

void DiffView::showLookupResult(quint64 lookup, const core::Result<core::project::VcsVersion> &found,
                                const QString &fileText, const QString &recordedChecksum)
{
    if (lookup != m_lookup)
        return; // a newer lookup replaced this one
    if (found) {
        const QString when = QLocale().toString(found->committedAt.toLocalTime(), QLocale::ShortFormat);
        const QString label = found->basis == core::project::VcsVersion::Basis::Checksum
            ? tr("Applied version: from git commit %1 of %2 (matches the recorded checksum)").arg(found->shortCommit, when)
            : tr("Applied version: from git commit %1 of %2, the last one committed before it was applied (the tool "
                 "records no checksum, so this is the likely version)")
                  .arg(found->shortCommit, when);
        setTexts(QString::fromUtf8(found->content), fileText, label);
        m_hasApplied = true;
    } else if (!recordedChecksum.isEmpty()) {
        m_summary->setText(tr("The file no longer has the checksum recorded when it was applied (%1). The tool does not "
                              "store the applied text, and version control has no version with that checksum: %2")
                               .arg(recordedChecksum, found.error().detail));
    } else {
        m_summary->setText(tr("The tool stores neither the applied text nor a checksum, and version control has no "
                              "version from before it was applied: %1")
                               .arg(found.error().detail));
    }
    Q_EMIT driftLoaded();
}

void DiffView::setTexts(const QString &appliedText, const QString &fileText, const QString &appliedLabel,
                        const QString &fileLabel)
{
    m_hasApplied = true;
    const QStringList left = appliedText.split(u'\n');
    const QStringList right = fileText.split(u'\n');
    m_rows = diffLines(left, right);
    m_leftLabel->setText(appliedLabel.isEmpty() ? tr("Applied version") : appliedLabel);
    m_rightLabel->setText(fileLabel.isEmpty() ? tr("File now") : fileLabel);
    const int changed = changedRowCount();
    m_summary->setText(changed == 0 ? tr("The file matches the applied version.")
                                    : tr("%n line(s) differ from the applied version.", nullptr, changed));
    QStringList leftLines;
    QStringList rightLines;
    for (const DiffRow &r : std::as_const(m_rows)) {
        leftLines << (r.leftLine >= 0 ? left.at(r.leftLine) : QString());
        rightLines << (r.rightLine >= 0 ? right.at(r.rightLine) : QString());
    }
    m_left->setPlainText(leftLines.join(u'\n'));
    m_right->setPlainText(rightLines.join(u'\n'));
    for (const bool leftSide : {true, false}) {
        QPlainTextEdit *pane = leftSide ? m_left : m_right;
        QList<QTextEdit::ExtraSelection> selections;
        for (int i = 0; i < m_rows.size(); ++i) {
            const DiffRow &r = m_rows.at(i);
            if (r.kind == DiffRow::Kind::Same)
                continue;
            QTextEdit::ExtraSelection sel;
            const bool missing = leftSide ? r.leftLine < 0 : r.rightLine < 0;
            sel.format.setBackground(missing ? palette().color(QPalette::Mid) : colorFor(r.kind, leftSide));
            sel.format.setProperty(QTextFormat::FullWidthSelection, true);
            sel.cursor = QTextCursor(pane->document()->findBlockByNumber(i));
            selections << sel;
        }
        pane->setExtraSelections(selections);
    }
}

} // namespace widgets::editor
