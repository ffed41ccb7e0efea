// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/catalog.h"

using namespace Qt::StringLiterals;

namespace core::sql {

const CatalogColumn *CatalogTable::column(const QString &n) const
{
    for (const CatalogColumn &c : columns)
        if (c.name == n)
            return &c;
    return nullptr;
}

bool CatalogTable::hasIndexLeadingWith(const QStringList &cols) const
{
    if (cols.isEmpty())
        return false;
    auto leads = [&](const QStringList &idx) {
        if (idx.size() < cols.size())
            return false;
        // the FK columns in any order as the leading columns
        for (qsizetype i = 0; i < cols.size(); ++i)
            if (!cols.contains(idx[i]))
                return false;
        return true;
    };
    for (const CatalogIndex &i : indexes)
        if (i.valid && leads(i.columns))
            return true;
    for (const ConstraintDef &c : constraints)
        if ((c.kind == ConstraintKind::PrimaryKey || c.kind == ConstraintKind::Unique || c.kind == ConstraintKind::Index)
            && leads(c.columns))
            return true;
    return false;
}

bool CatalogTable::isColumnIndexed(const QString &col) const
{
    for (const CatalogIndex &i : indexes)
        if (i.columns.contains(col))
            return true;
    for (const ConstraintDef &c : constraints)
        if ((c.kind == ConstraintKind::PrimaryKey || c.kind == ConstraintKind::Unique || c.kind == ConstraintKind::Index)
            && c.columns.contains(col))
            return true;
    return false;
}

bool CatalogTable::hasValidatedNotNullCheck(const QString &col) const
{
    for (const ConstraintDef &c : constraints)
        if (c.kind == ConstraintKind::Check && !c.notValid && c.checkNotNullColumn == col)
            return true;
    return false;
}

const CatalogTable *Catalog::table(const QualifiedName &name) const
{
    auto it = m_tables.constFind(name.name);
    if (it == m_tables.cend() || !it->name.matches(name))
        return nullptr;
    return &*it;
}

CatalogTable *Catalog::findTable(const QualifiedName &name)
{
    auto it = m_tables.find(name.name);
    if (it == m_tables.end() || !it->name.matches(name))
        return nullptr;
    return &*it;
}

CatalogTable *Catalog::table(const QualifiedName &name)
{
    m_indexOwnersValid = false; // the caller may add indexes or constraints
    return findTable(name);
}

CatalogTable &Catalog::ensureTable(const QualifiedName &name)
{
    CatalogTable &t = m_tables[name.name];
    if (t.name.isEmpty())
        t.name = name;
    return t;
}

CatalogTable &Catalog::ensure(const QualifiedName &name)
{
    m_indexOwnersValid = false;
    return ensureTable(name);
}

void Catalog::remove(const QualifiedName &name)
{
    if (findTable(name))
        m_tables.remove(name.name); // stale candidates in m_indexOwners are dropped on lookup
}

void Catalog::noteName(const QString &name, const QString &key)
{
    if (name.isEmpty() || !m_indexOwnersValid)
        return;
    QStringList &owners = m_indexOwners[name];
    if (!owners.contains(key))
        owners << key;
}

void Catalog::noteNames(const QString &key, const CatalogTable &t)
{
    for (const CatalogIndex &i : t.indexes)
        noteName(i.name, key);
    for (const ConstraintDef &c : t.constraints)
        noteName(c.name, key);
}

QualifiedName Catalog::tableOfIndex(const QualifiedName &index) const
{
    if (!m_indexOwnersValid) {
        m_indexOwners.clear();
        m_indexOwnersValid = true;
        for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it) {
            for (const CatalogIndex &i : it->indexes)
                if (!i.name.isEmpty() && !m_indexOwners[i.name].contains(it.key()))
                    m_indexOwners[i.name] << it.key();
            for (const ConstraintDef &c : it->constraints)
                if (!c.name.isEmpty() && !m_indexOwners[c.name].contains(it.key()))
                    m_indexOwners[c.name] << it.key();
        }
    }
    auto owners = m_indexOwners.find(index.name);
    if (owners == m_indexOwners.end())
        return {};
    const QString *best = nullptr;
    QStringList &keys = *owners;
    for (qsizetype k = 0; k < keys.size();) {
        auto t = m_tables.constFind(keys[k]);
        bool holds = false;
        if (t != m_tables.cend()) {
            for (const CatalogIndex &i : t->indexes)
                holds = holds || i.name == index.name;
            for (const ConstraintDef &c : t->constraints)
                holds = holds || (!c.name.isEmpty() && c.name == index.name);
        }
        if (!holds) {
            keys.removeAt(k); // stale candidate
            continue;
        }
        if (!best || keys[k] < *best)
            best = &keys[k];
        ++k;
    }
    if (!best) {
        m_indexOwners.erase(owners);
        return {};
    }
    return m_tables.value(*best).name;
}

