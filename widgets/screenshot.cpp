// SPDX-License-Identifier: GPL-3.0-or-later
#include "screenshot.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QPixmap>
#include <QWidget>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace widgets {

bool hasDrawnContent(const QImage &image, double minInkFraction)
{
    if (image.isNull())
        return false;
    const QImage img = image.convertToFormat(QImage::Format_RGB32);
    QHash<QRgb, qint64> histogram;
    for (int y = 0; y < img.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(img.constScanLine(y));
        for (int x = 0; x < img.width(); ++x)
            ++histogram[line[x]];
    }
    QRgb background = 0;
    qint64 most = -1;
    for (auto it = histogram.cbegin(); it != histogram.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            background = it.key();
        }
    }
    qint64 ink = 0;
    for (auto it = histogram.cbegin(); it != histogram.cend(); ++it) {
        const int d = std::abs(qRed(it.key()) - qRed(background)) + std::abs(qGreen(it.key()) - qGreen(background))
            + std::abs(qBlue(it.key()) - qBlue(background));
        if (d > 96)
            ink += it.value();
    }
    const double total = double(img.width()) * img.height();
    return histogram.size() > 16 && double(ink) / total >= minInkFraction;
}

core::Result<QImage> saveScreenshot(QWidget *widget, const QString &path)
{
    const QImage image = widget->grab().toImage();
    if (!hasDrawnContent(image))
        return core::fail(core::Error::Code::Unknown, u"the window grabbed as a blank image (were fonts found?)"_s);
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (!image.save(path, "PNG"))
        return core::fail(core::Error::Code::Io, u"cannot write %1"_s.arg(path));
    return image;
}

} // namespace widgets
