// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace core::project {

/// `workbench.toml` beside the migrations: environments, lint settings, rollout plans, the project's
/// format. Never secrets: save() refuses keys that look like passwords or tokens.
///
/// Several engineers' features store their own top-level section in the same file. The file is parsed whole
/// (toml++), each section is read and replaced as a unit (`[name]`, `[name.sub]` and `[[name]]` blocks all
/// belong to section `name`), and save() rewrites only the sections that were replaced: every other section
/// keeps its exact text, comments included. Comments inside a replaced section are lost (toml++ does not keep
/// comments). A folder without the file opens with defaults and the file is created on the first save().
class ProjectFile
{
public:
    static QString fileName() { return QStringLiteral("workbench.toml"); }
    /// The folder whose workbench.toml belongs to a project opened as `given` with its migrations in
    /// `migrationsDir`: the first of `given`, the migrations folder's parent and the migrations folder that has
    /// one; `given` (absolute) when none has.
    static QString locateDirectory(const QString &given, const QString &migrationsDir);

    /// Loads `<dir>/workbench.toml`; a missing file gives an empty one (exists() false). A malformed file is
    /// an InvalidArgument error naming the line, and is never overwritten.
    static Result<ProjectFile> load(const QString &dir);

    QString path() const { return m_path; }
    bool exists() const { return m_exists; }

    QStringList sectionNames() const; ///< top-level keys, in file order
    bool hasSection(const QString &name) const;
    /// A table as QVariantMap, an array of tables as QVariantList of QVariantMap; values: QString, qint64,
    /// double, bool, QVariantList; dates and times as ISO-8601 strings. Invalid QVariant when absent.
    QVariant section(const QString &name) const;
    /// Replaces (or adds) a section in memory; a QVariantMap becomes [name], a QVariantList of maps [[name]].
    Result<void> replaceSection(const QString &name, const QVariant &value);
    void removeSection(const QString &name);

    /// Writes the file through QSaveFile, rewriting only the replaced or removed sections.
    Result<void> save();

    /// Defaults when the file or the key is absent.
    QString format() const; ///< [project] format, e.g. "dbmate"; empty: detect
    QString migrationsDir() const; ///< [project] migrations, relative to the file; empty: detect

private:
    struct Block
    {
        QString section; ///< empty: the root part before the first header
        QString text;
    };
    QString m_path;
    bool m_exists = false;
    QList<Block> m_blocks;
    QVariantMap m_sections; ///< parsed value of every section
    QStringList m_order;
    QStringList m_dirty; ///< replaced or removed sections
};

} // namespace core::project
