<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Shoal::ControlClient</name>
    <message>
        <source>closed by this client</source>
        <translation>fermée par ce programme</translation>
    </message>
    <message>
        <source>the daemon sent a line longer than %1 bytes</source>
        <translation>le service a envoyé une ligne de plus de %1 octets</translation>
    </message>
    <message>
        <source>the daemon sent something that is not a JSON object</source>
        <translation>le service a envoyé autre chose qu&apos;un objet JSON</translation>
    </message>
    <message>
        <source>the daemon speaks control protocol %1, this client %2</source>
        <translation>le service parle le protocole de contrôle %1, ce programme le %2</translation>
    </message>
    <message>
        <source>shoald is not running (no control socket at %1)</source>
        <translation>shoald ne tourne pas (pas de socket de contrôle à %1)</translation>
    </message>
    <message>
        <source>permission denied opening the control socket %1</source>
        <translation>accès refusé au socket de contrôle %1</translation>
    </message>
    <message>
        <source>the daemon closed the connection</source>
        <translation>le service a fermé la connexion</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::AnswerChart</name>
    <message>
        <source>cache</source>
        <translation>cache</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>périmé</translation>
    </message>
    <message>
        <source>peers</source>
        <translation>pairs</translation>
    </message>
    <message>
        <source>DNS server</source>
        <translation>serveur DNS</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>Answers by source over the last minutes</source>
        <translation>Réponses par source ces dernières minutes</translation>
    </message>
    <message>
        <source>peak %1 per %2 s</source>
        <translation>pic %1 par %2 s</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::Autostart</name>
    <message>
        <source>cannot create the folder %1</source>
        <translation>impossible de créer le dossier %1</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>impossible d&apos;écrire %1</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::CachePage</name>
    <message>
        <source>Filter by name</source>
        <translation>Filtrer par nom</translation>
    </message>
    <message>
        <source>Filter the cache by name</source>
        <translation>Filtrer le cache par nom</translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation>&amp;Filtre&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Ac&amp;tualiser</translation>
    </message>
    <message>
        <source>Cache entries</source>
        <translation>Entrées du cache</translation>
    </message>
    <message>
        <source>Remove the selected names from the cache</source>
        <translation>Retirer les noms sélectionnés du cache</translation>
    </message>
    <message>
        <source>Flush &amp;all...</source>
        <translation>Tout vi&amp;der...</translation>
    </message>
    <message>
        <source>Remove everything from the cache</source>
        <translation>Tout retirer du cache</translation>
    </message>
    <message>
        <source>%1 of %2 entries loaded</source>
        <translation>%1 entrées chargées sur %2</translation>
    </message>
    <message>
        <source>Flush the cache</source>
        <translation>Vider le cache</translation>
    </message>
    <message>
        <source>Remove every entry from shoald&apos;s cache? During an outage the cache is what keeps names working.</source>
        <translation>Retirer toutes les entrées du cache de shoald ? Pendant une panne, c&apos;est le cache qui fait encore fonctionner les noms.</translation>
    </message>
    <message>
        <source>Flushed.</source>
        <translation>Vidé.</translation>
    </message>
    <message>
        <source>Flushing</source>
        <translation>Vidage</translation>
    </message>
    <message>
        <source>Shoal</source>
        <translation>Shoal</translation>
    </message>
    <message>
        <source>S&amp;tale only</source>
        <translation>Péri&amp;més seulement</translation>
    </message>
    <message>
        <source>Flush selecte&amp;d</source>
        <translation>&amp;Vider la sélection</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::CacheTableModel</name>
    <message>
        <source>stale</source>
        <translation>périmé</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expiré</translation>
    </message>
    <message>
        <source>peer</source>
        <translation>pair</translation>
    </message>
    <message>
        <source>peer %1</source>
        <translation>pair %1</translation>
    </message>
    <message>
        <source>DNS server</source>
        <translation>serveur DNS</translation>
    </message>
    <message>
        <source>(name does not exist)</source>
        <translation>(le nom n&apos;existe pas)</translation>
    </message>
    <message>
        <source>(no record of this type)</source>
        <translation>(aucun enregistrement de ce type)</translation>
    </message>
    <message>
        <source>Expired, kept to answer while the DNS server is down.</source>
        <translation>Expiré, gardé pour répondre tant que le serveur DNS est en panne.</translation>
    </message>
    <message>
        <source>Learned from a peer, not from the DNS server.</source>
        <translation>Appris d’un pair, pas du serveur DNS.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Données</translation>
    </message>
    <message>
        <source>TTL left</source>
        <translation>TTL restant</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>Succès</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::DaemonConnection</name>
    <message>
        <source>the connection to shoald was closed</source>
        <translation>la connexion à shoald a été fermée</translation>
    </message>
    <message>
        <source>the connection to shoald was lost: %1</source>
        <translation>la connexion à shoald a été perdue&#xa0;: %1</translation>
    </message>
    <message>
        <source>shoald is not connected</source>
        <translation>shoald n&apos;est pas connecté</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::DisplayText</name>
    <message>
        <source>Healthy</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>DNS outage</source>
        <translation>Panne DNS</translation>
    </message>
    <message>
        <source>shoald not reachable</source>
        <translation>shoald injoignable</translation>
    </message>
    <message numerus="yes">
        <source>%n peer</source>
        <translation>
            <numerusform>%n pair</numerusform>
            <numerusform>%n pairs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n peers</source>
        <translation>
            <numerusform>%n pair</numerusform>
            <numerusform>%n pairs</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 since %2</source>
        <translation>%1 depuis %2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Names are resolved by the DNS server and cached.</source>
        <translation>Les noms sont résolus par le serveur DNS et mis en cache.</translation>
    </message>
    <message>
        <source>The DNS server does not answer: answering from the cache and from peers.</source>
        <translation>Le serveur DNS ne répond pas&#xa0;: réponses depuis le cache et les pairs.</translation>
    </message>
    <message>
        <source>The tray cannot reach shoald; it keeps trying.</source>
        <translation>Shoal ne joint pas shoald et continue d’essayer.</translation>
    </message>
    <message>
        <source>Shoal: %1
