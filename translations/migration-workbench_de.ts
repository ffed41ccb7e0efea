<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>main</name>
    <message>
        <source>Migration Workbench</source>
        <translation>Migration Workbench</translation>
    </message>
    <message>
        <source>Author, review, plan and apply database migrations safely.</source>
        <translation>Datenbankmigrationen sicher schreiben, prüfen, planen und anwenden.</translation>
    </message>
    <message>
        <source>Print the versions and exit.</source>
        <translation>Versionen ausgeben und beenden.</translation>
    </message>
    <message>
        <source>Save screenshots of the main window and the About dialog to &lt;dir&gt;, then quit.</source>
        <translation>Bildschirmfotos des Hauptfensters und des Info-Dialogs in &lt;dir&gt; speichern, dann beenden.</translation>
    </message>
    <message>
        <source>Bind environment ENV of the project to a connection URL without a password (the password comes from PGPASSFILE or ~/.pgpass). Repeatable.</source>
        <translation>Die Umgebung ENV des Projekts an eine Verbindungs-URL ohne Passwort binden (das Passwort kommt aus PGPASSFILE oder ~/.pgpass). Mehrfach angebbar.</translation>
    </message>
    <message>
        <source>Run the scripted demo tour on the project (apply to the next environment) and save screenshots of each stage to &lt;dir&gt;, then quit.</source>
        <translation>Die geskriptete Demo-Tour auf dem Projekt ausführen (auf die nächste Umgebung anwenden), Bildschirmfotos jeder Stufe in &lt;dir&gt; speichern, dann beenden.</translation>
    </message>
    <message>
        <source>A project folder or SQL files to open.</source>
        <translation>Ein zu öffnender Projektordner oder SQL-Dateien.</translation>
    </message>
</context>
<context>
    <name>models::PlanModel</name>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Depends on</source>
        <translation>Hängt ab von</translation>
    </message>
</context>
<context>
    <name>models::VersionsModel</name>
    <message>
        <source>Component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
</context>
<context>
    <name>widgets::AboutDialog</name>
    <message>
        <source>About Migration Workbench</source>
        <translation>Über Migration Workbench</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Migration Workbench %1&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Migration Workbench %1&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Author, review, plan and apply database migrations safely: every statement&apos;s locks and rewrites are shown before it reaches a production table.</source>
        <translation>Datenbankmigrationen sicher schreiben, prüfen, planen und anwenden: Sperren und Tabellen-Neuschreibungen jeder Anweisung werden angezeigt, bevor sie eine Produktionstabelle erreicht.</translation>
    </message>
</context>
<context>
    <name>widgets::ConfirmApplyDialog</name>
    <message>
        <source>Apply to %1</source>
        <translation>Auf %1 anwenden</translation>
    </message>
    <message>
        <source>%1 — PROTECTED</source>
        <translation>%1 — GESCHÜTZT</translation>
    </message>
    <message>
        <source>Apply %1 to &lt;b&gt;%2&lt;/b&gt;%3?</source>
        <translation>%1 auf &lt;b&gt;%2&lt;/b&gt;%3 anwenden?</translation>
    </message>
    <message>
        <source> through the connection “%1”</source>
        <translation> über die Verbindung „%1“</translation>
    </message>
    <message>
        <source>This environment is protected. Type &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>Diese Umgebung ist geschützt. Geben Sie zur Bestätigung &lt;b&gt;%1&lt;/b&gt; ein:</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Anwenden</translation>
    </message>
    <message>
        <source>The connection “%1” is read-only: nothing can be applied through it.</source>
        <translation>Die Verbindung „%1“ ist schreibgeschützt: über sie kann nichts angewendet werden.</translation>
    </message>
