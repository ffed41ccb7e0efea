// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The structural view of one SQL statement: what the parser (parser.h) recognises in a migration. It is a
// summary, not a full AST: kinds, names, columns, constraints, ALTER TABLE sub-commands and the flags the lock
// model and the rules need. Anything not recognised is StatementKind::Unclassified and still spans correctly.

#include <QList>
#include <QString>
#include <QStringList>

namespace core::sql {

/// A possibly schema-qualified name, normalised: unquoted identifiers folded to lower case, quotes removed.
struct QualifiedName
{
    QString schema;
    QString name;
    bool isEmpty() const { return name.isEmpty(); }
    QString toString() const { return schema.isEmpty() ? name : schema + u'.' + name; }
    /// Equal when the names match and either schema is unspecified or both match.
    bool matches(const QualifiedName &o) const
    {
        return name == o.name && (schema.isEmpty() || o.schema.isEmpty() || schema == o.schema);
    }
    bool operator==(const QualifiedName &) const = default;
};

enum class StatementKind : quint8 {
    Unclassified,
    CreateTable,
    AlterTable,
    DropTable,
    RenameTable, ///< MySQL RENAME TABLE a TO b
    CreateIndex,
    AlterIndex,
    DropIndex,
    CreateType,
    AlterType,
    DropType,
    CreateDomain,
    AlterDomain,
    DropDomain,
    CreateView,
    AlterView,
    DropView,
    CreateMaterializedView,
    AlterMaterializedView,
    RefreshMaterializedView,
    DropMaterializedView,
    CreateSequence,
    AlterSequence,
    DropSequence,
    CreateSchema,
    AlterSchema,
    DropSchema,
    CreateDatabase,
    DropDatabase,
    CreateFunction, ///< also PROCEDURE
    AlterFunction,
    DropFunction,
    CreateTrigger,
    AlterTrigger,
    DropTrigger,
    CreateExtension,
    DropExtension,
    Insert,
    Update,
    Delete,
    Merge,
    Select,
    Begin, ///< BEGIN / START TRANSACTION
    Commit, ///< COMMIT / END
    Rollback,
    Savepoint,
    Set, ///< SET [SESSION|LOCAL] name = value
    Reset,
    Do,
    Vacuum,
    Analyze,
    Cluster,
    Reindex,
    Truncate,
    Comment,
    Grant,
    Revoke,
    Lock,
    Optimize, ///< MySQL OPTIMIZE TABLE
    MetaCommand, ///< psql backslash command
    DelimiterCommand, ///< MySQL client DELIMITER line
    Call,
};

QString statementKindName(StatementKind kind); ///< "create-table", "alter-table", …

/// A type as written: base name lower-cased ("varchar", "timestamp with time zone", "int4") and modifiers.
struct TypeRef
{
    QString name; ///< normalised base name, e.g. "character varying" → "varchar"
    QList<int> modifiers; ///< numeric modifiers: varchar(20) → {20}, numeric(10,2) → {10, 2}
    bool isArray = false;
    QString text; ///< the type as written, whitespace collapsed
    bool isEmpty() const { return name.isEmpty(); }
    bool operator==(const TypeRef &) const = default;
};

enum class GeneratedKind : quint8 { None, Stored, Virtual };

enum class ConstraintKind : quint8 { Check, Unique, PrimaryKey, ForeignKey, Exclude, NotNull, Index };

struct ConstraintDef
{
    ConstraintKind kind = ConstraintKind::Check;
    QString name;
    QStringList columns; ///< constrained columns (for a column constraint: that column)
    QualifiedName refTable; ///< FOREIGN KEY / REFERENCES
    QStringList refColumns;
    bool notValid = false;
    QString usingIndex; ///< PRIMARY KEY / UNIQUE USING INDEX name
    QString checkNotNullColumn; ///< CHECK (col IS NOT NULL): that column, else empty
    bool fulltext = false; ///< MySQL FULLTEXT index
    bool spatial = false; ///< MySQL SPATIAL index
    qsizetype offset = 0;
    qsizetype length = 0;
    bool operator==(const ConstraintDef &) const = default;
};

struct ColumnDef
{
    QString name;
    TypeRef type;
    bool notNull = false;
    bool hasDefault = false;
    bool volatileDefault = false; ///< DEFAULT calls a volatile function (now() is stable: not volatile)
    QString defaultText;
    GeneratedKind generated = GeneratedKind::None;
    bool identity = false; ///< GENERATED … AS IDENTITY
    bool serial = false; ///< serial / bigserial / smallserial
    bool autoIncrement = false; ///< MySQL AUTO_INCREMENT
    bool primaryKey = false;
    bool unique = false;
    bool hasCheck = false;
    QualifiedName references; ///< inline REFERENCES
    QStringList referenceColumns;
    bool firstOrAfter = false; ///< MySQL FIRST / AFTER col
    bool operator==(const ColumnDef &) const = default;
};

/// One ALTER TABLE sub-command (and the MySQL table options that behave like one).
struct AlterAction
{
    enum class Kind : quint8 {
        Unknown,
        AddColumn,
        DropColumn,
        AlterColumnType, ///< PostgreSQL ALTER COLUMN … TYPE; MySQL MODIFY/CHANGE that changes the type
        SetDefault,
        DropDefault,
        SetNotNull,
        DropNotNull,
        AddIdentity,
        SetIdentity, ///< SET GENERATED / SET sequence option / RESTART
        DropIdentity,
        SetStatistics,
        SetAttributeOptions, ///< ALTER COLUMN SET/RESET (attribute_option)
        SetStorage,
        SetCompression,
        SetExpression,
        DropExpression,
        AddConstraint,
        ValidateConstraint,
        AlterConstraint,
        DropConstraint,
        RenameColumn,
        RenameConstraint,
        RenameTable,
        SetSchema,
        EnableDisableTrigger,
        EnableDisableRule,
        RowLevelSecurity,
        ClusterOn,
        SetWithoutCluster,
        SetRelOptions, ///< SET ( … ) / RESET ( … )
        SetTablespace,
        SetLogged,
        SetUnlogged,
        SetAccessMethod,
        Inherit,
        NoInherit,
        Of,
        NotOf,
        OwnerTo,
        ReplicaIdentity,
        AttachPartition,
        DetachPartition,
        // MySQL / MariaDB
        ModifyColumn, ///< MODIFY / CHANGE with the same type (nullability, default, position…)
        AddIndex,
        DropIndex,
        RenameIndex,
        DropPrimaryKey,
        DropForeignKey,
        Algorithm, ///< ALGORITHM = x
        LockOption, ///< LOCK = x
        Force,
        Engine,
        ConvertCharset,
        RowFormat,
        AutoIncrementValue,
        TableOption, ///< other MySQL table options (COMMENT=, KEY_BLOCK_SIZE=…)
        PartitionOp, ///< ADD/DROP/COALESCE/REORGANIZE PARTITION, PARTITION BY, REMOVE PARTITIONING
    };
    Kind kind = Kind::Unknown;
    QString column; ///< column named by the sub-command
    QString newName; ///< RENAME … TO, CHANGE old new
    ColumnDef columnDef; ///< ADD COLUMN, MODIFY/CHANGE
    ConstraintDef constraint; ///< ADD CONSTRAINT; name for VALIDATE/DROP/ALTER CONSTRAINT
    TypeRef type; ///< ALTER COLUMN TYPE
    bool hasUsing = false;
    bool ifExists = false;
    bool ifNotExists = false;
    bool cascade = false;
    bool concurrently = false; ///< DETACH PARTITION … CONCURRENTLY
    bool finalize = false; ///< DETACH PARTITION … FINALIZE
    QStringList options; ///< reloption names (SET (fillfactor=…)), or the MySQL option value
    QualifiedName partition; ///< ATTACH/DETACH PARTITION name
    qsizetype offset = 0;
    qsizetype length = 0;
    bool operator==(const AlterAction &) const = default;
};

/// The structural summary of one statement.
struct ParsedStatement
{
    StatementKind kind = StatementKind::Unclassified;
    int index = -1; ///< index into Script::statements
    qsizetype offset = 0;
    qsizetype length = 0;

