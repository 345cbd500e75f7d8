from django.utils.text import slugify

GERMAN_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def german_slugify(text):
    """A URL slug that spells umlauts as German readers expect: "Höxter" → "hoexter"."""
    return slugify(text.lower().translate(GERMAN_TRANSLITERATION))
