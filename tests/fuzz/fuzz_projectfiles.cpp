// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzz target over the migration-file parsers that read user files byte by byte: dbmate sections, node-pg-migrate
// SQL sections, atlas.sum, Flyway's line CRC and Liquibase's checksum. The first byte chooses the parser; the rest
// is the file. Aborts on a violated invariant (a span outside the file, SQL that is not the span's text, an
// atlas.sum that does not read back what it wrote).

#include "core/project/checksum.h"
#include "core/project/reader.h"

#include <cstdint>
#include <cstdlib>

using namespace core::project;

namespace {

void checkSpan(const QByteArray &file, const Span &span, const QString &sql)
{
    if (span.begin < 0 || span.end < span.begin || span.end > file.size())
        std::abort();
    if (sql != QString::fromUtf8(file.mid(span.begin, span.end - span.begin)))
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray file(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    switch (data[0] % 4) {
    case 0: {
        Migration m;
        const QString problem = parseDbmateFile(file, m);
        if (problem.isEmpty() || !m.upSql.isEmpty())
            checkSpan(file, m.upSpan, m.upSql);
        if (problem.isEmpty())
            checkSpan(file, m.downSpan, m.downSql);
        break;
    }
    case 1: {
        Migration m;
        m.downPath = QStringLiteral("x.sql");
        (void)parseNodePgMigrateSqlFile(file, m);
        checkSpan(file, m.upSpan, m.upSql);
        if (!m.downPath.isEmpty())
            checkSpan(file, m.downSpan, m.downSql);
        break;
    }
    case 2: {
        AtlasSum sum;
        if (parseAtlasSum(file, &sum)) {
            AtlasSum again;
            if (!parseAtlasSum(sum.text(), &again) || again.top != sum.top || again.entries != sum.entries)
                std::abort();
        }
        break;
    }
    case 3: {
        // Flyway ignores line terminators: the same lines with \n, \r\n or \r give the same checksum
        const qint32 a = flywayChecksum(file);
        QByteArray crlf = file;
        crlf.replace("\r\n", "\n");
        if (!crlf.contains('\r')) {
            QByteArray other = crlf;
            other.replace("\n", "\r\n");
            if (flywayChecksum(crlf) != a || flywayChecksum(other) != a)
                std::abort();
        }
        const QString text = QString::fromUtf8(file);
        if (!liquibaseChangeChecksum(text).startsWith(QStringLiteral("9:")))
            std::abort();
        break;
    }
    }
    return 0;
}
