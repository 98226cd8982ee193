import re

from django import forms

from .models import Commune
from .text import fold

_LABEL_WITH_CODE = re.compile(r"\((\d[\dAB]\d{3})\)\s*$")


class CommuneField(forms.CharField):
    """A commune typed by name or INSEE code, with suggestions (datalist filled by commune-autocomplete.js).

    Accepts "Boulogne-sur-Mer (62160)" as the suggestions write it, a bare INSEE code, or a name that matches
    exactly one commune ignoring accents, case and hyphens. Otherwise it says what it found.
    """

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", "Tapez le nom ou le code INSEE, puis choisissez dans la liste.")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(
            {"class": "form-control", "list": "communes-suggestions", "autocomplete": "off", "data-commune": "1"}
        )

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return self.label_for(value)
        if isinstance(value, int):
            commune = Commune.objects.filter(pk=value).first()
            return self.label_for(commune) if commune else ""
        return value

    @staticmethod
    def label_for(commune):
        return f"{commune.name} ({commune.insee_code})"

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        value = value.strip()
        match = _LABEL_WITH_CODE.search(value)
        code = match.group(1) if match else (value if re.fullmatch(r"\d[\dAB]\d{3}", value) else None)
        if code:
            commune = Commune.objects.filter(insee_code=code).first()
            if commune is None:
                raise forms.ValidationError(f"Aucune commune du Nord ou du Pas-de-Calais n'a le code {code}.")
            return commune
        matches = list(Commune.objects.filter(search_name=fold(value))[:5])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise forms.ValidationError(
                "Plusieurs communes portent ce nom : "
                + ", ".join(self.label_for(c) for c in matches)
                + ". Choisissez-en une dans la liste."
            )
        raise forms.ValidationError(
            f"Aucune commune du Nord ou du Pas-de-Calais ne s'appelle « {value} ». Choisissez-en une dans la liste."
        )
