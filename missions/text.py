"""Text helpers shared by every app: names compared the way a counsellor reads them."""

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(value: str) -> str:
    """Lower-case, accents and ligatures removed, every run of punctuation or space made one space.

    "Marcq-en-Barœul" and "MARCQ EN BAROEUL" both give "marcq en baroeul".
    """
    value = value.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    decomposed = unicodedata.normalize("NFKD", value)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALNUM.sub(" ", ascii_only.lower()).strip()
