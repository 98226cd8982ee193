import django_filters
from django import forms
from django.utils.html import format_html_join

from config.access import staff_member_of
from missions.models import Site, StaffMember

from .enums import AidStatus
from .models import AidRequest, AidScheme
from .tables import person


class DateRangeInputs(django_filters.widgets.DateRangeWidget):
    """Two date inputs, each with its visible label ("du", "au"), in place of django-filter's "-" between them."""

    labels = ("du", "au")

    def __init__(self, attrs=None):
        widgets = (
            forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
            forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        )
        forms.MultiWidget.__init__(self, widgets, attrs)

    def render(self, name, value, attrs=None, renderer=None):
        parts = self.get_context(name, value, attrs)["widget"]["subwidgets"]
        return format_html_join(
            "",
            '<label class="mb-0" for="{}">{}</label>{}',
            (
                (part["attrs"]["id"], label, widget.render(part["name"], part["value"], part["attrs"], renderer))
                for label, widget, part in zip(self.labels, self.widgets, parts, strict=True)
            ),
        )


def sites_of(request):
    if request is None:
        return Site.objects.none()
    return Site.objects.filter(mission_locale_id=staff_member_of(request.user).mission_locale_id).order_by(
        "kind", "name"
    )


def staff_of(request):
    if request is None:
        return StaffMember.objects.none()
    return (
        StaffMember.objects.filter(mission_locale_id=staff_member_of(request.user).mission_locale_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return person(obj)


class StaffChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = StaffChoiceField


class AidRequestFilterSet(django_filters.FilterSet):
    """Filters of /aides/; every dropdown is limited to the user's mission locale."""

    status = django_filters.ChoiceFilter(
        label="Statut",
        choices=AidStatus.choices,
        empty_label="Tous les statuts",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    scheme = django_filters.ModelChoiceFilter(
        label="Dispositif",
        queryset=AidScheme.objects.order_by("name"),
        empty_label="Tous les dispositifs",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    site = django_filters.ModelChoiceFilter(
        label="Lieu de suivi",
        field_name="youth__site",
        queryset=sites_of,
        empty_label="Tous les lieux",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    requested_by = StaffChoiceFilter(
        label="Conseiller",
        queryset=staff_of,
        empty_label="Toute l'équipe",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    requested_on = django_filters.DateFromToRangeFilter(label="Période de la demande", widget=DateRangeInputs)

    class Meta:
        model = AidRequest
        fields = ["status", "scheme", "site", "requested_by", "requested_on"]
