// SPDX-License-Identifier: GPL-3.0-or-later
#include "migrationpairview.h"

#include "migrationeditor.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTextCursor>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace widgets::editor {

MigrationPairView::MigrationPairView(QWidget *parent)
    : QWidget(parent)
    , m_up(new MigrationEditor(this))
    , m_down(new MigrationEditor(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_banner(new QFrame(this))
    , m_downLabel(new QLabel(this))
{
    setObjectName(u"migrationPairView"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_banner->setObjectName(u"missingDownBanner"_s);
    m_banner->setFrameShape(QFrame::StyledPanel);
    m_banner->setAutoFillBackground(true);
    auto *bl = new QHBoxLayout(m_banner);
    bl->setContentsMargins(6, 3, 6, 3);
    auto *text = new QLabel(tr("This migration has no down migration: it cannot be rolled back."), m_banner);
    text->setWordWrap(true);
    bl->addWidget(text, 1);
    auto *irreversible = new QPushButton(tr("Mark irreversible"), m_banner);
    irreversible->setObjectName(u"markIrreversible"_s);
    auto *addDown = new QPushButton(tr("Add down template"), m_banner);
    addDown->setObjectName(u"addDownTemplate"_s);
    bl->addWidget(irreversible);
    bl->addWidget(addDown);
    connect(irreversible, &QPushButton::clicked, this, &MigrationPairView::markIrreversible);
    connect(addDown, &QPushButton::clicked, this, &MigrationPairView::addDownTemplate);
    m_banner->hide();
    layout->addWidget(m_banner);

    const auto column = [this](const QString &title, MigrationEditor *editor, QLabel *label) {
        auto *w = new QWidget(m_splitter);
        auto *l = new QVBoxLayout(w);
        l->setContentsMargins(0, 0, 0, 0);
        l->setSpacing(2);
        label->setText(title);
        label->setParent(w);
        l->addWidget(label);
        l->addWidget(editor);
        return w;
    };
    m_splitter->addWidget(column(tr("Up"), m_up, new QLabel(this)));
    m_splitter->addWidget(column(tr("Down"), m_down, m_downLabel));
    layout->addWidget(m_splitter, 1);
}

MigrationPairView::~MigrationPairView() = default;

void MigrationPairView::setMigration(const QString &upText, const std::optional<QString> &downText)
{
    m_up->setPlainText(upText);
    m_up->document()->setModified(false);
    m_down->setPlainText(downText.value_or(QString()));
    m_down->document()->setModified(false);
    m_downMissing = !downText.has_value() && !upText.contains(u"mwb:irreversible"_s);
    m_banner->setVisible(m_downMissing);
}

bool MigrationPairView::isDownMissing() const
{
    return m_downMissing;
}

QWidget *MigrationPairView::missingDownBanner() const
{
    return m_banner;
}

void MigrationPairView::markIrreversible()
{
    QTextCursor c(m_up->document());
    c.beginEditBlock();
    c.movePosition(QTextCursor::Start);
    c.insertText(u"-- mwb:irreversible\n"_s);
    c.endEditBlock();
    m_downMissing = false;
    m_banner->hide();
    Q_EMIT markedIrreversible();
}

void MigrationPairView::addDownTemplate()
{
    QTextCursor c(m_down->document());
    c.beginEditBlock();
    c.select(QTextCursor::Document);
    c.insertText(downTemplateFor(m_up->toPlainText()));
    c.endEditBlock();
    m_downMissing = false;
    m_banner->hide();
    m_down->setFocus();
    Q_EMIT downTemplateAdded();
}

QString MigrationPairView::downTemplateFor(const QString &upText)
{
    static const QRegularExpression createRe(
        uR"(^\s*CREATE\s+(?:UNIQUE\s+)?(TABLE|INDEX|VIEW|MATERIALIZED\s+VIEW|SEQUENCE|TYPE|SCHEMA|FUNCTION)\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?([\w."`]+))"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression addColumnRe(
        uR"(^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?([\w."`]+)\s+ADD\s+(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?([\w"`]+))"_s,
        QRegularExpression::CaseInsensitiveOption);
    QStringList out;
    out << u"-- Down migration: reverses the up migration, last statement first. Review every line."_s;
    QStringList statements;
    for (const QString &s : upText.split(u';', Qt::SkipEmptyParts)) {
        QStringList lines;
        for (const QString &line : s.split(u'\n')) {
            const QString t = line.trimmed();
            if (!t.isEmpty() && !t.startsWith(u"--"_s))
                lines << t;
        }
        if (!lines.isEmpty())
            statements << lines.join(u' ');
    }
    for (auto it = statements.crbegin(); it != statements.crend(); ++it) {
        const QString &s = *it;
        if (const auto m = createRe.match(s); m.hasMatch()) {
            QString kind = m.captured(1).toUpper().simplified();
            if (kind == u"FUNCTION"_s) {
                out << u"-- TODO: DROP FUNCTION %1(<argument types>);"_s.arg(m.captured(2));
                continue;
            }
            out << u"DROP %1 IF EXISTS %2;"_s.arg(kind, m.captured(2));
        } else if (const auto a = addColumnRe.match(s); a.hasMatch() && !a.captured(2).startsWith(u"CONSTRAINT"_s, Qt::CaseInsensitive)) {
            out << u"ALTER TABLE %1 DROP COLUMN %2;"_s.arg(a.captured(1), a.captured(2));
        } else {
            out << u"-- TODO: reverse: %1;"_s.arg(s.left(200));
        }
    }
    return out.join(u'\n') + u'\n';
}

} // namespace widgets::editor
