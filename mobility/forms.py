import uuid

from django import forms
from django.db.models import Q
from django.utils import timezone

from missions.models import Partner
from youths.forms import DateInput

from .enums import PaymentMethod, SchemeUnit
from .models import AidScheme, JobRefusal, MobilityAssessment
from .units import to_display_number, to_stored


def style_fields(form):
    """Bootstrap classes on every widget, so that templates render each field with includes/field.html."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


def amount_field(label, help_text=""):
    return forms.DecimalField(
        label=label,
        min_value=0,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def not_in_future(day, what):
    if day and day > timezone.localdate():
        raise forms.ValidationError(f"La date {what} ne peut être dans le futur.")
    return day


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = MobilityAssessment
        fields = [
            "date",
            "licence_status",
            "vehicle",
            "public_transport_use",
            "has_transport_pass",
            "accepted_distance_km",
            "accepted_travel_minutes",
            "mobility_constraints",
            "constraints_details",
        ]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "accepted_distance_km"
        ].help_text = "Distance maximale, aller, que le jeune accepte pour un emploi."
        style_fields(self)

    @classmethod
    def prefilled_from(cls, latest):
        """A blank form carrying the latest assessment's answers: only what changed needs typing."""
        initial = {"date": timezone.localdate()}
        if latest is not None:
            initial.update({name: getattr(latest, name) for name in cls.Meta.fields if name != "date"})
        return cls(initial=initial)

    def clean_date(self):
        return not_in_future(self.cleaned_data["date"], "du bilan")


class JobRefusalForm(forms.ModelForm):
    class Meta:
        model = JobRefusal
        fields = ["date", "kind", "label", "reason", "distance_km"]
        widgets = {"date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget = forms.RadioSelect(choices=self.fields["kind"].choices)
        self.fields["reason"].widget = forms.RadioSelect(choices=self.fields["reason"].choices)
        style_fields(self)

    def clean_date(self):
        return not_in_future(self.cleaned_data["date"], "du refus")


class AidRequestForm(forms.Form):
    """A counsellor's request. The hidden key makes a double submit give back the same request."""

    scheme = forms.ModelChoiceField(label="Dispositif", queryset=AidScheme.objects.none(), empty_label="Choisir…")
    amount = amount_field(
        "Montant ou quantité demandé",
        "En euros pour une aide financière ; en nombre de places ou de titres de transport sinon.",
    )
    partner = forms.ModelChoiceField(
        label="Partenaire",
        queryset=Partner.objects.none(),
        required=False,
        empty_label="Aucun (versement au jeune)",
        help_text="L'auto-école, le transporteur ou l'organisme à qui l'aide est versée, le cas échéant.",
    )
    justification = forms.CharField(
        label="Motivation de la demande",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="À quoi servira l'aide, pour quel projet. Visible de la direction qui décide.",
    )
    receives_rsa = forms.BooleanField(
        label="Le jeune perçoit le RSA",
        required=False,
        help_text="À déclarer pour les dispositifs qui excluent les bénéficiaires du RSA (FAJ du Pas-de-Calais).",
    )
    override_reason = forms.CharField(
        label="Dérogation : motif pour passer outre l'inéligibilité",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Réservé à la direction. Laisser vide si le jeune est éligible.",
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, staff, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = AidScheme.objects.open_on(day).order_by("name")
        self.fields["partner"].queryset = (
            Partner.objects.filter(is_active=True)
            .filter(Q(mission_locale_id=staff.mission_locale_id) | Q(mission_locale__isnull=True))
            .select_related("commune")
            .order_by("name")
        )
        if not staff.is_manager:
            del self.fields["override_reason"]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
        style_fields(self)

    @classmethod
    def initial_for(cls, scheme):
        if scheme is None:
            return {}
        return {"scheme": scheme, "amount": to_display_number(scheme.default_amount, scheme.unit)}

    def clean(self):
        cleaned = super().clean()
        scheme, amount = cleaned.get("scheme"), cleaned.get("amount")
        if scheme is None or amount is None:
            return cleaned
        try:
            stored = to_stored(amount, scheme.unit)
        except ValueError as error:
            self.add_error("amount", str(error))
            return cleaned
        if stored <= 0:
            self.add_error("amount", "Le montant demandé doit être positif.")
        elif stored > scheme.max_amount:
            self.add_error("amount", f"Au plus {scheme.format(scheme.max_amount)} par demande pour ce dispositif.")
        cleaned["amount_stored"] = stored
        return cleaned


class GrantForm(forms.Form):
    amount = amount_field("Montant ou quantité accordé", "Au plus le montant demandé ; moins si besoin.")
    comment = forms.CharField(
        label="Commentaire de la décision", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, aid_request, **kwargs):
        self.aid_request = aid_request
        kwargs.setdefault("initial", {"amount": to_display_number(aid_request.amount, aid_request.scheme.unit)})
        super().__init__(*args, **kwargs)
        if aid_request.scheme.unit != SchemeUnit.EUROS:
            self.fields["amount"].label = f"Quantité accordée ({aid_request.scheme.get_unit_display()})"
        style_fields(self)

    def clean_amount(self):
        try:
            return to_stored(self.cleaned_data["amount"], self.aid_request.scheme.unit)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, label="Motif", help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text
        style_fields(self)


class PayForm(forms.Form):
    paid_on = forms.DateField(label="Date du versement", widget=DateInput())
    method = forms.ChoiceField(label="Mode de versement", choices=[("", "Choisir…"), *PaymentMethod.choices])

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"paid_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean_paid_on(self):
        return not_in_future(self.cleaned_data["paid_on"], "du versement")
