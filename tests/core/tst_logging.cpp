// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/logging.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;

class TestLogging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { core::logging::uninstall(); }

    void forwardsToFileRedacted()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"logs/test.log"_s);
        core::logging::install({.filePath = path, .toStderr = false});

        qCWarning(lcDb) << "cannot connect to" << u"postgresql://app:hunter2@db:5432/shop"_s;
        qCInfo(lcEngine, "conninfo: host=db user=app password='open sesame' dbname=shop");
        qCDebug(lcSql) << "debug is below the category's level and is dropped";
        // From another thread, too: the sink is shared and thread-safe.
        QThread *t = QThread::create([] { qCInfo(lcCore) << "from a worker thread with PGPASSWORD=xyzzy42"; });
        t->start();
        QVERIFY(t->wait(10000));
        delete t;
        core::logging::flush();

        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QString log = QString::fromUtf8(file.readAll());
        QVERIFY2(log.contains(u"[mwb.core.db]"_s), qPrintable(log));
        QVERIFY(log.contains(u"postgresql://app:***@db:5432/shop"_s));
        QVERIFY(log.contains(u"[mwb.core.engine] conninfo: host=db user=app password=*** dbname=shop"_s));
        QVERIFY(log.contains(u"from a worker thread with PGPASSWORD=***"_s));
        QVERIFY(!log.contains(u"hunter2"_s));
        QVERIFY(!log.contains(u"open sesame"_s));
        QVERIFY(!log.contains(u"xyzzy42"_s));
        QVERIFY(!log.contains(u"below the category"_s));
        QVERIFY(log.contains(u" W "_s)); // the level letter of a warning
    }

    void unwritableFileFallsBack()
    {
        // A log file that cannot be created must not take the application down.
        core::logging::install({.filePath = u"/proc/mwb-cannot-write-here/x.log"_s, .toStderr = false});
        qCWarning(lcCore) << "still alive";
        QVERIFY(true);
    }
};

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
