"""Small components used across the apps' templates."""

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def widget(field, **attrs):
    """A form field's widget, tied to its help text and its errors for screen readers."""
    described_by = []
    if field.errors:
        described_by.append(f"{field.auto_id}-erreurs")
        attrs["aria-invalid"] = "true"
        css = field.field.widget.attrs.get("class", "")
        if "is-invalid" not in css:
            attrs["class"] = f"{css} is-invalid".strip()
    if field.help_text:
        described_by.append(f"{field.auto_id}-aide")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def days_since(day):
    """'aujourd'hui', 'hier', 'il y a 12 jours'."""
    if not day:
        return ""
    days = (timezone.localdate() - day).days
    if days <= 0:
        return "aujourd'hui"
    if days == 1:
        return "hier"
    return f"il y a {days} jours"
