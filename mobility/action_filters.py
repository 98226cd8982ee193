import datetime

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import timezone

from config.access import staff_member_of

from .actions import ActionSession, CollectiveAction
from .enums import ActionKind
from .filters import sites_of

UPCOMING, PAST, ALL = "a-venir", "passees", "toutes"
OURS = "les-notres"
PERIODS = [(UPCOMING, "à venir"), (PAST, "passées"), (ALL, "toutes")]


def month_bounds(first_day: datetime.date):
    """The first instant of the month and of the next one, in the local time zone."""
    following = (first_day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return tuple(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time.min)) for day in (first_day, following)
    )


class MonthField(forms.DateField):
    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": "Saisissez un mois sous la forme AAAA-MM, par exemple 2011-03."}


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class ActionSessionFilterSet(django_filters.FilterSet):
    """Filters of /actions-collectives/: the period decides the order (the next sessions first, or the latest)."""

    period = django_filters.ChoiceFilter(
        label="Période",
        choices=PERIODS,
        method="filter_period",
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = django_filters.ChoiceFilter(
        label="Type d'action",
        field_name="action__kind",
        choices=ActionKind.choices,
        empty_label="Tous les types",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    site = django_filters.ModelChoiceFilter(
        label="Lieu",
        queryset=sites_of,
        empty_label="Tous les lieux",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    scope = django_filters.ChoiceFilter(
        label="Actions",
        choices=[(OURS, "celles où ma mission locale inscrit des jeunes")],
        empty_label="toutes, avec les événements inter-missions locales de la région",
        method="filter_scope",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    month = MonthFilter(
        label="Mois",
        method="filter_month",
        widget=forms.DateInput(attrs={"type": "month", "class": "form-control"}, format="%Y-%m"),
    )

    class Meta:
        model = ActionSession
        fields = ["period", "kind", "site", "scope", "month"]

    def __init__(self, data=None, *args, **kwargs):
        # Bound even without a query string: the page opens on the sessions to come.
        if data is None or not data.get("period"):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["period"] = UPCOMING
        super().__init__(data, *args, **kwargs)

    def filter_period(self, queryset, name, value):
        now = timezone.now()
        if value == UPCOMING:
            return queryset.upcoming(now).order_by("starts_at", "id")
        if value == PAST:
            return queryset.past(now).order_by("-starts_at", "-id")
        return queryset.order_by("-starts_at", "-id")

    def filter_scope(self, queryset, name, value):
        staff = staff_member_of(self.request.user)
        return queryset.filter(action__in=CollectiveAction.objects.organised_with(staff.mission_locale_id))

    def filter_month(self, queryset, name, value):
        start, end = month_bounds(value.replace(day=1))
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)
