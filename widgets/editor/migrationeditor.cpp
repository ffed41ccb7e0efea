// SPDX-License-Identifier: GPL-3.0-or-later
#include "migrationeditor.h"

#include "widgets/help.h"

#include "findbar.h"
#include "findingpopup.h"
#include "recoverystore.h"
#include "textmapping.h"
#include "widgets/syntaxrepository.h"

#include "core/project/reader.h"
#include "core/project/writer.h"
#include "core/sql/incrementalanalyzer.h"
#include "core/sql/lockmodel.h"
#include "core/sql/rules/registry.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/SyntaxHighlighter>
#include <KSyntaxHighlighting/Theme>

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollBar>
#include <QStringDecoder>
#include <QTextBlock>
#include <QTimer>
#include <QToolTip>
#include <QUrl>

#include <algorithm>
#include <cstdlib>

using namespace Qt::StringLiterals;
using core::sql::Severity;
using models::editor::EditorFinding;

namespace widgets::editor {

namespace {

constexpr int MarkerWidth = 14;
constexpr int FoldWidth = 12;
constexpr qint64 MaxFileBytes = 64LL * 1024 * 1024;

class Gutter final : public QWidget
{
public:
    explicit Gutter(MigrationEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {
        setObjectName(u"editorGutter"_s);
        setMouseTracking(true);
    }
    QSize sizeHint() const override { return {m_editor->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }
    void mousePressEvent(QMouseEvent *event) override { m_editor->gutterMousePress(event); }
    bool event(QEvent *event) override
    {
        if (event->type() == QEvent::ToolTip && m_editor->gutterToolTip(static_cast<QHelpEvent *>(event)))
            return true;
        return QWidget::event(event);
    }

private:
    MigrationEditor *m_editor;
};

QString escaped(const QString &s)
{
    return s.toHtmlEscaped();
}

QString lockBlocks(const QString &lock)
{
    using core::sql::PgLockMode;
    for (int m = int(PgLockMode::AccessShare); m <= int(PgLockMode::AccessExclusive); ++m) {
        const auto mode = static_cast<PgLockMode>(m);
        if (core::sql::pgLockName(mode).compare(lock, Qt::CaseInsensitive) == 0)
            return core::sql::pgLockBlocks(mode);
    }
    return {};
}

QString humanBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes);
}

} // namespace

/// Owned by the analysis worker (one job at a time): the text as the worker last saw it and the incremental
/// analyzer over its UTF-8 encoding.
struct MigrationEditor::WorkerState
{
    WorkerState(const core::sql::AnalysisContext &c, const core::sql::LintConfig &cfg)
        : analyzer(c, cfg)
        , context(c)
        , config(cfg)
    {
    }
    core::sql::IncrementalAnalyzer analyzer;
    QString text;
    bool ascii = true; // text is all ASCII: UTF-16 positions are byte offsets
    bool initialised = false;
    bool analyzerInSync = false; // the incremental analyzer holds `text` (not while a both-directions file is open)
    bool downMarker = false; // `text` contained "migrate:down" at the last job
    core::sql::AnalysisContext context;
    core::sql::LintConfig config;
};

struct MigrationEditor::AnalysisJob
{
    QString text; ///< the full text (analyzeNow, or an incremental job that must start over)
    core::sql::AnalysisContext context;
    core::sql::LintConfig config;
    quint64 revision = 0;
    std::shared_ptr<WorkerState> worker; ///< null: analyse `text` from scratch
    bool fullText = true;
    QList<TextEdit> edits; ///< when !fullText: the edits since the worker's last job, in order
};

struct MigrationEditor::AnalysisOutput
{
    quint64 revision = 0;
    QList<EditorFinding> findings;
    QList<qsizetype> statementStarts;
    QList<std::pair<qsizetype, qsizetype>> statementSpans;
    QList<FoldRange> folds;
    QMap<int, Severity> markers; // block number -> highest severity
};

MigrationEditor::MigrationEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_highlighter(new KSyntaxHighlighting::SyntaxHighlighter(static_cast<QObject *>(this)))
    , m_findings(new models::editor::FindingsModel(this))
    , m_gutter(new Gutter(this))
    , m_findBar(new FindBar(this))
    , m_banner(new QFrame(this))
    , m_bannerLabel(new QLabel(m_banner))
    , m_analysisTimer(new QTimer(this))
    , m_autosaveTimer(new QTimer(this))
    , m_popup(new FindingPopup(this))
{
    setObjectName(u"migrationEditor"_s);
    m_pool.setMaxThreadCount(1);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(u' ') * 4);

    m_banner->setObjectName(u"editorBanner"_s);
    m_banner->setAutoFillBackground(true);
    m_banner->setFrameShape(QFrame::StyledPanel);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(6, 3, 6, 3);
    m_bannerLabel->setWordWrap(true);
    bannerLayout->addWidget(m_bannerLabel, 1);
    m_banner->hide();
    m_findBar->hide();

    m_context.target = core::sql::TargetServer::defaultFor(core::sql::SqlDialect::PostgreSQL);
    m_highlighter->setDocument(document());
    applyTheme();
    setDialect(core::sql::SqlDialect::PostgreSQL);

    m_analysisTimer->setSingleShot(true);
    m_analysisTimer->setInterval(150);
    connect(m_analysisTimer, &QTimer::timeout, this, &MigrationEditor::startAnalysis);
    m_autosaveTimer->setSingleShot(true);
    m_autosaveTimer->setInterval(2000);
    connect(m_autosaveTimer, &QTimer::timeout, this, &MigrationEditor::autosave);

    connect(document(), &QTextDocument::contentsChange, this, &MigrationEditor::onContentsChange);
    connect(this, &QPlainTextEdit::blockCountChanged, this, &MigrationEditor::updateGutterGeometry);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy != 0)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &MigrationEditor::updateBracketMatch);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &MigrationEditor::onScrolled);

    connect(m_findBar, &FindBar::findNext, this, [this] { findNext(false); });
    connect(m_findBar, &FindBar::findPrevious, this, [this] { findNext(true); });
    connect(m_findBar, &FindBar::replaceOne, this, &MigrationEditor::replaceCurrent);
    connect(m_findBar, &FindBar::replaceAll, this, &MigrationEditor::replaceAll);
    connect(m_findBar, &FindBar::closed, this, &MigrationEditor::hideFindBar);

    m_docsDirectory = widgets::documentationDirectory(); // MWB_DOCS_DIR, the installed docs, or the checkout's
    viewport()->setMouseTracking(true);
    m_popup->hide();
    updateGutterGeometry();
    updateBracketMatch();
}

MigrationEditor::~MigrationEditor()
{
    m_pool.clear();
    m_pool.waitForDone();
}

// --- language and analysis ----------------------------------------------------------------------------

void MigrationEditor::setDialect(core::sql::SqlDialect dialect)
{
    if (m_context.target.dialect != dialect) {
        m_context.target = core::sql::TargetServer::defaultFor(dialect);
        m_worker.reset();
    }
    QString name = u"SQL (PostgreSQL)"_s;
    if (core::sql::isMySqlFamily(dialect))
        name = u"SQL (MySQL)"_s;
    else if (dialect == core::sql::SqlDialect::SQLite)
        name = u"SQL"_s;
    m_highlighter->setDefinition(syntaxRepository().definitionForName(name));
    m_highlighter->rehighlight();
    requestAnalysis();
}

QString MigrationEditor::definitionName() const
{
    return m_highlighter->definition().name();
}

void MigrationEditor::setAnalysisContext(const core::sql::AnalysisContext &context)
{
    const bool sameDialect = context.target.dialect == m_context.target.dialect;
    m_context = context;
    m_worker.reset();
    if (sameDialect)
        requestAnalysis(); // no re-highlighting (a new catalog arrives after the file is shown)
    else
        setDialect(context.target.dialect);
}

void MigrationEditor::setLintConfig(const core::sql::LintConfig &config)
{
    m_config = config;
    m_worker.reset();
    requestAnalysis();
}

void MigrationEditor::setAnalysisDelay(int milliseconds)
{
    m_analysisTimer->setInterval(std::max(0, milliseconds));
}

int MigrationEditor::analysisDelay() const
{
    return m_analysisTimer->interval();
}

void MigrationEditor::requestAnalysis()
{
    m_analysisTimer->start(0);
}

