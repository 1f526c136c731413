<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Shoal::ControlClient</name>
    <message>
        <source>closed by this client</source>
        <translation>von diesem Programm geschlossen</translation>
    </message>
    <message>
        <source>the daemon sent a line longer than %1 bytes</source>
        <translation>der Dienst sandte eine Zeile länger als %1 Bytes</translation>
    </message>
    <message>
        <source>the daemon sent something that is not a JSON object</source>
        <translation>der Dienst sandte etwas, das kein JSON-Objekt ist</translation>
    </message>
    <message>
        <source>the daemon speaks control protocol %1, this client %2</source>
        <translation>der Dienst spricht Steuerprotokoll %1, dieses Programm %2</translation>
    </message>
    <message>
        <source>shoald is not running (no control socket at %1)</source>
        <translation>shoald läuft nicht (kein Steuer-Socket unter %1)</translation>
    </message>
    <message>
        <source>permission denied opening the control socket %1</source>
        <translation>keine Berechtigung, den Steuer-Socket %1 zu öffnen</translation>
    </message>
    <message>
        <source>the daemon closed the connection</source>
        <translation>der Dienst hat die Verbindung geschlossen</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::AnswerChart</name>
    <message>
        <source>cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>peers</source>
        <translation>Peers</translation>
    </message>
    <message>
        <source>DNS server</source>
        <translation>DNS-Server</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Answers by source over the last minutes</source>
        <translation>Antworten nach Quelle in den letzten Minuten</translation>
    </message>
    <message>
        <source>peak %1 per %2 s</source>
        <translation>Spitze %1 je %2 s</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::Autostart</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>kann den Ordner %1 nicht anlegen</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>kann %1 nicht schreiben</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::CachePage</name>
    <message>
        <source>Filter by name</source>
        <translation>Nach Name filtern</translation>
    </message>
    <message>
        <source>Filter the cache by name</source>
        <translation>Den Cache nach Name filtern</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filter:</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Cache entries</source>
        <translation>Cache-Einträge</translation>
    </message>
    <message>
        <source>Remove the selected names from the cache</source>
        <translation>Die ausgewählten Namen aus dem Cache entfernen</translation>
    </message>
    <message>
        <source>Flush &amp;all...</source>
        <translation>Alles lee&amp;ren...</translation>
    </message>
    <message>
        <source>Remove everything from the cache</source>
        <translation>Alles aus dem Cache entfernen</translation>
    </message>
    <message>
        <source>%1 of %2 entries loaded</source>
        <translation>%1 von %2 Einträgen geladen</translation>
    </message>
    <message>
        <source>Flush the cache</source>
        <translation>Cache leeren</translation>
    </message>
    <message>
        <source>Remove every entry from shoald&apos;s cache? During an outage the cache is what keeps names working.</source>
        <translation>Alle Einträge aus dem Cache von shoald entfernen? Während eines Ausfalls hält der Cache die Namen am Leben.</translation>
    </message>
    <message>
        <source>Flushed.</source>
        <translation>Geleert.</translation>
    </message>
    <message>
        <source>Flushing</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Shoal</source>
        <translation>Shoal</translation>
    </message>
    <message>
        <source>S&amp;tale only</source>
        <translation>Nur a&amp;bgelaufene</translation>
    </message>
    <message>
        <source>Flush selecte&amp;d</source>
        <translation>Auswahl &amp;leeren</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::CacheTableModel</name>
    <message>
        <source>stale</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>abgelaufen</translation>
    </message>
    <message>
        <source>peer</source>
        <translation>Peer</translation>
    </message>
    <message>
        <source>peer %1</source>
        <translation>Peer %1</translation>
    </message>
    <message>
        <source>DNS server</source>
        <translation>DNS-Server</translation>
    </message>
    <message>
        <source>(name does not exist)</source>
        <translation>(Name existiert nicht)</translation>
    </message>
    <message>
        <source>(no record of this type)</source>
        <translation>(kein Eintrag dieses Typs)</translation>
    </message>
    <message>
        <source>Expired, kept to answer while the DNS server is down.</source>
        <translation>Abgelaufen; aufbewahrt, um zu antworten, solange der DNS-Server ausfällt.</translation>
    </message>
    <message>
        <source>Learned from a peer, not from the DNS server.</source>
        <translation>Von einem Peer erfahren, nicht vom DNS-Server.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>TTL left</source>
        <translation>Rest-TTL</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Treffer</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::DaemonConnection</name>
    <message>
        <source>the connection to shoald was closed</source>
        <translation>die Verbindung zu shoald wurde geschlossen</translation>
    </message>
    <message>
        <source>the connection to shoald was lost: %1</source>
        <translation>die Verbindung zu shoald ist abgerissen: %1</translation>
    </message>
    <message>
        <source>shoald is not connected</source>
        <translation>shoald ist nicht verbunden</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::DisplayText</name>
    <message>
        <source>Healthy</source>
        <translation>Normalbetrieb</translation>
    </message>
    <message>
        <source>DNS outage</source>
        <translation>DNS-Ausfall</translation>
    </message>
    <message>
        <source>shoald not reachable</source>
        <translation>shoald nicht erreichbar</translation>
    </message>
    <message numerus="yes">
        <source>%n peer</source>
        <translation>
            <numerusform>%n Peer</numerusform>
            <numerusform>%n Peers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n peers</source>
        <translation>
            <numerusform>%n Peer</numerusform>
            <numerusform>%n Peers</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 since %2</source>
        <translation>%1 seit %2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Names are resolved by the DNS server and cached.</source>
        <translation>Namen werden vom DNS-Server aufgelöst und zwischengespeichert.</translation>
    </message>
    <message>
        <source>The DNS server does not answer: answering from the cache and from peers.</source>
        <translation>Der DNS-Server antwortet nicht: Antworten kommen aus dem Cache und von Peers.</translation>
    </message>
    <message>
        <source>The tray cannot reach shoald; it keeps trying.</source>
        <translation>Shoal erreicht shoald nicht und versucht es weiter.</translation>
    </message>
    <message>
        <source>Shoal: %1
