from django import forms
from django.contrib import admin

from config.fields import ChoiceListField
from youths.admin import SuperuserOnlyAdmin

from .actions import ActionSession, CollectiveAction, EuropeanMobility, Registration
from .models import AidRequest, AidRequestEvent, AidScheme, Envelope, JobRefusal, MobilityAssessment
from .units import format_amount, to_display_number, to_stored


class AmountsInUnitsForm(forms.ModelForm):
    """Amounts are typed in euros (or a count) and stored in cents (or the count), whatever the unit chosen.

    Subclasses list `amount_fields` {model field: required}; `unit_of(cleaned_data)` gives the unit.
    """

    amount_fields: dict[str, bool] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unit = self.unit_of_instance()
        for name, required in self.amount_fields.items():
            model_field = self._meta.model._meta.get_field(name)
            self.fields[name] = forms.DecimalField(
                label=model_field.verbose_name.capitalize(),
                required=required,
                min_value=0,
                decimal_places=2,
                localize=True,
                help_text="En euros pour une unité en euros (deux décimales au plus), sinon un nombre entier.",
            )
            if self.instance.pk and unit:
                self.initial[name] = to_display_number(getattr(self.instance, name), unit)

    def unit_of_instance(self):
        return self.instance.unit if self.instance.pk else None

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit") or self.unit_of_instance()
        if not unit:
            for name in self.amount_fields:
                cleaned.pop(name, None)
            return cleaned
        for name in self.amount_fields:
            value = cleaned.get(name)
            if value is None:
                continue
            try:
                cleaned[name] = to_stored(value, unit)
            except ValueError as error:
                self.add_error(name, str(error))
        return cleaned

    def _post_clean(self):
        for name in self.amount_fields:
            if name in self.cleaned_data and name not in self._errors:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()


class AidSchemeAdminForm(AmountsInUnitsForm):
    amount_fields = {"default_amount": True, "max_amount": True, "max_per_youth": False, "max_per_12_months": False}

    class Meta:
        model = AidScheme
        fields = [
            "name",
            "code",
            "funder",
            "description",
            "is_active",
            "unit",
            "default_amount",
            "max_amount",
            "max_per_youth",
            "max_per_12_months",
            "valid_from",
            "valid_until",
            "min_age",
            "max_age",
            "younger_from_age",
            "younger_situations",
            "departements",
            "communes",
            "required_situations",
            "excluded_situations",
            "requires_no_licence",
            "excludes_rsa",
            "not_combinable_with",
        ]


class EnvelopeAdminForm(AmountsInUnitsForm):
    amount_fields = {"amount_total": True}

    class Meta:
        model = Envelope
        fields = ["scheme", "mission_locale", "year", "unit", "amount_total"]

    def clean(self):
        cleaned = super().clean()
        total = cleaned.get("amount_total")
        if isinstance(total, int) and self.instance.pk and total < self.instance.amount_granted:
            self.add_error(
                "amount_total",
                "Le total ne peut descendre sous ce qui est déjà accordé : "
                f"{format_amount(self.instance.amount_granted, self.instance.unit)}.",
            )
        return cleaned


@admin.register(AidScheme)
class AidSchemeAdmin(admin.ModelAdmin):
    form = AidSchemeAdminForm
    formfield_overrides = {ChoiceListField: {"widget": forms.CheckboxSelectMultiple}}
    list_display = ["name", "code", "funder", "unit", "valid_from", "valid_until", "is_active"]
    list_filter = ["is_active", "unit", "funder", "requires_no_licence", "excludes_rsa"]
    search_fields = ["name", "code", "funder"]
    autocomplete_fields = ["communes"]
    filter_horizontal = ["not_combinable_with"]
    prepopulated_fields = {"code": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "code", "funder", "description", "is_active"]}),
        ("Montants", {"fields": ["unit", "default_amount", "max_amount", "max_per_youth", "max_per_12_months"]}),
        ("Validité", {"fields": ["valid_from", "valid_until"]}),
        (
            "Règles d'éligibilité",
            {
                "fields": [
                    ("min_age", "max_age"),
                    "younger_from_age",
                    "younger_situations",
                    "departements",
                    "communes",
                    "required_situations",
                    "excluded_situations",
                    "requires_no_licence",
                    "excludes_rsa",
                    "not_combinable_with",
                ]
            },
        ),
    ]