void MigrationEditor::onContentsChange(int position, int removed, int added)
{
    if (removed == 0 && added == 0)
        return;
    ++m_revision;
    m_popup->hide();
    if (const int blocks = document()->blockCount(); blocks != m_blockCount) {
        // Lines were added or removed: move the fold ranges and gutter markers with the text until the next
        // analysis replaces them.
        const int delta = blocks - m_blockCount;
        m_blockCount = blocks;
        const QTextBlock at = document()->findBlock(position);
        // the last line that stays where it was: a line break typed at the start of a line pushes that line down
        // (or removed lines that started at a line start take that line's place)
        const int pivot = at.blockNumber() - (position == at.position() ? 1 : 0);
        shiftLines(pivot, delta);
    }
    // Queue the edit for the worker's incremental analysis. Anything that touches the document's final block
    // separator (setPlainText, edits at the very end reported with an extra character) or grows large sends the
    // whole text instead.
    const int length = document()->characterCount() - 1; // toPlainText().size()
    if (!m_needsFullText) {
        m_shadowLength += qsizetype(added) - qsizetype(removed);
        if (position + added > length || m_shadowLength != length || m_pendingBytes + added > 256 * 1024
            || m_pendingEdits.size() > 256) {
            m_needsFullText = true;
        } else {
            QTextCursor c(document());
            c.setPosition(position);
            c.setPosition(position + added, QTextCursor::KeepAnchor);
            QString inserted = c.selectedText();
            // as toPlainText() writes them
            for (QChar &ch : inserted) {
                if (ch == QChar::ParagraphSeparator || ch == QChar::LineSeparator || ch.unicode() == 0xfdd0
                    || ch.unicode() == 0xfdd1)
                    ch = u'\n';
                else if (ch == QChar::Nbsp)
                    ch = u' ';
            }
            m_pendingBytes += inserted.size();
            m_pendingEdits.append(TextEdit{position, removed, std::move(inserted)});
        }
    }
    if (m_needsFullText) {
        m_pendingEdits.clear();
        m_pendingBytes = 0;
    }
    m_analysisTimer->start();
    if (!m_loading && !isReadOnly() && m_recovery)
        m_autosaveTimer->start();
}

void MigrationEditor::shiftLines(int pivot, int delta)
{
    // lines after `pivot` move by `delta`; when lines were removed, (pivot, pivot - delta] are gone
    const auto moved = [pivot, delta](int line) -> std::optional<int> {
        if (line <= pivot)
            return line;
        if (delta < 0 && line <= pivot - delta)
            return std::nullopt;
        return line + delta;
    };
    QList<FoldRange> folds;
    folds.reserve(m_foldRanges.size());
    for (const FoldRange &r : std::as_const(m_foldRanges)) {
        const auto first = moved(r.firstLine);
        if (!first)
            continue;
        // a range whose end was removed now ends where the removal did
        const int last = moved(r.lastLine).value_or(std::max(pivot, 0));
        if (last > *first)
            folds.append({*first, last});
    }
    m_foldRanges = std::move(folds);
    if (!m_folded.isEmpty()) {
        QSet<int> folded;
        for (const int line : std::as_const(m_folded))
            if (const auto l = moved(line))
                folded.insert(*l);
        m_folded = std::move(folded);
    }
    if (!m_markers.isEmpty() && m_markers.lastKey() > pivot) {
        QMap<int, Severity> markers;
        for (auto it = m_markers.cbegin(); it != m_markers.cend(); ++it)
            if (const auto l = moved(it.key()))
                markers.insert(*l, it.value());
        m_markers = std::move(markers);
    }
    m_gutter->update();
}

void MigrationEditor::resetWorker()
{
    m_worker = std::make_shared<WorkerState>(m_context, m_config);
    m_needsFullText = true;
    m_pendingEdits.clear();
    m_pendingBytes = 0;
}

namespace {

/// UTF-8 bytes of text[from, to).
qsizetype utf8Bytes(QStringView text, qsizetype from, qsizetype to)
{
    qsizetype bytes = 0;
    for (qsizetype i = from; i < to;) {
        int units = 1;
        bytes += utf8LengthAt(text, i, &units);
        i += units;
    }
    return bytes;
}

bool isAscii(QStringView text)
{
    for (const QChar c : text)
        if (c.unicode() >= 0x80)
            return false;
    return true;
}

} // namespace

namespace {

/// A file holding both directions (dbmate: `-- migrate:up` … `-- migrate:down` …): the byte ranges of its parts.
struct BothDirections
{
    qsizetype upBegin = 0;
    qsizetype downBegin = 0; // the up part ends here; the down part runs to the end
    bool downWithoutTransaction = false;
};

std::optional<BothDirections> findBothDirections(const QByteArray &text)
{
    if (!text.contains("migrate:down")) // the common case, decided by one fast scan
        return std::nullopt;
    static const QRegularExpression up(u"^--[ \t]*migrate:up([ \t\r].*)?$"_s, QRegularExpression::MultilineOption);
    static const QRegularExpression down(u"^--[ \t]*migrate:down([ \t\r].*)?$"_s, QRegularExpression::MultilineOption);
    // the markers are ASCII, so searching the Latin-1 view of the bytes gives byte offsets
    const QString view = QString::fromLatin1(text);
    const auto u = up.match(view);
    if (!u.hasMatch())
        return std::nullopt;
    const auto d = down.match(view, u.capturedEnd());
    if (!d.hasMatch())
        return std::nullopt;
    BothDirections b;
    b.upBegin = u.capturedStart();
    b.downBegin = d.capturedStart();
    b.downWithoutTransaction = d.captured(0).contains(u"transaction:false"_s);
    return b;
}

/// A copy of `text` with everything outside [keepBegin, keepEnd) after `header` blanked (newlines stay, so
/// offsets, lines and columns are exact).
QByteArray blankedExcept(const QByteArray &text, qsizetype header, qsizetype keepBegin, qsizetype keepEnd)
{
    QByteArray copy = text;
    for (qsizetype i = header; i < copy.size(); ++i)
        if ((i < keepBegin || i >= keepEnd) && copy.at(i) != '\n')
            copy[i] = ' ';
    return copy;
}

/// A down migration undoes its up migration: the compatibility rules report at info unless configured
/// (as `mwb lint` does).
core::sql::LintConfig forDownMigration(core::sql::LintConfig config)
{
    for (const core::sql::RuleInfo &rule : core::sql::allRules())
        if (rule.family == u"compatibility"_s && !config.severities.contains(rule.id))
            config.severities.insert(rule.id, Severity::Info);
    return config;
}

/// Analyses the up and down parts of a both-directions file apart, as `mwb lint` does: the up part on the
/// context's schema, the down part on the up part's schema with the compatibility rules at info.
std::pair<core::sql::Script, QList<core::sql::Finding>> analyzeBothDirections(const QByteArray &text,
                                                                             const BothDirections &b,
                                                                             const core::sql::AnalysisContext &context,
                                                                             const core::sql::LintConfig &config)
{
    core::sql::AnalysisContext ctx = context;
    ctx.keepStatements = false;
    const core::sql::AnalysisResult up =
        core::sql::analyze(blankedExcept(text, b.upBegin, b.upBegin, b.downBegin), ctx, config);
    core::sql::AnalysisContext downCtx = ctx;
    downCtx.catalog = up.catalog;
    // dbmate runs each part in a transaction unless its own marker says `transaction:false` (the context's
    // value came from the up marker)
    if (b.downWithoutTransaction)
        downCtx.wrappedInTransaction = false;
    else if (downCtx.wrappedInTransaction.has_value())
        downCtx.wrappedInTransaction = true;
    const core::sql::AnalysisResult down = core::sql::analyze(
        blankedExcept(text, b.upBegin, b.downBegin, text.size()), downCtx, forDownMigration(config));
    QList<core::sql::Finding> findings = up.findings;
    for (const core::sql::Finding &f : down.findings)
        if (!(f.rule == u"unused-ignore"_s && f.offset < b.downBegin)) // the header's are the up pass's
            findings.append(f);
    std::stable_sort(findings.begin(), findings.end(),
                     [](const core::sql::Finding &x, const core::sql::Finding &y) { return x.offset < y.offset; });
    return {core::sql::tokenizeAndSplit(text, context.target.dialect), std::move(findings)};
}

} // namespace

