// SPDX-License-Identifier: GPL-3.0-or-later
#include "environmentstore.h"

#include "core/logging.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>
#include <QUrl>

#include <toml++/toml.hpp>

#include <sstream>

using namespace Qt::StringLiterals;

namespace core::connection {

namespace {

constexpr std::string_view environmentsKey = "environments";

Result<toml::table> parseToml(const QByteArray &bytes, const QString &path)
{
    try {
        return toml::parse(std::string_view(bytes.constData(), size_t(bytes.size())), path.toStdString());
    } catch (const toml::parse_error &e) {
        const auto &where = e.source().begin;
        return fail(Error::Code::InvalidArgument, u"%1:%2:%3: %4"_s.arg(path)
                                                      .arg(where.line)
                                                      .arg(where.column)
                                                      .arg(QString::fromUtf8(e.description())));
    }
}

Result<QByteArray> readFile(const QString &path, bool *exists)
{
    QFile file(path);
    *exists = file.exists();
    if (!*exists)
        return QByteArray();
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::Code::Io, u"%1: %2"_s.arg(path, file.errorString()));
    if (file.size() > 16 * 1024 * 1024)
        return fail(Error::Code::Io, u"%1: larger than 16 MiB, not a project file"_s.arg(path));
    return file.readAll();
}

QString headerName(QStringView line)
{
    QStringView t = line.trimmed();
    if (!t.startsWith(u'['))
        return {};
    const bool array = t.startsWith(u"[[");
    const qsizetype close = t.indexOf(array ? u"]]" : u"]");
    if (close < 0)
        return {};
    QString name = t.mid(array ? 2 : 1, close - (array ? 2 : 1)).toString();
    name.remove(u' ').remove(u'\t').remove(u'"');
    return name;
}

// The file's text without its environments tables (and the comment/blank lines directly before them).
QString withoutEnvironments(const QString &text)
{
    const QStringList lines = text.split(u'\n');
    QStringList kept;
    bool inEnvironments = false;
    QString multiline; // the delimiter of an open multi-line string
    for (const QString &line : lines) {
        if (multiline.isEmpty()) {
            const QString name = headerName(line);
            if (!name.isEmpty()) {
                inEnvironments = name == u"environments" || name.startsWith(u"environments.");
                if (inEnvironments) {
                    while (!kept.isEmpty() && kept.last().trimmed().startsWith(u'#'))
                        kept.removeLast();
                }
            }
        }
        // track multi-line strings, whose lines may look like headers
        for (QStringView delimiter : {QStringView(u"\"\"\""), QStringView(u"'''")}) {
            const qsizetype count = line.count(delimiter);
            if (count % 2 == 1) {
                if (multiline.isEmpty())
                    multiline = delimiter.toString();
                else if (multiline == delimiter)
                    multiline.clear();
            }
        }
        if (!inEnvironments)
            kept.append(line);
    }
    while (!kept.isEmpty() && kept.last().trimmed().isEmpty())
        kept.removeLast();
    return kept.join(u'\n');
}

toml::array toTomlArray(const EnvironmentPipeline &pipeline)
{
    toml::array array;
    for (const Environment &e : pipeline.environments()) {
        toml::table t;
        t.insert("name", e.name.toStdString());
        t.insert("color", e.colour.toStdString());
        t.insert("protected", e.isProtected);
        array.push_back(std::move(t));
    }
    return array;
}

std::string serialize(const toml::table &table)
{
    std::ostringstream out;
    out << toml::toml_formatter(table);
    return out.str();
}

toml::table withoutKey(toml::table table)
{
    table.erase(environmentsKey);
    return table;
}

} // namespace

Result<EnvironmentPipeline> readEnvironments(const QString &tomlPath)
{
    bool exists = false;
    auto bytes = readFile(tomlPath, &exists);
    if (!bytes)
        return std::unexpected(bytes.error());
    if (!exists)
        return EnvironmentPipeline();
    auto table = parseToml(*bytes, tomlPath);
    if (!table)
        return std::unexpected(table.error());
    const toml::node *node = table->get(environmentsKey);
    if (!node)
        return EnvironmentPipeline();
    const toml::array *array = node->as_array();
    if (!array)
        return fail(Error::Code::InvalidArgument, u"%1: 'environments' must be an array of tables"_s.arg(tomlPath));
    EnvironmentPipeline pipeline;
    for (const toml::node &item : *array) {
        const int line = int(item.source().begin.line);
        const toml::table *t = item.as_table();
        if (!t)
            return fail(Error::Code::InvalidArgument, u"%1:%2: an environment must be a table"_s.arg(tomlPath).arg(line));
        const auto name = (*t)["name"].value<std::string>();
        if (!name)
            return fail(Error::Code::InvalidArgument, u"%1:%2: environment without a name"_s.arg(tomlPath).arg(line));
        Environment e = Environment::create(QString::fromStdString(*name));
        if (const auto colour = (*t)["color"].value<std::string>())
            e.colour = QString::fromStdString(*colour);
        else if (const auto colour2 = (*t)["colour"].value<std::string>())
            e.colour = QString::fromStdString(*colour2);
        if (const toml::node *p = t->get("protected")) {
            const auto value = p->value<bool>();
            if (!value)
                return fail(Error::Code::InvalidArgument,
                            u"%1:%2: 'protected' must be true or false"_s.arg(tomlPath).arg(line));
            e.isProtected = *value;
        }
        if (auto added = pipeline.add(e); !added)
            return fail(Error::Code::InvalidArgument, u"%1:%2: %3"_s.arg(tomlPath).arg(line).arg(added.error().detail));
    }
    return pipeline;
}

