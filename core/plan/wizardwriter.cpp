// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardwriter.h"

#include "core/project/reader.h"
#include "core/project/writer.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace core::plan {

namespace {

// The tool's own way to say "run this file outside a transaction", applied to a file createMigration wrote.
Result<void> markNonTransactional(project::Format format, const QString &path)
{
    QByteArray bytes;
    QString error;
    if (!project::readFileBytes(path, &bytes, &error))
        return fail(Error::Code::Io, error);
    switch (format) {
    case project::Format::Dbmate:
        if (!bytes.contains("-- migrate:up"))
            return fail(Error::Code::Unknown, u"%1 has no '-- migrate:up' marker"_s.arg(path));
        bytes.replace("-- migrate:up\n", "-- migrate:up transaction:false\n");
        break;
    case project::Format::Flyway:
        // Flyway script configuration: executeInTransaction=false for this file.
        bytes.prepend("-- flyway:executeInTransaction=false\n");
        break;
    default:
        // golang-migrate and others send a single-statement file as it is: nothing to add.
        return {};
    }
    return project::writeFileAtomically(path, bytes, true);
}

} // namespace

Result<Plan> writeWizardMigrations(const WizardResult &result, const project::Project &project, const QDateTime &now)
{
    if (!project::isWritable(project.format))
        return fail(Error::Code::Unsupported, u"%1 projects are read-only"_s.arg(project::formatId(project.format)));
    Plan plan = result.plan;
    project::Project current = project;
    QDateTime clock = now;
    for (const WizardMigration &m : result.migrations) {
        project::NewMigrationOptions options;
        options.now = clock;
        options.upSql = m.up;
        options.downSql = m.down;
        const auto created = project::createMigration(current, m.name, options);
        if (!created)
            return std::unexpected(created.error());
        if (!m.transactional && !created->createdFiles.isEmpty()) {
            if (auto marked = markNonTransactional(project.format, created->createdFiles.first()); !marked)
                return std::unexpected(marked.error());
        }
        for (Step &s : plan.steps) {
            for (QString &name : s.migrations) {
                if (name == m.name)
                    name = created->createdFiles.value(0, name);
            }
        }
        // Re-read so that the next migration is numbered after this one.
        auto reread = project::readProject(current.dir, current.format);
        if (!reread)
            return std::unexpected(reread.error());
        current = *reread;
        clock = clock.addSecs(1);
    }
    return plan;
}

} // namespace core::plan