std::shared_ptr<MigrationEditor::AnalysisOutput> MigrationEditor::runIncremental(AnalysisJob &job)
{
    WorkerState &w = *job.worker;
    struct ByteEdit
    {
        qsizetype offset;
        qsizetype removed;
        QByteArray inserted;
    };
    QList<ByteEdit> byteEdits;
    bool fresh = false;
    static constexpr QStringView DownMarker = u"migrate:down";
    static constexpr qsizetype MarkerLength = DownMarker.size();
    bool markerNearEdit = false;
    if (job.fullText || !w.initialised) {
        w.text = std::move(job.text);
        w.ascii = isAscii(w.text);
        w.initialised = true;
        fresh = true;
    } else {
        for (const TextEdit &e : std::as_const(job.edits)) {
            const qsizetype pos = std::clamp<qsizetype>(e.position, 0, w.text.size());
            const qsizetype removed = std::clamp<qsizetype>(e.removed, 0, w.text.size() - pos);
            qsizetype byteOffset = pos;
            qsizetype removedBytes = removed;
            if (!w.ascii) {
                byteOffset = utf8Bytes(w.text, 0, pos);
                removedBytes = utf8Bytes(w.text, pos, pos + removed);
            }
            QByteArray inserted = e.inserted.toUtf8();
            w.text.replace(pos, removed, e.inserted);
            // could this edit have made a dbmate down marker? (looked at around the edit only: typing in a large
            // file never scans the whole text)
            if (!markerNearEdit) {
                const qsizetype from = std::max<qsizetype>(0, pos - MarkerLength);
                markerNearEdit = QStringView(w.text).mid(from, pos - from + e.inserted.size() + MarkerLength)
                                     .contains(DownMarker);
            }
            if (w.ascii && inserted.size() != e.inserted.size())
                w.ascii = false;
            byteEdits.append({byteOffset, removedBytes, std::move(inserted)});
        }
    }
    // A both-directions file (dbmate) is analysed part by part; the incremental analyzer is for the rest. The
    // whole text is searched for the down marker only when it was there before, the worker starts over, or an
    // edit may have written one.
    if (fresh || w.downMarker || markerNearEdit)
        w.downMarker = w.text.contains(DownMarker);
    if (w.downMarker) {
        const QByteArray utf8 = w.text.toUtf8();
        if (const auto both = findBothDirections(utf8)) {
            w.analyzerInSync = false;
            auto [script, findings] = analyzeBothDirections(utf8, *both, w.context, w.config);
            return makeOutput(job.revision, w.text, script, findings);
        }
    }
    if (fresh || !w.analyzerInSync) {
        w.analyzer.reset(w.text.toUtf8());
        w.analyzerInSync = true;
    } else {
        for (const ByteEdit &e : std::as_const(byteEdits))
            w.analyzer.edit(e.offset, e.removed, e.inserted);
    }
    return makeOutput(job.revision, w.text, w.analyzer.script(), w.analyzer.findings());
}

std::shared_ptr<MigrationEditor::AnalysisOutput> MigrationEditor::runAnalysis(const AnalysisJob &job)
{
    const QByteArray utf8 = job.text.toUtf8();
    if (const auto both = findBothDirections(utf8)) {
        auto [script, findings] = analyzeBothDirections(utf8, *both, job.context, job.config);
        return makeOutput(job.revision, job.text, script, findings);
    }
    const core::sql::AnalysisResult result = core::sql::analyze(utf8, job.context, job.config);
    return makeOutput(job.revision, job.text, result.script, result.findings);
}

std::shared_ptr<MigrationEditor::AnalysisOutput> MigrationEditor::makeOutput(quint64 revision, const QString &text,
                                                                             const core::sql::Script &script,
                                                                             const QList<core::sql::Finding> &findings)
{
    auto out = std::make_shared<AnalysisOutput>();
    out->revision = revision;
    const bool ascii = script.text.size() == text.size(); // UTF-8 as long as UTF-16: every character is ASCII
    Utf8OffsetMap map;
    if (!ascii)
        map = Utf8OffsetMap(text);
    const auto utf16 = [&](qsizetype byteOffset) { return ascii ? std::clamp<qsizetype>(byteOffset, 0, text.size()) : map.utf16Position(byteOffset); };
    const qsizetype size = text.size();
    out->findings.reserve(findings.size());
    out->statementStarts.reserve(findings.size());
    out->statementSpans.reserve(findings.size());
    for (const core::sql::Finding &f : findings) {
        EditorFinding ef;
        ef.finding = f;
        ef.position = utf16(f.offset);
        const qsizetype end = utf16(f.offset + f.length);
        ef.length = std::max<qsizetype>(end - ef.position, 0);
        if (ef.length == 0 && size > 0) { // an empty span still gets one character to underline
            if (ef.position >= size)
                ef.position = size - 1;
            ef.length = 1;
        }
        const qsizetype si = script.statementAt(f.offset);
        qsizetype start = f.offset;
        qsizetype statementEnd = f.offset + f.length;
        if (si < script.statements.size()) {
            start = script.statements.at(si).offset;
            statementEnd = script.statements.at(si).end();
        }
        out->statementSpans.append({utf16(start), utf16(statementEnd)});
        const int line = script.lines.lineOf(start);
        out->statementStarts.append(utf16(script.lines.lineStart(line)));
        // the gutter marker: the finding's first line (blocks are the text's "\n"-separated lines)
        const int block = f.start.line - 1;
        auto it = out->markers.find(block);
        if (it == out->markers.end() || int(it.value()) < int(f.severity))
            out->markers.insert(block, f.severity);
        out->findings.append(std::move(ef));
    }
    // Fold ranges: multi-line statements and multi-line dollar-quoted bodies, one per first line.
    QMap<int, int> folds;
    const auto addFold = [&folds](int first, int last) {
        if (last <= first)
            return;
        auto it = folds.find(first);
        if (it == folds.end() || it.value() < last)
            folds.insert(first, last);
    };
    for (const core::sql::Statement &s : script.statements) {
        if (s.length == 0)
            continue;
        const int first = script.lines.lineOf(s.offset) - 1;
        const int last = script.lines.lineOf(s.end() - 1) - 1;
        addFold(first, last);
        for (qsizetype t = s.firstToken; t < s.firstToken + s.tokenCount && t < script.tokens.size(); ++t) {
            const auto &tok = script.tokens.at(t);
            if (tok.kind == core::sql::TokenKind::DollarString && tok.length > 0) {
                const int tf = script.lines.lineOf(tok.offset) - 1;
                const int tl = script.lines.lineOf(tok.end() - 1) - 1;
                if (tf != first || tl != last)
                    addFold(tf == first ? tf + 1 : tf, tl); // nested body: fold from its own first line
            }
        }
    }
    for (auto it = folds.cbegin(); it != folds.cend(); ++it)
        out->folds.append({it.key(), it.value()});
    return out;
}

void MigrationEditor::startAnalysis()
{
    if (m_analysisRunning) {
        m_analysisPending = true;
        return;
    }
    m_analysisRunning = true;
    m_analysisPending = false;
    if (!m_worker)
        resetWorker();
    AnalysisJob job;
    job.revision = m_revision;
    job.worker = m_worker;
    job.fullText = m_needsFullText;
    if (m_needsFullText) {
        job.text = toPlainText();
        m_shadowLength = job.text.size();
        m_needsFullText = false;
    } else {
        job.edits = std::move(m_pendingEdits);
    }
    m_pendingEdits.clear();
    m_pendingBytes = 0;
    m_pool.start([this, job = std::move(job)]() mutable {
        auto out = runIncremental(job);
        QMetaObject::invokeMethod(this, [this, out] { acceptAnalysis(out); }, Qt::QueuedConnection);
    });
}

void MigrationEditor::analyzeNow()
{
    m_analysisTimer->stop();
    AnalysisJob job;
    job.text = toPlainText();
    job.context = m_context;
    job.config = m_config;
    job.revision = m_revision;
    const bool running = m_analysisRunning;
    m_analysisRunning = false;
    acceptAnalysis(runAnalysis(job));
    m_analysisRunning = running; // the worker's result, when it arrives, is stale and dropped
}

