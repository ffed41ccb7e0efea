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

CatalogTable *Catalog::table(const QualifiedName &name)
{
    auto it = m_tables.find(name.name);
    if (it == m_tables.end() || !it->name.matches(name))
        return nullptr;
    return &*it;
}

CatalogTable &Catalog::ensure(const QualifiedName &name)
{
    CatalogTable &t = m_tables[name.name];
    if (t.name.isEmpty())
        t.name = name;
    return t;
}

void Catalog::remove(const QualifiedName &name)
{
    if (table(name))
        m_tables.remove(name.name);
}

QualifiedName Catalog::tableOfIndex(const QualifiedName &index) const
{
    for (const CatalogTable &t : m_tables) {
        for (const CatalogIndex &i : t.indexes)
            if (i.name == index.name)
                return t.name;
        for (const ConstraintDef &c : t.constraints)
            if (!c.name.isEmpty() && c.name == index.name)
                return t.name;
    }
    return {};
}

void Catalog::apply(const ParsedStatement &s)
{
    using K = AlterAction::Kind;
    switch (s.kind) {
    case StatementKind::CreateTable: {
        if (s.target.isEmpty())
            return;
        CatalogTable &t = ensure(s.target);
        t.columns.clear();
        t.constraints = s.constraints;
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
        CatalogTable *t = &ensure(s.table);
        t->indexes << CatalogIndex{s.target.name, s.indexColumns, s.unique, true, -1};
        return;
    }
    case StatementKind::DropIndex:
        for (const QualifiedName &n : s.names)
            for (CatalogTable &t : m_tables)
                t.indexes.removeIf([&](const CatalogIndex &i) { return i.name == n.name; });
        return;
    case StatementKind::AlterTable: {
        if (s.target.isEmpty())
            return;
        CatalogTable *t = &ensure(s.target); // a table of the existing schema we knew nothing about yet
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
