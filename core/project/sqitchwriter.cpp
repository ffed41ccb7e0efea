// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/project/sqitchwriter.h"

#include "core/project/checksum.h"
#include "core/project/reader.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSysInfo>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

QString quoteIdent(const QString &name)
{
    return u'"' + QString(name).replace(u'"', u"\"\""_s) + u'"';
}

QString quoteIdent(const DbSession &db, const QString &name)
{
    if (db.dialect() == Dialect::MySQL)
        return u'`' + QString(name).replace(u'`', u"``"_s) + u'`';
    return quoteIdent(name);
}

/// An empty text, never NULL (a missing note, no tags): the registry's columns are NOT NULL.
QString text(const QString &s)
{
    return s.isNull() ? u""_s : s;
}

bool isMySql(const DbSession &db)
{
    return db.dialect() == Dialect::MySQL;
}

/// What sqitch stores for a plan time: PostgreSQL casts the ISO text; mysql.pm's _char2ts writes the UTC time
/// without its zone (the session runs at time_zone '+00:00').
QString plannedAt(const DbSession &db, const QString &isoZ)
{
    return isMySql(db) && isoZ.endsWith(u'Z') ? isoZ.chopped(1) : isoZ;
}

/// A PostgreSQL text[] literal: {"a","b"}.
QString textArray(const QStringList &items)
{
    QStringList quoted;
    for (QString s : items)
        quoted << u'"' + s.replace(u'\\', u"\\\\"_s).replace(u'"', u"\\\""_s) + u'"';
    return u'{' + quoted.join(u',') + u'}';
}

QStringList tagNames(const SqitchChange &c)
{
    QStringList out;
    for (const SqitchTag &t : c.tags)
        out << u'@' + t.name;
    return out;
}

Result<void> exec(DbSession &db, const QString &sql, const QStringList &params = {})
{
    auto r = db.query(sql, params);
    if (!r)
        return std::unexpected(r.error());
    return {};
}

Result<void> requireSupported(const DbSession &db)
{
    if (db.dialect() != Dialect::PostgreSQL && db.dialect() != Dialect::MySQL)
        return fail(Error::Code::InvalidArgument, u"sqitch's registry is written on PostgreSQL and MySQL/MariaDB only"_s);
    return {};
}

/// pg.sql of sqitch 1.5 (registry 1.1) as sqitch runs it through psql: :"registry" → %1, :tableopts empty;
/// client_min_messages set for the transaction only (sqitch sets it in a psql session of its own).
constexpr auto kRegistryDdl = R"(SET LOCAL client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS %1;

COMMENT ON SCHEMA %1 IS 'Sqitch database deployment metadata v1.1.';

CREATE TABLE %1.releases (
    version         REAL        PRIMARY KEY,
    installed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    installer_name  TEXT        NOT NULL,
    installer_email TEXT        NOT NULL
);

COMMENT ON TABLE  %1.releases                 IS 'Sqitch registry releases.';
COMMENT ON COLUMN %1.releases.version         IS 'Version of the Sqitch registry.';
COMMENT ON COLUMN %1.releases.installed_at    IS 'Date the registry release was installed.';
COMMENT ON COLUMN %1.releases.installer_name  IS 'Name of the user who installed the registry release.';
COMMENT ON COLUMN %1.releases.installer_email IS 'Email address of the user who installed the registry release.';

CREATE TABLE %1.projects (
    project         TEXT        PRIMARY KEY,
    uri             TEXT            NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    creator_name    TEXT        NOT NULL,
    creator_email   TEXT        NOT NULL
);

COMMENT ON TABLE  %1.projects                IS 'Sqitch projects deployed to this database.';
COMMENT ON COLUMN %1.projects.project        IS 'Unique Name of a project.';
COMMENT ON COLUMN %1.projects.uri            IS 'Optional project URI';
COMMENT ON COLUMN %1.projects.created_at     IS 'Date the project was added to the database.';
COMMENT ON COLUMN %1.projects.creator_name   IS 'Name of the user who added the project.';
COMMENT ON COLUMN %1.projects.creator_email  IS 'Email address of the user who added the project.';

CREATE TABLE %1.changes (
    change_id       TEXT        PRIMARY KEY,
    script_hash     TEXT            NULL,
    change          TEXT        NOT NULL,
    project         TEXT        NOT NULL REFERENCES %1.projects(project) ON UPDATE CASCADE,
    note            TEXT        NOT NULL DEFAULT '',
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    committer_name  TEXT        NOT NULL,
    committer_email TEXT        NOT NULL,
    planned_at      TIMESTAMPTZ NOT NULL,
    planner_name    TEXT        NOT NULL,
    planner_email   TEXT        NOT NULL,
    UNIQUE(project, script_hash)
);

COMMENT ON TABLE  %1.changes                 IS 'Tracks the changes currently deployed to the database.';
COMMENT ON COLUMN %1.changes.change_id       IS 'Change primary key.';
COMMENT ON COLUMN %1.changes.script_hash     IS 'Deploy script SHA-1 hash.';
COMMENT ON COLUMN %1.changes.change          IS 'Name of a deployed change.';
COMMENT ON COLUMN %1.changes.project         IS 'Name of the Sqitch project to which the change belongs.';
COMMENT ON COLUMN %1.changes.note            IS 'Description of the change.';
COMMENT ON COLUMN %1.changes.committed_at    IS 'Date the change was deployed.';
COMMENT ON COLUMN %1.changes.committer_name  IS 'Name of the user who deployed the change.';
COMMENT ON COLUMN %1.changes.committer_email IS 'Email address of the user who deployed the change.';
COMMENT ON COLUMN %1.changes.planned_at      IS 'Date the change was added to the plan.';
COMMENT ON COLUMN %1.changes.planner_name    IS 'Name of the user who planed the change.';
COMMENT ON COLUMN %1.changes.planner_email   IS 'Email address of the user who planned the change.';