void MigrationEditor::acceptAnalysis(std::shared_ptr<AnalysisOutput> output)
{
    if (output->revision != m_revision || output->revision < m_analyzedRevision) {
        // stale: the document changed meanwhile
        m_analysisRunning = false;
        if (m_analysisPending)
            startAnalysis();
        return;
    }
    m_analysisRunning = false;
    m_analyzedRevision = output->revision;
    m_statementStarts = std::move(output->statementStarts);
    m_statementSpans = std::move(output->statementSpans);
    m_findings->setFindings(std::move(output->findings));
    m_foldRanges = std::move(output->folds);
    m_markers = std::move(output->markers);
    if (!m_folded.isEmpty()) {
        QSet<int> still;
        for (const FoldRange &r : std::as_const(m_foldRanges))
            if (m_folded.contains(r.firstLine))
                still.insert(r.firstLine);
        m_folded = still;
        applyFolds();
    }
    updateFindingSelections();
    m_gutter->update();
    if (m_analysisPending)
        startAnalysis();
    Q_EMIT analysisUpdated(m_analyzedRevision);
}

QColor MigrationEditor::severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QColor(0xe0, 0x1b, 0x24);
    case Severity::Warning:
        return QColor(0xe5, 0xa5, 0x0a);
    case Severity::Info:
        return QColor(0x35, 0x84, 0xe4);
    }
    return Qt::gray;
}

void MigrationEditor::updateFindingSelections()
{
    // Only the findings around the visible lines get a selection: every QTextCursor is registered with the
    // document and adjusted on each edit, so thousands of them would slow down typing in a large file.
    constexpr int Margin = 20000; // characters before and after the viewport
    const int first = firstVisibleBlock().isValid() ? firstVisibleBlock().position() : 0;
    const QTextBlock lastBlock = cursorForPosition(QPoint(viewport()->width(), viewport()->height())).block();
    const int last = lastBlock.isValid() ? lastBlock.position() + lastBlock.length() : document()->characterCount();
    const qsizetype from = std::max(0, first - Margin);
    const qsizetype to = last + Margin;
    const auto &findings = m_findings->findings();
    m_findingSelections.clear();
    for (const EditorFinding &f : findings) {
        if (f.position + f.length < from || f.position > to)
            continue;
        QTextEdit::ExtraSelection sel;
        sel.cursor = cursorFor(f.position, f.length);
        sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        sel.format.setUnderlineColor(severityColor(f.finding.severity));
        sel.format.setProperty(QTextFormat::UserProperty, f.finding.rule);
        m_findingSelections.append(sel);
    }
    m_selectionWindow = {from, to};
    updateExtraSelections();
}

void MigrationEditor::onScrolled()
{
    m_popup->hide();
    if (m_findings->findings().isEmpty())
        return;
    const int first = firstVisibleBlock().isValid() ? firstVisibleBlock().position() : 0;
    const QTextBlock lastBlock = cursorForPosition(QPoint(viewport()->width(), viewport()->height())).block();
    const int last = lastBlock.isValid() ? lastBlock.position() + lastBlock.length() : first;
    if (first < m_selectionWindow.first || last > m_selectionWindow.second)
        updateFindingSelections();
}

QTextCursor MigrationEditor::cursorFor(qsizetype position, qsizetype length) const
{
    QTextCursor c(document());
    const int max = document()->characterCount() - 1;
    c.setPosition(std::clamp(int(position), 0, max));
    c.setPosition(std::clamp(int(position + length), 0, max), QTextCursor::KeepAnchor);
    return c;
}

void MigrationEditor::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> all;
    all.reserve(m_findingSelections.size() + m_bracketSelections.size() + 1);
    QTextEdit::ExtraSelection line;
    const auto theme = m_highlighter->theme();
    line.format.setBackground(QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::CurrentLine)));
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = textCursor();
    line.cursor.clearSelection();
    all.append(line);
    all.append(m_bracketSelections);
    all.append(m_findingSelections);
    setExtraSelections(all);
}

void MigrationEditor::updateBracketMatch()
{
    m_bracketSelections.clear();
    const int pos = textCursor().position();
    const auto *doc = document();
    const auto tryAt = [&](int p) -> bool {
        if (p < 0 || p >= doc->characterCount() - 1)
            return false;
        const QChar c = doc->characterAt(p);
        static constexpr char16_t open[] = u"([{";
        static constexpr char16_t close[] = u")]}";
        int dir = 0;
        QChar want;
        for (int i = 0; i < 3; ++i) {
            if (c == QChar(open[i])) {
                dir = 1;
                want = QChar(close[i]);
            } else if (c == QChar(close[i])) {
                dir = -1;
                want = QChar(open[i]);
            }
        }
        if (dir == 0)
            return false;
        int depth = 0;
        int q = p;
        for (int steps = 0; steps < 20000; ++steps) {
            q += dir;
            if (q < 0 || q >= doc->characterCount() - 1)
                break;
            const QChar d = doc->characterAt(q);
            if (d == c)
                ++depth;
            else if (d == want) {
                if (depth == 0) {
                    const auto theme = m_highlighter->theme();
                    QTextEdit::ExtraSelection a;
                    a.format.setBackground(
                        QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::BracketMatching)));
                    a.cursor = cursorFor(p, 1);
                    QTextEdit::ExtraSelection b = a;
                    b.cursor = cursorFor(q, 1);
                    m_bracketSelections << a << b;
                    return true;
                }
                --depth;
            }
        }
        return false;
    };
    if (!tryAt(pos))
        tryAt(pos - 1);
    updateExtraSelections();
}

QMap<int, Severity> MigrationEditor::markerLines() const
{
    return m_markers;
}

void MigrationEditor::setDocsDirectory(const QString &directory)
{
    m_docsDirectory = directory;
}

QUrl MigrationEditor::ruleDocumentation(const QString &rule) const
{
    return QUrl::fromLocalFile(QDir(m_docsDirectory).filePath(u"rules/%1.md"_s.arg(rule)));
}

QString MigrationEditor::toolTipAt(qsizetype position) const
{
    QStringList parts;
    const auto &findings = m_findings->findings();
    for (const EditorFinding &ef : findings) {
        if (position < ef.position || position > ef.position + ef.length)
            continue;
        const auto &f = ef.finding;
        QString html = u"<p><b style=\"color:%1\">%2</b> %3"_s.arg(
            severityColor(f.severity).name(), escaped(core::sql::severityName(f.severity)), escaped(f.message));
        if (!f.lock.isEmpty()) {
            html += u"<br>"_s + tr("Lock: <b>%1</b>").arg(escaped(f.lock));
            const QString blocks = lockBlocks(f.lock);
            if (!blocks.isEmpty())
                html += u" — "_s + escaped(blocks);
        }
        if (f.tableRows >= 0 || f.tableBytes >= 0) {
            html += u"<br>"_s + tr("Table: %1 rows, %2")
                                    .arg(QLocale().toString(std::max<qint64>(f.tableRows, 0)),
                                         humanBytes(std::max<qint64>(f.tableBytes, 0)));
        }
        if (f.estimatedSeconds >= 0)
            html += u"<br>"_s + tr("Estimated duration: %1 s").arg(QLocale().toString(f.estimatedSeconds, 'f', 1));
        html += u"<br>"_s + tr("Rule: %1 (<a href=\"%2\">docs/rules/%1.md</a>)")
                                .arg(escaped(f.rule), ruleDocumentation(f.rule).toString());
        html += u"</p>"_s;
        parts << html;
    }
    return parts.join(QString());
}

bool MigrationEditor::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QTextCursor c = cursorForPosition(help->pos());
        // only when the pointer is really over text of the line (not far right of it)
        const QRect r = cursorRect(c);
        qsizetype position = -1;
        if (std::abs(r.center().x() - help->pos().x()) <= fontMetrics().averageCharWidth() * 2)
            position = c.position();
        showFindingPopup(position, help->globalPos());
        return true;
    }
    if (event->type() == QEvent::Leave)
        m_popup->hideSoon();
    return QPlainTextEdit::viewportEvent(event);
}

