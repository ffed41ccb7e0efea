// SPDX-License-Identifier: GPL-3.0-or-later
// Replays a fuzz target's seed corpus through its LLVMFuzzerTestOneInput (the target aborts on a violated
// invariant), so that `make test` catches regressions without libFuzzer.

#include <QDir>
#include <QFile>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main()
{
    const QDir dir(QStringLiteral(MWB_FUZZ_CORPUS));
    const QStringList files = dir.entryList(QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        std::fprintf(stderr, "no seed corpus in %s\n", MWB_FUZZ_CORPUS);
        return 1;
    }
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cannot read %s\n", qPrintable(f.fileName()));
            return 1;
        }
        const QByteArray data = f.readAll();
        std::fprintf(stderr, "%s (%lld bytes)\n", qPrintable(name), static_cast<long long>(data.size()));
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(data.constData()), size_t(data.size()));
    }
    std::fprintf(stderr, "%lld inputs replayed\n", static_cast<long long>(files.size()));
    return 0;
}