CREATE TABLE %1.tags (
    tag_id          TEXT        PRIMARY KEY,
    tag             TEXT        NOT NULL,
    project         TEXT        NOT NULL REFERENCES %1.projects(project) ON UPDATE CASCADE,
    change_id       TEXT        NOT NULL REFERENCES %1.changes(change_id) ON UPDATE CASCADE,
    note            TEXT        NOT NULL DEFAULT '',
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    committer_name  TEXT        NOT NULL,
    committer_email TEXT        NOT NULL,
    planned_at      TIMESTAMPTZ NOT NULL,
    planner_name    TEXT        NOT NULL,
    planner_email   TEXT        NOT NULL,
    UNIQUE(project, tag)
);

COMMENT ON TABLE  %1.tags                 IS 'Tracks the tags currently applied to the database.';
COMMENT ON COLUMN %1.tags.tag_id          IS 'Tag primary key.';
COMMENT ON COLUMN %1.tags.tag             IS 'Project-unique tag name.';
COMMENT ON COLUMN %1.tags.project         IS 'Name of the Sqitch project to which the tag belongs.';
COMMENT ON COLUMN %1.tags.change_id       IS 'ID of last change deployed before the tag was applied.';
COMMENT ON COLUMN %1.tags.note            IS 'Description of the tag.';
COMMENT ON COLUMN %1.tags.committed_at    IS 'Date the tag was applied to the database.';
COMMENT ON COLUMN %1.tags.committer_name  IS 'Name of the user who applied the tag.';
COMMENT ON COLUMN %1.tags.committer_email IS 'Email address of the user who applied the tag.';
COMMENT ON COLUMN %1.tags.planned_at      IS 'Date the tag was added to the plan.';
COMMENT ON COLUMN %1.tags.planner_name    IS 'Name of the user who planed the tag.';
COMMENT ON COLUMN %1.tags.planner_email   IS 'Email address of the user who planned the tag.';

CREATE TABLE %1.dependencies (
    change_id       TEXT        NOT NULL REFERENCES %1.changes(change_id) ON UPDATE CASCADE ON DELETE CASCADE,
    type            TEXT        NOT NULL,
    dependency      TEXT        NOT NULL,
    dependency_id   TEXT            NULL REFERENCES %1.changes(change_id) ON UPDATE CASCADE CONSTRAINT dependencies_check CHECK (
            (type = 'require'  AND dependency_id IS NOT NULL)
         OR (type = 'conflict' AND dependency_id IS NULL)
    ),
    PRIMARY KEY (change_id, dependency)
);

COMMENT ON TABLE  %1.dependencies               IS 'Tracks the currently satisfied dependencies.';
COMMENT ON COLUMN %1.dependencies.change_id     IS 'ID of the depending change.';
COMMENT ON COLUMN %1.dependencies.type          IS 'Type of dependency.';
COMMENT ON COLUMN %1.dependencies.dependency    IS 'Dependency name.';
COMMENT ON COLUMN %1.dependencies.dependency_id IS 'Change ID the dependency resolves to.';

CREATE TABLE %1.events (
    event           TEXT        NOT NULL CONSTRAINT events_event_check CHECK (
        event IN ('deploy', 'revert', 'fail', 'merge')
    ),
    change_id       TEXT        NOT NULL,
    change          TEXT        NOT NULL,
    project         TEXT        NOT NULL REFERENCES %1.projects(project) ON UPDATE CASCADE,
    note            TEXT        NOT NULL DEFAULT '',
    requires        TEXT[]      NOT NULL DEFAULT '{}',
    conflicts       TEXT[]      NOT NULL DEFAULT '{}',
    tags            TEXT[]      NOT NULL DEFAULT '{}',
    committed_at    TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    committer_name  TEXT        NOT NULL,
    committer_email TEXT        NOT NULL,
    planned_at      TIMESTAMPTZ NOT NULL,
    planner_name    TEXT        NOT NULL,
    planner_email   TEXT        NOT NULL,
    PRIMARY KEY (change_id, committed_at)
);

COMMENT ON TABLE  %1.events                 IS 'Contains full history of all deployment events.';
COMMENT ON COLUMN %1.events.event           IS 'Type of event.';
COMMENT ON COLUMN %1.events.change_id       IS 'Change ID.';
COMMENT ON COLUMN %1.events.change          IS 'Change name.';
COMMENT ON COLUMN %1.events.project         IS 'Name of the Sqitch project to which the change belongs.';
COMMENT ON COLUMN %1.events.note            IS 'Description of the change.';
COMMENT ON COLUMN %1.events.requires        IS 'Array of the names of required changes.';
COMMENT ON COLUMN %1.events.conflicts       IS 'Array of the names of conflicting changes.';
COMMENT ON COLUMN %1.events.tags            IS 'Tags associated with the change.';
COMMENT ON COLUMN %1.events.committed_at    IS 'Date the event was committed.';
COMMENT ON COLUMN %1.events.committer_name  IS 'Name of the user who committed the event.';
COMMENT ON COLUMN %1.events.committer_email IS 'Email address of the user who committed the event.';
COMMENT ON COLUMN %1.events.planned_at      IS 'Date the event was added to the plan.';
COMMENT ON COLUMN %1.events.planner_name    IS 'Name of the user who planed the change.';
COMMENT ON COLUMN %1.events.planner_email   IS 'Email address of the user who plan planned the change.';
)";

