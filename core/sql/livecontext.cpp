// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sql/livecontext.h"

#include "core/logging.h"
#include "core/sql/lexer.h"
#include "core/sql/parser.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <pqxx/pqxx>

using namespace Qt::StringLiterals;

namespace core::sql {

namespace {

QString qs(const pqxx::field &f)
{
    return f.is_null() ? QString() : QString::fromStdString(f.as<std::string>());
}

/// A type as the catalog prints it (format_type) → TypeRef, through the same parser as migrations.
TypeRef typeFromText(const QString &text, SqlDialect dialect)
{
    const QByteArray sql = "CREATE TABLE t (c " + text.toUtf8() + ");";
    const Script script = tokenizeAndSplit(sql, dialect);
    const ParsedStatement s = parseStatement(script, 0);
    return s.columns.isEmpty() ? TypeRef{} : s.columns.first().type;
}

constexpr auto pgTables = R"(
SELECT c.oid, n.nspname, c.relname, c.relkind = 'p',
       greatest(c.reltuples, 0)::bigint,
       pg_relation_size(c.oid), pg_indexes_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
ORDER BY 1 LIMIT 20000)";

constexpr auto pgColumns = R"(
SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
ORDER BY a.attrelid, a.attnum)";

constexpr auto pgIndexes = R"(
SELECT i.indrelid, ic.relname, i.indisunique, i.indisvalid, pg_relation_size(i.indexrelid),
       array_to_string(ARRAY(SELECT coalesce(a.attname, '') FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord)
                             LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord), ',')
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%')";

constexpr auto pgConstraints = R"(
SELECT co.conrelid, co.conname, co.contype, co.convalidated, pg_get_constraintdef(co.oid)
FROM pg_constraint co JOIN pg_class c ON c.oid = co.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE co.contype IN ('c', 'f', 'p', 'u', 'x') AND n.nspname NOT IN ('pg_catalog', 'information_schema'))";

Result<LiveContext> fetchPostgres(const ConnectionParams &params, int timeoutSeconds)
{
    ConnectionParams p = params;
    if (p.option(u"connect_timeout"_s).isEmpty())
        p.options << qMakePair(u"connect_timeout"_s, QString::number(std::max(1, timeoutSeconds)));
    try {
        pqxx::connection conn{p.toLibpqConninfo().toStdString()};
        pqxx::read_transaction tx{conn};
        tx.exec("SET LOCAL statement_timeout = " + std::to_string(std::max(1, timeoutSeconds) * 1000));
        LiveContext live;
        const int num = tx.exec("SELECT current_setting('server_version_num')::int").one_row()[0].as<int>();
        live.server = TargetServer{SqlDialect::PostgreSQL, num / 10000, 0, -1};
        QHash<qint64, QualifiedName> byOid;
        for (const auto &row : tx.exec(pgTables)) {
            const QualifiedName name{qs(row[1]), qs(row[2])};
            CatalogTable &t = live.catalog.ensure(name);
            t.partitioned = row[3].as<bool>();
            t.rows = row[4].as<qint64>();
            t.bytes = row[5].as<qint64>();
            t.indexBytes = row[6].as<qint64>();
            byOid.insert(row[0].as<qint64>(), name);
        }
        for (const auto &row : tx.exec(pgColumns)) {
            CatalogTable *t = live.catalog.table(byOid.value(row[0].as<qint64>()));
            if (t)
                t->columns << CatalogColumn{qs(row[1]), typeFromText(qs(row[2]), SqlDialect::PostgreSQL), row[3].as<bool>()};
        }
        for (const auto &row : tx.exec(pgIndexes)) {
            CatalogTable *t = live.catalog.table(byOid.value(row[0].as<qint64>()));
            if (t)
                t->indexes << CatalogIndex{qs(row[1]), qs(row[5]).split(u','), row[2].as<bool>(), row[3].as<bool>(),
                                           row[4].as<qint64>()};
        }
        for (const auto &row : tx.exec(pgConstraints)) {
            CatalogTable *t = live.catalog.table(byOid.value(row[0].as<qint64>()));
            if (!t)
                continue;
            // Parse the definition with our own parser: "FOREIGN KEY (a) REFERENCES b(id)", "CHECK ((x IS NOT NULL))"
            const QByteArray sql = "ALTER TABLE t ADD CONSTRAINT " + qs(row[1]).toUtf8() + ' ' + qs(row[4]).toUtf8() + ';';
            const ParsedStatement s = parseStatement(tokenizeAndSplit(sql, SqlDialect::PostgreSQL), 0);
            if (s.actions.isEmpty())
                continue;
            ConstraintDef c = s.actions.first().constraint;
            c.name = qs(row[1]);
            c.notValid = !row[3].as<bool>();
            t->constraints << c;
        }
        tx.commit();
        return live;
    } catch (const pqxx::broken_connection &e) {
        const QString msg = QString::fromUtf8(e.what()).trimmed();
        return fail(msg.contains(u"password"_s) || msg.contains(u"authentication"_s) ? Error::Code::AuthenticationFailed
                                                                                       : Error::Code::ConnectionFailed,
                    msg);
    } catch (const pqxx::sql_error &e) {
        return fail(Error::Code::Sql, QString::fromUtf8(e.what()).trimmed(), QString::fromStdString(e.sqlstate()));
    } catch (const std::exception &e) {
        return fail(Error::Code::Unknown, QString::fromUtf8(e.what()).trimmed());
    }
}