%2</source>
        <translation>Shoal&#xa0;: %1
%2</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>Outage began</source>
        <translation>Début de panne</translation>
    </message>
    <message>
        <source>Outage ended</source>
        <translation>Fin de panne</translation>
    </message>
    <message>
        <source>DNS server down</source>
        <translation>Serveur DNS en panne</translation>
    </message>
    <message>
        <source>DNS server back</source>
        <translation>Serveur DNS revenu</translation>
    </message>
    <message>
        <source>Peer came</source>
        <translation>Pair arrivé</translation>
    </message>
    <message>
        <source>Peer went</source>
        <translation>Pair parti</translation>
    </message>
    <message>
        <source>Group joined</source>
        <translation>Groupe rejoint</translation>
    </message>
    <message>
        <source>Group left</source>
        <translation>Groupe quitté</translation>
    </message>
    <message>
        <source>Cache flushed</source>
        <translation>Cache vidé</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>Compteurs</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Événement</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>Concerne</translation>
    </message>
    <message>
        <source>Details (from shoald)</source>
        <translation>Détails (de shoald)</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::EventsPage</name>
    <message>
        <source>Events</source>
        <translation>Événements</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::GroupActions</name>
    <message>
        <source>Leave group</source>
        <translation>Quitter le groupe</translation>
    </message>
    <message>
        <source>Leave the group %1? This computer stops asking its members and answering them.</source>
        <translation>Quitter le groupe %1&#xa0;? Cet ordinateur cessera d’interroger ses membres et de leur répondre.</translation>
    </message>
    <message>
        <source>%1: not allowed. shoald says: %2</source>
        <translation>%1&#xa0;: non autorisé. shoald dit&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1: shoald is not reachable (%2).</source>
        <translation>%1&#xa0;: shoald est injoignable (%2).</translation>
    </message>
    <message>
        <source>%1 failed. shoald says: %2</source>
        <translation>%1&#xa0;: échec. shoald dit&#xa0;: %2</translation>
    </message>
    <message>
        <source>Joining %1</source>
        <translation>Adhésion à %1</translation>
    </message>
    <message>
        <source>Joined the group %1.</source>
        <translation>Groupe %1 rejoint.</translation>
    </message>
    <message>
        <source>Leaving %1</source>
        <translation>Départ de %1</translation>
    </message>
    <message>
        <source>Left the group %1.</source>
        <translation>Groupe %1 quitté.</translation>
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
        <translation>avec clé</translation>
    </message>
    <message>
        <source>open (no key)</source>
        <translation>ouvert (sans clé)</translation>
    </message>
    <message>
        <source>shares answers</source>
        <translation>partage les réponses</translation>
    </message>
    <message>
        <source>asks only</source>
        <translation>interroge seulement</translation>
    </message>
    <message>
        <source>Anyone on the network can answer in an open group; records are only taken for questions this computer asked.</source>
        <translation>Dans un groupe ouvert, n’importe qui sur le réseau peut répondre&#xa0;; seuls les enregistrements répondant aux questions de cet ordinateur sont acceptés.</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Membres</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clé</translation>
    </message>
    <message>
        <source>Multicast address</source>
        <translation>Adresse multicast</translation>
    </message>
    <message>
        <source>Sharing</source>
        <translation>Partage</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::GroupsPage</name>
    <message>
        <source>Joined groups</source>
        <translation>Groupes rejoints</translation>
    </message>
    <message>
        <source>&amp;Join group...</source>
        <translation>&amp;Rejoindre un groupe...</translation>
    </message>
    <message>
        <source>Join a group</source>
        <translation>Rejoindre un groupe</translation>
    </message>
    <message>
        <source>&amp;Leave group...</source>
        <translation>&amp;Quitter le groupe...</translation>
    </message>
    <message>
        <source>Leave the selected group</source>
        <translation>Quitter le groupe sélectionné</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::JoinDialog</name>
    <message>
        <source>Join a group</source>
        <translation>Rejoindre un groupe</translation>
    </message>
    <message>
        <source>Group name</source>
        <translation>Nom du groupe</translation>
    </message>
    <message>
        <source>for example: office</source>
        <translation>par exemple&#xa0;: bureau</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;Phrase secrète</translation>
    </message>
    <message>
        <source>&amp;Key file</source>
        <translation>&amp;Fichier de clé</translation>
    </message>
    <message>
        <source>No key (&amp;open group)</source>
        <translation>Sans clé (groupe &amp;ouvert)</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Phrase secrète</translation>
    </message>
    <message>
        <source>Key file</source>
        <translation>Fichier de clé</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Parcourir...</translation>
    </message>
    <message>
        <source>Choose the key file</source>
        <translation>Choisir le fichier de clé</translation>
    </message>
    <message>
        <source>In an open group anyone on the network can take part. Shoal then accepts records only as answers to questions this computer asked, never shared ones; a member can still answer them wrongly.</source>
        <translation>Dans un groupe ouvert, n’importe qui sur le réseau peut participer. Shoal n’accepte alors des enregistrements qu’en réponse aux questions de cet ordinateur, jamais ceux partagés&#xa0;; un membre peut malgré tout répondre faux.</translation>
    </message>
    <message>
        <source>I &amp;understand: join without a key</source>
        <translation>J&apos;ai &amp;compris&#xa0;: rejoindre sans clé</translation>
    </message>
    <message>
        <source>Multicast address</source>
        <translation>Adresse multicast</translation>
    </message>
    <message>
        <source>optional; derived from the name when empty</source>
        <translation>facultative&#xa0;; vide&#xa0;: déduite du nom</translation>
    </message>
    <message>
        <source>&amp;Join</source>
        <translation>&amp;Rejoindre</translation>
    </message>
    <message>
        <source>Group &amp;name:</source>
        <translation>&amp;Nom du groupe&#xa0;:</translation>
    </message>
    <message>
        <source>Multicast &amp;address:</source>
        <translation>&amp;Adresse multicast&#xa0;:</translation>
    </message>
    <message>
        <source>Choose the group&apos;s key file</source>
        <translation>Choisir le fichier de clé du groupe</translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <translation>La phrase secrète doit compter au moins %1 caractères.</translation>
    </message>
    <message>
        <source>Choose the key file.</source>
        <translation>Choisissez le fichier de clé.</translation>
    </message>
    <message>
        <source>Give the key file&apos;s full path.</source>
        <translation>Indiquez le chemin complet du fichier de clé.</translation>
    </message>
    <message>
        <source>There is no file at %1.</source>
        <translation>Il n&apos;y a pas de fichier à %1.</translation>
    </message>
    <message>
        <source>Confirm that you want to join an open group without a key.</source>
        <translation>Confirmez que vous voulez rejoindre un groupe ouvert sans clé.</translation>
    </message>
    <message>
        <source>Enter the group&apos;s name.</source>
        <translation>Saisissez le nom du groupe.</translation>
    </message>
    <message>
        <source>A group name has letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos; only, and starts with a letter or digit.</source>
        <translation>Un nom de groupe ne contient que des lettres, des chiffres, &apos;.&apos;, &apos;_&apos; et &apos;-&apos;, et commence par une lettre ou un chiffre.</translation>
    </message>
    <message>
        <source>%1 is not a multicast address (IPv4 224.0.0.0/4, for example 239.255.0.1, or IPv6 ff00::/8).</source>
        <translation>%1 n&apos;est pas une adresse multicast (IPv4 224.0.0.0/4, par exemple 239.255.0.1, ou IPv6 ff00::/8).</translation>
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
        <translation>État de la connexion</translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation>&amp;Aperçu</translation>
    </message>
    <message>
        <source>&amp;Peers</source>
        <translation>&amp;Pairs</translation>
    </message>
    <message>
        <source>&amp;Groups</source>
        <translation>&amp;Groupes</translation>
    </message>
    <message>
        <source>&amp;Cache</source>
        <translation>&amp;Cache</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>&amp;Événements</translation>
    </message>
    <message>
        <source>&amp;Shoal</source>
        <translation>&amp;Shoal</translation>
    </message>
    <message>
        <source>&amp;Join group...</source>
        <translation>&amp;Rejoindre un groupe...</translation>
    </message>
    <message>
        <source>&amp;Start at login</source>
        <translation>&amp;Lancer à la connexion</translation>
    </message>
    <message>
        <source>&amp;Close window</source>
        <translation>&amp;Fermer la fenêtre</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;About Shoal</source>
        <translation>À &amp;propos de Shoal</translation>
    </message>
    <message>
        <source>shoald is not reachable%1. Shoal keeps trying to connect; nothing shown below is current.</source>
        <translation>shoald est injoignable%1. Shoal continue d’essayer de se connecter&#xa0;; rien de ce qui est affiché ci-dessous n’est à jour.</translation>
    </message>
    <message>
        <source>DNS outage since %1: shoald answers from its cache and its peers.</source>
        <translation>Panne DNS depuis %1&#xa0;: shoald répond depuis son cache et ses pairs.</translation>
    </message>
    <message>
        <source>You can look but not change: shoald lets only root, its own user and its admin group join, leave or flush.</source>
        <translation>Vous pouvez regarder mais pas modifier&#xa0;: shoald ne laisse que root, son propre utilisateur et son groupe d’administration rejoindre, quitter ou vider.</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::OutageNotifier</name>
    <message>
        <source>DNS outage</source>
        <translation>Panne DNS</translation>
    </message>
    <message>
        <source>The DNS server has not answered since %1. Shoal answers from its cache and from its peers.</source>
        <translation>Le serveur DNS ne répond plus depuis %1. Shoal répond depuis son cache et ses pairs.</translation>
    </message>
    <message>
        <source>DNS outage over</source>
        <translation>Fin de la panne DNS</translation>
    </message>
    <message>
        <source>The DNS server answers again.</source>
        <translation>Le serveur DNS répond de nouveau.</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::OverviewPage</name>
    <message>
        <source>State:</source>
        <translation>État&#xa0;:</translation>
    </message>
    <message>
        <source>Outage since:</source>
        <translation>En panne depuis&#xa0;:</translation>
    </message>
    <message>
        <source>DNS servers:</source>
        <translation>Serveurs DNS&#xa0;:</translation>
    </message>
    <message>
        <source>Answered from the cache:</source>
        <translation>Réponses depuis le cache&#xa0;:</translation>
    </message>
    <message>
        <source>Answered stale:</source>
        <translation>Réponses périmées&#xa0;:</translation>
    </message>
    <message>
        <source>Answered by peers:</source>
        <translation>Réponses des pairs&#xa0;:</translation>
    </message>
    <message>
        <source>Answered by a DNS server:</source>
        <translation>Réponses d’un serveur DNS&#xa0;:</translation>
    </message>
    <message>
        <source>Failed:</source>
        <translation>Échecs&#xa0;:</translation>
    </message>
    <message>
        <source>Cache:</source>
        <translation>Cache&#xa0;:</translation>
    </message>
    <message>
        <source>Daemon:</source>
        <translation>Service&#xa0;:</translation>
    </message>
    <message>
        <source>Answers by source</source>
        <translation>Réponses par source</translation>
    </message>
    <message numerus="yes">
        <source>%1 does not answer (%n failure in a row)</source>
        <translation>
            <numerusform>%1 ne répond pas (%n échec de suite)</numerusform>
            <numerusform>%1 ne répond pas (%n échecs de suite)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 does not answer (%n failures in a row)</source>
        <translation>
            <numerusform>%1 ne répond pas (%n échec de suite)</numerusform>
            <numerusform>%1 ne répond pas (%n échecs de suite)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 answers (%2 ms)</source>
        <translation>%1 répond (%2 ms)</translation>
    </message>
    <message>
        <source>none configured</source>
        <translation>aucun configuré</translation>
    </message>
    <message>
        <source>%1 (%2 %)</source>
        <translation>%1 (%2&#xa0;%)</translation>
    </message>
    <message>
        <source>no outage</source>
        <translation>pas de panne</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <source>%1 entries, %2 of %3</source>
        <translation>%1 entrées, %2 sur %3</translation>
    </message>
    <message>
        <source>shoald %1, listening on %2</source>
        <translation>shoald %1, à l’écoute sur %2</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::PeerTableModel</name>
    <message>
        <source>reaches its DNS server</source>
        <translation>joint son serveur DNS</translation>
    </message>
    <message>
        <source>in outage</source>
        <translation>en panne</translation>
    </message>
    <message>
        <source>Node %1</source>
        <translation>Nœud %1</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Hôte</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <source>DNS server</source>
        <translation>serveur DNS</translation>
    </message>
    <message>
        <source>Cached entries</source>
        <translation>Entrées en cache</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Vu pour la dernière fois</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::PeersPage</name>
    <message>
        <source>Peers</source>
        <translation>Pairs</translation>
    </message>
    <message>
        <source>No peer heard. Peers appear here once this computer and another one have joined the same group.</source>
        <translation>Aucun pair entendu. Les pairs apparaissent ici dès que cet ordinateur et un autre ont rejoint le même groupe.</translation>
    </message>
    <message numerus="yes">
        <source>%n peer heard in this computer&apos;s groups.</source>
        <translation>
            <numerusform>%n pair entendu dans les groupes de cet ordinateur.</numerusform>
            <numerusform>%n pairs entendus dans les groupes de cet ordinateur.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n peers heard in this computer&apos;s groups.</source>
        <translation>
            <numerusform>%n pair entendu dans les groupes de cet ordinateur.</numerusform>
            <numerusform>%n pairs entendus dans les groupes de cet ordinateur.</numerusform>
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
        <translation>Impossible de modifier le lancement à la connexion (%1)&#xa0;: %2</translation>
    </message>
    <message>
        <source>About Shoal</source>
        <translation>À propos de Shoal</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Shoal %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Workstations that keep resolving names together when the DNS server dies.&lt;/p&gt;&lt;p&gt;Daemon: %2&lt;br&gt;Control socket: %3&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Shoal %1&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Des postes de travail qui continuent ensemble à résoudre les noms quand le serveur DNS tombe.&lt;/p&gt;&lt;p&gt;Service&#xa0;: %2&lt;br&gt;Socket de contrôle&#xa0;: %3&lt;/p&gt;</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::TrayCommandLine</name>
    <message>
        <source>Shows the state of shoald, the Shoal DNS daemon, in the system tray.</source>
        <translation>Affiche l’état de shoald, le service DNS de Shoal, dans la zone de notification.</translation>
    </message>
    <message>
        <source>shoald&apos;s control socket (default: %1).</source>
        <translation>Socket de contrôle de shoald (par défaut&#xa0;: %1).</translation>
    </message>
    <message>
        <source>Open the window at start.</source>
        <translation>Ouvrir la fenêtre au démarrage.</translation>
    </message>
</context>
<context>
    <name>Shoal::Tray::TrayMenu</name>
    <message>
        <source>&amp;Open Shoal</source>
        <translation>&amp;Ouvrir Shoal</translation>
    </message>
    <message>
        <source>&amp;Join group...</source>
        <translation>&amp;Rejoindre un groupe...</translation>
    </message>
    <message>
        <source>&amp;Groups</source>
        <translation>&amp;Groupes</translation>
    </message>
    <message>
        <source>&amp;Start at login</source>
        <translation>&amp;Lancer à la connexion</translation>
    </message>
    <message>
        <source>&amp;About Shoal</source>
        <translation>À pro&amp;pos de Shoal</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Leave %1...</source>
        <translation>Quitter %1...</translation>
    </message>
    <message>
        <source>(no group joined)</source>
        <translation>(aucun groupe rejoint)</translation>
    </message>
</context>
</TS>
