// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plan/wizards.h"

using namespace Qt::StringLiterals;

// The wizard cases shared by the golden tests: one call per wizard on the shop schema, plan starting 2026-12-01.
inline core::plan::WizardCommon wizardCommon(core::Dialect dialect)
{
    core::plan::WizardCommon c;
    c.dialect = dialect;
    c.start = QDate(2026, 12, 1);
    c.batchSize = 5000;
    return c;
}

inline QStringList wizardCases()
{
    return {u"rename-column"_s, u"change-type"_s, u"add-not-null"_s, u"add-foreign-key"_s, u"add-unique"_s,
            u"add-index"_s, u"drop-column"_s, u"drop-table"_s, u"split-table"_s};
}

inline core::Result<core::plan::WizardResult> runWizard(const QString &wizard, core::Dialect dialect)
{
    using namespace core::plan;
    const auto c = wizardCommon(dialect);
    if (wizard == u"rename-column")
        return renameColumnWizard(c, u"users"_s, u"email"_s, u"email_address"_s, u"text"_s, true);
    if (wizard == u"change-type")
        return changeColumnTypeWizard(c, u"orders"_s, u"quantity"_s, u"bigint"_s);
    if (wizard == u"add-not-null")
        return addNotNullColumnWizard(c, u"orders"_s, u"currency"_s, u"varchar(3)"_s, u"'EUR'"_s);
    if (wizard == u"add-foreign-key")
        return addForeignKeyWizard(c, u"orders"_s, u"customer_id"_s, u"customers"_s, u"id"_s);
    if (wizard == u"add-unique")
        return addUniqueWizard(c, u"customers"_s, {u"email"_s});
    if (wizard == u"add-index")
        return addIndexWizard(c, u"orders"_s, {u"customer_id"_s, u"created_at"_s});
    if (wizard == u"drop-column")
        return dropWizard(c, u"orders"_s, u"legacy_flag"_s);
    if (wizard == u"drop-table")
        return dropWizard(c, u"old_sessions"_s, {});
    if (wizard == u"split-table")
        return splitTableWizard(c, u"customers"_s, u"customer_addresses"_s, {u"street"_s, u"city"_s}, {u"text"_s, u"text"_s});
    return core::fail(core::Error::Code::InvalidArgument, u"unknown wizard"_s);
}
