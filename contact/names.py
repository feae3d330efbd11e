"""Names and languages as people type them: with or without accents, in
English or in Spanish. A name heard on a voicemail is typed "Gomez"; a family
writes their language as "Español" or "spanish"."""

import unicodedata

# Language names families write in Spanish, by their folded form.
SPANISH_NAMES = {
    "espanol": "Spanish",
    "castellano": "Spanish",
    "ingles": "English",
    "portugues": "Portuguese",
    "frances": "French",
    "chino": "Chinese",
    "mandarin": "Mandarin",
    "cantones": "Cantonese",
    "arabe": "Arabic",
    "ruso": "Russian",
    "aleman": "German",
    "italiano": "Italian",
    "coreano": "Korean",
    "japones": "Japanese",
    "vietnamita": "Vietnamese",
    "creole haitiano": "Haitian Creole",
    "criollo haitiano": "Haitian Creole",
    "kreyol": "Haitian Creole",
    "lenguaje de senas": "Sign language",
    "lengua de senas": "Sign language",
}


def fold(text):
    """`text` without accents, case or repeated spaces: "  Gómez " -> "gomez"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def language_group(text):
    """The language a family's answer names, in English: "Español", "spanish"
    and "Spanish " are one, "Spanish"; an unknown answer keeps its own words
    and accents ("Tiếng việt"), in one case ("SOMALI" and "somali" are one)."""
    folded = fold(text)
    if folded in SPANISH_NAMES:
        return SPANISH_NAMES[folded]
    if folded in {fold(name) for name in SPANISH_NAMES.values()}:
        return next(n for n in SPANISH_NAMES.values() if fold(n) == folded)
    words = " ".join((text or "").split())
    return words[:1].upper() + words[1:].lower()