/// mysql.sql of sqitch 1.5 (registry 1.1): run in the registry database. Each statement on its own (the triggers
/// hold semicolons); sqitch runs the file through the mysql client with sql_mode = ansi, hence the quoted "change".
const QStringList &mysqlRegistryDdl()
{
    static const QStringList ddl{
        uR"(CREATE TABLE releases (
    version         FLOAT(4, 1)   PRIMARY KEY
                    COMMENT 'Version of the Sqitch registry.',
    installed_at    DATETIME(6)   NOT NULL
                    COMMENT 'Date the registry release was installed.',
    installer_name  VARCHAR(255)  NOT NULL
                    COMMENT 'Name of the user who installed the registry release.',
    installer_email VARCHAR(255)  NOT NULL
                    COMMENT 'Email address of the user who installed the registry release.'
) ENGINE  InnoDB,
  CHARACTER SET 'utf8',
  COMMENT 'Sqitch registry releases.')"_s,
        uR"(CREATE TABLE projects (
    project         VARCHAR(255) PRIMARY KEY
                    COMMENT 'Unique Name of a project.',
    uri             VARCHAR(255) NULL UNIQUE
                    COMMENT 'Optional project URI',
    created_at      DATETIME(6)  NOT NULL
                    COMMENT 'Date the project was added to the database.',
    creator_name    VARCHAR(255) NOT NULL
                    COMMENT 'Name of the user who added the project.',
    creator_email   VARCHAR(255) NOT NULL
                    COMMENT 'Email address of the user who added the project.'
) ENGINE  InnoDB,
  CHARACTER SET 'utf8',
  COMMENT 'Sqitch projects deployed to this database.')"_s,
        uR"(CREATE TABLE changes (
    change_id       VARCHAR(40)  PRIMARY KEY
                    COMMENT 'Change primary key.',
    script_hash     VARCHAR(40)      NULL
                    COMMENT 'Deploy script SHA-1 hash.',
    `change`        VARCHAR(255) NOT NULL
                    COMMENT 'Name of a deployed change.',
    project         VARCHAR(255) NOT NULL
                    COMMENT 'Name of the Sqitch project to which the change belongs.'
                    REFERENCES projects(project) ON UPDATE CASCADE,
    note            TEXT         NOT NULL
                    COMMENT 'Description of the change.',
    committed_at    DATETIME(6)  NOT NULL
                    COMMENT 'Date the change was deployed.',
    committer_name  VARCHAR(255) NOT NULL
                    COMMENT 'Name of the user who deployed the change.',
    committer_email VARCHAR(255) NOT NULL
                    COMMENT 'Email address of the user who deployed the change.',
    planned_at      DATETIME(6)  NOT NULL
                    COMMENT 'Date the change was added to the plan.',
    planner_name    VARCHAR(255) NOT NULL
                    COMMENT 'Name of the user who planed the change.',
    planner_email   VARCHAR(255) NOT NULL
                    COMMENT 'Email address of the user who planned the change.',
    UNIQUE(project, script_hash)
) ENGINE  InnoDB,
  CHARACTER SET 'utf8',
  COMMENT 'Tracks the changes currently deployed to the database.')"_s,
        uR"(CREATE TABLE tags (
    tag_id          VARCHAR(40)  PRIMARY KEY
                    COMMENT 'Tag primary key.',
    tag             VARCHAR(255) NOT NULL
                    COMMENT 'Project-unique tag name.',
    project         VARCHAR(255) NOT NULL
                    COMMENT 'Name of the Sqitch project to which the tag belongs.'
                    REFERENCES projects(project) ON UPDATE CASCADE,
    change_id       VARCHAR(40)  NOT NULL
                    COMMENT 'ID of last change deployed before the tag was applied.'
                    REFERENCES changes(change_id) ON UPDATE CASCADE,
    note            VARCHAR(255) NOT NULL
                    COMMENT 'Description of the tag.',
    committed_at    DATETIME(6)  NOT NULL
                    COMMENT 'Date the tag was applied to the database.',
    committer_name  VARCHAR(255) NOT NULL
                    COMMENT 'Name of the user who applied the tag.',
    committer_email VARCHAR(255) NOT NULL
                    COMMENT 'Email address of the user who applied the tag.',
    planned_at      DATETIME(6)  NOT NULL
                    COMMENT 'Date the tag was added to the plan.',
    planner_name    VARCHAR(255) NOT NULL
                    COMMENT 'Name of the user who planed the tag.',
    planner_email   VARCHAR(255) NOT NULL
                    COMMENT 'Email address of the user who planned the tag.',
    UNIQUE(project, tag)
) ENGINE  InnoDB,
  CHARACTER SET 'utf8',
  COMMENT 'Tracks the tags currently applied to the database.')"_s,
        uR"(CREATE TABLE dependencies (
    change_id       VARCHAR(40)  NOT NULL
                    COMMENT 'ID of the depending change.'
                    REFERENCES changes(change_id) ON UPDATE CASCADE ON DELETE CASCADE,
    type            VARCHAR(8)   NOT NULL
                    COMMENT 'Type of dependency.',
    dependency      VARCHAR(255) NOT NULL
                    COMMENT 'Dependency name.',
    dependency_id   VARCHAR(40)      NULL
                    COMMENT 'Change ID the dependency resolves to.'
                    REFERENCES changes(change_id) ON UPDATE CASCADE,
    PRIMARY KEY (change_id, dependency)
) ENGINE  InnoDB,
  CHARACTER SET 'utf8',
  COMMENT 'Tracks the currently satisfied dependencies.')"_s,
        uR"(CREATE TABLE events (
    event           ENUM ('deploy', 'fail', 'merge', 'revert') NOT NULL
                    COMMENT 'Type of event.',
    change_id       VARCHAR(40)  NOT NULL
                    COMMENT 'Change ID.',
    `change`        VARCHAR(255) NOT NULL
                    COMMENT 'Change name.',
    project         VARCHAR(255) NOT NULL
                    COMMENT 'Name of the Sqitch project to which the change belongs.'
                    REFERENCES projects(project) ON UPDATE CASCADE,
    note            TEXT         NOT NULL
                    COMMENT 'Description of the change.',
    requires        TEXT         NOT NULL
                    COMMENT 'List of the names of required changes.',
    conflicts       TEXT         NOT NULL
                    COMMENT 'List of the names of conflicting changes.',
    tags            TEXT         NOT NULL
                    COMMENT 'List of tags associated with the change.',
    committed_at    DATETIME(6)  NOT NULL
                    COMMENT 'Date the event was committed.',
    committer_name  VARCHAR(255) NOT NULL
                    COMMENT 'Name of the user who committed the event.',
    committer_email VARCHAR(255) NOT NULL
                    COMMENT 'Email address of the user who committed the event.',
    planned_at      DATETIME(6)  NOT NULL
                    COMMENT 'Date the event was added to the plan.',
    planner_name    VARCHAR(255) NOT NULL
                    COMMENT 'Name of the user who planed the change.',
    planner_email   VARCHAR(255) NOT NULL
                    COMMENT 'Email address of the user who plan planned the change.',
    PRIMARY KEY (change_id, committed_at)
) ENGINE  InnoDB,
  CHARACTER SET 'utf8',
  COMMENT 'Contains full history of all deployment events.')"_s,
        uR"(CREATE TRIGGER ck_insert_dependency BEFORE INSERT ON dependencies