Result<void> writeEnvironments(const QString &tomlPath, const EnvironmentPipeline &pipeline)
{
    if (auto valid = pipeline.validate(); !valid)
        return valid;
    bool exists = false;
    auto bytes = readFile(tomlPath, &exists);
    if (!bytes)
        return std::unexpected(bytes.error());
    auto original = parseToml(*bytes, tomlPath);
    if (!original)
        return fail(Error::Code::InvalidArgument,
                    u"%1 is not valid TOML; not touching it (%2)"_s.arg(tomlPath, original.error().detail));

    toml::table block;
    if (pipeline.size() > 0)
        block.insert("environments", toTomlArray(pipeline));
    const QString blockText = QString::fromStdString(serialize(block));

    // Keep the other sections' text verbatim and append the environments block.
    QString text = withoutEnvironments(QString::fromUtf8(*bytes));
    if (!blockText.isEmpty())
        text += (text.isEmpty() ? QString() : u"\n\n"_s) + blockText;
    if (!text.isEmpty() && !text.endsWith(u'\n'))
        text += u'\n';
    QByteArray out = text.toUtf8();

    toml::table expected = withoutKey(*original);
    if (pipeline.size() > 0)
        expected.insert("environments", toTomlArray(pipeline));
    auto check = parseToml(out, tomlPath);
    if (!check || *check != expected) {
        // Something in the file defeated the textual edit (an inline `environments = [...]`, a header inside an
        // odd string): rewrite it from its parsed form instead, which keeps every value.
        qCInfo(lcProject) << "rewriting" << tomlPath << "from its parsed form (comments are not kept)";
        out = QByteArray::fromStdString(serialize(expected)) + '\n';
    }

    if (const QFileInfo info(tomlPath); !info.absoluteDir().exists())
        return fail(Error::Code::Io, u"%1: the folder does not exist"_s.arg(info.absolutePath()));
    QSaveFile file(tomlPath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(Error::Code::Io, u"%1: %2"_s.arg(tomlPath, file.errorString()));
    if (file.write(out) != out.size() || !file.commit())
        return fail(Error::Code::Io, u"%1: %2"_s.arg(tomlPath, file.errorString()));
    return {};
}

EnvironmentBindings::EnvironmentBindings(QSettings &settings, const QString &projectPath)
    : m_settings(settings)
{
    const QString canonical = QFileInfo(projectPath).canonicalFilePath().isEmpty()
        ? QFileInfo(projectPath).absoluteFilePath()
        : QFileInfo(projectPath).canonicalFilePath();
    m_group = u"environmentBindings/"_s
        + QString::fromLatin1(QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
    m_settings.setValue(m_group + u"/projectPath"_s, canonical);
}

QString EnvironmentBindings::key(const QString &environment) const
{
    return m_group + u"/profiles/"_s + QString::fromLatin1(QUrl::toPercentEncoding(environment));
}

QString EnvironmentBindings::profileFor(const QString &environment) const
{
    return m_settings.value(key(environment)).toString();
}

void EnvironmentBindings::bind(const QString &environment, const QString &profileId)
{
    m_settings.setValue(key(environment), profileId);
}

void EnvironmentBindings::unbind(const QString &environment)
{
    m_settings.remove(key(environment));
}

void EnvironmentBindings::applyTo(EnvironmentPipeline &pipeline) const
{
    const QList<Environment> environments = pipeline.environments();
    for (Environment e : environments) {
        e.profileId = profileFor(e.name);
        (void)pipeline.update(e);
    }
}

void EnvironmentBindings::storeFrom(const EnvironmentPipeline &pipeline)
{
    for (const Environment &e : pipeline.environments()) {
        if (e.profileId.isEmpty())
            unbind(e.name);
        else
            bind(e.name, e.profileId);
    }
}

} // namespace core::connection
