// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/lockmodel.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace core::sql {

QString pgLockName(PgLockMode mode)
{
    switch (mode) {
    case PgLockMode::None: return QString();
    case PgLockMode::AccessShare: return u"ACCESS SHARE"_s;
    case PgLockMode::RowShare: return u"ROW SHARE"_s;
    case PgLockMode::RowExclusive: return u"ROW EXCLUSIVE"_s;
    case PgLockMode::ShareUpdateExclusive: return u"SHARE UPDATE EXCLUSIVE"_s;
    case PgLockMode::Share: return u"SHARE"_s;
    case PgLockMode::ShareRowExclusive: return u"SHARE ROW EXCLUSIVE"_s;
    case PgLockMode::Exclusive: return u"EXCLUSIVE"_s;
    case PgLockMode::AccessExclusive: return u"ACCESS EXCLUSIVE"_s;
    }
    return QString();
}

QString pgLockBlocks(PgLockMode mode)
{
    switch (mode) {
    case PgLockMode::None: return QString();
    case PgLockMode::AccessShare: return u"blocks only ACCESS EXCLUSIVE locks (DDL that rewrites or drops)"_s;
    case PgLockMode::RowShare: return u"blocks EXCLUSIVE and ACCESS EXCLUSIVE locks until commit"_s;
    case PgLockMode::RowExclusive: return u"blocks CREATE INDEX and most DDL until commit; reads and writes continue"_s;
    case PgLockMode::ShareUpdateExclusive:
        return u"blocks other DDL, VACUUM and ANALYZE until commit; reads and writes continue"_s;
    case PgLockMode::Share: return u"blocks writes (INSERT, UPDATE, DELETE) until commit; reads continue"_s;
    case PgLockMode::ShareRowExclusive: return u"blocks writes and other DDL until commit; reads continue"_s;
    case PgLockMode::Exclusive: return u"blocks writes and SELECT … FOR UPDATE until commit; plain reads continue"_s;
    case PgLockMode::AccessExclusive: return u"blocks all reads and writes until commit"_s;
    }
    return QString();
}

PgLockMode pgLockFromCatalogName(QStringView name)
{
    static const QHash<QString, PgLockMode> map = {
        {u"AccessShareLock"_s, PgLockMode::AccessShare},
        {u"RowShareLock"_s, PgLockMode::RowShare},
        {u"RowExclusiveLock"_s, PgLockMode::RowExclusive},
        {u"ShareUpdateExclusiveLock"_s, PgLockMode::ShareUpdateExclusive},
        {u"ShareLock"_s, PgLockMode::Share},
        {u"ShareRowExclusiveLock"_s, PgLockMode::ShareRowExclusive},
        {u"ExclusiveLock"_s, PgLockMode::Exclusive},
        {u"AccessExclusiveLock"_s, PgLockMode::AccessExclusive},
    };
    return map.value(name.toString(), PgLockMode::None);
}

bool pgLocksConflict(PgLockMode a, PgLockMode b)
{
    // The conflict matrix of the PostgreSQL manual (explicit-locking.html, table 13.2).
    static constexpr quint16 conflicts[] = {
        0,
        1u << 8,
        (1u << 7) | (1u << 8),
        (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8),
        (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8),
        (1u << 3) | (1u << 4) | (1u << 6) | (1u << 7) | (1u << 8),
        (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8),
        (1u << 2) | (1u << 3) | (1u << 4) | (1u << 5) | (1u << 6) | (1u << 7) | (1u << 8),
        0x1FE,
    };
    return (conflicts[int(a)] >> int(b)) & 1u;
}

QString mySqlAlgorithmName(MySqlAlgorithm a)
{
    switch (a) {
    case MySqlAlgorithm::None: return QString();
    case MySqlAlgorithm::Instant: return u"INSTANT"_s;
    case MySqlAlgorithm::Nocopy: return u"NOCOPY"_s;
    case MySqlAlgorithm::Inplace: return u"INPLACE"_s;
    case MySqlAlgorithm::Copy: return u"COPY"_s;
    }
    return QString();
}