FOR EACH ROW BEGIN
    IF (NEW.type = 'require' AND NEW.dependency_id IS NULL)
    OR (NEW.type = 'conflict' AND NEW.dependency_id IS NOT NULL)
    THEN
        SIGNAL SQLSTATE 'ERR0R' SET MESSAGE_TEXT = 'Type must be "require" with dependency_id set or "conflict" with dependency_id not set';
    END IF;
END)"_s,
        uR"(CREATE TRIGGER ck_update_dependency BEFORE UPDATE ON dependencies
FOR EACH ROW BEGIN
    IF (NEW.type = 'require'  AND NEW.dependency_id IS NULL)
    OR (NEW.type = 'conflict' AND NEW.dependency_id IS NOT NULL)
    THEN
        SIGNAL SQLSTATE 'ERR0R' SET MESSAGE_TEXT = 'Type must be "require" with dependency_id set or "conflict" with dependency_id not set';
    END IF;
END)"_s,
    };
    return ddl;
}

/// mysql.pm's _create_check_function (skipped, as sqitch skips it, when binary logging forbids it: error 1419).
constexpr auto kMysqlCheckit = R"(CREATE FUNCTION checkit(doit INTEGER, message VARCHAR(256)) RETURNS INTEGER DETERMINISTIC
            BEGIN
                IF doit IS NULL OR doit = 0 THEN
                    SIGNAL SQLSTATE 'ERR0R' SET MESSAGE_TEXT = message;
                END IF;
                RETURN doit;
            END)";

/// The registry tables sqitch's begin_work locks on MySQL.
const QStringList &registryTables()
{
    static const QStringList tables{u"releases"_s, u"changes"_s, u"dependencies"_s, u"events"_s, u"projects"_s, u"tags"_s};
    return tables;
}

/// The change id a `requires` entry resolves to on this database (sqitch's change_id_for), empty when none.
Result<QString> resolveRequire(DbSession &db, const QString &r, const SqitchPlan &plan, const QString &reg)
{
    QString project = plan.project;
    QString spec = r;
    if (const qsizetype colon = spec.indexOf(u':'); colon > 0) {
        project = spec.left(colon);
        spec = spec.mid(colon + 1);
    }
    const QString change = spec.section(u'@', 0, 0);
    const QString tag = spec.contains(u'@') ? spec.section(u'@', 1) : QString();
    Result<QList<Row>> rows = QList<Row>{};
    const QString changeCol = quoteIdent(db, u"change"_s);
    if (change.isEmpty()) {
        rows = db.query(u"SELECT change_id FROM %1.tags WHERE project = $1 AND tag = $2"_s.arg(reg), {project, u'@' + tag});
    } else if (tag.isEmpty() || tag == u"HEAD"_s || tag == u"LAST"_s) {
        rows = db.query(u"SELECT change_id FROM %1.changes WHERE project = $1 AND changes.%3 = $2 "
                        "ORDER BY committed_at %2 LIMIT 1"_s.arg(reg, tag.isEmpty() ? u"ASC"_s : u"DESC"_s, changeCol),
                        {project, change});
    } else {
        rows = db.query(u"SELECT changes.change_id FROM %1.changes JOIN %1.tags ON changes.committed_at <= tags.committed_at "
                        "AND changes.project = tags.project WHERE changes.project = $1 AND changes.%2 = $2 "
                        "AND tags.tag = $3 ORDER BY changes.committed_at DESC LIMIT 1"_s.arg(reg, changeCol),
                        {project, change, u'@' + tag});
    }
    if (!rows)
        return std::unexpected(rows.error());
    return rows->isEmpty() ? QString() : rows->first().value(0);
}

