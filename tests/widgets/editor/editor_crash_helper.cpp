// SPDX-License-Identifier: GPL-3.0-or-later
// editor_crash_helper <file> <recovery-dir> <text-to-type>: opens the file in a MigrationEditor, types the
// text at the end, prints "autosaved <path>" once the recovery file is written, and then waits to be killed.
#include "widgets/editor/migrationeditor.h"
#include "widgets/editor/recoverystore.h"

#include <QApplication>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace widgets::editor;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: editor_crash_helper <file> <recovery-dir> <text>\n");
        return 2;
    }
    RecoveryStore store(args.at(2));
    MigrationEditor editor;
    editor.setRecoveryStore(&store);
    editor.setAutosaveDelay(100);
    if (auto opened = editor.openFile(args.at(1)); !opened) {
        std::fprintf(stderr, "cannot open: %s\n", qPrintable(opened.error().detail));
        return 1;
    }
    editor.show();
    editor.moveCursor(QTextCursor::End);
    QObject::connect(&editor, &MigrationEditor::autosaved, &app, [](const QString &path) {
        std::printf("autosaved %s\n", qPrintable(path));
        std::fflush(stdout);
    });
    QTest::keyClicks(&editor, args.at(3)); // real key events, as typed
    return QApplication::exec(); // killed by the test
}