QString mySqlLockName(MySqlLockLevel l)
{
    switch (l) {
    case MySqlLockLevel::None: return u"NONE"_s;
    case MySqlLockLevel::Shared: return u"SHARED"_s;
    case MySqlLockLevel::Exclusive: return u"EXCLUSIVE"_s;
    }
    return QString();
}

QString TargetServer::toString() const
{
    QString s = QString::number(major);
    if (!isPostgres() || major < 10)
        s += u'.' + QString::number(minor);
    if (patch >= 0)
        s += u'.' + QString::number(patch);
    return s;
}

TargetServer TargetServer::defaultFor(SqlDialect dialect)
{
    switch (dialect) {
    case SqlDialect::MySQL: return {dialect, 8, 4, -1};
    case SqlDialect::MariaDB: return {dialect, 11, 8, -1};
    case SqlDialect::SQLite: return {dialect, 3, 45, -1};
    case SqlDialect::PostgreSQL: break;
    }
    return {SqlDialect::PostgreSQL, 17, 0, -1};
}

std::optional<TargetServer> TargetServer::parse(SqlDialect dialect, const QString &version)
{
    if (version.trimmed().isEmpty())
        return defaultFor(dialect);
    static const QRegularExpression re(u"^\\s*(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?\\s*$"_s);
    const auto m = re.match(version);
    if (!m.hasMatch())
        return std::nullopt;
    TargetServer t{dialect, m.captured(1).toInt(), m.captured(2).isEmpty() ? 0 : m.captured(2).toInt(),
                   m.captured(3).isEmpty() ? -1 : m.captured(3).toInt()};
    if (dialect == SqlDialect::PostgreSQL) {
        if (t.major < 11 && t.major != 10 && t.major != 9)
            return std::nullopt;
        if (t.major > 18)
            return std::nullopt;
    } else if (dialect == SqlDialect::MySQL) {
        if (t.major < 5 || t.major > 9)
            return std::nullopt;
    } else if (dialect == SqlDialect::MariaDB) {
        if (t.major < 10 || t.major > 12)
            return std::nullopt;
    }
    return t;
}

PgLockMode LockEffect::strongest() const
{
    PgLockMode m = PgLockMode::None;
    for (const TableLock &l : locks)
        m = std::max(m, l.mode);
    return m;
}

PgLockMode LockEffect::modeOn(const QualifiedName &table) const
{
    for (const TableLock &l : locks)
        if (l.table.matches(table))
            return l.mode;
    return PgLockMode::None;
}

void LockEffect::add(const QualifiedName &table, PgLockMode mode, bool isIndex)
{
    if (table.isEmpty() || mode == PgLockMode::None)
        return;
    for (TableLock &l : locks) {
        if (l.table == table) {
            l.mode = std::max(l.mode, mode);
            return;
        }
    }
    locks << TableLock{table, mode, isIndex};
}

namespace {

bool sueRelOption(const QString &opt)
{
    // AlterTableGetRelOptionsLockLevel: these take SHARE UPDATE EXCLUSIVE; everything else ACCESS EXCLUSIVE.
    static const QStringList sue = {
        u"fillfactor"_s, u"parallel_workers"_s, u"toast_tuple_target"_s, u"vacuum_index_cleanup"_s,
        u"vacuum_truncate"_s, u"log_autovacuum_min_duration"_s, u"user_catalog_table"_s,
    };
    QString o = opt;
    if (o.startsWith(u"toast."_s))
        o = o.mid(6);
    return o.startsWith(u"autovacuum_"_s) || sue.contains(o);
}

} // namespace

