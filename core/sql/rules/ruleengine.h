// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Internal to the analyzer: the state of one rule run over a migration, shared by the rule families.

#include "core/sql/analyzer.h"
#include "core/sql/parser.h"

#include <QSet>

namespace core::sql::rules {

struct PendingForeignKey
{
    QualifiedName table;
    QStringList columns;
    qsizetype offset = 0;
    qsizetype length = 0;
    bool operator==(const PendingForeignKey &) const = default;
};

/// What carries over from one statement to the next during a rule run. Copyable and comparable: the
/// incremental analyzer keeps checkpoints of it and stops re-running rules once it matches again.
struct RuleState
{
    Catalog catalog; ///< the working schema, updated statement by statement
    QSet<QString> createdTables; ///< names (without schema) created earlier in this migration
    QSet<QString> createdIndexes;
    QSet<QString> droppedIfExistsIndexes;

    // transactions
    std::optional<bool> wrapped; ///< from the context or the file's markers
    bool contractPhase = false;
    bool explicitTx = false;
    int beginOffset = -1;
    qsizetype beginLength = 0;
    bool nonTransactionalStatementSeen = false;

    // settings seen so far
    bool lockTimeoutSet = false;
    bool statementTimeoutSet = false;
    bool lockTimeoutReported = false;
    bool statementTimeoutReported = false;
    bool foreignKeyChecksOff = false;

    // holding ACCESS EXCLUSIVE in the current transaction
    QStringList aelTables;
    // NOT VALID constraints added in the current transaction: name → table
    QHash<QString, QString> notValidInTx;
    // enum values added in the current transaction (PostgreSQL 12+)
    QStringList enumValuesInTx;

    bool seenDdl = false;
    bool mixedReported = false;
    int ddlCount = 0;
    bool ddlBatchReported = false;

    QList<PendingForeignKey> pendingForeignKeys;

    bool operator==(const RuleState &) const = default;
};

class RuleRun : public RuleState
{
public:
    RuleRun(const Script &script, const AnalysisContext &context, const LintConfig &config);

    const Script &script;
    const AnalysisContext &context;
    const LintConfig &config;
    TargetServer target;

    QList<Finding> findings;

    bool inTransaction() const { return explicitTx || wrapped.value_or(false); }
    bool knownNonTransactional() const { return !explicitTx && wrapped.has_value() && !*wrapped; }
    bool isExisting(const QualifiedName &table) const
    {
        return !table.isEmpty() && !createdTables.contains(table.name);
    }
    bool enabled(const QString &rule) const { return config.isEnabled(rule); }

    /// Records a finding over [offset, offset + length).
    Finding &report(const QString &rule, qsizetype offset, qsizetype length, const QString &message);
    Finding &report(const QString &rule, const ParsedStatement &s, const QString &message);
    /// The text of a statement without its terminator.
    QString statementSql(const ParsedStatement &s) const;
    /// A fix that replaces the statement (without terminator) with `replacement`.
    Fix replaceStatement(const ParsedStatement &s, const QString &replacement) const;
    /// The statement with `insertion` put right after the first significant token matching `word` (at depth 0).
    std::optional<QString> insertAfterWord(const ParsedStatement &s, QByteArrayView word, const QString &insertion,
                                           int occurrence = 1) const;
    /// Adds size / duration to a finding when the catalog has live statistics for `table`.
    void attachSize(Finding &f, const QualifiedName &table, const LockEffect &e) const;
};

void checkPostgresLocking(RuleRun &run, const ParsedStatement &s, const LockEffect &e);
void checkCompatibility(RuleRun &run, const ParsedStatement &s, const LockEffect &e);
void checkDataMigrations(RuleRun &run, const ParsedStatement &s, const LockEffect &e);
void checkTransactions(RuleRun &run, const ParsedStatement &s, const LockEffect &e);
void checkMySql(RuleRun &run, const ParsedStatement &s, const LockEffect &e);
void checkTypes(RuleRun &run, const ParsedStatement &s, const LockEffect &e);
void finishRun(RuleRun &run); ///< rules that need the whole migration (FK indexes, open transactions)

/// One statement through the lock model and every rule family, then the bookkeeping (catalog, created tables).
/// Findings go to run.findings; returns the statement's lock effect.
LockEffect runStatement(RuleRun &run, const ParsedStatement &s);

QString lockPhrase(PgLockMode mode, const QStringList &tables); ///< "takes ACCESS EXCLUSIVE on users: blocks …"

} // namespace core::sql::rules