    QualifiedName target; ///< the table / index / type / … the statement is about
    QList<QualifiedName> names; ///< every object named (DROP a, b; TRUNCATE a, b; RENAME TABLE a TO b …)
    QualifiedName table; ///< the table an index / trigger / comment is on; ALTER INDEX's table is unknown
    bool ifExists = false;
    bool ifNotExists = false;
    bool concurrently = false;
    bool only = false; ///< ONLY (ALTER TABLE ONLY, CREATE INDEX … ON ONLY)
    bool hasWhere = false;
    bool cascade = false;
    bool unique = false; ///< CREATE UNIQUE INDEX
    bool temporary = false; ///< CREATE TEMP TABLE
    bool orReplace = false;
    bool full = false; ///< VACUUM FULL
    bool partitioned = false; ///< CREATE TABLE … PARTITION BY
    bool asSelect = false; ///< CREATE TABLE … AS / CREATE MATERIALIZED VIEW … AS
    bool withData = true; ///< MATERIALIZED VIEW … WITH NO DATA
    QString indexMethod; ///< CREATE INDEX … USING gin
    QStringList indexColumns; ///< plain column names of a CREATE INDEX (expressions are skipped)
    bool fulltext = false; ///< MySQL CREATE FULLTEXT INDEX
    bool spatial = false; ///< MySQL CREATE SPATIAL INDEX
    QString reindexTarget; ///< REINDEX: "index", "table", "schema", "database", "system"
    QString addValue; ///< ALTER TYPE … ADD VALUE 'x'
    QString typeKind; ///< CREATE TYPE … AS ENUM → "enum"
    bool hasDomainConstraint = false; ///< CREATE DOMAIN … CHECK / NOT NULL; ALTER DOMAIN ADD CONSTRAINT
    QString domainAction; ///< ALTER DOMAIN: "add-constraint", "validate-constraint", "set-not-null", …

    // SET / RESET
    QString setName; ///< lower case, e.g. "lock_timeout"
    QString setValue; ///< as written, quotes removed
    bool setLocal = false;
    bool setSession = false; ///< explicit SESSION

    // CREATE TABLE
    QList<ColumnDef> columns;
    QList<ConstraintDef> constraints; ///< table constraints, and inline column constraints as well
    QualifiedName partitionOf; ///< CREATE TABLE … PARTITION OF parent

    // ALTER TABLE
    QList<AlterAction> actions;
    QString mysqlAlgorithm; ///< ALGORITHM= as written (upper case), empty when absent
    QString mysqlLock; ///< LOCK= as written (upper case)

    // LOCK TABLE
    QString lockMode; ///< upper case mode words, "ACCESS EXCLUSIVE" when omitted

    qsizetype end() const { return offset + length; }
    bool operator==(const ParsedStatement &) const = default;
    bool isDdl() const;
    bool isDml() const; ///< INSERT/UPDATE/DELETE/MERGE
    bool isTransactionControl() const;
};

} // namespace core::sql