PgLockMode alterActionLockLevel(const AlterAction &a, const TargetServer &target)
{
    using K = AlterAction::Kind;
    switch (a.kind) {
    case K::SetStatistics:
    case K::SetAttributeOptions:
    case K::ClusterOn:
    case K::SetWithoutCluster:
    case K::ValidateConstraint:
        return PgLockMode::ShareUpdateExclusive;
    case K::AttachPartition:
        return target.atLeast(12) ? PgLockMode::ShareUpdateExclusive : PgLockMode::AccessExclusive;
    case K::DetachPartition:
        return (a.concurrently || a.finalize) ? PgLockMode::ShareUpdateExclusive : PgLockMode::AccessExclusive;
    case K::EnableDisableTrigger:
        return PgLockMode::ShareRowExclusive;
    case K::AddConstraint:
        return a.constraint.kind == ConstraintKind::ForeignKey ? PgLockMode::ShareRowExclusive
                                                               : PgLockMode::AccessExclusive;
    case K::SetRelOptions: {
        if (a.options.isEmpty())
            return PgLockMode::AccessExclusive;
        for (const QString &o : a.options)
            if (!sueRelOption(o))
                return PgLockMode::AccessExclusive;
        return PgLockMode::ShareUpdateExclusive;
    }
    default:
        return PgLockMode::AccessExclusive;
    }
}

bool isBinaryCoercible(const TypeRef &from, const TypeRef &to)
{
    if (from.isEmpty() || to.isEmpty() || from.isArray != to.isArray)
        return false;
    const QString f = from.name, t = to.name;
    auto widened = [&] {
        if (to.modifiers.isEmpty())
            return true;
        if (from.modifiers.isEmpty())
            return false;
        return to.modifiers.first() >= from.modifiers.first();
    };
    if (f == t) {
        if (f == u"numeric"_s) {
            if (to.modifiers.isEmpty())
                return true;
            if (from.modifiers.isEmpty())
                return false;
            const int fs = from.modifiers.value(1, 0), ts = to.modifiers.value(1, 0);
            return fs == ts && to.modifiers.first() >= from.modifiers.first();
        }
        if (f == u"varchar"_s || f == u"varbit"_s)
            return widened();
        return from.modifiers == to.modifiers;
    }
    if ((f == u"varchar"_s || f == u"text"_s) && t == u"text"_s)
        return true;
    if (f == u"text"_s && t == u"varchar"_s && to.modifiers.isEmpty())
        return true;
    if (f == u"varchar"_s && t == u"varchar"_s)
        return widened();
    if (f == u"cidr"_s && t == u"inet"_s)
        return true;
    if ((f == u"xml"_s || f == u"json"_s) && t == u"text"_s)
        return true;
    return false;
}

