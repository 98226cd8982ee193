import django_filters
from django import forms

from .enums import Departement
from .models import MissionLocale


class MissionLocaleFilter(django_filters.FilterSet):
    departement = django_filters.ChoiceFilter(
        label="Département",
        choices=Departement.choices,
        empty_label="Tous les départements",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    name = django_filters.CharFilter(
        label="Nom", lookup_expr="icontains", widget=forms.TextInput(attrs={"class": "form-control"})
    )

    class Meta:
        model = MissionLocale
        fields = ["departement", "name"]
