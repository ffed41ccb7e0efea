// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"
#include "core/project/migration.h"
#include "core/sql/analyzer.h"
#include "models/editor/findingsmodel.h"

#include <QDateTime>
#include <QMap>
#include <QPlainTextEdit>
#include <QSet>
#include <QThreadPool>
#include <QUrl>

#include <memory>
#include <utility>
#include <optional>

class QFrame;
class QLabel;
class QPushButton;
class QTimer;

namespace KSyntaxHighlighting {
class SyntaxHighlighter;
}

namespace widgets::editor {

class FindBar;
class FindingPopup;
class RecoveryStore;
struct QuickFixAction;

/// A foldable range of lines (0-based block numbers, inclusive): a multi-line statement or dollar-quoted body.
struct FoldRange
{
    int firstLine = 0;
    int lastLine = 0;
    bool operator==(const FoldRange &) const = default;
};

/// The migration editor: KSyntaxHighlighting, line numbers, fold markers and finding markers in the gutter,
/// current line and bracket highlight, find/replace, go to line, zoom, and the safety analyzer's findings as
/// wavy underlines with tooltips and quick fixes. Analysis runs on a worker thread after a short debounce;
/// results carry the document revision they were computed for and stale ones are dropped.
class MigrationEditor final : public QPlainTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MigrationEditor)
public:
    enum class ThemeMode : quint8 { FollowPalette, Light, Dark };

    explicit MigrationEditor(QWidget *parent = nullptr);
    ~MigrationEditor() override;

    // --- language and analysis --------------------------------------------------------------------------
    /// Chooses the highlighting ("SQL (PostgreSQL)" / "SQL (MySQL)") and the analyzer's target dialect.
    void setDialect(core::sql::SqlDialect dialect);
    core::sql::SqlDialect dialect() const { return m_context.target.dialect; }
    const core::sql::AnalysisContext &analysisContext() const { return m_context; }
    QString definitionName() const;
    void setAnalysisContext(const core::sql::AnalysisContext &context); ///< keeps the dialect set last
    void setLintConfig(const core::sql::LintConfig &config);
    /// Milliseconds after the last keystroke before re-analysis (default 150).
    void setAnalysisDelay(int milliseconds);
    int analysisDelay() const;
    /// Re-analyse now (still on the worker thread).
    void requestAnalysis();
    /// Re-analyse synchronously on the calling thread (quick fixes on a stale result; tests).
    void analyzeNow();
    quint64 revision() const { return m_revision; }
    quint64 analyzedRevision() const { return m_analyzedRevision; }
    bool isAnalysisCurrent() const { return m_analyzedRevision == m_revision; }
    models::editor::FindingsModel *findingsModel() const { return m_findings; }
    /// The underline selections of the current findings near the visible lines (a subset of extraSelections()).
    QList<QTextEdit::ExtraSelection> findingSelections() const { return m_findingSelections; }
    /// 0-based block numbers that carry a gutter marker, with the highest severity there.
    QMap<int, core::sql::Severity> markerLines() const;
    /// The hover text (rich text) for the findings at a document position; empty when there are none.
    QString toolTipAt(qsizetype position) const;
    /// The text of the last hover card shown (or empty when the last hover found nothing).
    QString lastToolTip() const { return m_lastToolTip; }
    /// What hovering over `position` does: shows the finding card (text + quick fix buttons) at `globalPos`.
    /// Returns false (and hides the card) when there is no finding there.
    bool showFindingPopup(qsizetype position, const QPoint &globalPos);
    FindingPopup *findingPopup() const { return m_popup; }
    /// Where `docs/rules/<rule>.md` links resolve (default: widgets::documentationDirectory()).
    void setDocsDirectory(const QString &directory);
    QUrl ruleDocumentation(const QString &rule) const;
    static QColor severityColor(core::sql::Severity severity);

    // --- quick fixes ------------------------------------------------------------------------------------
    /// Applies the analyzer's mechanical fix of a finding (row of findingsModel()) as one undo step.
    bool applyFix(int row);
    /// Inserts `SET lock_timeout = '3s';` (MySQL: `SET SESSION lock_wait_timeout = 3;`) before the finding's
    /// statement, as one undo step.
    bool prependLockTimeout(int row);
    /// Inserts `-- mwb:ignore <rule> (reason: …)` above the finding's statement, as one undo step.
    bool insertIgnoreComment(int row, const QString &reason);
    /// Ctrl+.: the fix of the finding at the cursor when it has one, else a menu of the editor-side fixes.
    void quickFix();
    int findingRowAtCursor() const;
    /// The quick fixes available for a finding (row of findingsModel()), as the hover card, Ctrl+. and the
    /// context menu offer them. Each applies as one undo step.
    QList<QuickFixAction> quickFixesFor(int row);

    // --- project context (for fixes that create migrations) ---------------------------------------------
    /// The migrations folder and format this file belongs to (empty folder: none).
    void setProjectContext(const QString &migrationsDir, core::project::Format format);
    QString projectDirectory() const { return m_projectDir; }
    core::project::Format projectFormat() const { return m_projectFormat; }
    /// Whether the finding's statement can be moved to a migration of its own that runs without a transaction
    /// (a statement that cannot run in one, in a file the tool runs in a transaction, with a project context).
    bool canMoveToOwnMigration(int row) const;
    /// Moves the finding's statement (with the finding's mechanical fix applied, e.g. CONCURRENTLY added) to the
    /// next migration of the project, written in the project's format with the tool's no-transaction
    /// declaration, and removes it from this document as one undo step. Returns the created files.
    core::Result<QStringList> moveToOwnMigration(int row, const QDateTime &now = {});

    // --- folding ----------------------------------------------------------------------------------------
    QList<FoldRange> foldRanges() const { return m_foldRanges; }
    bool isFolded(int firstLine) const { return m_folded.contains(firstLine); }
    bool toggleFold(int firstLine);
    void unfoldAll();

    // --- find / navigation / view -----------------------------------------------------------------------
    FindBar *findBar() const { return m_findBar; }
    void showFindBar();
    void hideFindBar();
    /// Finds the find bar's pattern from the cursor; wraps around. Returns whether a match was selected.
    bool findNext(bool backward = false);
    bool replaceCurrent();
    int replaceAll();
    void goToLine(int line); ///< 1-based
    void promptGoToLine();
    void setThemeMode(ThemeMode mode);
    ThemeMode themeMode() const { return m_themeMode; }
    bool isDarkTheme() const;
    void zoomInText();
    void zoomOutText();
    void resetZoom();
    int zoomSteps() const { return m_zoom; }

    // --- files ------------------------------------------------------------------------------------------
    /// Opens a file. `applied`: the migration has been applied, so the editor is read-only with a banner.
    core::Result<void> openFile(const QString &path, bool applied = false);
    /// Saves with QSaveFile (to `path`, or the opened file); discards the recovery file.
    core::Result<void> saveFile(const QString &path = {});
    QString filePath() const { return m_filePath; }
    void setApplied(bool applied);
    bool isApplied() const { return m_applied; }
    /// The file was changed after it was applied (drifted on a database): a banner says so, with a "Show Drift…"
    /// button (object name "showDrift") that emits showDriftRequested(). Call after openFile().
    void setDrifted();
    /// Autosaves unsaved edits to this store after `autosaveDelay` ms of inactivity (nullptr: off; not owned).
    void setRecoveryStore(RecoveryStore *store);
    void setAutosaveDelay(int milliseconds);
    /// A recovered text found when the file was opened (offered with a banner).
    bool hasRecovery() const { return m_recoveredText.has_value(); }
    QString recoveredText() const { return m_recoveredText.value_or(QString()); }
    void restoreRecovery(); ///< replaces the text with the recovered one (undoable), keeps it unsaved
    void discardRecovery();
    QWidget *banner() const;
    QString bannerText() const;

    // --- gutter (public for the gutter widget and tests) ------------------------------------------------
    QWidget *gutter() const { return m_gutter; }
    int gutterWidth() const;
    void paintGutter(QPaintEvent *event);
    void gutterMousePress(QMouseEvent *event);
    bool gutterToolTip(QHelpEvent *event);