Result<void> logEvent(DbSession &db, const QString &event, const SqitchPlan &plan, const SqitchChange &c,
                      const SqitchUser &user, const QString &reg, const QStringList &tags, const QStringList &requires_,
                      const QStringList &conflicts)
{
    if (isMySql(db)) // DBIEngine: tags joined by ' ', requires and conflicts by ','; committed_at utc_timestamp(6)
        return exec(db,
                    u"INSERT INTO %1.events (event, change_id, `change`, project, note, tags, requires, conflicts, "
                    "committer_name, committer_email, planned_at, planner_name, planner_email, committed_at) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, utc_timestamp(6))"_s.arg(reg),
                    {event, c.id, c.name, plan.project, text(c.note), text(tags.join(u' ')), text(requires_.join(u',')),
                     text(conflicts.join(u',')), user.name, user.email, plannedAt(db, c.timestamp), c.plannerName, c.plannerEmail});
    return exec(db,
                u"INSERT INTO %1.events (event, change_id, change, project, note, tags, requires, conflicts, "
                "committer_name, committer_email, planned_at, planner_name, planner_email, committed_at) "
                "VALUES ($1, $2, $3, $4, $5, $6::text[], $7::text[], $8::text[], $9, $10, $11::timestamptz, $12, $13, "
                "clock_timestamp())"_s.arg(reg),
                {event, c.id, c.name, plan.project, text(c.note), textArray(tags), textArray(requires_), textArray(conflicts),
                 user.name, user.email, c.timestamp, c.plannerName, c.plannerEmail});
}

// `key` ("name", "email") of the [user] section of a git-config style file (the last one wins, as in git).
QString userSetting(const QString &path, const QString &key)
{
    QFile f(path);
    if (path.isEmpty() || !f.open(QIODevice::ReadOnly))
        return {};
    QString section;
    QString value;
    static const QRegularExpression sectionRe(uR"(^\s*\[\s*([^\]\s"]+)[^\]]*\])"_s);
    static const QRegularExpression keyRe(uR"(^\s*([A-Za-z][\w-]*)\s*=\s*(.*?)\s*$)"_s);
    for (const QString &line : QString::fromUtf8(f.readAll()).split(u'\n')) {
        const QString t = line.trimmed();
        if (t.isEmpty() || t.startsWith(u'#') || t.startsWith(u';'))
            continue;
        if (const auto m = sectionRe.match(t); m.hasMatch()) {
            section = m.captured(1).toLower();
            continue;
        }
        if (section != u"user"_s)
            continue;
        if (const auto m = keyRe.match(t); m.hasMatch() && m.captured(1).toLower() == key) {
            QString v = m.captured(2);
            if (v.size() >= 2 && v.startsWith(u'"') && v.endsWith(u'"'))
                v = v.mid(1, v.size() - 2).replace(u"\\\""_s, u"\""_s).replace(u"\\\\"_s, u"\\"_s);
            value = v;
        }
    }
    return value;
}

} // namespace

SqitchUser sqitchDefaultUser(const QString &dir)
{
    // App::Sqitch::Config: local ./sqitch.conf, then the user's file, then the system file.
    const QString local = qEnvironmentVariableIsEmpty("SQITCH_CONFIG") ? QDir(dir).filePath(u"sqitch.conf"_s)
                                                                       : qEnvironmentVariable("SQITCH_CONFIG");
    const QString userFile = qEnvironmentVariableIsEmpty("SQITCH_USER_CONFIG")
        ? QDir::homePath() + u"/.sqitch/sqitch.conf"_s
        : qEnvironmentVariable("SQITCH_USER_CONFIG");
    const QString systemFile = qEnvironmentVariableIsEmpty("SQITCH_SYSTEM_CONFIG") ? u"/etc/sqitch/sqitch.conf"_s
                                                                                   : qEnvironmentVariable("SQITCH_SYSTEM_CONFIG");
    auto setting = [&](const QString &key) {
        for (const QString &file : {local, userFile, systemFile}) {
            const QString v = userSetting(file, key);
            if (!v.isEmpty())
                return v;
        }
        return QString();
    };
    QString sysuser = qEnvironmentVariable("SQITCH_ORIG_SYSUSER");
    QString gecos;
    if (const passwd *pw = getpwuid(geteuid())) {
        if (sysuser.isEmpty())
            sysuser = QString::fromLocal8Bit(pw->pw_name);
        if (pw->pw_gecos)
            gecos = QString::fromLocal8Bit(pw->pw_gecos).section(u',', 0, 0);
    }
    SqitchUser user;
    user.name = qEnvironmentVariable("SQITCH_FULLNAME");
    if (user.name.isEmpty())
        user.name = setting(u"name"_s);
    if (user.name.isEmpty())
        user.name = qEnvironmentVariable("SQITCH_ORIG_FULLNAME");
    if (user.name.isEmpty())
        user.name = gecos.isEmpty() ? sysuser : gecos;
    user.email = qEnvironmentVariable("SQITCH_EMAIL");
    if (user.email.isEmpty())
        user.email = setting(u"email"_s);
    if (user.email.isEmpty())
        user.email = qEnvironmentVariable("SQITCH_ORIG_EMAIL");
    if (user.email.isEmpty())
        user.email = sysuser + u'@' + QSysInfo::machineHostName();
    return user;
}

