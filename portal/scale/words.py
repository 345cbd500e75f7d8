"""German sentences from word lists, for generated data that reads like a network's own.

Texts are built from a subject, a verb phrase and an object, so that search, highlighting and the
page layouts work with words of realistic length and variety (compounds, umlauts, ß).
"""

SUBJECTS = [
    "Die Stadtverwaltung", "Das Bürgerbüro", "Der Kreis", "Die Gemeinde", "Das Ordnungsamt",
    "Die IT-Abteilung", "Der Fachbereich Bauen", "Das Standesamt", "Die Kämmerei",
    "Das Schulverwaltungsamt", "Die Digitalisierungsbeauftragte", "Der Bauhof",
    "Das Jugendamt", "Die Wirtschaftsförderung", "Das Personalamt", "Die Stadtwerke",
]  # fmt: skip
VERBS = [
    "erneuert", "testet", "beschafft", "vereinheitlicht", "digitalisiert", "verbessert",
    "plant", "betreibt", "erweitert", "übernimmt", "schult Mitarbeitende für", "vergibt",
]  # fmt: skip
OBJECTS = [
    "die elektronische Akte", "den digitalen Bauantrag", "das Ratsinformationssystem",
    "die Online-Terminvergabe", "das Open-Data-Portal", "die Geodateninfrastruktur",
    "die E-Rechnung", "das Servicekonto", "die Schul-IT", "das WLAN in Schulen",
    "die Informationssicherheit", "den Breitbandausbau", "die Videoberatung",
    "das Dokumentenmanagement", "die Hundesteueranmeldung", "die Gewerbeanmeldung",
    "die Wohngeldbearbeitung", "die Kita-Platzvergabe", "das Fundbüro",
    "die Straßenbeleuchtung", "die Parkraumbewirtschaftung", "die Bürgerbeteiligung",
]  # fmt: skip
ENDINGS = [
    "gemeinsam mit den Nachbarkommunen", "nach dem Prinzip „Einer für alle“",
    "mit Fördermitteln des Landes", "zunächst in einem Pilotbereich", "bis Jahresende",
    "mit einem kommunalen IT-Dienstleister", "ohne zusätzliches Personal",
    "mit offener Software", "nach einer Marktsichtung", "in drei Ausbaustufen",
    "mit Unterstützung der Digital-Lotsen", "barrierefrei und mobil nutzbar",
]  # fmt: skip
REMARKS = [
    "Die Rückmeldungen der Beschäftigten sind überwiegend positiv.",
    "Wichtig war eine frühe Beteiligung des Personalrats.",
    "Der größte Aufwand lag in der Bereinigung der Altdaten.",
    "Die Schnittstelle zum Fachverfahren brauchte mehr Zeit als geplant.",
    "Eine Dienstanweisung regelt die Nutzung verbindlich.",
    "Die Kosten teilen sich die beteiligten Kommunen nach Einwohnerzahl.",
    "Wer nachnutzen möchte, bekommt die Ausschreibungsunterlagen gern.",
    "Schulungen in kleinen Gruppen haben sich bewährt.",
    "Der Datenschutzbeauftragte hat das Verfahren früh geprüft.",
    "Ein externer Dienstleister hat die Migration begleitet.",
]  # fmt: skip
QUESTIONS = [
    "Wer hat Erfahrung mit", "Welche Anbieter empfehlt ihr für", "Wie habt ihr",
    "Gibt es eine Vorlage für", "Wie lange dauerte bei euch", "Was kostet ungefähr",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Bernd", "Claudia", "Dirk", "Elke", "Frank", "Gabriele", "Heike", "Ingo", "Jana",
    "Klaus", "Lena", "Markus", "Nicole", "Oliver", "Petra", "Ralf", "Sabine", "Thomas", "Ute",
    "Volker", "Wiebke", "Yvonne", "Jürgen", "Sören", "Björn", "Käthe", "Gülşen", "Mehmet",
]  # fmt: skip
LAST_NAMES = [
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
    "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
    "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
    "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Köhler", "Yılmaz", "Nowak", "Heße",
]  # fmt: skip


def sentence(rng):
    """One sentence: who does what, how."""
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}."
    )


def paragraph(rng, sentences=3):
    """A few sentences, the last a remark from experience."""
    return " ".join([*(sentence(rng) for _ in range(sentences - 1)), rng.choice(REMARKS)])


def question(rng):
    """The title of a forum thread."""
    return f"{rng.choice(QUESTIONS)} {rng.choice(OBJECTS)}?"


def person_name(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