namespace {

using K = AlterAction::Kind;

void pgAlterTable(const ParsedStatement &s, const TargetServer &target, const LockContext &ctx, LockEffect &e)
{
    PgLockMode mode = PgLockMode::None;
    const CatalogTable *known = ctx.catalog ? ctx.catalog->table(s.target) : nullptr;
    for (const AlterAction &a : s.actions) {
        mode = std::max(mode, alterActionLockLevel(a, target));
        switch (a.kind) {
        case K::AddColumn: {
            const ColumnDef &c = a.columnDef;
            if (c.volatileDefault || c.generated == GeneratedKind::Stored || c.identity || c.serial
                || (c.hasDefault && !target.atLeast(11)))
                e.rewrite = true;
            if (c.primaryKey || c.unique)
                e.indexBuild = true;
            if (c.hasCheck || (c.notNull && !c.hasDefault && !c.identity && !c.serial))
                e.scan = true;
            if (!c.references.isEmpty()) {
                e.scan = true;
                e.add(c.references, PgLockMode::ShareRowExclusive);
            }
            break;
        }
        case K::AlterColumnType: {
            const CatalogColumn *col = known ? known->column(a.column) : nullptr;
            if (a.hasUsing)
                e.rewrite = true;
            else if (col)
                e.rewrite = e.rewrite || !isBinaryCoercible(col->type, a.type);
            else {
                e.rewrite = true;
                e.uncertain = true;
            }
            break;
        }
        case K::SetExpression:
        case K::SetTablespace:
        case K::SetLogged:
        case K::SetUnlogged:
        case K::SetAccessMethod:
            e.rewrite = true;
            break;
        case K::SetNotNull: {
            const bool provenByCheck = target.atLeast(12) && known && known->hasValidatedNotNullCheck(a.column);
            if (!provenByCheck)
                e.scan = true;
            break;
        }
        case K::AddConstraint: {
            const ConstraintDef &c = a.constraint;
            switch (c.kind) {
            case ConstraintKind::Check:
            case ConstraintKind::NotNull:
                if (!c.notValid)
                    e.scan = true;
                break;
            case ConstraintKind::ForeignKey:
                if (!c.notValid)
                    e.scan = true;
                e.add(c.refTable, PgLockMode::ShareRowExclusive);
                break;
            case ConstraintKind::PrimaryKey:
            case ConstraintKind::Unique:
            case ConstraintKind::Exclude:
            case ConstraintKind::Index:
                if (c.usingIndex.isEmpty())
                    e.indexBuild = true;
                else if (c.kind == ConstraintKind::PrimaryKey) {
                    // PK USING INDEX on nullable columns implies SET NOT NULL: a scan
                    bool allNotNull = false;
                    if (known)
                        for (const CatalogIndex &i : known->indexes)
                            if (i.name == c.usingIndex) {
                                allNotNull = true;
                                for (const QString &colName : i.columns)
                                    if (const CatalogColumn *col = known->column(colName); !col || !col->notNull)
                                        allNotNull = false;
                            }
                    if (!allNotNull)
                        e.scan = true;
                }
                break;
            }
            break;
        }
        case K::ValidateConstraint: {
            e.scan = true;
            if (known)
                for (const ConstraintDef &c : known->constraints)
                    if (c.name == a.constraint.name && c.kind == ConstraintKind::ForeignKey)
                        e.add(c.refTable, PgLockMode::RowShare);
            break;
        }
        case K::AttachPartition:
            e.add(a.partition, PgLockMode::AccessExclusive);
            e.scan = true;
            break;
        case K::DetachPartition:
            if (a.concurrently) {
                e.transactional = false;
                e.add(a.partition, PgLockMode::ShareUpdateExclusive);
            } else {
                e.add(a.partition, PgLockMode::AccessExclusive);
            }
            break;
        default:
            break;
        }
    }
    if (mode == PgLockMode::None)
        mode = PgLockMode::AccessExclusive;
    // the table itself first
    e.locks.prepend(TableLock{s.target, mode, false});
    for (qsizetype i = 1; i < e.locks.size(); ++i)
        if (e.locks[i].table == s.target) {
            e.locks[0].mode = std::max(e.locks[0].mode, e.locks[i].mode);
            e.locks.removeAt(i--);
        }
}

bool varcharLengthBytesChange(const TypeRef &from, const TypeRef &to)
{
    // utf8mb4: 4 bytes per character; the length prefix grows from 1 to 2 bytes at 256 bytes.
    const int f = from.modifiers.value(0, 0) * 4, t = to.modifiers.value(0, 0) * 4;
    return (f < 256) != (t < 256);
}

struct MyOp
{
    MySqlAlgorithm algorithm;
    MySqlLockLevel lock;
    bool rebuild;
};

MyOp mysqlAction(const AlterAction &a, const TargetServer &target, const LockContext &ctx, const CatalogTable *known,
                 LockEffect &e)
{
    const bool maria = target.isMariaDb();
    const MySqlAlgorithm nocopy = maria ? MySqlAlgorithm::Nocopy : MySqlAlgorithm::Inplace;
    const bool instantAddAnywhere = maria || target.atLeast(8, 0, 29);
    const bool instantAdd = maria || target.atLeast(8, 0, 12);
    const bool instantDrop = maria || target.atLeast(8, 0, 29);
    const bool instantRename = maria || target.atLeast(8, 0, 28);
    const MyOp instant{MySqlAlgorithm::Instant, MySqlLockLevel::None, false};
    const MyOp inplace{MySqlAlgorithm::Inplace, MySqlLockLevel::None, false};
    const MyOp rebuild{MySqlAlgorithm::Inplace, MySqlLockLevel::None, true};
    const MyOp copy{MySqlAlgorithm::Copy, MySqlLockLevel::Shared, true};
    switch (a.kind) {
    case K::AddColumn: {
        const ColumnDef &c = a.columnDef;
        if (c.generated == GeneratedKind::Stored)
            return copy;
        if (c.autoIncrement)
            return {MySqlAlgorithm::Inplace, MySqlLockLevel::Shared, true};
        if (c.primaryKey)
            return rebuild;
        if (c.unique)
            return {nocopy, MySqlLockLevel::None, false};
        if (instantAdd && (!c.firstOrAfter || instantAddAnywhere)) {
            e.mysqlInstantColumnChange = true;
            return instant;
        }
        return rebuild;
    }
    case K::DropColumn:
        if (instantDrop) {
            e.mysqlInstantColumnChange = true;
            return instant;
        }
        return rebuild;
    case K::RenameColumn:
        return instantRename ? instant : inplace;
    case K::SetDefault:
    case K::DropDefault:
    case K::RenameTable:
        return instant;
    case K::AlterColumnType:
    case K::ModifyColumn: {
        const CatalogColumn *col = known ? known->column(a.column) : nullptr;
        if (!col) {
            e.uncertain = true;
            return copy;
        }
        const TypeRef &from = col->type, &to = a.columnDef.type.isEmpty() ? a.type : a.columnDef.type;
        if (from.name == to.name && from.modifiers == to.modifiers && from.isArray == to.isArray) {
            if (col->notNull != a.columnDef.notNull)
                return rebuild; // nullability change
            return a.columnDef.firstOrAfter ? rebuild : instant;
        }
        if (from.name == u"varchar"_s && to.name == u"varchar"_s && to.modifiers.value(0) >= from.modifiers.value(0)
            && !varcharLengthBytesChange(from, to))
            return maria ? instant : inplace;
        if (from.name == u"enum"_s && to.name == u"enum"_s)
            return instant;
        return copy;
    }
    case K::AddIndex:
        if (a.constraint.fulltext || a.constraint.spatial)
            return {MySqlAlgorithm::Inplace, MySqlLockLevel::Shared, false};
        return {nocopy, MySqlLockLevel::None, false};
    case K::AddConstraint:
        switch (a.constraint.kind) {
        case ConstraintKind::PrimaryKey:
            return rebuild;
        case ConstraintKind::Unique:
        case ConstraintKind::Index:
            return {nocopy, MySqlLockLevel::None, false};
        case ConstraintKind::ForeignKey:
            return ctx.foreignKeyChecksOff ? MyOp{nocopy, MySqlLockLevel::None, false} : copy;
        default:
            return copy;
        }
    case K::DropIndex:
    case K::RenameIndex:
        return {nocopy, MySqlLockLevel::None, false};
    case K::DropForeignKey:
    case K::DropConstraint:
        return maria ? instant : inplace;
    case K::DropPrimaryKey:
        return copy;
    case K::AutoIncrementValue:
        return maria ? instant : inplace;
    case K::Force:
    case K::Engine:
    case K::RowFormat:
        return rebuild;
    case K::ConvertCharset:
        return copy;
    case K::PartitionOp:
        return copy;
    case K::Algorithm:
    case K::LockOption:
    case K::TableOption:
        return {MySqlAlgorithm::None, MySqlLockLevel::None, false};
    default:
        return copy;
    }
}

void mysqlCombine(LockEffect &e, const MyOp &op)
{
    if (op.algorithm > e.algorithm)
        e.algorithm = op.algorithm;
    e.mysqlLock = std::max(e.mysqlLock, op.lock);
    e.mysqlRebuild = e.mysqlRebuild || op.rebuild;
}

void mysqlFinish(LockEffect &e, const TargetServer &target, const ParsedStatement &s)
{
    // MariaDB 11.2+ can run COPY with LOCK=NONE (online copy).
    if (target.isMariaDb() && target.atLeast(11, 2) && e.algorithm == MySqlAlgorithm::Copy)
        e.mysqlLock = MySqlLockLevel::None;
    // INSTANT ADD/DROP COLUMN cannot combine with non-instant actions
    if (e.mysqlInstantColumnChange && e.algorithm != MySqlAlgorithm::Instant)
        e.mysqlInstantColumnChange = false;
    e.rewrite = e.mysqlRebuild;
    e.transactional = false; // DDL commits implicitly
    Q_UNUSED(s);
}

LockEffect mysqlEffect(const ParsedStatement &s, const TargetServer &target, const LockContext &ctx)
{
    LockEffect e;
    const CatalogTable *known = ctx.catalog ? ctx.catalog->table(s.target) : nullptr;
    switch (s.kind) {
    case StatementKind::AlterTable:
        for (const AlterAction &a : s.actions)
            mysqlCombine(e, mysqlAction(a, target, ctx, known, e));
        if (e.algorithm == MySqlAlgorithm::None)
            e.algorithm = MySqlAlgorithm::Instant;
        e.add(s.target, PgLockMode::AccessExclusive);
        mysqlFinish(e, target, s);
        e.indexBuild = std::any_of(s.actions.cbegin(), s.actions.cend(), [](const AlterAction &a) {
            return a.kind == K::AddIndex
                || (a.kind == K::AddConstraint && a.constraint.kind != ConstraintKind::Check
                    && a.constraint.kind != ConstraintKind::ForeignKey);
        });
        break;
    case StatementKind::CreateIndex:
        e.indexBuild = true;
        if (s.fulltext || s.spatial)
            mysqlCombine(e, {MySqlAlgorithm::Inplace, MySqlLockLevel::Shared, false});
        else
            mysqlCombine(e, {target.isMariaDb() ? MySqlAlgorithm::Nocopy : MySqlAlgorithm::Inplace,
                             MySqlLockLevel::None, false});
        e.add(s.table, PgLockMode::AccessExclusive);
        mysqlFinish(e, target, s);
        break;
    case StatementKind::DropIndex:
        mysqlCombine(e, {target.isMariaDb() ? MySqlAlgorithm::Nocopy : MySqlAlgorithm::Inplace, MySqlLockLevel::None,
                         false});
        for (const QualifiedName &n : s.names)
            e.add(n, PgLockMode::AccessExclusive);
        mysqlFinish(e, target, s);
        break;
    case StatementKind::Optimize:
        mysqlCombine(e, {MySqlAlgorithm::Inplace, MySqlLockLevel::None, true});
        for (const QualifiedName &n : s.names)
            e.add(n, PgLockMode::AccessExclusive);
        mysqlFinish(e, target, s);
        break;
    case StatementKind::RenameTable:
    case StatementKind::DropTable:
    case StatementKind::Truncate:
        for (const QualifiedName &n : s.names)
            e.add(n, PgLockMode::AccessExclusive);
        e.transactional = false;
        break;
    case StatementKind::Insert:
    case StatementKind::Update:
    case StatementKind::Delete:
    case StatementKind::Merge:
        e.add(s.target, PgLockMode::RowExclusive);
        e.scan = s.kind != StatementKind::Insert;
        break;
    default:
        if (s.isDdl())
            e.transactional = false;
        break;
    }
    return e;
}

} // namespace