Result<SqitchPlan> readSqitchPlan(const QString &dir)
{
    auto project = readProject(dir, Format::Sqitch);
    if (!project)
        return std::unexpected(project.error());
    const QString planPath = QDir(dir).filePath(u"sqitch.plan"_s);
    QByteArray bytes;
    QString message;
    if (!readFileBytes(planPath, &bytes, &message))
        return fail(Error::Code::Io, u"%1: %2"_s.arg(planPath, message));
    static const QRegularExpression changeRe(
        u"^([^\\s@#:\\[\\]]+)(?:\\s+\\[([^\\]]*)\\])?\\s+(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)\\s+([^<]+?)\\s+<([^>]*)>(?:\\s+#\\s?(.*))?$"_s);
    static const QRegularExpression tagRe(
        u"^@([^\\s@#:]+)\\s+(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)\\s+([^<]+?)\\s+<([^>]*)>(?:\\s+#\\s?(.*))?$"_s);
    SqitchPlan plan;
    plan.project = project->projectName;
    qsizetype next = 0; // index into project->migrations
    for (const QString &raw : QString::fromUtf8(bytes).split(u'\n')) {
        const QString t = raw.trimmed();
        if (t.isEmpty() || t.startsWith(u'#'))
            continue;
        if (t.startsWith(u'%')) {
            if (t.mid(1).section(u'=', 0, 0).trimmed() == u"uri"_s)
                plan.uri = t.section(u'=', 1).trimmed();
            continue;
        }
        if (t.startsWith(u'@')) {
            const auto m = tagRe.match(t);
            if (!m.hasMatch() || plan.changes.isEmpty())
                return fail(Error::Code::InvalidArgument, u"%1: cannot read the tag line: %2"_s.arg(planPath, t.left(80)));
            SqitchChange &owner = plan.changes.last();
            SqitchTag tag{m.captured(1), {}, m.captured(2), m.captured(3), m.captured(4), m.captured(5)};
            QStringList info{u"project "_s + plan.project};
            if (!plan.uri.isEmpty())
                info << u"uri "_s + plan.uri;
            info << u"tag @"_s + tag.name << u"change "_s + owner.id
                 << u"planner "_s + tag.plannerName + u" <"_s + tag.plannerEmail + u'>' << u"date "_s + tag.timestamp;
            if (!tag.note.isEmpty())
                info << QString() << tag.note;
            tag.id = sqitchObjectId(u"tag"_s, info.join(u'\n'));
            owner.tags << tag;
            continue;
        }
        const auto m = changeRe.match(t);
        if (!m.hasMatch())
            continue; // readProject reported it
        if (next >= project->migrations.size())
            return fail(Error::Code::InvalidArgument, u"%1: the plan changed while it was read"_s.arg(planPath));
        const Migration &mig = project->migrations.at(next++);
        SqitchChange c;
        c.name = m.captured(1);
        c.id = mig.id;
        c.timestamp = m.captured(3);
        c.plannerName = m.captured(4);
        c.plannerEmail = m.captured(5);
        c.note = m.captured(6);
        for (const QString &d : m.captured(2).split(u' ', Qt::SkipEmptyParts))
            (d.startsWith(u'!') ? c.conflicts : c.requires_) << (d.startsWith(u'!') ? d.mid(1) : d);
        c.deployFile = mig.upPath;
        c.scriptHash = mig.checksum;
        plan.changes << c;
    }
    return plan;
}

namespace {

// mysql.pm's _initialize: CREATE DATABASE IF NOT EXISTS, mysql.sql in it, checkit(), then _register_release.
Result<void> initMysqlRegistry(DbSession &db, const SqitchUser &user, const QString &registry)
{
    const QString reg = quoteIdent(db, registry);
    const QString target = db.database();
    if (auto r = db.execScript(u"CREATE DATABASE IF NOT EXISTS %1"_s.arg(reg)); !r)
        return r;
    if (auto r = db.execScript(u"USE %1"_s.arg(reg)); !r)
        return r;
    Result<void> result;
    for (const QString &statement : mysqlRegistryDdl()) {
        result = db.execScript(statement);
        if (!result)
            break;
    }
    if (result) {
        if (auto r = db.execScript(QString::fromUtf8(kMysqlCheckit)); !r && r.error().sqlState != u"1419"_s)
            result = r;
    }
    if (auto back = db.execScript(u"USE %1"_s.arg(quoteIdent(db, target))); !back && result)
        result = back;
    if (!result)
        return result;
    return exec(db, u"INSERT INTO %1.releases (version, installed_at, installer_name, installer_email) "
                    "VALUES ($1, utc_timestamp(6), $2, $3)"_s.arg(reg),
                {u"1.1"_s, user.name, user.email});
}

} // namespace