@admin.register(Envelope)
class EnvelopeAdmin(admin.ModelAdmin):
    form = EnvelopeAdminForm
    list_display = ["scheme", "owner", "year", "total_display", "granted_display", "paid_display", "remaining_display"]
    list_filter = ["year", "scheme", "mission_locale__departement", ("mission_locale", admin.EmptyFieldListFilter)]
    list_select_related = ["scheme", "mission_locale"]
    search_fields = ["scheme__name", "scheme__code", "mission_locale__name", "mission_locale__code"]
    autocomplete_fields = ["scheme", "mission_locale"]
    readonly_fields = ["granted_display", "paid_display", "remaining_display"]
    fields = ["scheme", "mission_locale", "year", "unit", "amount_total"] + readonly_fields

    @admin.display(description="mission locale", ordering="mission_locale__name")
    def owner(self, obj):
        return obj.mission_locale or "Région"

    @admin.display(description="total", ordering="amount_total")
    def total_display(self, obj):
        return format_amount(obj.amount_total, obj.unit)

    @admin.display(description="accordé", ordering="amount_granted")
    def granted_display(self, obj):
        return format_amount(obj.amount_granted, obj.unit) if obj.pk else "—"

    @admin.display(description="versé", ordering="amount_paid")
    def paid_display(self, obj):
        return format_amount(obj.amount_paid, obj.unit) if obj.pk else "—"

    @admin.display(description="reste à accorder")
    def remaining_display(self, obj):
        return format_amount(obj.remaining, obj.unit) if obj.pk else "—"

    def get_readonly_fields(self, request, obj=None):
        # The unit of an envelope that has granted aids cannot change: its amounts would change meaning.
        if obj is not None and obj.amount_granted:
            return [*self.readonly_fields, "scheme", "unit"]
        return self.readonly_fields


class AidRequestEventInline(admin.TabularInline):
    model = AidRequestEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "from_status", "to_status", "amount", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AidRequest)
class AidRequestAdmin(admin.ModelAdmin):
    """Read-mostly: requests move only through the workflow of the application, which keeps the envelopes right."""

    list_display = ["requested_on", "youth", "scheme", "amount_display", "status", "mission_locale"]
    list_filter = ["status", "scheme", "mission_locale__departement", "mission_locale"]
    list_select_related = ["youth", "scheme", "mission_locale"]
    search_fields = ["public_id", "youth__last_name", "youth__first_name", "scheme__name", "mission_locale__name"]
    date_hierarchy = "requested_on"
    inlines = [AidRequestEventInline]
    readonly_fields = [
        "public_id",
        "youth",
        "mission_locale",
        "scheme",
        "envelope",
        "amount_display",
        "amount_granted_display",
        "partner",
        "receives_rsa",
        "status",
        "requested_on",
        "requested_by",
        "override_reason",
        "overridden_by",
        "decided_by",
        "decided_at",
        "decision_reason",
        "paid_on",
        "payment_method",
        "created_at",
    ]
    fields = [
        "public_id",
        "youth",
        "mission_locale",
        "scheme",
        "envelope",
        "amount_display",
        "amount_granted_display",
        "partner",
        "justification",
        "receives_rsa",
        "status",
        "requested_on",
        "requested_by",
        "override_reason",
        "overridden_by",
        "decided_by",
        "decided_at",
        "decision_reason",
        "paid_on",
        "payment_method",
        "created_at",
    ]

    @admin.display(description="montant demandé")
    def amount_display(self, obj):
        return obj.amount_display

    @admin.display(description="montant accordé")
    def amount_granted_display(self, obj):
        return obj.amount_granted_display

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MobilityAssessment)
class MobilityAssessmentAdmin(admin.ModelAdmin):
    formfield_overrides = {ChoiceListField: {"widget": forms.CheckboxSelectMultiple}}
    list_display = ["date", "youth", "licence_status", "vehicle", "public_transport_use", "recorded_by"]
    list_filter = ["licence_status", "vehicle", "public_transport_use", "has_transport_pass"]
    list_select_related = ["youth", "recorded_by__user"]
    search_fields = ["youth__last_name", "youth__first_name"]
    autocomplete_fields = ["recorded_by"]
    raw_id_fields = ["youth"]
    date_hierarchy = "date"


