// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

#include <vector>

namespace widgets::editor {

/// Maps byte offsets in the UTF-8 encoding of a text to UTF-16 positions in the QString and back.
/// The analyzer speaks bytes; QTextDocument speaks UTF-16. Built in O(n); each lookup is O(log n + 64).
/// Offsets inside a multi-byte sequence map to the start of its character; out-of-range offsets are clamped.
class Utf8OffsetMap
{
public:
    Utf8OffsetMap() = default;
    explicit Utf8OffsetMap(QStringView text);

    qsizetype utf16Position(qsizetype byteOffset) const;
    qsizetype byteOffset(qsizetype utf16Position) const;
    qsizetype byteSize() const { return m_byteSize; }

private:
    static constexpr qsizetype Stride = 64;
    QStringView m_text; // must outlive the map
    std::vector<qsizetype> m_bytesAt; // byte offset of UTF-16 position i * Stride
    qsizetype m_byteSize = 0;
};

/// The UTF-8 length of the character starting at UTF-16 index `i` (1-4; a lone surrogate counts 1 byte, as
/// QString::toUtf8() writes it), and how many UTF-16 units it spans (`units`).
int utf8LengthAt(QStringView text, qsizetype i, int *units);

} // namespace widgets::editor