Q_SIGNALS:
    /// Results for `revision` are shown (emitted only for current results).
    void analysisUpdated(quint64 revision);
    void autosaved(const QString &recoveryPath);
    void createNewMigrationRequested(const QString &appliedPath);
    /// The drift banner's "Show Drift…" button was clicked.
    void showDriftRequested(const QString &path);
    /// A quick fix created a new migration (the files written).
    void migrationCreated(const QStringList &files);
    void fileSaved(const QString &path);

protected:
    void resizeEvent(QResizeEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    struct AnalysisJob;
    struct AnalysisOutput;
    struct WorkerState;
    /// One edit of the document as contentsChange reported it (UTF-16), with the inserted text.
    struct TextEdit
    {
        qsizetype position = 0;
        qsizetype removed = 0;
        QString inserted;
    };
    static std::shared_ptr<AnalysisOutput> runAnalysis(const AnalysisJob &job);
    static std::shared_ptr<AnalysisOutput> runIncremental(AnalysisJob &job);
    static std::shared_ptr<AnalysisOutput> makeOutput(quint64 revision, const QString &text,
                                                      const core::sql::Script &script,
                                                      const QList<core::sql::Finding> &findings);
    void resetWorker();
    void shiftLines(int pivot, int delta);
    void onContentsChange(int position, int removed, int added);
    void startAnalysis();
    void acceptAnalysis(std::shared_ptr<AnalysisOutput> output);
    void updateFindingSelections();
    void updateExtraSelections();
    void onScrolled();
    void updateBracketMatch();
    void updateGutterGeometry();
    void layoutOverlays();
    void applyTheme();
    void applyFolds();
    void autosave();
    void showBanner(const QString &text, const QList<QPushButton *> &buttons);
    void hideBanner();
    bool insertBeforeStatement(int row, const QString &text);
    QTextCursor cursorFor(qsizetype position, qsizetype length) const;

    KSyntaxHighlighting::SyntaxHighlighter *m_highlighter;
    models::editor::FindingsModel *m_findings;
    QWidget *m_gutter;
    FindBar *m_findBar;
    QFrame *m_banner;
    QLabel *m_bannerLabel;
    QTimer *m_analysisTimer;
    QTimer *m_autosaveTimer;
    QThreadPool m_pool;
    core::sql::AnalysisContext m_context;
    core::sql::LintConfig m_config;
    ThemeMode m_themeMode = ThemeMode::FollowPalette;
    quint64 m_revision = 0;
    quint64 m_analyzedRevision = 0;
    bool m_analysisRunning = false;
    bool m_analysisPending = false;
    // incremental analysis: the worker keeps the text and an IncrementalAnalyzer; the GUI thread only queues
    // the edits since the last job (or asks for the full text when an edit cannot be trusted)
    std::shared_ptr<WorkerState> m_worker;
    QList<TextEdit> m_pendingEdits;
    qsizetype m_pendingBytes = 0;
    bool m_needsFullText = true;
    qsizetype m_shadowLength = 0; // the document length the queued edits lead to
    QList<qsizetype> m_statementStarts; // UTF-16 line start of each finding's statement, parallel to findings
    QList<std::pair<qsizetype, qsizetype>> m_statementSpans; // UTF-16 [start, end) of each finding's statement
    int m_blockCount = 1; // the block count before the last edit (fold ranges shift with edits)
    FindingPopup *m_popup;
    std::pair<qsizetype, qsizetype> m_popupSpan{-1, -1}; // document range of the findings the card shows
    QString m_projectDir;
    core::project::Format m_projectFormat = core::project::Format::Unknown;
    QList<QTextEdit::ExtraSelection> m_findingSelections;
    std::pair<qsizetype, qsizetype> m_selectionWindow{0, 0}; // document range that has finding selections
    QMap<int, core::sql::Severity> m_markers; // block number -> highest severity
    QList<QTextEdit::ExtraSelection> m_bracketSelections;
    QList<FoldRange> m_foldRanges;
    QSet<int> m_folded;
    QString m_lastToolTip;
    QString m_docsDirectory;
    QString m_filePath;
    bool m_applied = false;
    RecoveryStore *m_recovery = nullptr;
    std::optional<QString> m_recoveredText;
    int m_zoom = 0;
    bool m_loading = false;
};

} // namespace widgets::editor