Result<void> sqitchInitRegistry(DbSession &db, const SqitchPlan &plan, const SqitchUser &user, const QString &registry)
{
    if (auto r = requireSupported(db); !r)
        return r;
    const bool my = isMySql(db);
    const QString reg = quoteIdent(db, registry);
    auto exists = my ? db.query(u"SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2"_s,
                                {registry, u"changes"_s})
                     : db.query(u"SELECT EXISTS(SELECT TRUE FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2)"_s,
                                {registry, u"changes"_s});
    if (!exists)
        return std::unexpected(exists.error());
    const QString found = exists->isEmpty() ? QString() : exists->first().value(0);
    const bool initialized = found == u"t"_s || found == u"1"_s;
    if (!initialized && my) {
        if (auto r = initMysqlRegistry(db, user, registry); !r)
            return r;
    } else if (!initialized) {
        // psql --file pg.sql (one transaction), then _register_release
        if (auto r = db.execScript(u"BEGIN;\n"_s + QString::fromUtf8(kRegistryDdl).arg(reg) + u"COMMIT;"_s); !r) {
            (void)db.execScript(u"ROLLBACK"_s);
            return r;
        }
        if (auto r = exec(db, u"INSERT INTO %1.releases (version, installed_at, installer_name, installer_email) "
                              "VALUES ($1, clock_timestamp(), $2, $3)"_s.arg(reg),
                          {u"1.1"_s, user.name, user.email});
            !r)
            return r;
    }
    // register_project
    auto rows = db.query(u"SELECT uri FROM %1.projects WHERE project = $1"_s.arg(reg), {plan.project});
    if (!rows)
        return std::unexpected(rows.error());
    if (!rows->isEmpty()) {
        const QString uri = rows->first().value(0);
        if (uri.isNull() != plan.uri.isEmpty() || (!uri.isNull() && uri != plan.uri))
            return fail(Error::Code::InvalidArgument,
                        u"Registry already contains project \"%1\" with URI %2, but the plan has %3"_s.arg(
                            plan.project, uri.isNull() ? u"none"_s : uri, plan.uri.isEmpty() ? u"none"_s : plan.uri));
        return {};
    }
    if (!plan.uri.isEmpty()) {
        auto other = db.query(u"SELECT project FROM %1.projects WHERE uri = $1"_s.arg(reg), {plan.uri});
        if (!other)
            return std::unexpected(other.error());
        if (!other->isEmpty())
            return fail(Error::Code::InvalidArgument, u"Cannot register \"%1\" with URI %2: already exists for project \"%3\""_s.arg(
                                                          plan.project, plan.uri, other->first().value(0)));
    }
    const QString now = my ? u"utc_timestamp(6)"_s : u"clock_timestamp()"_s;
    return exec(db,
                plan.uri.isEmpty()
                    ? u"INSERT INTO %1.projects (project, uri, created_at, creator_name, creator_email) "
                      "VALUES ($1, NULL, %2, $2, $3)"_s.arg(reg, now)
                    : u"INSERT INTO %1.projects (project, uri, created_at, creator_name, creator_email) "
                      "VALUES ($1, $2, %2, $3, $4)"_s.arg(reg, now),
                plan.uri.isEmpty() ? QStringList{plan.project, user.name, user.email}
                                   : QStringList{plan.project, plan.uri, user.name, user.email});
}

Result<void> sqitchBeginWork(DbSession &db, const QString &registry)
{
    if (auto r = requireSupported(db); !r)
        return r;
    if (isMySql(db)) {
        // mysql.pm's begin_work: LOCK TABLES every registry table WRITE, then the transaction.
        QStringList locks;
        for (const QString &t : registryTables())
            locks << quoteIdent(db, registry) + u'.' + t + u" WRITE"_s;
        if (auto r = db.execScript(u"LOCK TABLES "_s + locks.join(u", "_s)); !r)
            return r;
        return db.execScript(u"START TRANSACTION"_s);
    }
    if (auto r = db.execScript(u"BEGIN"_s); !r)
        return r;
    return db.execScript(u"LOCK TABLE %1.changes IN EXCLUSIVE MODE"_s.arg(quoteIdent(registry)));
}

Result<void> sqitchLockChanges(DbSession &db, const QString &registry)
{
    if (auto r = requireSupported(db); !r)
        return r;
    if (isMySql(db))
        return {}; // LOCK TABLES would commit the caller's transaction; GET_LOCK('sqitch working on …') excludes sqitch
    return db.execScript(u"LOCK TABLE %1.changes IN EXCLUSIVE MODE"_s.arg(quoteIdent(registry)));
}

Result<void> sqitchFinishWork(DbSession &db)
{
    auto r = db.execScript(u"COMMIT"_s);
    if (isMySql(db)) // finish_work: commit, then UNLOCK TABLES
        if (auto u = db.execScript(u"UNLOCK TABLES"_s); !u && r)
            return u;
    return r;
}

Result<void> sqitchRollbackWork(DbSession &db)
{
    auto r = db.execScript(u"ROLLBACK"_s);
    if (isMySql(db))
        (void)db.execScript(u"UNLOCK TABLES"_s);
    return r;
}

