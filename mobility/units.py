"""Amounts are whole numbers: cents for euros, a count for places and tickets. These helpers convert and print them."""

from decimal import Decimal, InvalidOperation

from .enums import SchemeUnit

NARROW_NBSP = "\u202f"

_UNIT_WORDS = {
    SchemeUnit.PLACES: ("place", "places"),
    SchemeUnit.TICKETS: ("titre", "titres"),
}


def _group(number: int) -> str:
    return f"{number:,}".replace(",", NARROW_NBSP)


def format_amount(value, unit) -> str:
    """`40000, "euros"` → "400,00 €"; `3, "places"` → "3 places"; None → "—"."""
    if value is None:
        return "—"
    value = int(value)
    if unit == SchemeUnit.EUROS:
        sign = "-" if value < 0 else ""
        euros, cents = divmod(abs(value), 100)
        return f"{sign}{_group(euros)},{cents:02d}\u00a0€"
    singular, plural = _UNIT_WORDS.get(unit, ("", ""))
    word = singular if abs(value) <= 1 else plural
    return f"{_group(value)}\u00a0{word}".strip()


def to_stored(value, unit) -> int:
    """A number typed by a person (euros, or a count) → the stored whole number. ValueError in French if invalid."""
    try:
        number = Decimal(str(value).replace(",", ".").replace(" ", "").replace(NARROW_NBSP, "").replace("\u00a0", ""))
    except InvalidOperation as error:
        raise ValueError("Saisissez un nombre.") from error
    if unit == SchemeUnit.EUROS:
        cents = number * 100
        if cents != cents.to_integral_value():
            raise ValueError("Un montant en euros a au plus deux décimales.")
        return int(cents)
    if number != number.to_integral_value():
        raise ValueError(f"Le nombre de {_UNIT_WORDS[unit][1]} est un nombre entier.")
    return int(number)


def to_display_number(value, unit):
    """The stored whole number → the number a person types (euros as a Decimal, or a count)."""
    if value is None:
        return None
    if unit == SchemeUnit.EUROS:
        return (Decimal(value) / 100).quantize(Decimal("0.01"))
    return int(value)


def unit_hint(unit) -> str:
    return {SchemeUnit.EUROS: "en euros", SchemeUnit.PLACES: "en places", SchemeUnit.TICKETS: "en titres"}[unit]