bool MigrationEditor::showFindingPopup(qsizetype position, const QPoint &globalPos)
{
    // The card's buttons act on finding rows: make them current first. Any edit hides the card, so the rows
    // stay valid for as long as it is shown.
    if (position >= 0 && !isAnalysisCurrent())
        analyzeNow();
    const QString tip = position < 0 ? QString() : toolTipAt(position);
    m_lastToolTip = tip;
    if (tip.isEmpty()) {
        m_popup->hide();
        m_popupSpan = {-1, -1};
        return false;
    }
    QList<QuickFixAction> actions;
    qsizetype from = position;
    qsizetype to = position;
    const auto &findings = m_findings->findings();
    const bool several = std::count_if(findings.cbegin(), findings.cend(), [position](const EditorFinding &ef) {
        return position >= ef.position && position <= ef.position + ef.length;
    }) > 1;
    for (int row = 0; row < findings.size(); ++row) {
        const EditorFinding &ef = findings.at(row);
        if (position < ef.position || position > ef.position + ef.length)
            continue;
        from = std::min(from, ef.position);
        to = std::max(to, ef.position + ef.length);
        for (QuickFixAction a : quickFixesFor(row)) {
            if (several)
                a.label = u"%1: %2"_s.arg(ef.finding.rule, a.label);
            actions.append(std::move(a));
        }
    }
    m_popupSpan = {from, to};
    m_popup->showAt(globalPos, tip, actions);
    return true;
}

void MigrationEditor::mouseMoveEvent(QMouseEvent *event)
{
    QPlainTextEdit::mouseMoveEvent(event);
    if (m_popup->isVisible()) {
        const int pos = cursorForPosition(event->position().toPoint()).position();
        if (pos < m_popupSpan.first || pos > m_popupSpan.second)
            m_popup->hideSoon();
        else
            m_popup->cancelHide();
    }
}

void MigrationEditor::focusOutEvent(QFocusEvent *event)
{
    QPlainTextEdit::focusOutEvent(event);
    if (m_popup->isVisible() && !m_popup->underMouse())
        m_popup->hideSoon();
}

// --- quick fixes --------------------------------------------------------------------------------------

int MigrationEditor::findingRowAtCursor() const
{
    const int pos = textCursor().position();
    const int row = m_findings->rowAtPosition(pos);
    if (row >= 0)
        return row;
    const int block = textCursor().blockNumber();
    const auto &findings = m_findings->findings();
    for (int i = 0; i < findings.size(); ++i)
        if (document()->findBlock(int(findings.at(i).position)).blockNumber() == block)
            return i;
    return -1;
}

bool MigrationEditor::applyFix(int row)
{
    const EditorFinding *ef = m_findings->findingAt(row);
    if (!ef || !ef->finding.fix || isReadOnly() || !isAnalysisCurrent())
        return false;
    const core::sql::Fix fix = *ef->finding.fix;
    const QString text = toPlainText();
    const Utf8OffsetMap map(text);
    const qsizetype from = map.utf16Position(fix.offset);
    const qsizetype to = map.utf16Position(fix.offset + fix.length);
    QTextCursor c = cursorFor(from, to - from);
    c.beginEditBlock();
    c.insertText(fix.replacement);
    c.endEditBlock();
    setTextCursor(cursorFor(from, 0));
    requestAnalysis();
    return true;
}

bool MigrationEditor::insertBeforeStatement(int row, const QString &text)
{
    if (row < 0 || row >= m_statementStarts.size() || isReadOnly() || !isAnalysisCurrent())
        return false;
    const qsizetype start = m_statementStarts.at(row);
    const QTextBlock block = document()->findBlock(int(start));
    QString indent;
    for (const QChar ch : block.text()) {
        if (ch != u' ' && ch != u'\t')
            break;
        indent += ch;
    }
    QTextCursor c = cursorFor(block.position(), 0);
    c.beginEditBlock();
    c.insertText(indent + text + u'\n');
    c.endEditBlock();
    requestAnalysis();
    return true;
}

bool MigrationEditor::prependLockTimeout(int row)
{
    const QString set = core::sql::isMySqlFamily(dialect()) ? u"SET SESSION lock_wait_timeout = 3;"_s
                                                            : u"SET lock_timeout = '3s';"_s;
    return insertBeforeStatement(row, set);
}

bool MigrationEditor::insertIgnoreComment(int row, const QString &reason)
{
    const EditorFinding *ef = m_findings->findingAt(row);
    if (!ef)
        return false;
    const QString why = reason.simplified();
    QString comment = u"-- mwb:ignore "_s + ef->finding.rule;
    if (!why.isEmpty())
        comment += u" -- "_s + why; // the analyzer reads what follows "--" as the reason, never as rule ids
    return insertBeforeStatement(row, comment);
}

QList<QuickFixAction> MigrationEditor::quickFixesFor(int row)
{
    QList<QuickFixAction> actions;
    const EditorFinding *ef = m_findings->findingAt(row);
    if (!ef || isReadOnly())
        return actions;
    const QString rule = ef->finding.rule;
    if (ef->finding.fix)
        actions.append({u"fix"_s, tr("Apply the fix for %1").arg(rule), [this, row] { applyFix(row); }});
    if (canMoveToOwnMigration(row)) {
        actions.append({u"move-nontransactional"_s, tr("Move to its own migration without a transaction"), [this, row] {
                            if (auto moved = moveToOwnMigration(row); !moved)
                                showBanner(tr("The statement was not moved: %1").arg(moved.error().detail), {});
                        }});
    }
    actions.append({u"lock-timeout"_s, tr("Prepend SET lock_timeout"), [this, row] { prependLockTimeout(row); }});
    actions.append({u"ignore"_s, tr("Ignore %1 with a reason…").arg(rule), [this, row] {
                        bool ok = false;
                        const QString reason = QInputDialog::getText(this, tr("Ignore rule"), tr("Reason:"),
                                                                     QLineEdit::Normal, {}, &ok);
                        if (ok)
                            insertIgnoreComment(row, reason);
                    }});
    return actions;
}

void MigrationEditor::setProjectContext(const QString &migrationsDir, core::project::Format format)
{
    m_projectDir = migrationsDir;
    m_projectFormat = format;
}

bool MigrationEditor::canMoveToOwnMigration(int row) const
{
    const EditorFinding *ef = m_findings->findingAt(row);
    if (!ef || isReadOnly() || m_projectDir.isEmpty() || row >= m_statementSpans.size()
        || !core::project::canWriteNonTransactional(m_projectFormat))
        return false;
    const QString &rule = ef->finding.rule;
    if (rule == u"ban-concurrently-in-transaction"_s || rule == u"enum-add-value-in-transaction"_s)
        return true;
    // adding CONCURRENTLY to an index build in a file the tool runs in a transaction needs the move as well
    return rule == u"require-concurrent-index-creation"_s && ef->finding.fix
        && m_context.wrappedInTransaction.value_or(false);
}

namespace {

/// A migration name for a moved statement: "create_index_<name>", "drop_index_<name>" or a generic one.
QString movedMigrationName(const QString &statement)
{
    static const QRegularExpression createIndex(
        uR"(^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?([\w."]+))"_s,
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression dropIndex(
        uR"(^\s*DROP\s+INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?([\w."]+))"_s,
        QRegularExpression::CaseInsensitiveOption);
    const auto clean = [](QString n) {
        n.remove(u'"');
        n.replace(QRegularExpression(u"[^A-Za-z0-9_]+"_s), u"_"_s);
        return n.left(60);
    };
    if (const auto m = createIndex.match(statement); m.hasMatch() && m.captured(1).compare(u"ON"_s, Qt::CaseInsensitive) != 0)
        return u"create_index_"_s + clean(m.captured(1));
    if (const auto m = dropIndex.match(statement); m.hasMatch())
        return u"drop_index_"_s + clean(m.captured(1));
    return u"nontransactional_statement"_s;
}

/// The down part for a moved statement where reversing it is mechanical.
QString movedDownSql(const QString &statement)
{
    static const QRegularExpression createIndex(
        uR"(^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w."]+)\s+ON\b)"_s,
        QRegularExpression::CaseInsensitiveOption);
    if (const auto m = createIndex.match(statement); m.hasMatch())
        return u"DROP INDEX CONCURRENTLY IF EXISTS %1;"_s.arg(m.captured(1));
    return {};
}

} // namespace

