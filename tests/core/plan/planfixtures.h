// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plan/plan.h"

using namespace Qt::StringLiterals;

// The principles' rename-column rollout: add the column, backfill, deploy dual-write and read switch, stop
// using the old column, drop it. Valid as built.
inline core::plan::Plan renameColumnPlan()
{
    using namespace core::plan;
    const QDate d0(2026, 12, 1);
    Plan p;
    p.name = u"Rename users.email to email_address"_s;
    p.subject = u"users.email → users.email_address"_s;
    p.steps = {
        {u"add"_s, u"Add email_address"_s, StepKind::SchemaMigration, Phase::Expand, d0, {}, {u"0042_add_email_address.up.sql"_s}, {}, DeployRole::None, false, {}, {}},
        {u"dual"_s, u"Deploy dual write"_s, StepKind::Deploy, Phase::Expand, d0.addDays(1), {u"add"_s}, {}, u"v2.3.0"_s, DeployRole::DualWrite, false, {}, {}},
        {u"backfill"_s, u"Backfill email_address"_s, StepKind::Backfill, Phase::Migrate, d0.addDays(2), {u"dual"_s}, {u"0043_backfill_email_address.up.sql"_s}, {}, DeployRole::None, false, {}, {}},
        {u"check"_s, u"No row left behind"_s, StepKind::Verification, Phase::Migrate, d0.addDays(3), {u"backfill"_s}, {}, {}, DeployRole::None, false,
         u"SELECT 1 FROM users WHERE email_address IS DISTINCT FROM email LIMIT 1"_s, {}},
        {u"switch"_s, u"Deploy read switch"_s, StepKind::Deploy, Phase::Migrate, d0.addDays(4), {u"check"_s}, {}, u"v2.4.0"_s, DeployRole::ReadSwitch, false, {}, {}},
        {u"stop"_s, u"Deploy without email"_s, StepKind::Deploy, Phase::Contract, d0.addDays(7), {u"switch"_s}, {}, u"v2.5.0"_s, DeployRole::StopUsingOld, false, {}, {}},
        {u"drop"_s, u"Drop users.email"_s, StepKind::SchemaMigration, Phase::Contract, d0.addDays(8), {u"stop"_s}, {u"0044_drop_email.up.sql"_s}, {}, DeployRole::None, true, {}, {}},
    };
    return p;
}
