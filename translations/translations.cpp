// SPDX-License-Identifier: GPL-3.0-or-later
// mwb_translations holds the compiled catalogues (:/i18n/*.qm) as resources; this file only gives the library
// an object of its own. widgets/translations.h loads them.
namespace mwb::translations {
int catalogueLibrary()
{
    return 1;
}
} // namespace mwb::translations