%2</source>
        <translation>Shoal: %1
%2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Outage began</source>
        <translation>Ausfall begonnen</translation>
    </message>
    <message>
        <source>Outage ended</source>
        <translation>Ausfall beendet</translation>
    </message>
    <message>
        <source>DNS server down</source>
        <translation>DNS-Server ausgefallen</translation>
    </message>
    <message>
        <source>DNS server back</source>
        <translation>DNS-Server wieder da</translation>
    </message>
    <message>
        <source>Peer came</source>
        <translation>Peer gekommen</translation>
    </message>
    <message>
        <source>Peer went</source>
        <translation>Peer gegangen</translation>
    </message>
    <message>
        <source>Group joined</source>
        <translation>Gruppe beigetreten</translation>
    </message>
    <message>
        <source>Group left</source>
        <translation>Gruppe verlassen</translation>
    </message>
    <message>
        <source>Cache flushed</source>
        <translation>Cache geleert</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Zähler</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Betrifft</translation>
    </message>
    <message>
        <source>Details (from shoald)</source>
        <translation>Details (von shoald)</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::EventsPage</name>
    <message>
        <source>Events</source>
        <translation>Ereignisse</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::GroupActions</name>
    <message>
        <source>Leave group</source>
        <translation>Gruppe verlassen</translation>
    </message>
    <message>
        <source>Leave the group %1? This computer stops asking its members and answering them.</source>
        <translation>Die Gruppe %1 verlassen? Dieser Rechner fragt ihre Mitglieder dann nicht mehr und antwortet ihnen nicht mehr.</translation>
    </message>
    <message>
        <source>%1: not allowed. shoald says: %2</source>
        <translation>%1: nicht erlaubt. shoald sagt: %2</translation>
    </message>
    <message>
        <source>%1: shoald is not reachable (%2).</source>
        <translation>%1: shoald ist nicht erreichbar (%2).</translation>
    </message>
    <message>
        <source>%1 failed. shoald says: %2</source>
        <translation>%1 fehlgeschlagen. shoald sagt: %2</translation>
    </message>
    <message>
        <source>Joining %1</source>
        <translation>Beitritt zu %1</translation>
    </message>
    <message>
        <source>Joined the group %1.</source>
        <translation>Der Gruppe %1 beigetreten.</translation>
    </message>
    <message>
        <source>Leaving %1</source>
        <translation>Verlassen von %1</translation>
    </message>
    <message>
        <source>Left the group %1.</source>
        <translation>Gruppe %1 verlassen.</translation>
    </message>
    <message>
        <source>Shoal</source>
        <translation>Shoal</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::GroupTableModel</name>
    <message>
        <source>keyed</source>
        <translation>mit Schlüssel</translation>
    </message>
    <message>
        <source>open (no key)</source>
        <translation>offen (ohne Schlüssel)</translation>
    </message>
    <message>
        <source>shares answers</source>
        <translation>teilt Antworten</translation>
    </message>
    <message>
        <source>asks only</source>
        <translation>fragt nur</translation>
    </message>
    <message>
        <source>Anyone on the network can answer in an open group; records are only taken for questions this computer asked.</source>
        <translation>In einer offenen Gruppe kann jeder im Netz antworten; Einträge werden nur für Fragen übernommen, die dieser Rechner gestellt hat.</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Multicast address</source>
        <translation>Multicast-Adresse</translation>
    </message>
    <message>
        <source>Sharing</source>
        <translation>Teilen</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::GroupsPage</name>
    <message>
        <source>Joined groups</source>
        <translation>Beigetretene Gruppen</translation>
    </message>
    <message>
        <source>&amp;Join group...</source>
        <translation>Gruppe &amp;beitreten...</translation>
    </message>
    <message>
        <source>Join a group</source>
        <translation>Einer Gruppe beitreten</translation>
    </message>
    <message>
        <source>&amp;Leave group...</source>
        <translation>Gruppe &amp;verlassen...</translation>
    </message>
    <message>
        <source>Leave the selected group</source>
        <translation>Die ausgewählte Gruppe verlassen</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::JoinDialog</name>
    <message>
        <source>Join a group</source>
        <translation>Einer Gruppe beitreten</translation>
    </message>
    <message>
        <source>Group name</source>
        <translation>Gruppenname</translation>
    </message>
    <message>
        <source>for example: office</source>
        <translation>zum Beispiel: buero</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <source>&amp;Key file</source>
        <translation>&amp;Schlüsseldatei</translation>
    </message>
    <message>
        <source>No key (&amp;open group)</source>
        <translation>Kein Schlüssel (&amp;offene Gruppe)</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>Schlüsseldatei</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Durchsuchen...</translation>
    </message>
    <message>
        <source>Choose the key file</source>
        <translation>Die Schlüsseldatei wählen</translation>
    </message>
    <message>
        <source>In an open group anyone on the network can take part. Shoal then accepts records only as answers to questions this computer asked, never shared ones; a member can still answer them wrongly.</source>
        <translation>An einer offenen Gruppe kann jeder im Netz teilnehmen. Shoal übernimmt dann Einträge nur als Antworten auf Fragen dieses Rechners, nie geteilte; ein Mitglied kann trotzdem falsch antworten.</translation>
    </message>
    <message>
        <source>I &amp;understand: join without a key</source>
        <translation>Ich habe &amp;verstanden: ohne Schlüssel beitreten</translation>
    </message>
    <message>
        <source>Multicast address</source>
        <translation>Multicast-Adresse</translation>
    </message>
    <message>
        <source>optional; derived from the name when empty</source>
        <translation>optional; leer: aus dem Namen abgeleitet</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>&amp;Beitreten</translation>
    </message>
    <message>
        <source>Group &amp;name:</source>
        <translation>Gruppen&amp;name:</translation>
    </message>
    <message>
        <source>Multicast &amp;address:</source>
        <translation>Multicast-&amp;Adresse:</translation>
    </message>
    <message>
        <source>Choose the group&apos;s key file</source>
        <translation>Die Schlüsseldatei der Gruppe wählen</translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <translation>Die Passphrase braucht mindestens %1 Zeichen.</translation>
    </message>
    <message>
        <source>Choose the key file.</source>
        <translation>Wählen Sie die Schlüsseldatei.</translation>
    </message>
    <message>
        <source>Give the key file&apos;s full path.</source>
        <translation>Geben Sie den vollständigen Pfad der Schlüsseldatei an.</translation>
    </message>
    <message>
        <source>There is no file at %1.</source>
        <translation>Unter %1 gibt es keine Datei.</translation>
    </message>
    <message>
        <source>Confirm that you want to join an open group without a key.</source>
        <translation>Bestätigen Sie, dass Sie einer offenen Gruppe ohne Schlüssel beitreten wollen.</translation>
    </message>
    <message>
        <source>Enter the group&apos;s name.</source>
        <translation>Geben Sie den Namen der Gruppe ein.</translation>
    </message>
    <message>
        <source>A group name has letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; only, and starts with a letter or digit.</source>
        <translation>Ein Gruppenname besteht nur aus Buchstaben, Ziffern, &apos;.&apos;, &apos;_&apos; und &apos;-&apos; und beginnt mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <source>%1 is not a multicast address (IPv4 224.0.0.0/4, for example 239.255.0.1, or IPv6 ff00::/8).</source>
        <translation>%1 ist keine Multicast-Adresse (IPv4 224.0.0.0/4, zum Beispiel 239.255.0.1, oder IPv6 ff00::/8).</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::MainWindow</name>
    <message>
        <source>Shoal</source>
        <translation>Shoal</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>Verbindungszustand</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Übersicht</translation>
    </message>
    <message>
        <source>&amp;Peers</source>
        <translation>&amp;Peers</translation>
    </message>
    <message>
        <source>&amp;Groups</source>
        <translation>&amp;Gruppen</translation>
    </message>
    <message>
        <source>&amp;Cache</source>
        <translation>&amp;Cache</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Ereignisse</translation>
    </message>
    <message>
        <source>&amp;Shoal</source>
        <translation>&amp;Shoal</translation>
    </message>
    <message>
        <source>&amp;Join group...</source>
        <translation>Gruppe &amp;beitreten...</translation>
    </message>
    <message>
        <source>&amp;Start at login</source>
        <translation>Beim &amp;Anmelden starten</translation>
    </message>
    <message>
        <source>&amp;Close window</source>
        <translation>Fenster &amp;schließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Shoal</source>
        <translation>Ü&amp;ber Shoal</translation>
    </message>
    <message>
        <source>shoald is not reachable%1. Shoal keeps trying to connect; nothing shown below is current.</source>
        <translation>shoald ist nicht erreichbar%1. Shoal versucht weiter, sich zu verbinden; nichts unten Angezeigte ist aktuell.</translation>
    </message>
    <message>
        <source>DNS outage since %1: shoald answers from its cache and its peers.</source>
        <translation>DNS-Ausfall seit %1: shoald antwortet aus seinem Cache und über seine Peers.</translation>
    </message>
    <message>
        <source>You can look but not change: shoald lets only root, its own user and its admin group join, leave or flush.</source>
        <translation>Sie können zusehen, aber nichts ändern: shoald lässt nur root, seinen eigenen Benutzer und seine Admin-Gruppe beitreten, austreten oder leeren.</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::OutageNotifier</name>
    <message>
        <source>DNS outage</source>
        <translation>DNS-Ausfall</translation>
    </message>
    <message>
        <source>The DNS server has not answered since %1. Shoal answers from its cache and from its peers.</source>
        <translation>Der DNS-Server antwortet seit %1 nicht. Shoal antwortet aus seinem Cache und über seine Peers.</translation>
    </message>
    <message>
        <source>DNS outage over</source>
        <translation>DNS-Ausfall vorbei</translation>
    </message>
    <message>
        <source>The DNS server answers again.</source>
        <translation>Der DNS-Server antwortet wieder.</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::OverviewPage</name>
    <message>
        <source>State:</source>
        <translation>Zustand:</translation>
    </message>
    <message>
        <source>Outage since:</source>
        <translation>Ausfall seit:</translation>
    </message>
    <message>
        <source>DNS servers:</source>
        <translation>DNS-Server:</translation>
    </message>
    <message>
        <source>Answered from the cache:</source>
        <translation>Aus dem Cache beantwortet:</translation>
    </message>
    <message>
        <source>Answered stale:</source>
        <translation>Abgelaufen beantwortet:</translation>
    </message>
    <message>
        <source>Answered by peers:</source>
        <translation>Von Peers beantwortet:</translation>
    </message>
    <message>
        <source>Answered by a DNS server:</source>
        <translation>Von einem DNS-Server beantwortet:</translation>
    </message>
    <message>
        <source>Failed:</source>
        <translation>Fehlgeschlagen:</translation>
    </message>
    <message>
        <source>Cache:</source>
        <translation>Cache:</translation>
    </message>
    <message>
        <source>Daemon:</source>
        <translation>Dienst:</translation>
    </message>
    <message>
        <source>Answers by source</source>
        <translation>Antworten nach Quelle</translation>
    </message>
    <message numerus="yes">
        <source>%1 does not answer (%n failure in a row)</source>
        <translation>
            <numerusform>%1 antwortet nicht (%n Fehlschlag in Folge)</numerusform>
            <numerusform>%1 antwortet nicht (%n Fehlschläge in Folge)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 does not answer (%n failures in a row)</source>
        <translation>
            <numerusform>%1 antwortet nicht (%n Fehlschlag in Folge)</numerusform>
            <numerusform>%1 antwortet nicht (%n Fehlschläge in Folge)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 answers (%2 ms)</source>
        <translation>%1 antwortet (%2 ms)</translation>
    </message>
    <message>
        <source>none configured</source>
        <translation>keiner eingerichtet</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2 %)</translation>
    </message>
    <message>
        <source>no outage</source>
        <translation>kein Ausfall</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 entries, %2 of %3</source>
        <translation>%1 Einträge, %2 von %3</translation>
    </message>
    <message>
        <source>shoald %1, listening on %2</source>
        <translation>shoald %1, lauscht auf %2</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::PeerTableModel</name>
    <message>
        <source>reaches its DNS server</source>
        <translation>erreicht seinen DNS-Server</translation>
    </message>
    <message>
        <source>in outage</source>
        <translation>im Ausfall</translation>
    </message>
    <message>
        <source>Node %1</source>
        <translation>Knoten %1</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Rechner</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Gruppen</translation>
    </message>
    <message>
        <source>DNS server</source>
        <translation>DNS-Server</translation>
    </message>
    <message>
        <source>Cached entries</source>
        <translation>Einträge im Cache</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Zuletzt gesehen</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::PeersPage</name>
    <message>
        <source>Peers</source>
        <translation>Peers</translation>
    </message>
    <message>
        <source>No peer heard. Peers appear here once this computer and another one have joined the same group.</source>
        <translation>Kein Peer gehört. Peers erscheinen hier, sobald dieser und ein anderer Rechner derselben Gruppe beigetreten sind.</translation>
    </message>
    <message numerus="yes">
        <source>%n peer heard in this computer&apos;s groups.</source>
        <translation>
            <numerusform>%n Peer in den Gruppen dieses Rechners gehört.</numerusform>
            <numerusform>%n Peers in den Gruppen dieses Rechners gehört.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n peers heard in this computer&apos;s groups.</source>
        <translation>
            <numerusform>%n Peer in den Gruppen dieses Rechners gehört.</numerusform>
            <numerusform>%n Peers in den Gruppen dieses Rechners gehört.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::TrayApp</name>
    <message>
        <source>Shoal</source>
        <translation>Shoal</translation>
    </message>
    <message>
        <source>Could not change start at login (%1): %2</source>
        <translation>Start beim Anmelden ließ sich nicht ändern (%1): %2</translation>
    </message>
    <message>
        <source>About Shoal</source>
        <translation>Über Shoal</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Shoal %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Workstations that keep resolving names together when the DNS server dies.&lt;/p&gt;&lt;p&gt;Daemon: %2&lt;br&gt;Control socket: %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Shoal %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Arbeitsplatzrechner, die gemeinsam weiter Namen auflösen, wenn der DNS-Server ausfällt.&lt;/p&gt;&lt;p&gt;Dienst: %2&lt;br&gt;Steuer-Socket: %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::TrayCommandLine</name>
    <message>
        <source>Shows the state of shoald, the Shoal DNS daemon, in the system tray.</source>
        <translation>Zeigt den Zustand von shoald, dem DNS-Dienst von Shoal, im Systemabschnitt der Kontrollleiste.</translation>
    </message>
    <message>
        <source>shoald&apos;s control socket (default: %1).</source>
        <translation>Steuer-Socket von shoald (Vorgabe: %1).</translation>
    </message>
    <message>
        <source>Open the window at start.</source>
        <translation>Das Fenster beim Start öffnen.</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::TrayMenu</name>
    <message>
        <source>&amp;Open Shoal</source>
        <translation>Shoal ö&amp;ffnen</translation>
    </message>
    <message>
        <source>&amp;Join group...</source>
        <translation>Gruppe &amp;beitreten...</translation>
    </message>
    <message>
        <source>&amp;Groups</source>
        <translation>&amp;Gruppen</translation>
    </message>
    <message>
        <source>&amp;Start at login</source>
        <translation>Beim &amp;Anmelden starten</translation>
    </message>
    <message>
        <source>&amp;About Shoal</source>
        <translation>&amp;Über Shoal</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>B&amp;eenden</translation>
    </message>
    <message>
        <source>Leave %1...</source>
        <translation>%1 verlassen...</translation>
    </message>
    <message>
        <source>(no group joined)</source>
        <translation>(keiner Gruppe beigetreten)</translation>
    </message>
</context>
</TS>
