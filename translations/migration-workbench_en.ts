<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>widgets::MainWindow</name>
    <message numerus="yes">
        <source>%1: %n migration(s), %2</source>
        <translation>
            <numerusform>%1: %n migration, %2</numerusform>
            <numerusform>%1: %n migrations, %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n need attention</source>
        <translation>
            <numerusform>, %n needs attention</numerusform>
            <numerusform>, %n need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s) of %2</source>
        <translation>
            <numerusform>%1: %n row of %2</numerusform>
            <numerusform>%1: %n rows of %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::RolloutPanel</name>
    <message numerus="yes">
        <source>Running %n check(s) on %1 before %2…</source>
        <translation>
            <numerusform>Running %n check on %1 before %2…</numerusform>
            <numerusform>Running %n checks on %1 before %2…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::editor::DiffView</name>
    <message numerus="yes">
        <source>%n line(s) differ from the applied version.</source>
        <translation>
            <numerusform>%n line differs from the applied version.</numerusform>
            <numerusform>%n lines differ from the applied version.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::editor::MigrationEditor</name>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>%n replaced</numerusform>
            <numerusform>%n replaced</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::project::ApplyController</name>
    <message numerus="yes">
        <source>Rehearsing %n migration(s) on %1 (rolled back)…</source>
        <translation>
            <numerusform>Rehearsing %n migration on %1 (rolled back)…</numerusform>
            <numerusform>Rehearsing %n migrations on %1 (rolled back)…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n migration(s) applied to %1 before the cancel; the running one was rolled back.</source>
        <translation>
            <numerusform>Cancelled: %n migration applied to %1 before the cancel; the running one was rolled back.</numerusform>
            <numerusform>Cancelled: %n migrations applied to %1 before the cancel; the running one was rolled back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed after %n applied migration(s) on %1: %2</source>
        <translation>
            <numerusform>Failed after %n applied migration on %1: %2</numerusform>
            <numerusform>Failed after %n applied migrations on %1: %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applied %n migration(s) to %1 in %2 s.</source>
        <translation>
            <numerusform>Applied %n migration to %1 in %2 s.</numerusform>
            <numerusform>Applied %n migrations to %1 in %2 s.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s)</source>
        <translation>
            <numerusform>%n migration</numerusform>
            <numerusform>%n migrations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applying %n migration(s) to %1…</source>
        <translation>
            <numerusform>Applying %n migration to %1…</numerusform>
            <numerusform>Applying %n migrations to %1…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::project::ReviewDialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;%n migration(s)&lt;/b&gt; will be applied to &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>
            <numerusform>&lt;b&gt;%n migration&lt;/b&gt; will be applied to &lt;b&gt;%1&lt;/b&gt;.</numerusform>
            <numerusform>&lt;b&gt;%n migrations&lt;/b&gt; will be applied to &lt;b&gt;%1&lt;/b&gt;.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) block the apply; fix them first.</source>
        <translation>
            <numerusform>%n problem blocks the apply; fix it first.</numerusform>
            <numerusform>%n problems block the apply; fix them first.</numerusform>
        </translation>
    </message>
</context>
</TS>