</context>
<context>
    <name>widgets::ConnectionManagerDialog</name>
    <message>
        <source>&lt;b&gt;Wrong user name or password.&lt;/b&gt; The server refused the credentials.&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</source>
        <translation>&lt;b&gt;Falscher Benutzername oder falsches Passwort.&lt;/b&gt; Der Server hat die Anmeldedaten abgelehnt.&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;The server cannot be reached.&lt;/b&gt; Check the host, port or socket, and that the server is running.&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</source>
        <translation>&lt;b&gt;Der Server ist nicht erreichbar.&lt;/b&gt; Prüfen Sie Host, Port oder Socket und ob der Server läuft.&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;TLS failed.&lt;/b&gt; The server&apos;s certificate is not trusted by the given CA, does not match the host name, or TLS is not available.&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</source>
        <translation>&lt;b&gt;TLS fehlgeschlagen.&lt;/b&gt; Das Zertifikat des Servers wird von der angegebenen CA nicht anerkannt, passt nicht zum Hostnamen, oder TLS ist nicht verfügbar.&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;No answer in time.&lt;/b&gt; The server did not respond before the time limit.&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</source>
        <translation>&lt;b&gt;Keine Antwort in der Zeit.&lt;/b&gt; Der Server hat vor Ablauf der Frist nicht geantwortet.&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</translation>
    </message>
    <message>
        <source>Test cancelled.</source>
        <translation>Test abgebrochen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;The test failed.&lt;/b&gt;&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</source>
        <translation>&lt;b&gt;Der Test ist fehlgeschlagen.&lt;/b&gt;&lt;br&gt;&lt;small&gt;%1&lt;/small&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Connected&lt;/b&gt; to %1 %2 as &lt;b&gt;%3&lt;/b&gt;</source>
        <translation>&lt;b&gt;Verbunden&lt;/b&gt; mit %1 %2 als &lt;b&gt;%3&lt;/b&gt;</translation>
    </message>
    <message>
        <source>, database %1</source>
        <translation>, Datenbank %1</translation>
    </message>
    <message>
        <source>Can create tables.</source>
        <translation>Darf Tabellen anlegen.</translation>
    </message>
    <message>
        <source>Cannot create tables here.</source>
        <translation>Darf hier keine Tabellen anlegen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Replica in recovery (read-only).&lt;/b&gt;</source>
        <translation>&lt;b&gt;Replikat im Recovery-Modus (nur lesend).&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Round trip %1 ms.</source>
        <translation>Umlaufzeit %1 ms.</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>&amp;Duplizieren</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <source>Cancel Test</source>
        <translation>Test abbrechen</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>MySQL / MariaDB</source>
        <translation>MySQL / MariaDB</translation>
    </message>
    <message>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Importieren</translation>
    </message>
    <message>
        <source>From a URL…</source>
        <translation>Aus einer URL…</translation>
    </message>
    <message>
        <source>From the project&apos;s .env (DATABASE_URL)</source>
        <translation>Aus der .env des Projekts (DATABASE_URL)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Nothing imported: %1</source>
        <translation>Nichts importiert: %1</translation>
    </message>
    <message>
        <source>From pg_service.conf…</source>
        <translation>Aus pg_service.conf…</translation>
    </message>
    <message>
        <source>Import pg_service.conf</source>
        <translation>pg_service.conf importieren</translation>
    </message>
    <message>
        <source>From ~/.pgpass</source>
        <translation>Aus ~/.pgpass</translation>
    </message>
    <message>
        <source>Checking the system keychain…</source>
        <translation>Schlüsselbund des Systems wird geprüft…</translation>
    </message>
    <message>
        <source>Passwords are kept in the system keychain (%1).</source>
        <translation>Passwörter werden im Schlüsselbund des Systems aufbewahrt (%1).</translation>
    </message>
    <message>
        <source>&lt;b&gt;No system keychain is available&lt;/b&gt; (%1). Passwords are not stored anywhere: they are asked every time.</source>
        <translation>&lt;b&gt;Kein Schlüsselbund des Systems verfügbar&lt;/b&gt; (%1). Passwörter werden nirgends gespeichert, sondern jedes Mal abgefragt.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No system keychain is available.&lt;/b&gt; Passwords are asked every time.</source>
        <translation>&lt;b&gt;Kein Schlüsselbund des Systems verfügbar.&lt;/b&gt; Passwörter werden jedes Mal abgefragt.</translation>
    </message>
    <message>
        <source>New PostgreSQL connection</source>
        <translation>Neue PostgreSQL-Verbindung</translation>
    </message>
    <message>
        <source>New MySQL connection</source>
        <translation>Neue MySQL-Verbindung</translation>
    </message>
    <message>
        <source>New SQLite database</source>
        <translation>Neue SQLite-Datenbank</translation>
    </message>
    <message>
        <source>Import Connection</source>
        <translation>Verbindung importieren</translation>
    </message>
    <message>
        <source>Connection URL (postgresql://, mysql://, sqlite:):</source>
        <translation>Verbindungs-URL (postgresql://, mysql://, sqlite:):</translation>
    </message>
    <message>
        <source>This URL cannot be imported: %1</source>
        <translation>Diese URL kann nicht importiert werden: %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;The password could not be stored in the keychain&lt;/b&gt; (%1). It will be asked every time.</source>
        <translation>&lt;b&gt;Das Passwort konnte nicht im Schlüsselbund gespeichert werden&lt;/b&gt; (%1). Es wird jedes Mal abgefragt.</translation>
    </message>
    <message>
        <source>Delete Connection</source>
        <translation>Verbindung löschen</translation>
    </message>
    <message>
        <source>Delete the connection “%1” and its stored password?</source>
        <translation>Die Verbindung „%1“ und ihr gespeichertes Passwort löschen?</translation>
    </message>
    <message>
        <source>Cannot test: %1</source>
        <translation>Test nicht möglich: %1</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Password for %1:</source>
        <translation>Passwort für %1:</translation>
    </message>
    <message>
        <source>Reading the password from the keychain…</source>
        <translation>Passwort wird aus dem Schlüsselbund gelesen…</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
</context>
<context>
    <name>widgets::EnvironmentBand</name>
    <message>
        <source>No target environment</source>
        <translation>Keine Zielumgebung</translation>
    </message>
    <message>
        <source>Target: %1 — PROTECTED</source>
        <translation>Ziel: %1 — GESCHÜTZT</translation>
    </message>
    <message>
        <source>Target: %1</source>
        <translation>Ziel: %1</translation>
    </message>
</context>
<context>
    <name>widgets::EnvironmentEditor</name>
    <message>
        <source>C&amp;olour…</source>
        <translation>&amp;Farbe…</translation>
    </message>
    <message>
        <source>Move &amp;Up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move &amp;Down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Environments</source>
        <translation>Umgebungen</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>&amp;Hinzufügen…</translation>
    </message>
    <message>
        <source>Connection on this computer:</source>
        <translation>Verbindung auf diesem Rechner:</translation>
    </message>
    <message>
        <source>Pipeline order, top to bottom. Protected environments need their name typed before anything is applied to them.</source>
        <translation>Reihenfolge der Pipeline, von oben nach unten. Bei geschützten Umgebungen muss der Name eingegeben werden, bevor etwas angewendet wird.</translation>
    </message>
    <message>
        <source>Add Environment</source>
        <translation>Umgebung hinzufügen</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Environment Colour</source>
        <translation>Farbe der Umgebung</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>The project&apos;s environments could not be read: %1</source>
        <translation>Die Umgebungen des Projekts konnten nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>widgets::MainWindow</name>
    <message>
        <source>Migration Workbench</source>
        <translation>Migration Workbench</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Migration Workbench&lt;/h2&gt;&lt;p&gt;Author, review, plan and apply database migrations without surprises in production.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Migration Workbench&lt;/h2&gt;&lt;p&gt;Datenbankmigrationen schreiben, prüfen, planen und anwenden – ohne Überraschungen in der Produktion.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Connections…</source>
        <translation>&amp;Verbindungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Full Screen</source>
        <translation>&amp;Vollbild</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Migration Workbench</source>
        <translation>&amp;Über Migration Workbench</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Migration Workbench — %1 (protected)</source>
        <translation>Migration Workbench — %1 (geschützt)</translation>
    </message>
    <message>
        <source>Migration Workbench — %1</source>
        <translation>Migration Workbench — %1</translation>
    </message>
    <message>
        <source>Open SQL File</source>
        <translation>SQL-Datei öffnen</translation>
    </message>
    <message>
        <source>SQL files (*.sql);;All files (*)</source>
        <translation>SQL-Dateien (*.sql);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Cannot Open File</source>
        <translation>Datei kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 could not be opened: %2</source>
        <translation>%1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>%1 is not valid UTF-8: invalid bytes are shown as �</source>
        <translation>%1 ist kein gültiges UTF-8: ungültige Bytes werden als � angezeigt</translation>
    </message>
    <message>
        <source>NOTICE: %1</source>
        <translation>HINWEIS: %1</translation>
    </message>
    <message>
        <source>Filter migrations (version, name, file)…</source>
        <translation>Migrationen filtern (Version, Name, Datei)…</translation>
    </message>
    <message>
        <source>Migrations</source>
        <translation>Migrationen</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Environments</source>
        <translation>Umgebungen</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Befunde</translation>
    </message>
    <message>
        <source>No apply running.</source>
        <translation>Keine Anwendung läuft.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Apply Progress</source>
        <translation>Fortschritt der Anwendung</translation>
    </message>
    <message>
        <source>Select an environment.</source>
        <translation>Wählen Sie eine Umgebung.</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Open &amp;Project…</source>
        <translation>&amp;Projekt öffnen…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>Open SQL &amp;File…</source>
        <translation>SQL-&amp;Datei öffnen…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>&amp;Migrate</source>
        <translation>&amp;Migrieren</translation>
    </message>
    <message>
        <source>Apply…</source>
        <translation>Anwenden…</translation>
    </message>
    <message>
        <source>Cannot Apply</source>
        <translation>Anwenden nicht möglich</translation>
    </message>
    <message>
        <source>&amp;Refresh Status</source>
        <translation>Status &amp;aktualisieren</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Anwenden</translation>
    </message>
    <message>
        <source>Open Project Folder</source>
        <translation>Projektordner öffnen</translation>
    </message>
    <message>
        <source>Cannot Open Project</source>
        <translation>Projekt kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>Keine zuletzt geöffneten Projekte</translation>
    </message>
    <message>
        <source>an apply is running; wait for it or cancel it first</source>
        <translation>eine Anwendung läuft; warten Sie darauf oder brechen Sie sie zuerst ab</translation>
    </message>
    <message>
        <source>%1 is not a folder</source>
        <translation>%1 ist kein Ordner</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n migration(s), %2</source>
        <translation>
            <numerusform>%1: %n Migration, %2</numerusform>
            <numerusform>%1: %n Migrationen, %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not bound to a connection on this machine (File → Connections…)</source>
        <translation>%1 ist auf diesem Rechner an keine Verbindung gebunden (Datei → Verbindungen…)</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Password for %1 (%2):</source>
        <translation>Passwort für %1 (%2):</translation>
    </message>
    <message>
        <source>no password given for %1</source>
        <translation>kein Passwort für %1 angegeben</translation>
    </message>
    <message>
        <source>the keychain did not give the password of %1: %2</source>
        <translation>der Schlüsselbund hat das Passwort von %1 nicht herausgegeben: %2</translation>
    </message>
    <message>
        <source>not bound to a connection</source>
        <translation>an keine Verbindung gebunden</translation>
    </message>
    <message>
        <source>%1 applied, %2 pending</source>
        <translation>%1 angewendet, %2 ausstehend</translation>
    </message>
    <message numerus="yes">
        <source>, %n need attention</source>
        <translation>
            <numerusform>, %n braucht Aufmerksamkeit</numerusform>
            <numerusform>, %n brauchen Aufmerksamkeit</numerusform>
        </translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>wird gelesen…</translation>
    </message>
    <message>
        <source>%1 (protected)</source>
        <translation>%1 (geschützt)</translation>
    </message>
    <message>
        <source>not bound</source>
        <translation>nicht gebunden</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n row(s) of %2</source>
        <translation>
            <numerusform>%1: %n Zeile aus %2</numerusform>
            <numerusform>%1: %n Zeilen aus %2</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: no history table yet</source>
        <translation>%1: noch keine Verlaufstabelle</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: not read yet</source>
        <translation>%1: noch nicht gelesen</translation>
    </message>
    <message>
        <source>Apply to %1…</source>
        <translation>Auf %1 anwenden…</translation>
    </message>
    <message>
        <source>Preflight, rehearse and apply the pending migrations to %1</source>
        <translation>Die ausstehenden Migrationen auf %1 vorab prüfen, proben und anwenden</translation>
    </message>
    <message>
        <source>Up to Date</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Every environment bound on this machine has every migration applied</source>
        <translation>Jede auf diesem Rechner gebundene Umgebung hat alle Migrationen angewendet</translation>
    </message>
    <message>
        <source>Bind the project&apos;s environments to connections (File → Connections…)</source>
        <translation>Binden Sie die Umgebungen des Projekts an Verbindungen (Datei → Verbindungen…)</translation>
    </message>
    <message>
        <source>Open a project with environments to apply</source>
        <translation>Öffnen Sie ein Projekt mit Umgebungen, um anzuwenden</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>kein Ziel</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>verbinde…</translation>
    </message>
    <message>
        <source>Cannot Open Migration</source>
        <translation>Migration kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>no project is open</source>
        <translation>kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>an apply is running already</source>
        <translation>eine Anwendung läuft bereits</translation>
    </message>
    <message>
        <source>no environment named %1</source>
        <translation>keine Umgebung namens %1</translation>
    </message>
    <message>
        <source>%1 migrations are read-only here: apply them with the tool itself</source>
        <translation>%1-Migrationen sind hier schreibgeschützt: wenden Sie sie mit dem Werkzeug selbst an</translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>Keine Verbindung zu %1 möglich: %2</translation>
    </message>
    <message>
        <source>rehearsing</source>
        <translation>Probe läuft</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Statement %1 of %2 — %3 — %4 s</source>
        <translation>Anweisung %1 von %2 — %3 — %4 s</translation>
    </message>
    <message>
        <source>Migration %1 of %2, statement %3 of %4 — %5 — %6 s</source>
        <translation>Migration %1 von %2, Anweisung %3 von %4 — %5 — %6 s</translation>
    </message>
    <message>
        <source>%1 — %2 s</source>
        <translation>%1 — %2 s</translation>
    </message>
    <message>
        <source>Apply Running</source>
        <translation>Anwendung läuft</translation>
    </message>
    <message>
        <source>An apply to %1 is running. Cancel it (the running migration is rolled back) and close?</source>
        <translation>Eine Anwendung auf %1 läuft. Abbrechen (die laufende Migration wird zurückgerollt) und schließen?</translation>
    </message>
    <message>
        <source>Cannot Open</source>
        <translation>Öffnen nicht möglich</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>Analyzer &amp;Rules</source>
        <translation>Analyse-&amp;Regeln</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <source>Help — %1</source>
        <translation>Hilfe — %1</translation>
    </message>
    <message>
        <source># Documentation not found

%1 is not there. Set MWB_DOCS_DIR to the docs folder.</source>
        <translation># Dokumentation nicht gefunden

%1 ist nicht vorhanden. Setzen Sie MWB_DOCS_DIR auf den Ordner docs.</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Opening the project</source>
        <translation>Projekt wird geöffnet</translation>
    </message>
    <message>
        <source>Stop opening this folder</source>
        <translation>Das Öffnen dieses Ordners abbrechen</translation>
    </message>
    <message>
        <source>Opening cancelled; %1 stays open.</source>
        <translation>Öffnen abgebrochen; %1 bleibt geöffnet.</translation>
    </message>
    <message>
        <source>Opening cancelled.</source>
        <translation>Öffnen abgebrochen.</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>%1 wird geöffnet…</translation>
    </message>
    <message>
        <source>the workbench applies to PostgreSQL, MySQL and MariaDB; use the project&apos;s tool for %1</source>
        <translation>die Workbench wendet auf PostgreSQL, MySQL und MariaDB an; verwenden Sie für %1 das Werkzeug des Projekts</translation>
    </message>
    <message>
        <source>Show &amp;Drift…</source>
        <translation>&amp;Abweichung anzeigen…</translation>
    </message>
    <message>
        <source>Compare the applied version of the migration with its file as it is now</source>
        <translation>Die angewendete Fassung der Migration mit ihrer Datei in der jetzigen Form vergleichen</translation>
    </message>
    <message>
        <source>Cannot Show Drift</source>
        <translation>Abweichung kann nicht angezeigt werden</translation>
    </message>
    <message>
        <source>Drift: %1 (%2)</source>
        <translation>Abweichung: %1 (%2)</translation>
    </message>
    <message>
        <source>The project was not re-read: %1</source>
        <translation>Das Projekt wurde nicht neu gelesen: %1</translation>
    </message>
</context>
<context>
    <name>widgets::ProfileEditor</name>
    <message>
        <source>host name or IP address</source>
        <translation>Hostname oder IP-Adresse</translation>
    </message>
    <message>
        <source>a service from pg_service.conf</source>
        <translation>ein Dienst aus pg_service.conf</translation>
    </message>
    <message>
        <source>CA certificate file</source>
        <translation>Datei des CA-Zertifikats</translation>
    </message>
    <message>
        <source>client certificate file</source>
        <translation>Datei des Client-Zertifikats</translation>
    </message>
    <message>
        <source>client key file</source>
        <translation>Datei des Client-Schlüssels</translation>
    </message>
    <message>
        <source>if the key is encrypted; kept in the keychain</source>
        <translation>falls der Schlüssel verschlüsselt ist; wird im Schlüsselbund aufbewahrt</translation>
    </message>
    <message>
        <source>Read-only: never apply anything through this connection</source>
        <translation>Nur lesend: über diese Verbindung niemals etwas anwenden</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>not shown; stored only in the keychain</source>
        <translation>nicht angezeigt; nur im Schlüsselbund gespeichert</translation>
    </message>
    <message>
        <source>Store in the system keychain</source>
        <translation>Im Schlüsselbund des Systems speichern</translation>
    </message>
    <message>
        <source>Ask every time</source>
        <translation>Jedes Mal fragen</translation>
    </message>
    <message>
        <source>No password</source>
        <translation>Kein Passwort</translation>
    </message>
    <message>
        <source>Driver default</source>
        <translation>Vorgabe des Treibers</translation>
    </message>
    <message>
        <source>disable</source>
        <translation>disable</translation>
    </message>
    <message>
        <source>allow</source>
        <translation>allow</translation>
    </message>
    <message>
        <source>prefer</source>
        <translation>prefer</translation>
    </message>
    <message>
        <source>require</source>
        <translation>require</translation>
    </message>
    <message>
        <source>verify-ca</source>
        <translation>verify-ca</translation>
    </message>
    <message>
        <source>verify-full (recommended)</source>
        <translation>verify-full (empfohlen)</translation>
    </message>
    <message>
        <source>&amp;Database:</source>
        <translation>&amp;Datenbank:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>&amp;Host:</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>&amp;Socket:</source>
        <translation>&amp;Socket:</translation>
    </message>
    <message>
        <source>Data&amp;base:</source>
        <translation>Daten&amp;bank:</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>&amp;Benutzer:</translation>
    </message>
    <message>
        <source>Pass&amp;word:</source>
        <translation>Pass&amp;wort:</translation>
    </message>
    <message>
        <source>Password &amp;storage:</source>
        <translation>Passwort&amp;ablage:</translation>
    </message>
    <message>
        <source>Ser&amp;vice:</source>
        <translation>Dien&amp;st:</translation>
    </message>
    <message>
        <source>&amp;Application name:</source>
        <translation>A&amp;nwendungsname:</translation>
    </message>
    <message>
        <source>&amp;TLS:</source>
        <translation>&amp;TLS:</translation>
    </message>
    <message>
        <source>&amp;CA certificate:</source>
        <translation>&amp;CA-Zertifikat:</translation>
    </message>
    <message>
        <source>Client certi&amp;ficate:</source>
        <translation>Client-Zerti&amp;fikat:</translation>
    </message>
    <message>
        <source>Client &amp;key:</source>
        <translation>Client-Schl&amp;üssel:</translation>
    </message>
    <message>
        <source>Key pass&amp;phrase:</source>
        <translation>Schlüssel-Pass&amp;phrase:</translation>
    </message>
    <message>
        <source>socket directory, e.g. /var/run/postgresql</source>
        <translation>Socket-Verzeichnis, z. B. /var/run/postgresql</translation>
    </message>
    <message>
        <source>socket file, e.g. /run/mysqld/mysqld.sock</source>
        <translation>Socket-Datei, z. B. /run/mysqld/mysqld.sock</translation>
    </message>
    <message>
        <source>database name</source>
        <translation>Name der Datenbank</translation>
    </message>
    <message>
        <source>database file</source>
        <translation>Datenbankdatei</translation>
    </message>
</context>
<context>
    <name>widgets::RolloutPanel</name>
    <message>
        <source>Rollout plan</source>
        <translation>Rollout-Plan</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>Plan:</translation>
    </message>
    <message>
        <source>Step %1 names %2, which is not in the project</source>
        <translation>Schritt %1 nennt %2, das nicht im Projekt ist</translation>
    </message>
    <message>
        <source>No rollout plan: the rollout wizards write one, or add [[plans]] to workbench.toml.</source>
        <translation>Kein Rollout-Plan: die Rollout-Assistenten schreiben einen, oder fügen Sie [[plans]] zu workbench.toml hinzu.</translation>
    </message>
    <message>
        <source>The plans in workbench.toml could not be read: %1</source>
        <translation>Die Pläne in workbench.toml konnten nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>not read yet</source>
        <translation>noch nicht gelesen</translation>
    </message>
    <message>
        <source>Cannot apply %1 to %2: %3</source>
        <translation>%1 kann nicht auf %2 angewendet werden: %3</translation>
    </message>
    <message>
        <source>Step %1 names no migration of the project</source>
        <translation>Schritt %1 nennt keine Migration des Projekts</translation>
    </message>
    <message>
        <source>Applying %1 to %2 (up to %3)…</source>
        <translation>%1 wird auf %2 angewendet (bis %3)…</translation>
    </message>
    <message>
        <source>Cannot run the checks of %1: no connection for %2</source>
        <translation>Die Prüfungen von %1 können nicht laufen: keine Verbindung für %2</translation>
    </message>
    <message numerus="yes">
        <source>Running %n check(s) on %1 before %2…</source>
        <translation>
            <numerusform>%n Prüfung läuft auf %1 vor %2…</numerusform>
            <numerusform>%n Prüfungen laufen auf %1 vor %2…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot connect to %1: %2</source>
        <translation>Keine Verbindung zu %1 möglich: %2</translation>
    </message>
    <message>
        <source>Not applied: the check %1 on %2 %3</source>
        <translation>Nicht angewendet: die Prüfung %1 auf %2 %3</translation>
    </message>
    <message>
        <source>Checks passed on %1; applying %2 (up to %3)…</source>
        <translation>Prüfungen auf %1 bestanden; %2 wird angewendet (bis %3)…</translation>
    </message>
</context>
<context>
    <name>widgets::TimelineView</name>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>blockiert</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>bereit</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Expand</source>
        <translation>Erweitern</translation>
    </message>
    <message>
        <source>Migrate</source>
        <translation>Migrieren</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>Zurückbauen</translation>
    </message>
    <message>
        <source>Move %1 to %2</source>
        <translation>%1 auf %2 verschieben</translation>
    </message>
    <message>
        <source>Rollout timeline</source>
        <translation>Rollout-Zeitplan</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1: %2 (%3)</translation>
    </message>
    <message>
        <source>Cannot move %1 to %2: %3 [%4]</source>
        <translation>%1 kann nicht auf %2 verschoben werden: %3 [%4]</translation>
    </message>
    <message>
        <source>No rollout plan</source>
        <translation>Kein Rollout-Plan</translation>
    </message>
    <message>
        <source>w%1</source>
        <translation>KW%1</translation>
    </message>
    <message>
        <source>today</source>
        <translation>heute</translation>
    </message>
    <message>
        <source>%1, %2 phase, %3</source>
        <translation>%1, Phase %2, %3</translation>
    </message>
    <message>
        <source>&amp;Open Migration</source>
        <translation>Migration ö&amp;ffnen</translation>
    </message>
    <message>
        <source>Apply to %1…</source>
        <translation>Auf %1 anwenden…</translation>
    </message>
    <message>
        <source>Apply %1 to %2</source>
        <translation>%1 auf %2 anwenden</translation>
    </message>
    <message>
        <source>Runs the checks %1 first</source>
        <translation>Führt zuerst die Prüfungen %1 aus</translation>
    </message>
    <message>
        <source>Mark Not Done on %1</source>
        <translation>Auf %1 als nicht erledigt markieren</translation>
    </message>
    <message>
        <source>Mark Done on %1</source>
        <translation>Auf %1 als erledigt markieren</translation>
    </message>
</context>
<context>
    <name>widgets::TimelineWidget</name>
    <message>
        <source>Zoom In</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom Out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Lanes by Environment</source>
        <translation>Bahnen nach Umgebung</translation>
    </message>
    <message>
        <source>Show one lane per environment, each step coloured by its status there</source>
        <translation>Eine Bahn pro Umgebung zeigen, jeder Schritt nach seinem Stand dort eingefärbt</translation>
    </message>
    <message>
        <source>Export Markdown…</source>
        <translation>Als Markdown exportieren…</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Export Calendar…</source>
        <translation>Als Kalender exportieren…</translation>
    </message>
    <message>
        <source>iCalendar (*.ics)</source>
        <translation>iCalendar (*.ics)</translation>
    </message>
    <message>
        <source>Export Image…</source>
        <translation>Als Bild exportieren…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Moved %1 to %2</source>
        <translation>%1 auf %2 verschoben</translation>
    </message>
    <message>
        <source>Export Rollout Plan</source>
        <translation>Rollout-Plan exportieren</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>The plan could not be exported: %1</source>
        <translation>Der Plan konnte nicht exportiert werden: %1</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exportiert nach %1</translation>
    </message>
    <message>
        <source>Save Plan</source>
        <translation>Plan speichern</translation>
    </message>
    <message>
        <source>Save Failed</source>
        <translation>Speichern fehlgeschlagen</translation>
    </message>
    <message>
        <source>The plan could not be saved: %1</source>
        <translation>Der Plan konnte nicht gespeichert werden: %1</translation>
    </message>
    <message>
        <source>%1 marked done on %2</source>
        <translation>%1 auf %2 als erledigt markiert</translation>
    </message>
    <message>
        <source>%1 marked not done on %2</source>
        <translation>%1 auf %2 als nicht erledigt markiert</translation>
    </message>
    <message>
        <source>Saved the plan to %1</source>
        <translation>Plan gespeichert in %1</translation>
    </message>
</context>
<context>
    <name>widgets::editor::DiffView</name>
    <message>
        <source>Applied version</source>
        <translation>Angewendete Fassung</translation>
    </message>
    <message>
        <source>File now</source>
        <translation>Datei jetzt</translation>
    </message>
    <message>
        <source>The file matches the applied version.</source>
        <translation>Die Datei stimmt mit der angewendeten Fassung überein.</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) differ from the applied version.</source>
        <translation>
            <numerusform>%n Zeile weicht von der angewendeten Fassung ab.</numerusform>
            <numerusform>%n Zeilen weichen von der angewendeten Fassung ab.</numerusform>
        </translation>
    </message>
    <message>
        <source>Looking up the applied version in version control…</source>
        <translation>Die angewendete Fassung wird in der Versionsverwaltung gesucht …</translation>
    </message>
    <message>
        <source>Applied version: from git commit %1 of %2 (matches the recorded checksum)</source>
        <translation>Angewendete Fassung: aus Git-Commit %1 vom %2 (passt zur gespeicherten Prüfsumme)</translation>
    </message>
    <message>
        <source>Applied version: from git commit %1 of %2, the last one committed before it was applied (the tool records no checksum, so this is the likely version)</source>
        <translation>Angewendete Fassung: aus Git-Commit %1 vom %2, dem letzten Commit vor der Anwendung (das Werkzeug speichert keine Prüfsumme, daher ist dies die wahrscheinliche Fassung)</translation>
    </message>
    <message>
        <source>The file no longer has the checksum recorded when it was applied (%1). The tool does not store the applied text, and version control has no version with that checksum: %2</source>
        <translation>Die Datei hat nicht mehr die bei der Anwendung gespeicherte Prüfsumme (%1). Das Werkzeug speichert den angewendeten Text nicht, und die Versionsverwaltung hat keine Fassung mit dieser Prüfsumme: %2</translation>
    </message>
    <message>
        <source>The tool stores neither the applied text nor a checksum, and version control has no version from before it was applied: %1</source>
        <translation>Das Werkzeug speichert weder den angewendeten Text noch eine Prüfsumme, und die Versionsverwaltung hat keine Fassung von vor der Anwendung: %1</translation>
    </message>
</context>
<context>
    <name>widgets::editor::FindBar</name>
    <message>
        <source>Regular e&amp;xpression</source>
        <translation>Regulärer A&amp;usdruck</translation>
    </message>
    <message>
        <source>Match &amp;case</source>
        <translation>&amp;Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>Ersetzen durch</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Vorheriges</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Nächstes</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>Ersetzen</translation>
    </message>
    <message>
        <source>Replace all</source>
        <translation>Alle ersetzen</translation>
    </message>
</context>
<context>
    <name>widgets::editor::MigrationEditor</name>
    <message>
        <source>Lock: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Sperre: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Table: %1 rows, %2</source>
        <translation>Tabelle: %1 Zeilen, %2</translation>
    </message>
    <message>
        <source>Estimated duration: %1 s</source>
        <translation>Geschätzte Dauer: %1 s</translation>
    </message>
    <message>
        <source>Rule: %1 (&lt;a href=&quot;%2&quot;&gt;docs/rules/%1.md&lt;/a&gt;)</source>
        <translation>Regel: %1 (&lt;a href=&quot;%2&quot;&gt;docs/rules/%1.md&lt;/a&gt;)</translation>
    </message>
    <message>
        <source>Prepend SET lock_timeout</source>
        <translation>SET lock_timeout voranstellen</translation>
    </message>
    <message>
        <source>Ignore %1 with a reason…</source>
        <translation>%1 mit Begründung ignorieren…</translation>
    </message>
    <message>
        <source>Ignore rule</source>
        <translation>Regel ignorieren</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Begründung:</translation>
    </message>
    <message>
        <source>Invalid regular expression: %1</source>
        <translation>Ungültiger regulärer Ausdruck: %1</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message numerus="yes">
        <source>%n replaced</source>
        <translation>
            <numerusform>%n ersetzt</numerusform>
            <numerusform>%n ersetzt</numerusform>
        </translation>
    </message>
    <message>
        <source>Go to line</source>
        <translation>Gehe zu Zeile</translation>
    </message>
    <message>
        <source>Line:</source>
        <translation>Zeile:</translation>
    </message>
    <message>
        <source>This file is not valid UTF-8; it is open read-only so that saving cannot damage it.</source>
        <translation>Diese Datei ist kein gültiges UTF-8; sie ist schreibgeschützt geöffnet, damit Speichern sie nicht beschädigen kann.</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Unsaved edits from %1 were recovered after the editor closed unexpectedly.</source>
        <translation>Nicht gespeicherte Änderungen von %1 wurden wiederhergestellt, nachdem der Editor unerwartet beendet wurde.</translation>
    </message>
    <message>
        <source>Create a new migration instead</source>
        <translation>Stattdessen eine neue Migration anlegen</translation>
    </message>
    <message>
        <source>This migration has been applied and is read-only: applied migrations are immutable. Change the schema with a new migration.</source>
        <translation>Diese Migration wurde angewendet und ist schreibgeschützt: angewendete Migrationen sind unveränderlich. Ändern Sie das Schema mit einer neuen Migration.</translation>
    </message>
    <message>
        <source>Apply the fix for %1</source>
        <translation>Korrektur für %1 anwenden</translation>
    </message>
    <message>
        <source>Move to its own migration without a transaction</source>
        <translation>In eine eigene Migration ohne Transaktion verschieben</translation>
    </message>
    <message>
        <source>The statement was not moved: %1</source>
        <translation>Die Anweisung wurde nicht verschoben: %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The statement was moved to the new migration %1, which runs without a transaction. Save this file to complete the move.</source>
        <translation>Die Anweisung wurde in die neue Migration %1 verschoben, die ohne Transaktion läuft. Speichern Sie diese Datei, um das Verschieben abzuschließen.</translation>
    </message>
    <message>
        <source>Show Drift…</source>
        <translation>Abweichung anzeigen…</translation>
    </message>
    <message>
        <source>This migration was changed after it was applied: a database ran another version of it.</source>
        <translation>Diese Migration wurde nach dem Anwenden geändert: eine Datenbank hat eine andere Fassung von ihr ausgeführt.</translation>
    </message>
</context>
<context>
    <name>widgets::editor::MigrationPairView</name>
    <message>
        <source>This migration has no down migration: it cannot be rolled back.</source>
        <translation>Diese Migration hat keine Down-Migration: sie kann nicht zurückgerollt werden.</translation>
    </message>
    <message>
        <source>Mark irreversible</source>
        <translation>Als unumkehrbar markieren</translation>
    </message>
    <message>
        <source>Add down template</source>
        <translation>Down-Vorlage hinzufügen</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Down</translation>
    </message>
</context>
<context>
    <name>widgets::project::ApplyController</name>
    <message>
        <source>Idle</source>
        <translation>Untätig</translation>
    </message>
    <message>
        <source>Preflight</source>
        <translation>Vorabprüfung</translation>
    </message>
    <message>
        <source>Rehearsal</source>
        <translation>Probe</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Durchsicht</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>Bestätigung</translation>
    </message>
    <message>
        <source>Applying</source>
        <translation>Wird angewendet</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Preflight on %1: status, analyzer, blocking sessions…</source>
        <translation>Vorabprüfung auf %1: Status, Analyse, blockierende Sitzungen…</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is up to date: nothing to apply.</source>
        <translation>%1 ist aktuell: nichts anzuwenden.</translation>
    </message>
    <message numerus="yes">
        <source>Rehearsing %n migration(s) on %1 (rolled back)…</source>
        <translation>
            <numerusform>Probe von %n Migration auf %1 (wird zurückgerollt)…</numerusform>
            <numerusform>Probe von %n Migrationen auf %1 (wird zurückgerollt)…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled during the rehearsal; nothing was changed.</source>
        <translation>Während der Probe abgebrochen; nichts wurde geändert.</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled: %n migration(s) applied to %1 before the cancel; the running one was rolled back.</source>
        <translation>
            <numerusform>Abgebrochen: %n Migration wurde vor dem Abbruch auf %1 angewendet; die laufende wurde zurückgerollt.</numerusform>
            <numerusform>Abgebrochen: %n Migrationen wurden vor dem Abbruch auf %1 angewendet; die laufende wurde zurückgerollt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Failed after %n applied migration(s) on %1: %2</source>
        <translation>
            <numerusform>Fehlgeschlagen nach %n angewendeter Migration auf %1: %2</numerusform>
            <numerusform>Fehlgeschlagen nach %n angewendeten Migrationen auf %1: %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Applied %n migration(s) to %1 in %2 s.</source>
        <translation>
            <numerusform>%n Migration in %2 s auf %1 angewendet.</numerusform>
            <numerusform>%n Migrationen in %2 s auf %1 angewendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>Review the plan for %1</source>
        <translation>Den Plan für %1 durchsehen</translation>
    </message>
    <message>
        <source>Not applied: the review was closed.</source>
        <translation>Nicht angewendet: die Durchsicht wurde geschlossen.</translation>
    </message>
    <message>
        <source>Confirm the apply to %1</source>
        <translation>Die Anwendung auf %1 bestätigen</translation>
    </message>
    <message numerus="yes">
        <source>%n migration(s)</source>
        <translation>
            <numerusform>%n Migration</numerusform>
            <numerusform>%n Migrationen</numerusform>
        </translation>
    </message>
    <message>
        <source>Not applied: the confirmation was declined.</source>
        <translation>Nicht angewendet: die Bestätigung wurde abgelehnt.</translation>
    </message>
    <message numerus="yes">
        <source>Applying %n migration(s) to %1…</source>
        <translation>
            <numerusform>%n Migration wird auf %1 angewendet…</numerusform>
            <numerusform>%n Migrationen werden auf %1 angewendet…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled during the preflight; nothing was changed.</source>
        <translation>Während der Vorabprüfung abgebrochen; nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Cancelling: rolling back the running migration…</source>
        <translation>Abbruch: die laufende Migration wird zurückgerollt…</translation>
    </message>
    <message>
        <source>MySQL and MariaDB commit every DDL statement implicitly, so a rehearsal could not be rolled back.</source>
        <translation>MySQL und MariaDB schreiben jede DDL-Anweisung implizit fest, daher ließe sich eine Probe nicht zurückrollen.</translation>
    </message>
    <message>
        <source>Rehearsal skipped on %1: %2</source>
        <translation>Probe auf %1 übersprungen: %2</translation>
    </message>
</context>
<context>
    <name>widgets::project::ReviewDialog</name>
    <message>
        <source>Review the Apply to %1</source>
        <translation>Die Anwendung auf %1 durchsehen</translation>
    </message>
    <message>
        <source>The rehearsal failed: %1</source>
        <translation>Die Probe ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1 %2, statement %3 (line %4) failed in the rehearsal: %5</source>
        <translation>%1 %2, Anweisung %3 (Zeile %4) ist in der Probe fehlgeschlagen: %5</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n migration(s)&lt;/b&gt; will be applied to &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>
            <numerusform>&lt;b&gt;%n Migration&lt;/b&gt; wird auf &lt;b&gt;%1&lt;/b&gt; angewendet.</numerusform>
            <numerusform>&lt;b&gt;%n Migrationen&lt;/b&gt; werden auf &lt;b&gt;%1&lt;/b&gt; angewendet.</numerusform>
        </translation>
    </message>
    <message>
        <source>The rehearsal ran them in order in one transaction that was rolled back, and recorded the locks each statement took.</source>
        <translation>Die Probe hat sie der Reihe nach in einer Transaktion ausgeführt, die zurückgerollt wurde, und die Sperren jeder Anweisung aufgezeichnet.</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) block the apply; fix them first.</source>
        <translation>
            <numerusform>%n Problem blockiert die Anwendung; beheben Sie es zuerst.</numerusform>
            <numerusform>%n Probleme blockieren die Anwendung; beheben Sie sie zuerst.</numerusform>
        </translation>
    </message>
    <message>
        <source>Migration / statement</source>
        <translation>Migration / Anweisung</translation>
    </message>
    <message>
        <source>Rehearsal</source>
        <translation>Probe</translation>
    </message>
    <message>
        <source>Locks taken</source>
        <translation>Genommene Sperren</translation>
    </message>
    <message>
        <source>Rewrites</source>
        <translation>Neuschreibungen</translation>
    </message>
    <message>
        <source>%1 on %2</source>
        <translation>%1 auf %2</translation>
    </message>
    <message>
        <source>statement %1 (line %2)</source>
        <translation>Anweisung %1 (Zeile %2)</translation>
    </message>
    <message>
        <source>Runs outside a transaction (e.g. CREATE INDEX CONCURRENTLY): it cannot be rolled back, so it was not rehearsed.</source>
        <translation>Läuft außerhalb einer Transaktion (z. B. CREATE INDEX CONCURRENTLY): sie kann nicht zurückgerollt werden und wurde daher nicht geprobt.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Einzelheit</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>Blockiert</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>pid %1 (%2, %3) holds %4 on %5 for %6 s: %7</source>
        <translation>PID %1 (%2, %3) hält %4 auf %5 seit %6 s: %7</translation>
    </message>
    <message>
        <source>(a long transaction)</source>
        <translation>(eine lange Transaktion)</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Sitzungen</translation>
    </message>
    <message>
        <source>could not be checked: %1</source>
        <translation>konnte nicht geprüft werden: %1</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>No warnings, no blocking sessions.</source>
        <translation>Keine Warnungen, keine blockierenden Sitzungen.</translation>
    </message>
    <message>
        <source>Continue to Apply…</source>
        <translation>Weiter zum Anwenden…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Not rehearsed:&lt;/b&gt; %1 The locks shown are the analyzer&apos;s prediction; a failure part way leaves the statements before it applied.</source>
        <translation>&lt;b&gt;Nicht geprobt:&lt;/b&gt; %1 Die gezeigten Sperren sind die Vorhersage des Analysators; ein Fehler mittendrin lässt die Anweisungen davor angewendet.</translation>
    </message>
    <message>
        <source>Locks (analyzer)</source>
        <translation>Sperren (Analysator)</translation>
    </message>
    <message>
        <source>Rebuilds</source>
        <translation>Neuaufbauten</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>%1 (uncertain)</source>
        <translation>%1 (unsicher)</translation>
    </message>
</context>
</TS>
