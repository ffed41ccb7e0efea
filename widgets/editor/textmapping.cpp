// SPDX-License-Identifier: GPL-3.0-or-later
#include "textmapping.h"

#include <algorithm>

namespace widgets::editor {

int utf8LengthAt(QStringView text, qsizetype i, int *units)
{
    const char16_t c = text.at(i).unicode();
    *units = 1;
    if (c < 0x80)
        return 1;
    if (c < 0x800)
        return 2;
    if (QChar::isHighSurrogate(c) && i + 1 < text.size() && QChar::isLowSurrogate(text.at(i + 1).unicode())) {
        *units = 2;
        return 4;
    }
    if (QChar::isSurrogate(c))
        return 1; // a lone surrogate: QString::toUtf8() writes one replacement byte
    return 3;
}

Utf8OffsetMap::Utf8OffsetMap(QStringView text)
    : m_text(text)
{
    m_bytesAt.reserve(static_cast<size_t>(text.size() / Stride + 2));
    qsizetype bytes = 0;
    qsizetype i = 0;
    qsizetype nextCheckpoint = 0;
    while (i < text.size()) {
        while (nextCheckpoint <= i) {
            // a checkpoint inside a surrogate pair points at the pair's start
            m_bytesAt.push_back(nextCheckpoint == i ? bytes : bytes - 4);
            nextCheckpoint += Stride;
        }
        int units = 1;
        bytes += utf8LengthAt(text, i, &units);
        i += units;
    }
    while (nextCheckpoint <= text.size()) {
        m_bytesAt.push_back(nextCheckpoint == text.size() ? bytes : bytes - 4);
        nextCheckpoint += Stride;
    }
    m_byteSize = bytes;
}

qsizetype Utf8OffsetMap::utf16Position(qsizetype byteOffset) const
{
    if (byteOffset <= 0 || m_bytesAt.empty())
        return 0;
    if (byteOffset >= m_byteSize)
        return m_text.size();
    // the last checkpoint whose byte offset is <= byteOffset
    auto it = std::upper_bound(m_bytesAt.begin(), m_bytesAt.end(), byteOffset);
    const auto index = static_cast<qsizetype>(it - m_bytesAt.begin()) - 1;
    qsizetype pos = index * Stride;
    qsizetype bytes = m_bytesAt[static_cast<size_t>(index)];
    if (pos > 0 && pos < m_text.size() && m_text.at(pos).isLowSurrogate()
        && m_text.at(pos - 1).isHighSurrogate())
        --pos; // the checkpoint fell inside a pair; its byte offset is the pair's start
    while (pos < m_text.size()) {
        int units = 1;
        const int len = utf8LengthAt(m_text, pos, &units);
        if (bytes + len > byteOffset)
            break;
        bytes += len;
        pos += units;
    }
    return pos;
}

qsizetype Utf8OffsetMap::byteOffset(qsizetype utf16Position) const
{
    if (utf16Position <= 0 || m_bytesAt.empty())
        return 0;
    if (utf16Position >= m_text.size())
        return m_byteSize;
    const qsizetype index = utf16Position / Stride;
    qsizetype pos = index * Stride;
    qsizetype bytes = m_bytesAt[static_cast<size_t>(index)];
    if (pos > 0 && m_text.at(pos).isLowSurrogate() && m_text.at(pos - 1).isHighSurrogate())
        --pos;
    while (pos < utf16Position) {
        int units = 1;
        const int len = utf8LengthAt(m_text, pos, &units);
        if (pos + units > utf16Position)
            break;
        bytes += len;
        pos += units;
    }
    return bytes;
}

} // namespace widgets::editor
