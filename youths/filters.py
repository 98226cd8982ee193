"""The caseload's filters: who follows the file, where, its status, age band, ZUS/QPV, diploma, last contact, name.

Every choice offered is limited to the staff member's mission locale. Without a referent or a status in the
query string, the caseload shows the staff member's own open files (en suivi or en veille).

Later apps add their own filters (mobility: no driving licence…) with `register_caseload_filter()` from their
`AppConfig.ready()`; the page renders every field of the form, so they appear without touching the template.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import timezone

from missions.models import Site, StaffMember

from .enums import DiplomaLevel, YouthStatus
from .models import Youth, birth_date_bounds

REFERENT_ALL = "all"
REFERENT_NONE = "none"
STATUS_OPEN = "open"
STATUS_ALL = "all"
OPEN_STATUSES = [YouthStatus.ACTIVE, YouthStatus.DORMANT]
AGE_BANDS = {"16-17": (16, 17), "18-21": (18, 21), "22-25": (22, 25)}
MAX_DAYS_WITHOUT_CONTACT = 3650


@dataclass(frozen=True)
class CaseloadFilter:
    name: str
    build: Callable  # build(staff) -> django_filters.Filter, its choices limited to staff.mission_locale
    order: int = 100


_extra_filters: dict[str, CaseloadFilter] = {}


def register_caseload_filter(name: str, build: Callable, order: int = 100):
    """Add a field to the caseload's filter form (or replace the one registered under the same name)."""
    _extra_filters[name] = CaseloadFilter(name=name, build=build, order=order)


def upper_first(text):
    return f"{text[:1].upper()}{text[1:]}"


def french_choices(choices):
    return [(value, upper_first(str(label))) for value, label in choices]


def staff_member_label(member):
    return member.user.get_full_name() or member.user.get_username()


class DaysFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def select(**attrs):
    return forms.Select(attrs={"class": "form-select", **attrs})


class CaseloadFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Nom ou prénom",
        method="filter_name",
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search", "autocomplete": "off"}),
        help_text="Accents, majuscules, tirets et ordre nom-prénom indifférents.",
    )
    referent = django_filters.ChoiceFilter(
        label="Conseiller référent", method="filter_referent", empty_label=None, widget=select()
    )
    site = django_filters.ChoiceFilter(
        label="Lieu de suivi", method="filter_site", empty_label="Tous les lieux", widget=select()
    )
    status = django_filters.ChoiceFilter(
        label="Statut",
        method="filter_status",
        empty_label=None,
        choices=[
            (STATUS_OPEN, "En cours (suivi ou veille)"),
            *french_choices(YouthStatus.choices),
            (STATUS_ALL, "Tous les statuts"),
        ],
        widget=select(),
    )
    age = django_filters.ChoiceFilter(
        label="Âge",
        method="filter_age",
        empty_label="Tous les âges",
        choices=[(key, f"{low} à {high} ans") for key, (low, high) in AGE_BANDS.items()],
        widget=select(),
    )
    zus = django_filters.ChoiceFilter(
        label="Réside en ZUS/QPV",
        method="filter_zus",
        empty_label="Tous",
        choices=[("oui", "Oui"), ("non", "Non")],
        widget=select(),
    )
    diploma = django_filters.ChoiceFilter(
        label="Niveau de diplôme",
        field_name="diploma_level",
        empty_label="Tous les niveaux",
        choices=french_choices(DiplomaLevel.choices),
        widget=select(),
    )
    no_contact_days = DaysFilter(
        label="Sans contact depuis plus de (jours)",
        method="filter_no_contact_days",
        min_value=0,
        max_value=MAX_DAYS_WITHOUT_CONTACT,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": MAX_DAYS_WITHOUT_CONTACT}),
    )

    class Meta:
        model = Youth
        fields = []

    def __init__(self, data=None, queryset=None, *, staff, request=None, prefix=None):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("referent"):
            data["referent"] = str(staff.pk)
        if not data.get("status"):
            data["status"] = STATUS_OPEN
        if queryset is None:  # never the whole region: the staff member's mission locale at most
            queryset = Youth.objects.filter(mission_locale_id=staff.mission_locale_id)
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.staff = staff
        self.today = timezone.localdate()

        members = sorted(
            StaffMember.objects.filter(mission_locale_id=staff.mission_locale_id).select_related("user"),
            key=lambda member: (member.user.last_name.lower(), member.user.first_name.lower(), member.pk),
        )
        me = next((member for member in members if member.pk == staff.pk), staff)
        colleagues = [(str(member.pk), staff_member_label(member)) for member in members if member.pk != staff.pk]
        self.filters["referent"].extra["choices"] = [
            (str(staff.pk), f"Moi ({staff_member_label(me)})"),
            (REFERENT_ALL, "Tous les conseillers"),
            (REFERENT_NONE, "Sans conseiller référent"),
            *([("Autres conseillers de la mission locale", colleagues)] if colleagues else []),
        ]
        self.filters["site"].extra["choices"] = [
            (str(site.pk), site.name if site.is_active else f"{site.name} (fermé)")
            for site in Site.objects.filter(mission_locale_id=staff.mission_locale_id).order_by("-is_active", "name")
        ]
        for extra in sorted(_extra_filters.values(), key=lambda f: (f.order, f.name)):
            filter_ = extra.build(staff)
            filter_.model = Youth
            filter_.parent = self
            self.filters[extra.name] = filter_

    @property
    def is_mine(self):
        """True when the list shows the staff member's own files (the default)."""
        return self.form.is_valid() and self.form.cleaned_data.get("referent") == str(self.staff.pk)

    def filter_name(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_referent(self, queryset, name, value):
        if value == REFERENT_ALL:
            return queryset
        if value == REFERENT_NONE:
            return queryset.filter(referent__isnull=True)
        return queryset.filter(referent_id=int(value))

    def filter_site(self, queryset, name, value):
        return queryset.filter(site_id=int(value))

    def filter_status(self, queryset, name, value):
        if value == STATUS_ALL:
            return queryset
        if value == STATUS_OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_age(self, queryset, name, value):
        earliest, latest = birth_date_bounds(*AGE_BANDS[value], self.today)
        return queryset.filter(birth_date__range=(earliest, latest))

    def filter_zus(self, queryset, name, value):
        return queryset.filter(lives_in_priority_area=value == "oui")

    def filter_no_contact_days(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.without_contact_since(self.today - datetime.timedelta(days=value))
