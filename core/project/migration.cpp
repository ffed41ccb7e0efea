// SPDX-License-Identifier: GPL-3.0-or-later
#include "migration.h"

#include "core/sql/lexer.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace core::project {

QString formatId(Format format)
{
    switch (format) {
    case Format::Unknown:
        return u"unknown"_s;
    case Format::GolangMigrate:
        return u"golang-migrate"_s;
    case Format::Dbmate:
        return u"dbmate"_s;
    case Format::Flyway:
        return u"flyway"_s;
    case Format::Prisma:
        return u"prisma"_s;
    case Format::Drizzle:
        return u"drizzle"_s;
    case Format::DrizzleV1:
        return u"drizzle-v1"_s;
    case Format::Atlas:
        return u"atlas"_s;
    case Format::NodePgMigrate:
        return u"node-pg-migrate"_s;
    case Format::Sqitch:
        return u"sqitch"_s;
    case Format::Django:
        return u"django"_s;
    case Format::Liquibase:
        return u"liquibase"_s;
    }
    return u"unknown"_s;
}

QList<Format> allFormats()
{
    return {Format::GolangMigrate, Format::Dbmate,        Format::Flyway, Format::Prisma,
            Format::Drizzle,       Format::DrizzleV1,     Format::Atlas,  Format::NodePgMigrate,
            Format::Sqitch,        Format::Django,        Format::Liquibase};
}

Format formatFromId(QStringView id)
{
    const auto formats = allFormats();
    const auto it = std::ranges::find_if(formats, [id](Format f) { return formatId(f) == id; });
    return it == formats.end() ? Format::Unknown : *it;
}

bool isWritable(Format format)
{
    return format != Format::Unknown && format != Format::Django && format != Format::Liquibase;
}

bool Project::hasErrors() const
{
    return std::ranges::any_of(issues, [](const Issue &i) { return i.severity == Issue::Severity::Error; });
}

bool runsInTransaction(const Migration &m, bool up, core::sql::SqlDialect dialect)
{
    if (m.transactional)
        return true;
    if (!m.implicitTransaction || dialect != core::sql::SqlDialect::PostgreSQL)
        return false;
    const core::sql::Script script = core::sql::tokenizeAndSplit((up ? m.upSql : m.downSql).toUtf8(), dialect);
    int statements = 0;
    for (const core::sql::Statement &st : script.statements) {
        // a lone `;` is an empty statement the server skips
        if (st.tokenCount == 1 && script.tokens.at(st.firstToken).kind == core::sql::TokenKind::Semicolon)
            continue;
        if (++statements > 1)
            return true;
    }
    return false;
}

} // namespace core::project
