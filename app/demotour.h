// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QString>

class QSettings;

namespace widgets {
class MainWindow;
}

namespace app {

/// `--bind ENV=URL`: binds environment ENV of the project at `projectDir` to a connection profile made from the
/// URL (created or updated, named "ENV (command line)"). The URL must not carry a password: libpq finds it in
/// PGPASSFILE / ~/.pgpass (the profile stores none) — secrets never go to the settings.
core::Result<void> bindEnvironment(QSettings &settings, const QString &projectDir, const QString &binding);

/// The scripted tour `make demo` runs offscreen: waits for the project's environments to be read, opens a
/// flagged migration, applies to the next environment through the real review and confirmation dialogs, and
/// saves a PNG of each stage to `outputDir`. Quits the application with 0 when every stage worked, else 1.
void startDemoTour(widgets::MainWindow *window, const QString &outputDir);

/// For bench_workbench: prints "first paint" on stdout once `window` has painted, then quits the application.
void quitAfterFirstPaint(widgets::MainWindow *window);

} // namespace app
