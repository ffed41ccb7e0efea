// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the analyzer knows about the existing schema: tables, columns, indexes, constraints and (with --url)
// their estimated sizes. Filled from earlier migrations (apply()) and from a live database (livecontext.h).

#include "core/sql/statement.h"

#include <QHash>
#include <QList>

namespace core::sql {

struct CatalogColumn
{
    QString name;
    TypeRef type;
    bool notNull = false;
    bool operator==(const CatalogColumn &) const = default;
};

struct CatalogIndex
{
    QString name;
    QStringList columns; ///< leading columns in order; empty strings for expressions
    bool unique = false;
    bool valid = true;
    qint64 bytes = -1;
    bool operator==(const CatalogIndex &) const = default;
};

struct CatalogTable
{
    QualifiedName name;
    QList<CatalogColumn> columns;
    QList<CatalogIndex> indexes;
    QList<ConstraintDef> constraints; ///< with ConstraintDef::notValid = not yet validated
    bool partitioned = false;
    qint64 rows = -1; ///< estimated rows (pg_class.reltuples), -1 unknown
    qint64 bytes = -1; ///< heap size in bytes, -1 unknown
    qint64 indexBytes = -1; ///< total index size in bytes, -1 unknown
    int instantRowVersions = -1; ///< MySQL INFORMATION_SCHEMA.INNODB_TABLES.TOTAL_ROW_VERSIONS, -1 unknown

    const CatalogColumn *column(const QString &name) const;
    /// True when some index (or PK/UNIQUE constraint) has exactly `columns` as its leading columns.
    bool hasIndexLeadingWith(const QStringList &columns) const;
    bool isColumnIndexed(const QString &column) const;
    /// True when a validated CHECK (column IS NOT NULL) exists.
    bool hasValidatedNotNullCheck(const QString &column) const;
    bool operator==(const CatalogTable &) const = default;
};

class Catalog
{
public:
    const CatalogTable *table(const QualifiedName &name) const;
    /// Mutable access (for filling the catalog from a live database): the index lookup is rebuilt afterwards.
    CatalogTable *table(const QualifiedName &name);
    CatalogTable &ensure(const QualifiedName &name);
    void remove(const QualifiedName &name);
    /// Updates the catalog with the effect of a statement (CREATE/ALTER/DROP TABLE, CREATE/DROP INDEX).
    void apply(const ParsedStatement &statement);
    /// The table an index (or a named constraint) belongs to, when known. With several candidates the table whose
    /// key sorts first. O(1) on average: an index name lookup, kept up to date by apply().
    QualifiedName tableOfIndex(const QualifiedName &index) const;
    bool isEmpty() const { return m_tables.isEmpty(); }
    const QHash<QString, CatalogTable> &tables() const { return m_tables; }
    /// Same tables with the same contents (the index lookup is not compared).
    bool operator==(const Catalog &o) const { return m_tables == o.m_tables; }
    /// Keys (table names without schema) whose table differs between the two catalogs, or is in only one.
    QStringList differingTables(const Catalog &other) const;
    /// Makes the tables under `keys` what they are in `other` (copied, or removed when `other` has none).
    void copyTables(const Catalog &other, const QStringList &keys);

private:
    CatalogTable &ensureTable(const QualifiedName &name);
    CatalogTable *findTable(const QualifiedName &name);
    void noteNames(const QString &key, const CatalogTable &t);
    void noteName(const QString &name, const QString &key);

    QHash<QString, CatalogTable> m_tables; // key: table name (without schema)
    // index / constraint name -> keys of tables that may hold it (a superset: candidates are verified on lookup)
    mutable QHash<QString, QStringList> m_indexOwners;
    mutable bool m_indexOwnersValid = true;
};

} // namespace core::sql