LockEffect computeLockEffect(const ParsedStatement &s, const TargetServer &target, const LockContext &ctx)
{
    if (isMySqlFamily(target.dialect))
        return mysqlEffect(s, target, ctx);
    LockEffect e;
    if (target.dialect == SqlDialect::SQLite) {
        if (s.isDdl() || s.isDml())
            for (const QualifiedName &n : s.names)
                e.add(n, PgLockMode::AccessExclusive);
        return e;
    }
    const auto each = [&](PgLockMode m) {
        for (const QualifiedName &n : s.names)
            e.add(n, m);
    };
    switch (s.kind) {
    case StatementKind::CreateTable:
        e.add(s.target, PgLockMode::AccessExclusive);
        if (!s.partitionOf.isEmpty())
            e.add(s.partitionOf, PgLockMode::AccessExclusive);
        for (const ConstraintDef &c : s.constraints)
            if (c.kind == ConstraintKind::ForeignKey)
                e.add(c.refTable, PgLockMode::ShareRowExclusive);
        break;
    case StatementKind::AlterTable:
        pgAlterTable(s, target, ctx, e);
        break;
    case StatementKind::DropTable:
    case StatementKind::Truncate:
    case StatementKind::Cluster:
    case StatementKind::DropMaterializedView:
    case StatementKind::DropView:
    case StatementKind::RenameTable:
        each(PgLockMode::AccessExclusive);
        if (s.kind == StatementKind::Cluster) {
            e.rewrite = true;
            e.transactional = !s.target.isEmpty();
        }
        break;
    case StatementKind::CreateIndex:
        e.indexBuild = true;
        e.add(s.table, s.concurrently ? PgLockMode::ShareUpdateExclusive : PgLockMode::Share);
        if (s.concurrently)
            e.transactional = false;
        break;
    case StatementKind::DropIndex: {
        for (const QualifiedName &n : s.names) {
            const QualifiedName t = ctx.catalog ? ctx.catalog->tableOfIndex(n) : QualifiedName{};
            const PgLockMode m = s.concurrently ? PgLockMode::ShareUpdateExclusive : PgLockMode::AccessExclusive;
            if (!t.isEmpty())
                e.add(t, m);
            e.add(n, PgLockMode::AccessExclusive, true);
        }
        if (s.concurrently)
            e.transactional = false;
        break;
    }
    case StatementKind::AlterIndex:
        e.add(s.target, PgLockMode::AccessExclusive, true);
        break;
    case StatementKind::Reindex: {
        const bool index = s.reindexTarget == u"index"_s;
        if (s.concurrently) {
            e.add(s.target, PgLockMode::ShareUpdateExclusive, index);
            e.transactional = false;
        } else if (index) {
            const QualifiedName t = ctx.catalog ? ctx.catalog->tableOfIndex(s.target) : QualifiedName{};
            if (!t.isEmpty())
                e.add(t, PgLockMode::Share);
            e.add(s.target, PgLockMode::AccessExclusive, true);
        } else {
            e.add(s.target, PgLockMode::Share);
        }
        if (s.reindexTarget == u"schema"_s || s.reindexTarget == u"database"_s || s.reindexTarget == u"system"_s)
            e.transactional = false;
        e.indexBuild = true;
        break;
    }
    case StatementKind::Vacuum:
        each(s.full ? PgLockMode::AccessExclusive : PgLockMode::ShareUpdateExclusive);
        e.rewrite = s.full;
        e.scan = !s.full;
        e.transactional = false;
        break;
    case StatementKind::Analyze:
        each(PgLockMode::ShareUpdateExclusive);
        e.scan = true;
        break;
    case StatementKind::Comment:
        each(PgLockMode::ShareUpdateExclusive);
        break;
    case StatementKind::Lock: {
        static const QHash<QString, PgLockMode> modes = {
            {u"ACCESS SHARE"_s, PgLockMode::AccessShare},
            {u"ROW SHARE"_s, PgLockMode::RowShare},
            {u"ROW EXCLUSIVE"_s, PgLockMode::RowExclusive},
            {u"SHARE UPDATE EXCLUSIVE"_s, PgLockMode::ShareUpdateExclusive},
            {u"SHARE"_s, PgLockMode::Share},
            {u"SHARE ROW EXCLUSIVE"_s, PgLockMode::ShareRowExclusive},
            {u"EXCLUSIVE"_s, PgLockMode::Exclusive},
            {u"ACCESS EXCLUSIVE"_s, PgLockMode::AccessExclusive},
        };
        each(modes.value(s.lockMode, PgLockMode::AccessExclusive));
        break;
    }
    case StatementKind::Insert:
    case StatementKind::Update:
    case StatementKind::Delete:
    case StatementKind::Merge:
        each(PgLockMode::RowExclusive);
        e.scan = s.kind != StatementKind::Insert;
        break;
    case StatementKind::CreateTrigger:
        e.add(s.table, PgLockMode::ShareRowExclusive);
        break;
    case StatementKind::DropTrigger:
        e.add(s.table, PgLockMode::AccessExclusive);
        break;
    case StatementKind::RefreshMaterializedView:
        each(s.concurrently ? PgLockMode::Exclusive : PgLockMode::AccessExclusive);
        e.rewrite = true;
        break;
    case StatementKind::AlterType:
        if (!s.addValue.isEmpty() && !target.atLeast(12))
            e.transactional = false;
        break;
    case StatementKind::CreateDatabase:
    case StatementKind::DropDatabase:
        e.transactional = false;
        break;
    default:
        break;
    }
    return e;
}

} // namespace core::sql