Result<LiveContext> fetchMySql(const ConnectionParams &params, SqlDialect dialect, int timeoutSeconds)
{
    const QString name = u"mwb-live-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    Result<LiveContext> result = fail(Error::Code::Unknown, QString());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QMYSQL"_s, name);
        if (!db.isValid()) {
            QSqlDatabase::removeDatabase(name);
            return fail(Error::Code::Unsupported, u"the Qt MySQL driver is not available"_s);
        }
        db.setHostName(params.host);
        if (params.port > 0)
            db.setPort(params.port);
        db.setDatabaseName(params.database);
        db.setUserName(params.user);
        db.setPassword(params.password);
        QString opts = u"MYSQL_OPT_CONNECT_TIMEOUT=%1"_s.arg(std::max(1, timeoutSeconds));
        if (!params.socket.isEmpty())
            opts += u";UNIX_SOCKET="_s + params.socket;
        db.setConnectOptions(opts);
        if (!db.open()) {
            const QString msg = db.lastError().text();
            result = fail(msg.contains(u"Access denied"_s) ? Error::Code::AuthenticationFailed : Error::Code::ConnectionFailed, msg);
        } else {
            LiveContext live;
            QSqlQuery q(db);
            q.exec(u"SELECT VERSION()"_s);
            const QString version = q.next() ? q.value(0).toString() : QString();
            const bool maria = version.contains(u"MariaDB"_s, Qt::CaseInsensitive);
            live.server = TargetServer::parse(maria ? SqlDialect::MariaDB : dialect, version.section(u'-', 0, 0))
                              .value_or(TargetServer::defaultFor(dialect));
            q.exec(u"SELECT table_name, coalesce(table_rows, 0), coalesce(data_length, 0), coalesce(index_length, 0) "
                   u"FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'"_s);
            while (q.next()) {
                CatalogTable &t = live.catalog.ensure(QualifiedName{{}, q.value(0).toString().toLower()});
                t.rows = q.value(1).toLongLong();
                t.bytes = q.value(2).toLongLong();
                t.indexBytes = q.value(3).toLongLong();
            }
            q.exec(u"SELECT table_name, column_name, column_type, is_nullable FROM information_schema.columns "
                   u"WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position"_s);
            while (q.next())
                if (CatalogTable *t = live.catalog.table(QualifiedName{{}, q.value(0).toString().toLower()}))
                    t->columns << CatalogColumn{q.value(1).toString().toLower(), typeFromText(q.value(2).toString(), dialect),
                                                q.value(3).toString() == u"NO"_s};
            q.exec(u"SELECT table_name, index_name, non_unique, group_concat(column_name ORDER BY seq_in_index) "
                   u"FROM information_schema.statistics WHERE table_schema = DATABASE() GROUP BY table_name, index_name, non_unique"_s);
            while (q.next())
                if (CatalogTable *t = live.catalog.table(QualifiedName{{}, q.value(0).toString().toLower()}))
                    t->indexes << CatalogIndex{q.value(1).toString().toLower(), q.value(3).toString().toLower().split(u','),
                                               q.value(2).toInt() == 0, true, -1};
            if (!maria && q.exec(u"SELECT substring_index(name, '/', -1), total_row_versions FROM "
                                 u"information_schema.innodb_tables WHERE name LIKE concat(DATABASE(), '/%')"_s)) {
                while (q.next())
                    if (CatalogTable *t = live.catalog.table(QualifiedName{{}, q.value(0).toString().toLower()}))
                        t->instantRowVersions = q.value(1).toInt();
            }
            result = live;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

} // namespace

Result<LiveContext> fetchLiveContext(const ConnectionParams &params, SqlDialect dialect, int timeoutSeconds)
{
    if (params.dialect == Dialect::PostgreSQL) {
        if (dialect != SqlDialect::PostgreSQL)
            return fail(Error::Code::InvalidArgument, u"--url is a PostgreSQL database but the dialect is %1"_s.arg(dialectName(dialect)));
        return fetchPostgres(params, timeoutSeconds);
    }
    if (params.dialect == Dialect::MySQL) {
        if (!isMySqlFamily(dialect))
            return fail(Error::Code::InvalidArgument, u"--url is a MySQL/MariaDB database but the dialect is %1"_s.arg(dialectName(dialect)));
        return fetchMySql(params, dialect, timeoutSeconds);
    }
    return fail(Error::Code::Unsupported, u"live context is available for PostgreSQL, MySQL and MariaDB"_s);
}

} // namespace core::sql
