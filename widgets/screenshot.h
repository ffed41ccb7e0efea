// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QImage>
#include <QString>

class QWidget;

namespace widgets {

/// Whether an image shows drawn content: at least `minInkFraction` of its pixels differ clearly from the
/// most common (background) colour. A widget that failed to draw text grabs as almost one flat colour.
bool hasDrawnContent(const QImage &image, double minInkFraction = 0.002);

/// Grabs the widget's real pixels (QWidget::grab()), checks that something was drawn, and saves a PNG,
/// creating the folder. Fails with a clear error for a blank grab or an unwritable path.
core::Result<QImage> saveScreenshot(QWidget *widget, const QString &path);

} // namespace widgets
