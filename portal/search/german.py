"""German words for the search: one form for every spelling and inflection of a word.

"Förderung", "Foerderung" and "Förderungen" all become "forder"; "Schulen" and "Schule"
become "schul". Text is indexed and queries are searched in this form, on every backend, so
that SQLite, PostgreSQL and Elasticsearch find the same things.
"""

import re
from functools import lru_cache

import snowballstemmer

WORD = re.compile(r"\w+")
# A compound written with hyphens: "Digital-Lotsen", "E-Akte", "Open-Source-Stadt-App".
HYPHENATED = re.compile(r"\w+(?:-\w+)+")
# Umlauts written out ("Foerderung") and the sharp s as "ss" are common in German input.
FOLDING = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_stemmer = snowballstemmer.stemmer("german")

# Words that carry no topic, so a query need not match them: "Wer hat schon ein DMS?" is a
# search for "DMS". Snowball's German stop word list, without "weg" (a path, in "Weg zum ISMS"),
# and the question words and fillers people type into a search box.
_STOP_WORDS = """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anders auch auf aus bei bin bis bist da damit dann der den des dem
    die das dass daß derselbe derselben denselben desselben demselben dieselbe dieselben
    dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies
    diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig
    einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren
    eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich mir
    ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder jedes jene
    jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte
    machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines
    mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen
    seiner seines selbst sich sie ihnen sind so solche solchem solchen solcher solches soll
    sollte sondern sonst über um und uns unsere unserem unseren unser unseres unter viel vom
    von vor während war waren warst was weil weiter welche welchem welchen welcher welches
    wenn werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur
    zwar zwischen
    wer wen wem wessen warum wieso weshalb wann woher wohin womit wofür wozu worum wobei
    schon gibt gib jemand bitte eigentlich genau gerne mal bedeutet heißt
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def _spellings(word):
    """The word as typed with umlauts, and with them written out ("für", "fuer")."""
    written_out = word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return {word, written_out, word.replace("ß", "ss"), written_out.replace("ß", "ss")}


_STOP_SPELLINGS = frozenset(spelling for word in STOP_WORDS for spelling in _spellings(word))


def words(text):
    """The words of a text, lower case."""
    return WORD.findall(text.lower())


def is_stop_word(word):
    """Whether a lower-case word is a stop word, however its umlauts are written."""
    return word in _STOP_SPELLINGS


@lru_cache(maxsize=50_000)
def stem(word):
    """The stem of one lower-case word, without umlauts."""
    return _stemmer.stemWord(word).translate(FOLDING)


def prefix(word):
    """A word being typed, as the beginning of a stem: folded, but not cut back."""
    return word.lower().translate(FOLDING)


def stems(text):
    """The stems of a text's words but its stop words, in order, as one string of
    space-separated stems.

    A hyphenated compound is indexed as its parts and as one word, so that "Digitallotsen"
    finds "Digital-Lotsen" and "eAkte" finds "E-Akte"; "Lotsen" finds it either way.
    """
    found = [stem(word) for word in words(text) if not is_stop_word(word)]
    found += [stem(compound.replace("-", "")) for compound in HYPHENATED.findall(text.lower())]
    return " ".join(found)
