from django import forms

from missions.models import MissionLocale, Site
from youths.forms import DateInput

from .actions import ActionSession, CollectiveAction, EuropeanMobility
from .enums import ACTION_DEFAULT_THEMES, ActionKind, Attendance
from .forms import style_fields


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%dT%H:%M")


class CollectiveActionForm(forms.ModelForm):
    class Meta:
        model = CollectiveAction
        fields = ["kind", "title", "description", "themes", "funder", "other_mission_locales"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "other_mission_locales": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_mission_locales"].queryset = (
            MissionLocale.objects.filter(is_active=True).exclude(pk=staff.mission_locale_id).order_by("name")
        )
        style_fields(self)

    @classmethod
    def initial_for(cls, kind):
        """A new action of the kind picked from the list page, with the themes such an action usually has."""
        if kind not in ActionKind.values:
            return {}
        return {"kind": kind, "themes": ACTION_DEFAULT_THEMES.get(ActionKind(kind), [])}


class EuropeanMobilityForm(forms.ModelForm):
    class Meta:
        model = EuropeanMobility
        fields = [
            "destination_country",
            "destination_city",
            "programme",
            "departure_date",
            "return_date",
            "outcome",
            "outcome_details",
        ]
        widgets = {
            "departure_date": DateInput(),
            "return_date": DateInput(),
            "outcome_details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self):
        cleaned = super().clean()
        departure, back = cleaned.get("departure_date"), cleaned.get("return_date")
        if departure and back and back < departure:
            self.add_error("return_date", "Le retour ne peut précéder le départ.")
        return cleaned


class ActionSessionForm(forms.ModelForm):
    class Meta:
        model = ActionSession
        fields = ["starts_at", "ends_at", "site", "address", "facilitator", "capacity", "registration_deadline"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_deadline": DateInput(),
        }

    def __init__(self, *args, action, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.action = action
        self.fields["site"].queryset = (
            Site.objects.filter(mission_locale_id__in=organisers, is_active=True)
            .select_related("mission_locale")
            .order_by("mission_locale__name", "kind", "name")
        )
        self.fields["site"].empty_label = "Autre adresse (ci-dessous)"
        if len(organisers) > 1:
            self.fields["site"].label_from_instance = lambda site: f"{site.name} ({site.mission_locale.name})"
        self.fields["capacity"].widget.attrs["min"] = 1
        style_fields(self)

    def clean(self):
        cleaned = super().clean()
        site, address = cleaned.get("site"), (cleaned.get("address") or "").strip()
        if site is not None and address:
            self.add_error(
                "address", "Un lieu d'accueil est déjà choisi : videz l'adresse, ou choisissez « Autre adresse »."
            )
        elif site is None and not address and "site" not in self.errors:
            self.add_error("site", "Choisissez un lieu d'accueil, ou indiquez une autre adresse.")
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "La fin de la session doit suivre son début.")
        capacity = cleaned.get("capacity")
        if capacity is not None and capacity < 1:
            self.add_error("capacity", "Une session compte au moins une place.")
        return cleaned


class AttendanceSheetForm(forms.Form):
    """One radio group per young person registered, prefilled with what was noted, else "present"."""

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for registration in registrations:
            self.fields[self.field_name(registration)] = forms.ChoiceField(
                label=str(registration.youth),
                choices=Attendance.choices,
                initial=registration.attendance or Attendance.PRESENT,
                widget=forms.RadioSelect,
                error_messages={"required": "Choisissez présent, absent ou excusé."},
            )

    @staticmethod
    def field_name(registration):
        return f"presence-{registration.pk}"

    def rows(self):
        return [(registration, self[self.field_name(registration)]) for registration in self.registrations]

    def marks(self):
        return {
            registration.pk: self.cleaned_data[self.field_name(registration)] for registration in self.registrations
        }


class CancelRegistrationForm(forms.Form):
    reason = forms.CharField(
        label="Motif de l'annulation",
        max_length=255,
        required=False,
        help_text="Facultatif : a trouvé un emploi, rendez-vous médical…",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
