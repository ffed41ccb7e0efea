// SPDX-License-Identifier: GPL-3.0-or-later
#include "projectfile.h"

#include "writer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <sstream>

#include <toml++/toml.hpp>

using namespace Qt::StringLiterals;

namespace core::project {

namespace {

QVariant fromToml(const toml::node &node)
{
    if (const auto *t = node.as_table()) {
        QVariantMap map;
        for (const auto &[k, v] : *t)
            map.insert(QString::fromUtf8(k.str().data(), static_cast<qsizetype>(k.str().size())), fromToml(v));
        return map;
    }
    if (const auto *a = node.as_array()) {
        QVariantList list;
        for (const auto &v : *a)
            list.append(fromToml(v));
        return list;
    }
    if (const auto *s = node.as_string())
        return QString::fromStdString(s->get());
    if (const auto *i = node.as_integer())
        return static_cast<qint64>(i->get());
    if (const auto *d = node.as_floating_point())
        return d->get();
    if (const auto *b = node.as_boolean())
        return b->get();
    std::ostringstream os;
    if (const auto *dt = node.as_date_time())
        os << *dt;
    else if (const auto *da = node.as_date())
        os << *da;
    else if (const auto *ti = node.as_time())
        os << *ti;
    return QString::fromStdString(os.str());
}

bool looksSecret(const QString &key)
{
    static const QRegularExpression re(u"(password|passwd|secret|token|api[_-]?key|private[_-]?key)"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(key).hasMatch();
}

Result<toml::array> toArray(const QVariantList &list, const QString &where);

Result<toml::table> toTable(const QVariantMap &map, const QString &where)
{
    toml::table t;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        const QString key = it.key();
        if (looksSecret(key))
            return fail(Error::Code::InvalidArgument,
                        u"%1.%2 looks like a secret; secrets are never stored in workbench.toml"_s.arg(where, key));
        const std::string k = key.toStdString();
        const QVariant &v = it.value();
        switch (v.typeId()) {
        case QMetaType::QVariantMap: {
            auto sub = toTable(v.toMap(), where + u'.' + key);
            if (!sub)
                return std::unexpected(sub.error());
            t.insert(k, std::move(*sub));
            break;
        }
        case QMetaType::QVariantList:
        case QMetaType::QStringList: {
            auto arr = toArray(v.toList(), where + u'.' + key);
            if (!arr)
                return std::unexpected(arr.error());
            t.insert(k, std::move(*arr));
            break;
        }
        case QMetaType::Bool:
            t.insert(k, v.toBool());
            break;
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
            t.insert(k, static_cast<int64_t>(v.toLongLong()));
            break;
        case QMetaType::Double:
        case QMetaType::Float:
            t.insert(k, v.toDouble());
            break;
        default:
            t.insert(k, v.toString().toStdString());
            break;
        }
    }
    return t;
}

Result<toml::array> toArray(const QVariantList &list, const QString &where)
{
    toml::array a;
    for (const QVariant &v : list) {
        switch (v.typeId()) {
        case QMetaType::QVariantMap: {
            auto sub = toTable(v.toMap(), where);
            if (!sub)
                return std::unexpected(sub.error());
            a.push_back(std::move(*sub));
            break;
        }
        case QMetaType::QVariantList:
        case QMetaType::QStringList: {
            auto sub = toArray(v.toList(), where);
            if (!sub)
                return std::unexpected(sub.error());
            a.push_back(std::move(*sub));
            break;
        }
        case QMetaType::Bool:
            a.push_back(v.toBool());
            break;
        case QMetaType::Int:
        case QMetaType::LongLong:
            a.push_back(static_cast<int64_t>(v.toLongLong()));
            break;
        case QMetaType::Double:
            a.push_back(v.toDouble());
            break;
        default:
            a.push_back(v.toString().toStdString());
            break;
        }
    }
    return a;
}

/// The top-level key of a header line (`[a.b]`, `[[a]]`, `["a b".c]`), or empty.
QString headerSection(const QString &line)
{
    static const QRegularExpression header(u"^\\s*\\[\\[?\\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)"_s);
    const auto m = header.match(line);
    if (!m.hasMatch())
        return {};
    QString key = m.captured(1);
    if (key.startsWith(u'"') || key.startsWith(u'\''))
        key = key.mid(1, key.size() - 2);
    return key;
}

} // namespace

Result<ProjectFile> ProjectFile::load(const QString &dir)
{
    ProjectFile pf;
    pf.m_path = QDir(dir).absoluteFilePath(fileName());
    QFile f(pf.m_path);
    if (!f.exists())
        return pf;
    if (!f.open(QIODevice::ReadOnly))
        return fail(Error::Code::Io, u"%1: %2"_s.arg(pf.m_path, f.errorString()));
    const QByteArray bytes = f.readAll();
    pf.m_exists = true;
    toml::table root;
    try {
        root = toml::parse(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())),
                           pf.m_path.toStdString());
    } catch (const toml::parse_error &e) {
        return fail(Error::Code::InvalidArgument,
                    u"%1:%2:%3: %4"_s.arg(pf.m_path)
                        .arg(e.source().begin.line)
                        .arg(e.source().begin.column)
                        .arg(QString::fromUtf8(e.description().data(), static_cast<qsizetype>(e.description().size()))));
    }
    for (const auto &[k, v] : root)
        pf.m_sections.insert(QString::fromUtf8(k.str().data(), static_cast<qsizetype>(k.str().size())), fromToml(v));
    // Keep the text, cut at each header into blocks owned by a top-level section. Comment lines right above a
    // header belong to the block that header opens.
    const QString text = QString::fromUtf8(bytes);
    Block current;
    QStringList currentLines;
    auto flush = [&pf, &current, &currentLines]() {
        current.text = currentLines.join(u'\n');
        if (!currentLines.isEmpty())
            current.text += u'\n';
        if (!current.text.isEmpty() || !current.section.isEmpty())
            pf.m_blocks.append(current);
    };
    QStringList lines = text.split(u'\n');
    const bool endsWithNewline = text.endsWith(u'\n');
    if (endsWithNewline)
        lines.removeLast();
    for (const QString &line : std::as_const(lines)) {
        const QString section = headerSection(line);
        if (!section.isEmpty() && section != current.section) {
            QStringList carried;
            while (!currentLines.isEmpty() && currentLines.last().trimmed().startsWith(u'#'))
                carried.prepend(currentLines.takeLast());
            flush();
            current = Block{section, {}};
            currentLines = carried;
            if (!pf.m_order.contains(section))
                pf.m_order.append(section);
        }
        currentLines.append(line);
    }
    flush();
    if (!endsWithNewline && !pf.m_blocks.isEmpty() && pf.m_blocks.last().text.endsWith(u'\n'))
        pf.m_blocks.last().text.chop(1);
    for (auto it = pf.m_sections.cbegin(); it != pf.m_sections.cend(); ++it)
        if (!pf.m_order.contains(it.key()))
            pf.m_order.prepend(it.key()); // root-level keys come before the first header
    return pf;
}

