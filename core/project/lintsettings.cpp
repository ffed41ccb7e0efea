// SPDX-License-Identifier: GPL-3.0-or-later
#include "lintsettings.h"

#include "core/project/projectfile.h"

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

/// Flattens one settings table into LintConfig::fromMap's keys; `environments` is skipped (handled apart).
Result<void> collect(const QVariantMap &table, const QString &where, QHash<QString, QString> *out)
{
    for (auto it = table.cbegin(); it != table.cend(); ++it) {
        const QString &key = it.key();
        if (key == u"environments"_s || key == u"dialect"_s || key == u"target-version"_s)
            continue; // lintTarget()
        if (key == u"rule"_s) {
            if (it.value().typeId() != QMetaType::QVariantMap)
                return fail(Error::Code::InvalidArgument, u"workbench.toml: %1.rule must be a table"_s.arg(where));
            const QVariantMap rules = it.value().toMap();
            for (auto r = rules.cbegin(); r != rules.cend(); ++r)
                out->insert(u"rule."_s + r.key(), r.value().toString());
            continue;
        }
        if (it.value().typeId() != QMetaType::QString)
            return fail(Error::Code::InvalidArgument,
                        u"workbench.toml: %1.%2 must be a string"_s.arg(where, key));
        if (key == u"rules"_s && out->contains(key))
            out->insert(key, out->value(key) + u',' + it.value().toString());
        else
            out->insert(key, it.value().toString());
    }
    return {};
}

} // namespace

Result<core::sql::LintConfig> lintConfig(const ProjectFile &file, const QString &environment)
{
    const QVariant section = file.section(u"lint"_s);
    if (!section.isValid())
        return core::sql::LintConfig{};
    if (section.typeId() != QMetaType::QVariantMap)
        return fail(Error::Code::InvalidArgument, u"workbench.toml: [lint] must be a table"_s);
    const QVariantMap lint = section.toMap();
    QHash<QString, QString> values;
    if (auto r = collect(lint, u"lint"_s, &values); !r)
        return std::unexpected(r.error());
    if (!environment.isEmpty()) {
        const QVariantMap envs = lint.value(u"environments"_s).toMap();
        if (envs.contains(environment)) {
            if (auto r = collect(envs.value(environment).toMap(), u"lint.environments."_s + environment, &values); !r)
                return std::unexpected(r.error());
        }
    }
    auto config = core::sql::LintConfig::fromMap(values);
    if (!config)
        return fail(Error::Code::InvalidArgument, u"workbench.toml [lint]: "_s + config.error().detail);
    return config;
}

Result<LintTarget> lintTarget(const ProjectFile &file)
{
    LintTarget out;
    const QVariant section = file.section(u"lint"_s);
    if (!section.isValid())
        return out;
    if (section.typeId() != QMetaType::QVariantMap)
        return fail(Error::Code::InvalidArgument, u"workbench.toml: [lint] must be a table"_s);
    const QVariantMap lint = section.toMap();
    for (const QString &key : {u"dialect"_s, u"target-version"_s}) {
        if (lint.contains(key) && lint.value(key).typeId() != QMetaType::QString)
            return fail(Error::Code::InvalidArgument, u"workbench.toml: lint.%1 must be a string"_s.arg(key));
    }
    if (lint.contains(u"dialect"_s)) {
        out.dialect = core::sql::dialectFromName(lint.value(u"dialect"_s).toString());
        if (!out.dialect)
            return fail(Error::Code::InvalidArgument,
                        u"workbench.toml: lint.dialect '%1' is not postgresql, mysql, mariadb or sqlite"_s.arg(
                            lint.value(u"dialect"_s).toString()));
    }
    if (lint.contains(u"target-version"_s)) {
        const auto dialect = out.dialect.value_or(core::sql::SqlDialect::PostgreSQL);
        const QString version = lint.value(u"target-version"_s).toString();
        out.target = core::sql::TargetServer::parse(dialect, version);
        if (!out.target)
            return fail(Error::Code::InvalidArgument, u"workbench.toml: lint.target-version '%1' is not a %2 version "
                                                      "the analyzer knows"_s.arg(version, core::sql::dialectName(dialect)));
    }
    return out;
}

} // namespace core::project