QStringList Catalog::differingTables(const Catalog &other) const
{
    QStringList keys;
    for (auto it = m_tables.cbegin(); it != m_tables.cend(); ++it) {
        auto o = other.m_tables.constFind(it.key());
        if (o == other.m_tables.cend() || !(*o == *it))
            keys << it.key();
    }
    for (auto it = other.m_tables.cbegin(); it != other.m_tables.cend(); ++it)
        if (!m_tables.contains(it.key()))
            keys << it.key();
    return keys;
}

void Catalog::copyTables(const Catalog &other, const QStringList &keys)
{
    for (const QString &key : keys) {
        auto o = other.m_tables.constFind(key);
        if (o == other.m_tables.cend()) {
            m_tables.remove(key); // stale candidates in m_indexOwners are dropped on lookup
        } else {
            m_tables.insert(key, *o);
            noteNames(key, *o);
        }
    }
}

void Catalog::apply(const ParsedStatement &s)
{
    using K = AlterAction::Kind;
    switch (s.kind) {
    case StatementKind::CreateTable: {
        if (s.target.isEmpty())
            return;
        CatalogTable &t = ensureTable(s.target);
        t.columns.clear();
        t.constraints = s.constraints;
        for (ConstraintDef &c : t.constraints) {
            c.offset = c.length = 0; // the catalog holds no positions: equal schemas compare equal
            noteName(c.name, s.target.name);
        }
        t.partitioned = s.partitioned;
        for (const ColumnDef &c : s.columns)
            t.columns << CatalogColumn{c.name, c.type, c.notNull || c.primaryKey};
        if (t.rows < 0)
            t.rows = 0;
        return;
    }
    case StatementKind::DropTable:
        for (const QualifiedName &n : s.names)
            remove(n);
        return;
    case StatementKind::CreateIndex: {
        if (s.table.isEmpty())
            return;
        CatalogTable *t = &ensureTable(s.table);
        t->indexes << CatalogIndex{s.target.name, s.indexColumns, s.unique, true, -1};
        noteName(s.target.name, s.table.name);
        return;
    }
    case StatementKind::DropIndex:
        for (const QualifiedName &n : s.names) {
            // every table holding an index of that name (the old full scan, through the lookup)
            if (!m_indexOwnersValid)
                tableOfIndex(n);
            const QStringList owners = m_indexOwners.value(n.name);
            for (const QString &key : owners) {
                auto it = m_tables.find(key);
                if (it != m_tables.end())
                    it->indexes.removeIf([&](const CatalogIndex &i) { return i.name == n.name; });
            }
        }
        return;
    case StatementKind::AlterTable: {
        if (s.target.isEmpty())
            return;
        CatalogTable *t = &ensureTable(s.target); // a table of the existing schema we knew nothing about yet
        for (const AlterAction &a : s.actions) {
            switch (a.kind) {
            case K::AddColumn:
                if (!t->column(a.column))
                    t->columns << CatalogColumn{a.column, a.columnDef.type, a.columnDef.notNull};
                break;
            case K::DropColumn:
                t->columns.removeIf([&](const CatalogColumn &c) { return c.name == a.column; });
                break;
            case K::AlterColumnType:
                for (CatalogColumn &c : t->columns)
                    if (c.name == a.column)
                        c.type = a.type;
                break;
            case K::ModifyColumn:
                for (CatalogColumn &c : t->columns)
                    if (c.name == a.column) {
                        c.type = a.columnDef.type;
                        c.notNull = a.columnDef.notNull;
                        if (!a.newName.isEmpty())
                            c.name = a.newName;
                    }
                break;
            case K::SetNotNull:
            case K::DropNotNull:
                for (CatalogColumn &c : t->columns)
                    if (c.name == a.column)
                        c.notNull = a.kind == K::SetNotNull;
                break;
            case K::RenameColumn:
                for (CatalogColumn &c : t->columns)
                    if (c.name == a.column)
                        c.name = a.newName;
                break;
            case K::AddConstraint:
            case K::AddIndex:
                t->constraints << a.constraint;
                t->constraints.last().offset = t->constraints.last().length = 0;
                noteName(a.constraint.name, s.target.name);
                break;
            case K::ValidateConstraint:
                for (ConstraintDef &c : t->constraints)
                    if (c.name == a.constraint.name)
                        c.notValid = false;
                break;
            case K::DropConstraint:
            case K::DropForeignKey:
                t->constraints.removeIf([&](const ConstraintDef &c) { return c.name == a.constraint.name; });
                break;
            case K::RenameTable: {
                CatalogTable copy = *t;
                remove(s.target);
                copy.name = QualifiedName{{}, a.newName.section(u'.', -1)};
                m_tables.insert(copy.name.name, copy);
                noteNames(copy.name.name, copy);
                return;
            }
            default:
                break;
            }
        }
        return;
    }
    default:
        return;
    }
}

} // namespace core::sql