QString ProjectFile::locateDirectory(const QString &given, const QString &migrationsDir)
{
    const QString root = QFileInfo(given).absoluteFilePath();
    for (const QString &candidate : {root, QFileInfo(migrationsDir).absolutePath(), QFileInfo(migrationsDir).absoluteFilePath()})
        if (QFileInfo::exists(QDir(candidate).filePath(fileName())))
            return candidate;
    return root;
}

QStringList ProjectFile::sectionNames() const
{
    return m_order;
}

bool ProjectFile::hasSection(const QString &name) const
{
    return m_sections.contains(name);
}

QVariant ProjectFile::section(const QString &name) const
{
    return m_sections.value(name);
}

Result<void> ProjectFile::replaceSection(const QString &name, const QVariant &value)
{
    if (name.isEmpty())
        return fail(Error::Code::InvalidArgument, u"a section needs a name"_s);
    const bool tableOrArray = value.typeId() == QMetaType::QVariantMap
        || (value.typeId() == QMetaType::QVariantList
            && std::ranges::all_of(value.toList(), [](const QVariant &v) { return v.typeId() == QMetaType::QVariantMap; }));
    if (!tableOrArray)
        return fail(Error::Code::InvalidArgument, u"section %1 must be a table or an array of tables"_s.arg(name));
    // Validate now (secrets, types) so that save() cannot fail on content.
    QVariantMap probe{{name, value}};
    if (auto t = toTable(probe, u"workbench"_s); !t)
        return std::unexpected(t.error());
    m_sections.insert(name, value);
    if (!m_order.contains(name))
        m_order.append(name);
    if (!m_dirty.contains(name))
        m_dirty.append(name);
    return {};
}

void ProjectFile::removeSection(const QString &name)
{
    m_sections.remove(name);
    m_order.removeAll(name);
    if (!m_dirty.contains(name))
        m_dirty.append(name);
}

Result<void> ProjectFile::save()
{
    auto render = [this](const QString &name) -> Result<QString> {
        if (!m_sections.contains(name))
            return QString();
        auto t = toTable(QVariantMap{{name, m_sections.value(name)}}, u"workbench"_s);
        if (!t)
            return std::unexpected(t.error());
        std::ostringstream os;
        os << toml::toml_formatter(*t);
        QString s = QString::fromStdString(os.str());
        if (!s.endsWith(u'\n'))
            s += u'\n';
        return s;
    };
    QString out;
    QStringList written;
    for (const Block &b : std::as_const(m_blocks)) {
        if (b.section.isEmpty() || !m_dirty.contains(b.section)) {
            out += b.text;
            continue;
        }
        if (written.contains(b.section))
            continue;
        auto s = render(b.section);
        if (!s)
            return std::unexpected(s.error());
        if (!out.isEmpty() && !out.endsWith(u"\n\n"_s) && !s->isEmpty())
            out += out.endsWith(u'\n') ? u"\n"_s : u"\n\n"_s;
        out += *s;
        written.append(b.section);
    }
    for (const QString &name : std::as_const(m_dirty)) {
        if (written.contains(name) || !m_sections.contains(name))
            continue;
        auto s = render(name);
        if (!s)
            return std::unexpected(s.error());
        if (!out.isEmpty())
            out += out.endsWith(u'\n') ? u"\n"_s : u"\n\n"_s;
        out += *s;
        written.append(name);
    }
    if (auto r = writeFileAtomically(m_path, out.toUtf8(), true); !r)
        return r;
    // The saved text is now the base for the next save.
    auto again = load(QFileInfo(m_path).absolutePath());
    if (!again)
        return std::unexpected(again.error());
    *this = std::move(*again);
    return {};
}

QString ProjectFile::format() const
{
    return m_sections.value(u"project"_s).toMap().value(u"format"_s).toString();
}

QString ProjectFile::migrationsDir() const
{
    return m_sections.value(u"project"_s).toMap().value(u"migrations"_s).toString();
}

} // namespace core::project
