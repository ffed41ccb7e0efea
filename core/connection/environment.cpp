// SPDX-License-Identifier: GPL-3.0-or-later
#include "environment.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace core::connection {

namespace {

QStringList words(QStringView name)
{
    static const QRegularExpression separators(u"[^a-z0-9]+"_s);
    return name.toString().toLower().split(separators, Qt::SkipEmptyParts);
}

bool hasWord(QStringView name, std::initializer_list<QStringView> candidates)
{
    const QStringList w = words(name);
    for (QStringView c : candidates) {
        if (w.contains(c.toString()))
            return true;
    }
    return false;
}

bool isValidName(QStringView name)
{
    static const QRegularExpression pattern(u"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,62}$"_s);
    return pattern.matchView(name).hasMatch();
}

} // namespace

bool isProductionLikeName(QStringView name)
{
    return hasWord(name, {u"prod", u"production", u"live", u"prd", u"prodution"});
}

QString defaultColour(QStringView name)
{
    if (isProductionLikeName(name))
        return u"#c62828"_s;
    if (hasWord(name, {u"staging", u"stage", u"stg", u"uat", u"preprod", u"preproduction"}))
        return u"#ef6c00"_s;
    if (hasWord(name, {u"test", u"testing", u"qa", u"ci"}))
        return u"#1565c0"_s;
    if (hasWord(name, {u"dev", u"development", u"local"}))
        return u"#2e7d32"_s;
    return u"#616161"_s;
}

bool isValidColour(QStringView colour)
{
    static const QRegularExpression pattern(u"^#[0-9A-Fa-f]{6}$"_s);
    return pattern.matchView(colour).hasMatch();
}

Environment Environment::create(const QString &name)
{
    Environment e;
    e.name = name.trimmed();
    e.colour = defaultColour(e.name);
    e.isProtected = isProductionLikeName(e.name);
    return e;
}

bool Environment::confirmationMatches(QStringView typed) const
{
    return !name.isEmpty() && typed.trimmed() == name;
}

EnvironmentPipeline EnvironmentPipeline::defaults()
{
    return EnvironmentPipeline(
        {Environment::create(u"dev"_s), Environment::create(u"staging"_s), Environment::create(u"prod"_s)});
}

qsizetype EnvironmentPipeline::indexOf(QStringView name) const
{
    for (qsizetype i = 0; i < m_environments.size(); ++i) {
        if (m_environments[i].name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

std::optional<Environment> EnvironmentPipeline::find(QStringView name) const
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return std::nullopt;
    return m_environments[i];
}

Result<void> EnvironmentPipeline::add(const Environment &environment, qsizetype position)
{
    if (!isValidName(environment.name))
        return fail(Error::Code::InvalidArgument,
                    u"'%1' is not a valid environment name (letters, digits, space, '_', '.', '-'; at most 63)"_s.arg(
                        environment.name));
    if (indexOf(environment.name) >= 0)
        return fail(Error::Code::InvalidArgument, u"an environment named '%1' exists already"_s.arg(environment.name));
    if (!isValidColour(environment.colour))
        return fail(Error::Code::InvalidArgument, u"'%1' is not a colour (#rrggbb)"_s.arg(environment.colour));
    if (position < 0 || position > m_environments.size())
        position = m_environments.size();
    m_environments.insert(position, environment);
    return {};
}

Result<void> EnvironmentPipeline::remove(QStringView name)
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return fail(Error::Code::InvalidArgument, u"no environment named '%1'"_s.arg(name));
    m_environments.removeAt(i);
    return {};
}

Result<void> EnvironmentPipeline::rename(QStringView from, const QString &to)
{
    const qsizetype i = indexOf(from);
    if (i < 0)
        return fail(Error::Code::InvalidArgument, u"no environment named '%1'"_s.arg(from));
    if (!isValidName(to))
        return fail(Error::Code::InvalidArgument, u"'%1' is not a valid environment name"_s.arg(to));
    const qsizetype other = indexOf(to);
    if (other >= 0 && other != i)
        return fail(Error::Code::InvalidArgument, u"an environment named '%1' exists already"_s.arg(to));
    m_environments[i].name = to;
    return {};
}

Result<void> EnvironmentPipeline::move(QStringView name, qsizetype position)
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return fail(Error::Code::InvalidArgument, u"no environment named '%1'"_s.arg(name));
    if (position < 0 || position >= m_environments.size())
        return fail(Error::Code::InvalidArgument, u"position %1 is outside the pipeline"_s.arg(position));
    m_environments.move(i, position);
    return {};
}

Result<void> EnvironmentPipeline::update(const Environment &environment)
{
    const qsizetype i = indexOf(environment.name);
    if (i < 0)
        return fail(Error::Code::InvalidArgument, u"no environment named '%1'"_s.arg(environment.name));
    if (!isValidColour(environment.colour))
        return fail(Error::Code::InvalidArgument, u"'%1' is not a colour (#rrggbb)"_s.arg(environment.colour));
    m_environments[i] = environment;
    return {};
}

Result<void> EnvironmentPipeline::validate() const
{
    EnvironmentPipeline check;
    for (const Environment &e : m_environments) {
        if (auto added = check.add(e); !added)
            return added;
    }
    return {};
}

Result<void> checkApplyAllowed(const Environment &environment, const ConnectionProfile *profile,
                               QStringView confirmation)
{
    if (profile && profile->readOnly)
        return fail(Error::Code::Unsupported,
                    u"the connection '%1' of environment '%2' is read-only: nothing can be applied through it"_s.arg(
                        profile->name, environment.name));
    if (!environment.isProtected)
        return {};
    if (confirmation.trimmed().isEmpty())
        return fail(Error::Code::InvalidArgument,
                    u"environment '%1' is protected: confirm by typing its name (mwb: --confirm %1)"_s.arg(
                        environment.name));
    if (!environment.confirmationMatches(confirmation))
        return fail(Error::Code::InvalidArgument,
                    u"the confirmation '%1' does not match the protected environment '%2'"_s.arg(
                        confirmation.trimmed(), environment.name));
    return {};
}

} // namespace core::connection