@admin.register(JobRefusal)
class JobRefusalAdmin(admin.ModelAdmin):
    list_display = ["date", "youth", "label", "kind", "reason", "distance_km"]
    list_filter = ["reason", "kind"]
    list_select_related = ["youth"]
    search_fields = ["youth__last_name", "youth__first_name", "label"]
    autocomplete_fields = ["recorded_by"]
    raw_id_fields = ["youth"]
    date_hierarchy = "date"


@admin.register(AidRequestEvent)
class AidRequestEventAdmin(admin.ModelAdmin):
    """The history of the requests, read-only: written by the workflow only."""

    list_display = ["at", "aid_request", "actor", "from_status", "to_status", "amount"]
    list_filter = ["to_status", "aid_request__scheme"]
    list_select_related = ["aid_request__scheme", "actor__user"]
    search_fields = ["aid_request__public_id", "aid_request__youth__last_name", "comment"]
    date_hierarchy = "at"
    readonly_fields = ["aid_request", "at", "actor", "from_status", "to_status", "amount", "comment"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ActionSessionInline(admin.TabularInline):
    model = ActionSession
    extra = 0
    fields = ["starts_at", "ends_at", "site", "address", "facilitator", "capacity", "registration_deadline"]
    autocomplete_fields = ["site"]
    show_change_link = True


class EuropeanMobilityInline(admin.StackedInline):
    model = EuropeanMobility
    extra = 0
    max_num = 1


@admin.register(CollectiveAction)
class CollectiveActionAdmin(admin.ModelAdmin):
    """Missions locales run their actions in the application; the admin is for corrections."""

    formfield_overrides = {ChoiceListField: {"widget": forms.CheckboxSelectMultiple}}
    list_display = ["title", "kind", "mission_locale", "funder", "created_at"]
    list_filter = ["kind", "mission_locale__departement", "mission_locale"]
    list_select_related = ["mission_locale"]
    search_fields = ["title", "public_id", "funder", "mission_locale__name", "mission_locale__code"]
    autocomplete_fields = ["mission_locale", "other_mission_locales", "created_by"]
    readonly_fields = ["public_id", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [EuropeanMobilityInline, ActionSessionInline]


@admin.register(ActionSession)
class ActionSessionAdmin(admin.ModelAdmin):
    list_display = ["action", "starts_at", "ends_at", "site", "capacity", "registration_deadline"]
    list_filter = ["action__kind", "action__mission_locale"]
    list_select_related = ["action", "site"]
    search_fields = ["action__title", "site__name", "address", "facilitator"]
    autocomplete_fields = ["action", "site"]
    date_hierarchy = "starts_at"


@admin.register(Registration)
class RegistrationAdmin(SuperuserOnlyAdmin):
    """Young people's names: for the technical superuser only, like the case files. Read-only: registrations,
    waiting lists and attendance move through the application, which keeps each session's capacity and the
    timeline contacts right."""

    list_display = ["session", "youth", "status", "position", "attendance", "created_at"]
    list_filter = ["status", "attendance", "session__action__kind", "session__action__mission_locale"]
    list_select_related = ["session__action", "youth"]
    search_fields = ["youth__search_name", "youth__public_id", "session__action__title"]
    date_hierarchy = "created_at"
    fields = [
        "session",
        "youth",
        "status",
        "position",
        "registered_by",
        "created_at",
        "promoted_at",
        "cancelled_at",
        "cancelled_by",
        "cancellation_reason",
        "attendance",
        "attendance_recorded_at",
        "attendance_recorded_by",
        "contact",
    ]
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        return False