core::Result<QStringList> MigrationEditor::moveToOwnMigration(int row, const QDateTime &now)
{
    if (!isAnalysisCurrent())
        return core::fail(core::Error::Code::InvalidArgument, u"the findings are not current; try again"_s);
    if (!canMoveToOwnMigration(row))
        return core::fail(core::Error::Code::Unsupported,
                          u"this finding's statement cannot be moved to a migration of its own here"_s);
    const EditorFinding &ef = m_findings->findings().at(row);
    const QString text = toPlainText();
    const auto [stmtStart, stmtEnd] = m_statementSpans.at(row);
    QString statement = text.mid(stmtStart, stmtEnd - stmtStart);
    // the finding's mechanical fix (CONCURRENTLY) goes into the moved statement
    if (const auto &fix = ef.finding.fix) {
        const Utf8OffsetMap map(text);
        const qsizetype from = map.utf16Position(fix->offset);
        const qsizetype to = map.utf16Position(fix->offset + fix->length);
        if (from >= stmtStart && to <= stmtEnd)
            statement.replace(from - stmtStart, to - from, fix->replacement);
    }
    statement = statement.trimmed();
    if (!statement.endsWith(u';'))
        statement += u';';

    auto project = core::project::readProject(m_projectDir, m_projectFormat);
    if (!project)
        return std::unexpected(project.error());
    core::project::NewMigrationOptions options;
    options.now = now.isValid() ? now : QDateTime::currentDateTimeUtc();
    options.upSql = statement;
    options.downSql = movedDownSql(statement);
    options.noTransaction = true;
    auto created = core::project::createMigration(*project, movedMigrationName(statement), options);
    if (!created)
        return std::unexpected(created.error());

    // Remove the statement from this document: whole lines when it stands on lines of its own.
    qsizetype from = stmtStart;
    qsizetype to = stmtEnd;
    const qsizetype lineStart = m_statementStarts.value(row, stmtStart);
    if (lineStart <= from && text.mid(lineStart, from - lineStart).trimmed().isEmpty())
        from = lineStart;
    qsizetype rest = to;
    while (rest < text.size() && (text.at(rest) == u' ' || text.at(rest) == u'\t'))
        ++rest;
    if (rest >= text.size() || text.at(rest) == u'\n')
        to = std::min(rest + 1, text.size());
    QTextCursor c = cursorFor(from, to - from);
    c.beginEditBlock();
    c.removeSelectedText();
    c.endEditBlock();
    setTextCursor(cursorFor(from, 0));
    requestAnalysis();

    auto *close = new QPushButton(tr("Close"), m_banner);
    close->setObjectName(u"closeBanner"_s);
    connect(close, &QPushButton::clicked, this, &MigrationEditor::hideBanner);
    const QString file = created->createdFiles.isEmpty() ? created->version
                                                         : QFileInfo(created->createdFiles.first()).fileName();
    showBanner(tr("The statement was moved to the new migration %1, which runs without a transaction. Save this "
                  "file to complete the move.")
                   .arg(file),
               {close});
    Q_EMIT migrationCreated(created->createdFiles);
    return created->createdFiles;
}

void MigrationEditor::quickFix()
{
    if (isReadOnly())
        return;
    if (!isAnalysisCurrent())
        analyzeNow();
    const int row = findingRowAtCursor();
    const EditorFinding *ef = m_findings->findingAt(row);
    if (!ef)
        return;
    if (ef->finding.fix) {
        applyFix(row);
        return;
    }
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (const QuickFixAction &a : quickFixesFor(row))
        menu->addAction(a.label, this, a.apply);
    menu->popup(viewport()->mapToGlobal(cursorRect().bottomLeft()));
}

void MigrationEditor::contextMenuEvent(QContextMenuEvent *event)
{
    m_popup->hide();
    QMenu *menu = createStandardContextMenu(event->pos());
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const int pos = cursorForPosition(event->pos()).position();
    const int row = m_findings->rowAtPosition(pos);
    if (const auto actions = quickFixesFor(row); !actions.isEmpty()) {
        menu->addSeparator();
        for (const QuickFixAction &a : actions)
            menu->addAction(a.label, this, a.apply);
    }
    menu->popup(event->globalPos());
}

void MigrationEditor::keyPressEvent(QKeyEvent *event)
{
    if (m_popup->isVisible()) {
        m_popup->hide();
        if (event->key() == Qt::Key_Escape)
            return;
    }
    const auto mods = event->modifiers() & ~Qt::KeypadModifier;
    if (mods == Qt::ControlModifier) {
        switch (event->key()) {
        case Qt::Key_Period:
            quickFix();
            return;
        case Qt::Key_F:
            showFindBar();
            return;
        case Qt::Key_G:
            promptGoToLine();
            return;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomInText();
            return;
        case Qt::Key_Minus:
            zoomOutText();
            return;
        case Qt::Key_0:
            resetZoom();
            return;
        default:
            break;
        }
    }
    if (event->key() == Qt::Key_F3) {
        findNext(mods.testFlag(Qt::ShiftModifier));
        return;
    }
    if (event->key() == Qt::Key_Escape && !m_findBar->isHidden()) {
        hideFindBar();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

// --- folding ------------------------------------------------------------------------------------------

bool MigrationEditor::toggleFold(int firstLine)
{
    const auto it = std::find_if(m_foldRanges.cbegin(), m_foldRanges.cend(),
                                 [firstLine](const FoldRange &r) { return r.firstLine == firstLine; });
    if (it == m_foldRanges.cend())
        return false;
    if (m_folded.contains(firstLine))
        m_folded.remove(firstLine);
    else
        m_folded.insert(firstLine);
    applyFolds();
    return true;
}

void MigrationEditor::unfoldAll()
{
    m_folded.clear();
    applyFolds();
}

void MigrationEditor::applyFolds()
{
    const int count = document()->blockCount();
    std::vector<bool> hidden(static_cast<size_t>(count), false);
    for (const FoldRange &r : std::as_const(m_foldRanges)) {
        if (!m_folded.contains(r.firstLine))
            continue;
        for (int l = r.firstLine + 1; l <= r.lastLine && l < count; ++l)
            hidden[static_cast<size_t>(l)] = true;
    }
    bool changed = false;
    for (QTextBlock b = document()->begin(); b.isValid(); b = b.next()) {
        const bool visible = !hidden[static_cast<size_t>(b.blockNumber())];
        if (b.isVisible() != visible) {
            b.setVisible(visible);
            changed = true;
        }
    }
    if (!changed)
        return;
    // keep the cursor out of hidden lines
    QTextBlock cb = textCursor().block();
    while (cb.isValid() && !cb.isVisible())
        cb = cb.previous();
    if (cb.isValid() && cb != textCursor().block())
        setTextCursor(cursorFor(cb.position(), 0));
    document()->markContentsDirty(0, document()->characterCount());
    viewport()->update();
    m_gutter->update();
}

// --- find / navigation / view -------------------------------------------------------------------------

void MigrationEditor::showFindBar()
{
    m_findBar->show();
    if (textCursor().hasSelection() && !textCursor().selectedText().contains(QChar::ParagraphSeparator))
        m_findBar->setPattern(textCursor().selectedText());
    layoutOverlays();
    m_findBar->focusPattern();
}

void MigrationEditor::hideFindBar()
{
    m_findBar->hide();
    layoutOverlays();
    setFocus();
}

bool MigrationEditor::findNext(bool backward)
{
    const QString pattern = m_findBar->pattern();
    if (pattern.isEmpty())
        return false;
    QTextDocument::FindFlags flags;
    if (backward)
        flags |= QTextDocument::FindBackward;
    if (m_findBar->isCaseSensitive())
        flags |= QTextDocument::FindCaseSensitively;
    const auto search = [&](const QTextCursor &from) {
        if (m_findBar->isRegularExpression()) {
            QRegularExpression re(pattern, m_findBar->isCaseSensitive() ? QRegularExpression::NoPatternOption
                                                                       : QRegularExpression::CaseInsensitiveOption);
            if (!re.isValid())
                return QTextCursor();
            return document()->find(re, from, flags);
        }
        return document()->find(pattern, from, flags);
    };
    if (m_findBar->isRegularExpression()
        && !QRegularExpression(pattern).isValid()) {
        m_findBar->setStatus(tr("Invalid regular expression: %1").arg(QRegularExpression(pattern).errorString()));
        return false;
    }
    QTextCursor found = search(textCursor());
    if (found.isNull()) {
        QTextCursor wrap(document());
        wrap.movePosition(backward ? QTextCursor::End : QTextCursor::Start);
        found = search(wrap);
    }
    if (found.isNull()) {
        m_findBar->setStatus(tr("Not found"));
        return false;
    }
    m_findBar->setStatus({});
    setTextCursor(found);
    return true;
}

bool MigrationEditor::replaceCurrent()
{
    if (isReadOnly())
        return false;
    QTextCursor c = textCursor();
    const QString pattern = m_findBar->pattern();
    if (c.hasSelection() && !pattern.isEmpty()) {
        const QString selected = c.selectedText();
        QString replacement = m_findBar->replacement();
        bool matches = false;
        if (m_findBar->isRegularExpression()) {
            const QRegularExpression re(QRegularExpression::anchoredPattern(pattern),
                                        m_findBar->isCaseSensitive() ? QRegularExpression::NoPatternOption
                                                                     : QRegularExpression::CaseInsensitiveOption);
            if (re.match(selected).hasMatch()) {
                matches = true;
                replacement = QString(selected).replace(re, replacement);
            }
        } else {
            matches = selected.compare(pattern, m_findBar->isCaseSensitive() ? Qt::CaseSensitive : Qt::CaseInsensitive) == 0;
        }
        if (matches)
            c.insertText(replacement);
    }
    return findNext(false);
}

int MigrationEditor::replaceAll()
{
    if (isReadOnly() || m_findBar->pattern().isEmpty())
        return 0;
    QTextCursor start(document());
    start.movePosition(QTextCursor::Start);
    setTextCursor(start);
    int count = 0;
    QTextCursor edit(document());
    edit.beginEditBlock();
    const QString pattern = m_findBar->pattern();
    const bool regex = m_findBar->isRegularExpression();
    const QRegularExpression re(pattern, m_findBar->isCaseSensitive() ? QRegularExpression::NoPatternOption
                                                                      : QRegularExpression::CaseInsensitiveOption);
    if (regex && !re.isValid()) {
        edit.endEditBlock();
        return 0;
    }
    QTextDocument::FindFlags flags;
    if (m_findBar->isCaseSensitive())
        flags |= QTextDocument::FindCaseSensitively;
    QTextCursor from(document());
    while (true) {
        QTextCursor found = regex ? document()->find(re, from, flags) : document()->find(pattern, from, flags);
        if (found.isNull() || (found.selectionEnd() == found.selectionStart() && found.position() >= document()->characterCount() - 1))
            break;
        QString replacement = m_findBar->replacement();
        if (regex) {
            const QRegularExpression anchored(QRegularExpression::anchoredPattern(pattern), re.patternOptions());
            replacement = found.selectedText().replace(anchored, replacement);
        }
        const bool empty = found.selectionStart() == found.selectionEnd();
        found.insertText(replacement);
        ++count;
        from = found;
        if (empty && !from.movePosition(QTextCursor::NextCharacter))
            break;
    }
    edit.endEditBlock();
    m_findBar->setStatus(tr("%n replaced", nullptr, count));
    return count;
}

void MigrationEditor::goToLine(int line)
{
    const QTextBlock block = document()->findBlockByNumber(std::clamp(line, 1, document()->blockCount()) - 1);
    if (!block.isVisible()) {
        for (const FoldRange &r : std::as_const(m_foldRanges))
            if (block.blockNumber() > r.firstLine && block.blockNumber() <= r.lastLine)
                m_folded.remove(r.firstLine);
        applyFolds();
    }
    setTextCursor(cursorFor(block.position(), 0));
    centerCursor();
}

void MigrationEditor::promptGoToLine()
{
    bool ok = false;
    const int line = QInputDialog::getInt(this, tr("Go to line"), tr("Line:"), textCursor().blockNumber() + 1, 1,
                                          document()->blockCount(), 1, &ok);
    if (ok)
        goToLine(line);
}

bool MigrationEditor::isDarkTheme() const
{
    return QColor::fromRgba(m_highlighter->theme().editorColor(KSyntaxHighlighting::Theme::BackgroundColor))
               .lightness()
        < 128;
}

void MigrationEditor::setThemeMode(ThemeMode mode)
{
    m_themeMode = mode;
    applyTheme();
}

void MigrationEditor::applyTheme()
{
    KSyntaxHighlighting::Theme theme;
    switch (m_themeMode) {
    case ThemeMode::FollowPalette:
        theme = themeForPalette(QApplication::palette(this));
        break;
    case ThemeMode::Light:
        theme = syntaxRepository().defaultTheme(KSyntaxHighlighting::Repository::LightTheme);
        break;
    case ThemeMode::Dark:
        theme = syntaxRepository().defaultTheme(KSyntaxHighlighting::Repository::DarkTheme);
        break;
    }
    m_highlighter->setTheme(theme);
    QPalette pal = palette();
    pal.setColor(QPalette::Base, QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::BackgroundColor)));
    pal.setColor(QPalette::Text, QColor::fromRgba(theme.textColor(KSyntaxHighlighting::Theme::Normal)));
    pal.setColor(QPalette::Highlight,
                 QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::TextSelection)));
    if (pal != palette())
        setPalette(pal);
    m_highlighter->rehighlight();
    updateExtraSelections();
    m_gutter->update();
}

void MigrationEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::ApplicationPaletteChange && m_themeMode == ThemeMode::FollowPalette)
        applyTheme();
    if (event->type() == QEvent::FontChange)
        updateGutterGeometry();
}

void MigrationEditor::zoomInText()
{
    zoomIn(1);
    ++m_zoom;
    updateGutterGeometry();
}

void MigrationEditor::zoomOutText()
{
    if (font().pointSizeF() <= 4)
        return;
    zoomOut(1);
    --m_zoom;
    updateGutterGeometry();
}

void MigrationEditor::resetZoom()
{
    if (m_zoom > 0)
        zoomOut(m_zoom);
    else if (m_zoom < 0)
        zoomIn(-m_zoom);
    m_zoom = 0;
    updateGutterGeometry();
}

// --- gutter -------------------------------------------------------------------------------------------

int MigrationEditor::gutterWidth() const
{
    const int digits = std::max(3, int(QString::number(std::max(1, blockCount())).size()));
    return MarkerWidth + fontMetrics().horizontalAdvance(u'9') * digits + 6 + FoldWidth;
}

void MigrationEditor::updateGutterGeometry()
{
    layoutOverlays();
}

void MigrationEditor::layoutOverlays()
{
    const QRect cr = contentsRect();
    const int top = m_banner->isHidden() ? 0 : m_banner->sizeHint().height();
    const int bottom = m_findBar->isHidden() ? 0 : m_findBar->sizeHint().height();
    setViewportMargins(gutterWidth(), top, 0, bottom);
    if (top > 0)
        m_banner->setGeometry(cr.left(), cr.top(), cr.width(), top);
    if (bottom > 0)
        m_findBar->setGeometry(cr.left(), cr.bottom() + 1 - bottom, cr.width(), bottom);
    m_gutter->setGeometry(cr.left(), cr.top() + top, gutterWidth(), viewport()->height());
}

void MigrationEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    layoutOverlays();
}

void MigrationEditor::paintGutter(QPaintEvent *event)
{
    QPainter p(m_gutter);
    const auto theme = m_highlighter->theme();
    p.fillRect(event->rect(), QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::IconBorder)));
    const QColor numberColor = QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::LineNumbers));
    const QColor currentColor = QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::CurrentLineNumber));
    const QColor foldColor = QColor::fromRgba(theme.editorColor(KSyntaxHighlighting::Theme::CodeFolding));
    const QMap<int, Severity> &markers = m_markers;
    QMap<int, FoldRange> folds;
    for (const FoldRange &r : std::as_const(m_foldRanges))
        folds.insert(r.firstLine, r);
    const int current = textCursor().blockNumber();
    const int w = m_gutter->width();
    const int lh = fontMetrics().height();
    p.setFont(font());

    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    while (block.isValid() && top <= event->rect().bottom()) {
        if (!block.isVisible()) {
            block = block.next();
            continue;
        }
        const int height = qRound(blockBoundingRect(block).height());
        if (top + height >= event->rect().top()) {
            const int n = block.blockNumber();
            p.setPen(n == current ? currentColor : numberColor);
            p.drawText(MarkerWidth, top, w - MarkerWidth - FoldWidth - 3, lh, Qt::AlignRight | Qt::AlignVCenter,
                       QString::number(n + 1));
            if (auto m = markers.constFind(n); m != markers.cend()) {
                p.setRenderHint(QPainter::Antialiasing);
                p.setPen(Qt::NoPen);
                p.setBrush(severityColor(m.value()));
                const int d = std::min(MarkerWidth - 4, lh - 4);
                p.drawEllipse(QRect(2, top + (lh - d) / 2, d, d));
                p.setRenderHint(QPainter::Antialiasing, false);
            }
            if (folds.contains(n)) {
                p.setRenderHint(QPainter::Antialiasing);
                p.setPen(Qt::NoPen);
                p.setBrush(foldColor.alpha() == 0 ? numberColor : foldColor.lighter(150));
                const double s = 3.5;
                const QPointF c(w - FoldWidth / 2.0, top + lh / 2.0);
                QPainterPath path;
                if (m_folded.contains(n)) { // pointing right: folded
                    path.moveTo(c + QPointF(-s / 2.0, -s));
                    path.lineTo(c + QPointF(s, 0));
                    path.lineTo(c + QPointF(-s / 2.0, s));
                } else { // pointing down: unfolded
                    path.moveTo(c + QPointF(-s, -s / 2.0));
                    path.lineTo(c + QPointF(s, -s / 2.0));
                    path.lineTo(c + QPointF(0, s));
                }
                path.closeSubpath();
                p.drawPath(path);
                p.setRenderHint(QPainter::Antialiasing, false);
            }
        }
        top += height;
        block = block.next();
    }
}