Result<void> sqitchLogDeploy(DbSession &db, const SqitchPlan &plan, const SqitchChange &c, const SqitchUser &user,
                             const QString &registry)
{
    if (auto r = requireSupported(db); !r)
        return r;
    const bool my = isMySql(db);
    const QString reg = quoteIdent(db, registry);
    const QString now = my ? u"utc_timestamp(6)"_s : u"clock_timestamp()"_s;
    const QString ts = my ? QString() : u"::timestamptz"_s;
    // check_requires: every required change must be deployed (resolved before this change's row exists)
    QList<QPair<QString, QString>> resolved;
    for (const QString &req : c.requires_) {
        auto id = resolveRequire(db, req, plan, reg);
        if (!id)
            return std::unexpected(id.error());
        if (id->isEmpty())
            return fail(Error::Code::InvalidArgument,
                        u"Missing required change: %1 (sqitch refuses to deploy %2)"_s.arg(req, c.name));
        resolved << qMakePair(req, *id);
    }
    if (auto r = exec(db,
                      u"INSERT INTO %1.changes (change_id, script_hash, %4, project, note, committer_name, "
                      "committer_email, planned_at, planner_name, planner_email, committed_at) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8%3, $9, $10, %2)"_s.arg(reg, now, ts, quoteIdent(db, u"change"_s)),
                      {c.id, c.scriptHash.isEmpty() ? QString() : c.scriptHash, c.name, plan.project, text(c.note), user.name,
                       user.email, plannedAt(db, c.timestamp), c.plannerName, c.plannerEmail});
        !r)
        return r;
    if (!resolved.isEmpty() || !c.conflicts.isEmpty()) {
        QStringList values;
        QStringList params;
        auto add = [&](const QString &type, const QString &dep, const QString &depId) {
            const int n = int(params.size());
            params << c.id << type << dep;
            if (depId.isEmpty()) {
                values << u"($%1, $%2, $%3, NULL)"_s.arg(n + 1).arg(n + 2).arg(n + 3);
            } else {
                params << depId;
                values << u"($%1, $%2, $%3, $%4)"_s.arg(n + 1).arg(n + 2).arg(n + 3).arg(n + 4);
            }
        };
        // Change::dependencies lists conflicts first, then requires (Plan/Change.pm)
        for (const QString &conf : c.conflicts)
            add(u"conflict"_s, conf, {});
        for (const auto &[req, id] : resolved)
            add(u"require"_s, req, id);
        if (auto r = exec(db,
                          u"INSERT INTO %1.dependencies (change_id, type, dependency, dependency_id) VALUES "_s.arg(reg)
                              + values.join(u", "_s),
                          params);
            !r)
            return r;
    }
    if (!c.tags.isEmpty()) {
        QStringList values;
        QStringList params;
        for (const SqitchTag &t : c.tags) {
            const int n = int(params.size());
            params << t.id << u'@' + t.name << plan.project << c.id << text(t.note) << user.name << user.email
                   << plannedAt(db, t.timestamp) << t.plannerName << t.plannerEmail;
            QStringList ph;
            for (int i = 1; i <= 10; ++i)
                ph << (i == 8 ? u"$%1"_s + ts : u"$%1"_s).arg(n + i);
            values << u'(' + ph.join(u", "_s) + u", "_s + now + u')';
        }
        if (auto r = exec(db,
                          u"INSERT INTO %1.tags (tag_id, tag, project, change_id, note, committer_name, committer_email, "
                          "planned_at, planner_name, planner_email, committed_at) VALUES "_s.arg(reg)
                              + values.join(u", "_s),
                          params);
            !r)
            return r;
    }
    return logEvent(db, u"deploy"_s, plan, c, user, reg, tagNames(c), c.requires_, c.conflicts);
}

Result<void> sqitchLogFail(DbSession &db, const SqitchPlan &plan, const SqitchChange &c, const SqitchUser &user,
                           const QString &registry)
{
    if (auto r = requireSupported(db); !r)
        return r;
    return logEvent(db, u"fail"_s, plan, c, user, quoteIdent(db, registry), tagNames(c), c.requires_, c.conflicts);
}

Result<void> sqitchLogRevert(DbSession &db, const SqitchPlan &plan, const SqitchChange &c, const SqitchUser &user,
                             const QString &registry)
{
    if (auto r = requireSupported(db); !r)
        return r;
    const QString reg = quoteIdent(db, registry);
    auto deleted = db.query(u"SELECT tag FROM %1.tags WHERE change_id = $1"_s.arg(reg), {c.id});
    if (!deleted)
        return std::unexpected(deleted.error());
    QStringList tags;
    for (const Row &r : *deleted)
        tags << r.value(0);
    if (auto r = exec(db, u"DELETE FROM %1.tags WHERE change_id = $1"_s.arg(reg), {c.id}); !r)
        return r;
    auto deps = db.query(u"SELECT dependency, type FROM %1.dependencies WHERE change_id = $1"_s.arg(reg), {c.id});
    if (!deps)
        return std::unexpected(deps.error());
    QStringList requires_, conflicts;
    for (const Row &r : *deps)
        (r.value(1) == u"require"_s ? requires_ : conflicts) << r.value(0);
    if (auto r = exec(db, u"DELETE FROM %1.changes where change_id = $1"_s.arg(reg), {c.id}); !r)
        return r;
    return logEvent(db, u"revert"_s, plan, c, user, reg, tags, requires_, conflicts);
}

} // namespace core::project
