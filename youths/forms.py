import datetime

from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from missions.forms import CommuneField
from missions.models import MissionLocale, Site, StaffMember

from .enums import ContactKind, Theme
from .models import Contact, Situation, Youth


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})}, format="%Y-%m-%d")


def _style(form):
    """Bootstrap classes on every widget, so templates render fields with one partial."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
            if isinstance(field, forms.ModelChoiceField):
                continue
            choices = list(getattr(field, "choices", []))
            if choices and choices[0][0] == "" and choices[0][1] == "---------":
                field.choices = [("", "Choisir…"), *choices[1:]]
        else:
            widget.attrs.setdefault("class", "form-control")


def _sites_of(staff: StaffMember):
    return Site.objects.filter(mission_locale_id=staff.mission_locale_id, is_active=True).order_by("kind", "name")


def offer_sites(field: forms.ModelChoiceField, staff: StaffMember, *, evaluate: bool):
    """Limit a site field to the mission locale's active sites. With `evaluate` (a form about to be shown), the
    options and the counsellor's own first site (the siège first; returned, or None), which prefills the field,
    come from a single query."""
    field.queryset = _sites_of(staff)
    field.empty_label = "—"
    if not evaluate:
        return None
    own = StaffMember.sites.through.objects.filter(staffmember_id=staff.pk, site_id=OuterRef("pk"))
    sites = list(_sites_of(staff).annotate(is_own=Exists(own)))
    field.choices = [("", field.empty_label), *((site.pk, field.label_from_instance(site)) for site in sites)]
    return next((site for site in sites if site.is_own), None)


class YouthIdentityForm(forms.ModelForm):
    residence_commune = CommuneField(label="Commune de résidence")

    class Meta:
        model = Youth
        fields = [
            "last_name",
            "first_name",
            "birth_date",
            "sex",
            "residence_commune",
            "lives_in_priority_area",
            "address",
            "phone",
            "email",
            "diploma_level",
            "housing",
            "legal_representative_name",
            "legal_representative_phone",
            "site",
        ]
        widgets = {
            "birth_date": DateInput(),
            "sex": forms.RadioSelect,
            "last_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        labels = {
            "lives_in_priority_area": "Réside dans un quartier prioritaire (ZUS/QPV)",
            "site": "Lieu de suivi",
        }
        help_texts = {
            "legal_representative_name": "Obligatoire pour un mineur.",
            "legal_representative_phone": "Obligatoire pour un mineur.",
        }

    def __init__(self, *args, staff: StaffMember, **kwargs):
        super().__init__(*args, **kwargs)
        own_site = offer_sites(self.fields["site"], staff, evaluate=not self.is_bound)
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("site", own_site)
        self.fields["sex"].choices = self.fields["sex"].choices[1:]  # no empty radio
        _style(self)

    def clean_last_name(self):
        return " ".join(self.cleaned_data["last_name"].split())

    def clean_first_name(self):
        return " ".join(self.cleaned_data["first_name"].split())


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["date", "kind", "themes", "duration_minutes", "site", "notes"]
        widgets = {
            "date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 600, "step": 5}),
        }
        labels = {"date": "Date du contact", "duration_minutes": "Durée (minutes)"}
        help_texts = {"notes": "Confidentielles : elles ne sortent jamais du dossier (ni export, ni statistique)."}

    def __init__(self, *args, staff: StaffMember, **kwargs):
        super().__init__(*args, **kwargs)
        own_site = offer_sites(self.fields["site"], staff, evaluate=not self.is_bound)
        self.fields["themes"] = forms.MultipleChoiceField(
            label="Thèmes abordés", choices=Theme.choices, widget=forms.CheckboxSelectMultiple, required=True
        )
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("date", timezone.localdate())
            self.initial.setdefault("kind", ContactKind.INTERVIEW)
            self.initial.setdefault("duration_minutes", 45)
            self.initial.setdefault("site", own_site)
        _style(self)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError("La date d'un contact ne peut pas être dans le futur.")
        return date


class DuplicateConfirmationForm(forms.Form):
    confirm_not_duplicate = forms.BooleanField(
        label="J'ai vérifié : il s'agit d'une autre personne, je crée un nouveau dossier.", required=False
    )


class SituationForm(forms.ModelForm):
    class Meta:
        model = Situation
        fields = ["kind", "start_date", "end_date", "label"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("start_date", timezone.localdate())
        _style(self)

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start > timezone.localdate() + datetime.timedelta(days=365):
            raise forms.ValidationError("Le début d'une situation ne peut dépasser un an à venir.")
        return start


class ReferentForm(forms.Form):
    referent = forms.ModelChoiceField(label="Nouveau référent", queryset=StaffMember.objects.none())

    def __init__(self, *args, staff: StaffMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = (
            StaffMember.objects.filter(mission_locale_id=staff.mission_locale_id)
            .select_related("user", "mission_locale")
            .order_by("user__last_name", "user__first_name")
        )
        self.fields["referent"].label_from_instance = lambda member: (
            f"{member.user.get_full_name() or member.user.get_username()} ({member.get_role_display()})"
        )
        _style(self)


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(label="Mission locale d'arrivée", queryset=MissionLocale.objects.none())
    reason = forms.CharField(label="Motif", max_length=255, required=False, help_text="Par exemple : déménagement.")

    def __init__(self, *args, staff: StaffMember, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = MissionLocale.objects.exclude(pk=staff.mission_locale_id).order_by("name")
        _style(self)