void MigrationEditor::gutterMousePress(QMouseEvent *event)
{
    const QTextBlock block = cursorForPosition(QPoint(0, event->position().toPoint().y())).block();
    if (!block.isValid())
        return;
    if (event->position().x() >= m_gutter->width() - FoldWidth)
        toggleFold(block.blockNumber());
    else
        setTextCursor(cursorFor(block.position(), 0));
}

bool MigrationEditor::gutterToolTip(QHelpEvent *event)
{
    const QTextBlock block = cursorForPosition(QPoint(0, event->pos().y())).block();
    // the card of the first finding on the line (the same card as hovering over its text)
    const auto &findings = m_findings->findings();
    for (const EditorFinding &f : findings) {
        if (document()->findBlock(int(f.position)) == block) {
            showFindingPopup(f.position, event->globalPos());
            return true;
        }
    }
    showFindingPopup(-1, event->globalPos());
    event->ignore();
    return true;
}

// --- files --------------------------------------------------------------------------------------------

core::Result<void> MigrationEditor::openFile(const QString &path, bool applied)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return core::fail(core::Error::Code::Io, u"cannot open %1: %2"_s.arg(path, file.errorString()));
    if (file.size() > MaxFileBytes)
        return core::fail(core::Error::Code::InvalidArgument,
                          u"%1 is %2 bytes; the editor opens files up to 64 MiB"_s.arg(path).arg(file.size()));
    const QByteArray bytes = file.readAll();
    auto decoder = QStringDecoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(bytes);
    const bool invalidUtf8 = decoder.hasError();

    m_loading = true;
    m_folded.clear();
    setPlainText(text);
    document()->setModified(false);
    m_loading = false;
    m_filePath = QFileInfo(path).absoluteFilePath();
    m_recoveredText.reset();
    hideBanner();
    setApplied(applied);
    if (invalidUtf8 && !applied) {
        setReadOnly(true);
        showBanner(tr("This file is not valid UTF-8; it is open read-only so that saving cannot damage it."), {});
    }
    if (!applied && !invalidUtf8 && m_recovery) {
        if (auto entry = m_recovery->load(m_filePath); entry && entry->has_value()) {
            m_recoveredText = (*entry)->text;
            auto *restore = new QPushButton(tr("Restore"), m_banner);
            restore->setObjectName(u"restoreRecovery"_s);
            connect(restore, &QPushButton::clicked, this, &MigrationEditor::restoreRecovery);
            auto *discard = new QPushButton(tr("Discard"), m_banner);
            discard->setObjectName(u"discardRecovery"_s);
            connect(discard, &QPushButton::clicked, this, &MigrationEditor::discardRecovery);
            showBanner(tr("Unsaved edits from %1 were recovered after the editor closed unexpectedly.")
                           .arg(QLocale().toString((*entry)->savedAt.toLocalTime(), QLocale::ShortFormat)),
                       {restore, discard});
        }
    }
    requestAnalysis();
    return {};
}

core::Result<void> MigrationEditor::saveFile(const QString &path)
{
    if (m_applied)
        return core::fail(core::Error::Code::Unsupported, u"applied migrations are immutable"_s);
    const QString target = path.isEmpty() ? m_filePath : QFileInfo(path).absoluteFilePath();
    if (target.isEmpty())
        return core::fail(core::Error::Code::InvalidArgument, u"no file name"_s);
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly))
        return core::fail(core::Error::Code::Io, u"cannot write %1: %2"_s.arg(target, file.errorString()));
    file.write(toPlainText().toUtf8());
    if (!file.commit())
        return core::fail(core::Error::Code::Io, u"cannot write %1: %2"_s.arg(target, file.errorString()));
    if (m_recovery) {
        m_recovery->discard(m_filePath);
        m_recovery->discard(target);
    }
    m_autosaveTimer->stop();
    m_filePath = target;
    document()->setModified(false);
    Q_EMIT fileSaved(target);
    return {};
}

void MigrationEditor::setApplied(bool applied)
{
    m_applied = applied;
    setReadOnly(applied);
    if (applied) {
        auto *create = new QPushButton(tr("Create a new migration instead"), m_banner);
        create->setObjectName(u"createNewMigration"_s);
        connect(create, &QPushButton::clicked, this, [this] { Q_EMIT createNewMigrationRequested(m_filePath); });
        showBanner(tr("This migration has been applied and is read-only: applied migrations are immutable. "
                      "Change the schema with a new migration."),
                   {create});
    } else {
        hideBanner();
    }
}

void MigrationEditor::setDrifted()
{
    auto *show = new QPushButton(tr("Show Drift…"), m_banner);
    show->setObjectName(u"showDrift"_s);
    connect(show, &QPushButton::clicked, this, [this] { Q_EMIT showDriftRequested(m_filePath); });
    showBanner(tr("This migration was changed after it was applied: a database ran another version of it."), {show});
}

void MigrationEditor::setRecoveryStore(RecoveryStore *store)
{
    m_recovery = store;
}

void MigrationEditor::setAutosaveDelay(int milliseconds)
{
    m_autosaveTimer->setInterval(std::max(0, milliseconds));
}

void MigrationEditor::autosave()
{
    if (!m_recovery || !document()->isModified() || isReadOnly())
        return;
    if (m_recovery->save(m_filePath, toPlainText()))
        Q_EMIT autosaved(m_recovery->recoveryPathFor(m_filePath));
}

void MigrationEditor::restoreRecovery()
{
    if (!m_recoveredText)
        return;
    const QString text = *m_recoveredText;
    m_recoveredText.reset();
    hideBanner();
    QTextCursor c(document());
    c.beginEditBlock();
    c.select(QTextCursor::Document);
    c.insertText(text);
    c.endEditBlock();
    document()->setModified(true);
}

void MigrationEditor::discardRecovery()
{
    m_recoveredText.reset();
    if (m_recovery)
        m_recovery->discard(m_filePath);
    hideBanner();
}

QWidget *MigrationEditor::banner() const
{
    return m_banner;
}

QString MigrationEditor::bannerText() const
{
    return m_banner->isHidden() ? QString() : m_bannerLabel->text();
}

void MigrationEditor::showBanner(const QString &text, const QList<QPushButton *> &buttons)
{
    // remove the previous buttons
    const auto old = m_banner->findChildren<QPushButton *>(Qt::FindDirectChildrenOnly);
    for (QPushButton *b : old)
        if (!buttons.contains(b))
            b->deleteLater();
    m_bannerLabel->setText(text);
    for (QPushButton *b : buttons)
        m_banner->layout()->addWidget(b);
    const bool dark = isDarkTheme();
    QPalette pal = m_banner->palette();
    pal.setColor(QPalette::Window, dark ? QColor(0x4a, 0x3b, 0x10) : QColor(0xff, 0xf4, 0xce));
    pal.setColor(QPalette::WindowText, dark ? QColor(0xf6, 0xf5, 0xf4) : QColor(0x24, 0x1f, 0x31));
    m_banner->setPalette(pal);
    m_banner->show();
    layoutOverlays();
}

void MigrationEditor::hideBanner()
{
    for (QPushButton *b : m_banner->findChildren<QPushButton *>(Qt::FindDirectChildrenOnly))
        b->deleteLater();
    m_banner->hide();
    layoutOverlays();
}

} // namespace widgets::editor
