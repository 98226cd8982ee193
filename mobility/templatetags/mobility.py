"""Amounts in their unit, and an accessible bar for an envelope."""

from django import template

from mobility.units import format_amount

register = template.Library()


@register.filter
def amount(value, unit):
    """`{{ envelope.amount_total|amount:envelope.unit }}` → "12 500,00 €", "40 places"."""
    return format_amount(value, unit)


@register.filter
def percent_of(part, whole):
    if not whole:
        return 0
    return min(100, max(0, round(100 * part / whole)))


@register.inclusion_tag("mobility/includes/envelope_bar.html")
def envelope_bar(total, granted, paid, unit, label):
    """Granted and paid as two native progress bars (no inline style: the CSP forbids it), with their text."""
    return {
        "label": label,
        "total_value": max(total, 1),
        "granted_value": granted,
        "paid_value": paid,
        "paid_percent": percent_of(paid, total),
        "granted_percent": percent_of(granted, total),
        "granted": format_amount(granted, unit),
        "paid": format_amount(paid, unit),
        "total": format_amount(total, unit),
        "remaining": format_amount(total - granted, unit),
    }
