import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from config.fields import ChoiceListField
from missions.enums import Departement
from missions.models import Commune, MissionLocale, Partner, StaffMember
from youths.enums import SituationKind
from youths.models import Youth

from .enums import (
    AidStatus,
    LicenceStatus,
    MobilityConstraint,
    PaymentMethod,
    PublicTransportUse,
    RefusalKind,
    RefusalReason,
    SchemeUnit,
    Vehicle,
)
from .units import format_amount


class MobilityAssessment(models.Model):
    """A dated account of how a young person gets around. The latest one is the current profile."""

    # Fields compared from one assessment to the next, with the short label the history shows.
    TRACKED_FIELDS = {
        "licence_status": "permis",
        "vehicle": "véhicule",
        "public_transport_use": "transports en commun",
        "has_transport_pass": "abonnement",
        "accepted_distance_km": "distance acceptée",
        "accepted_travel_minutes": "temps de trajet accepté",
        "mobility_constraints": "contraintes",
    }

    youth = models.ForeignKey(
        Youth, verbose_name="jeune", on_delete=models.CASCADE, related_name="mobility_assessments"
    )
    date = models.DateField("date du bilan")
    licence_status = models.CharField("permis de conduire", max_length=30, choices=LicenceStatus.choices)
    vehicle = models.CharField("moyen de locomotion", max_length=20, choices=Vehicle.choices)
    public_transport_use = models.CharField(
        "utilisation des transports en commun", max_length=20, choices=PublicTransportUse.choices
    )
    has_transport_pass = models.BooleanField("a un abonnement de transport", default=False)
    accepted_distance_km = models.PositiveSmallIntegerField(
        "distance acceptée pour un emploi (km)", null=True, blank=True
    )
    accepted_travel_minutes = models.PositiveSmallIntegerField(
        "temps de trajet accepté (minutes, aller)", null=True, blank=True
    )
    mobility_constraints = ChoiceListField("contraintes", choices_enum=MobilityConstraint)
    constraints_details = models.CharField("précisions sur les contraintes", max_length=255, blank=True)
    recorded_by = models.ForeignKey(StaffMember, verbose_name="saisi par", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    class Meta:
        verbose_name = "bilan de mobilité"
        verbose_name_plural = "bilans de mobilité"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["youth", "-date", "-id"], name="assessment_youth_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(licence_status__in=LicenceStatus.values),
                name="assessment_licence_status_valid",
                violation_error_message="Situation du permis inconnue.",
            ),
            models.CheckConstraint(
                condition=Q(vehicle__in=Vehicle.values),
                name="assessment_vehicle_valid",
                violation_error_message="Moyen de locomotion inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(public_transport_use__in=PublicTransportUse.values),
                name="assessment_public_transport_valid",
                violation_error_message="Usage des transports en commun inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(accepted_distance_km__isnull=True)
                | Q(accepted_distance_km__gt=0, accepted_distance_km__lte=300),
                name="assessment_distance_range",
                violation_error_message="La distance acceptée est comprise entre 1 et 300 km.",
            ),
            models.CheckConstraint(
                condition=Q(accepted_travel_minutes__isnull=True)
                | Q(accepted_travel_minutes__gt=0, accepted_travel_minutes__lte=240),
                name="assessment_travel_time_range",
                violation_error_message="Le temps de trajet accepté est compris entre 1 et 240 minutes.",
            ),
        ]

    def __str__(self):
        return f"Bilan de mobilité du {self.date:%d/%m/%Y}"

    def display(self, name):
        """The value of a tracked field as the case file prints it."""
        value = getattr(self, name)
        if name == "has_transport_pass":
            return "oui" if value else "non"
        if name == "accepted_distance_km":
            return f"{value} km" if value is not None else "non précisée"
        if name == "accepted_travel_minutes":
            return f"{value} min" if value is not None else "non précisé"
        if name == "mobility_constraints":
            return self._meta.get_field(name).display(value) or "aucune"
        return getattr(self, f"get_{name}_display")()

    @property
    def constraints_display(self):
        return self.display("mobility_constraints")

    def changes_since(self, previous):
        """[(label, before, after)] for every tracked field that differs from `previous`."""
        return [
            (label, previous.display(name), self.display(name))
            for name, label in self.TRACKED_FIELDS.items()
            if getattr(previous, name) != getattr(self, name)
        ]


class JobRefusal(models.Model):
    """A job offer or a training turned down, with its main reason."""

    youth = models.ForeignKey(Youth, verbose_name="jeune", on_delete=models.CASCADE, related_name="job_refusals")
    date = models.DateField("date")
    label = models.CharField("offre ou formation", max_length=200, help_text="Intitulé du poste ou de la formation.")
    kind = models.CharField("nature", max_length=20, choices=RefusalKind.choices, default=RefusalKind.OFFER)
    reason = models.CharField("motif principal", max_length=20, choices=RefusalReason.choices)
    distance_km = models.PositiveSmallIntegerField("distance (km)", null=True, blank=True, help_text="Si connue.")
    recorded_by = models.ForeignKey(StaffMember, verbose_name="saisi par", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    class Meta:
        verbose_name = "refus d'offre ou de formation"
        verbose_name_plural = "refus d'offres ou de formations"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["youth", "-date"], name="refusal_youth_date_idx"),
            models.Index(fields=["reason", "date"], name="refusal_reason_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RefusalKind.values),
                name="refusal_kind_valid",
                violation_error_message="Nature du refus inconnue.",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=RefusalReason.values),
                name="refusal_reason_valid",
                violation_error_message="Motif de refus inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(distance_km__isnull=True) | Q(distance_km__gt=0, distance_km__lte=1000),
                name="refusal_distance_range",
                violation_error_message="La distance est comprise entre 1 et 1 000 km.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} refusée le {self.date:%d/%m/%Y} : {self.label}"


class AidSchemeQuerySet(models.QuerySet):
    def open_on(self, day: datetime.date):
        """Schemes that accept requests on `day`: active, and `day` within their validity dates."""
        return self.filter(is_active=True, valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class AidScheme(models.Model):
    """An aid the missions locales can request for a young person, with its eligibility rules kept as data."""

    code = models.SlugField("code", max_length=40, unique=True, help_text="Code stable, par exemple fdaj-nord.")
    name = models.CharField("nom", max_length=150, unique=True)
    funder = models.CharField("financeur", max_length=150)
    description = models.TextField("description", blank=True)
    unit = models.CharField("unité", max_length=10, choices=SchemeUnit.choices)
    default_amount = models.PositiveIntegerField(
        "montant proposé par défaut",
        help_text="En centimes pour un dispositif en euros ; sinon en places ou en titres.",
    )
    max_amount = models.PositiveIntegerField("plafond par demande", help_text="Même unité que le montant par défaut.")
    max_per_youth = models.PositiveIntegerField(
        "plafond par jeune, toutes demandes confondues", null=True, blank=True, help_text="Vide : pas de plafond."
    )
    max_per_12_months = models.PositiveIntegerField(
        "plafond par jeune sur 12 mois glissants", null=True, blank=True, help_text="Vide : pas de plafond."
    )
    valid_from = models.DateField("ouvert à partir du")
    valid_until = models.DateField("fermé après le", null=True, blank=True, help_text="Vide : sans date de fin.")
    min_age = models.PositiveSmallIntegerField(
        "âge minimal", null=True, blank=True, help_text="Le jour de la demande."
    )
    max_age = models.PositiveSmallIntegerField(
        "âge maximal", null=True, blank=True, help_text="Le jour de la demande."
    )
    younger_from_age = models.PositiveSmallIntegerField(
        "âge minimal par dérogation",
        null=True,
        blank=True,
        help_text="Plus jeune que l'âge minimal, le jeune est éligible à partir de cet âge s'il est dans l'une des "
        "situations ouvrant la dérogation.",
    )
    younger_situations = ChoiceListField(
        "situations ouvrant la dérogation d'âge", choices_enum=SituationKind, max_length=120
    )
    departements = ChoiceListField(
        "départements de résidence",
        choices_enum=Departement,
        max_length=20,
        help_text="Vide, avec des communes vides aussi : toute la région.",
    )
    communes = models.ManyToManyField(
        Commune,
        verbose_name="communes de résidence",
        related_name="aid_schemes",
        blank=True,
        help_text="Le jeune réside dans l'un des départements cochés ou dans l'une de ces communes.",
    )
    required_situations = ChoiceListField(
        "situations requises", choices_enum=SituationKind, max_length=120, help_text="Vide : toutes."
    )
    excluded_situations = ChoiceListField("situations exclues", choices_enum=SituationKind, max_length=120)
    requires_no_licence = models.BooleanField("réservé aux jeunes sans permis B", default=False)
    excludes_rsa = models.BooleanField(
        "exclut les bénéficiaires du RSA",
        default=False,
        help_text="Le conseiller déclare à chaque demande si le jeune perçoit le RSA.",
    )
    not_combinable_with = models.ManyToManyField(
        "self",
        verbose_name="non cumulable avec",
        blank=True,
        help_text="Une demande en cours ou accordée sur l'un de ces dispositifs dans les 12 mois précédents "
        "rend le jeune inéligible.",
    )
    is_active = models.BooleanField(
        "actif", default=True, help_text="Décocher suspend le dispositif sans toucher à ses dates."
    )

    objects = AidSchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "dispositif d'aide"
        verbose_name_plural = "dispositifs d'aide"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__in=SchemeUnit.values),
                name="scheme_unit_valid",
                violation_error_message="Unité inconnue.",
            ),
            models.CheckConstraint(
                condition=Q(default_amount__gt=0) & Q(default_amount__lte=F("max_amount")),
                name="scheme_default_within_ceiling",
                violation_error_message="Le montant par défaut est positif et au plus égal au plafond par demande.",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True) | Q(max_age__isnull=True) | Q(min_age__lte=F("max_age")),
                name="scheme_age_range",
                violation_error_message="L'âge minimal ne peut dépasser l'âge maximal.",
            ),
            models.CheckConstraint(
                condition=Q(younger_from_age__isnull=True) | Q(younger_from_age__lt=F("min_age")),
                name="scheme_younger_below_min_age",
                violation_error_message="L'âge minimal par dérogation est inférieur à l'âge minimal.",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="scheme_validity_dates",
                violation_error_message="La date de fermeture ne peut précéder la date d'ouverture.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mobility:scheme_detail", kwargs={"code": self.code})

    def is_open_on(self, day):
        return self.is_active and self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def format(self, value):
        return format_amount(value, self.unit)


class EnvelopeQuerySet(models.QuerySet):
    def for_grant(self, scheme, mission_locale, year):
        """The envelope an aid of this mission locale draws on: its own for the year, else the regional one."""
        candidates = self.filter(scheme=scheme, year=year).filter(
            Q(mission_locale=mission_locale) | Q(mission_locale__isnull=True)
        )
        return candidates.order_by(F("mission_locale").asc(nulls_last=True)).first()

    def with_remaining(self):
        return self.annotate(remaining=F("amount_total") - F("amount_granted"))


class Envelope(models.Model):
    """A scheme's budget for one mission locale (or the region) and one year, in euros (cents) or in places."""

    scheme = models.ForeignKey(
        AidScheme, verbose_name="dispositif", on_delete=models.PROTECT, related_name="envelopes"
    )
    mission_locale = models.ForeignKey(
        MissionLocale,
        verbose_name="mission locale",
        on_delete=models.PROTECT,
        related_name="aid_envelopes",
        null=True,
        blank=True,
        help_text="Vide : enveloppe régionale, ouverte à toutes les missions locales qui n'ont pas la leur.",
    )
    year = models.PositiveSmallIntegerField("année")
    unit = models.CharField(
        "unité",
        max_length=10,
        choices=SchemeUnit.choices,
        help_text="L'unité du dispositif, ou des places : chaque aide accordée compte alors pour une place.",
    )
    amount_total = models.BigIntegerField("total", help_text="En centimes pour une enveloppe en euros.")
    amount_granted = models.BigIntegerField("accordé", default=0, editable=False)
    amount_paid = models.BigIntegerField("versé", default=0, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = EnvelopeQuerySet.as_manager()

    class Meta:
        verbose_name = "enveloppe"
        verbose_name_plural = "enveloppes"
        ordering = ["-year", "scheme__name", F("mission_locale__name").asc(nulls_first=True)]
        indexes = [models.Index(fields=["year", "scheme"], name="envelope_year_scheme_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "mission_locale", "year"],
                name="envelope_unique_scheme_ml_year",
                violation_error_message="Cette mission locale a déjà une enveloppe pour ce dispositif et cette année.",
            ),
            models.UniqueConstraint(
                fields=["scheme", "year"],
                condition=Q(mission_locale__isnull=True),
                name="envelope_unique_regional_scheme_year",
                violation_error_message="Ce dispositif a déjà une enveloppe régionale pour cette année.",
            ),
            models.CheckConstraint(
                condition=Q(amount_total__gte=0) & Q(amount_granted__gte=0) & Q(amount_paid__gte=0),
                name="envelope_amounts_not_negative",
                violation_error_message="Les montants d'une enveloppe ne sont jamais négatifs.",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__lte=F("amount_total")),
                name="envelope_granted_within_total",
                violation_error_message="Le montant accordé ne peut dépasser le total de l'enveloppe.",
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__lte=F("amount_granted")),
                name="envelope_paid_within_granted",
                violation_error_message="Le montant versé ne peut dépasser le montant accordé.",
            ),
            models.CheckConstraint(
                condition=Q(unit__in=SchemeUnit.values),
                name="envelope_unit_valid",
                violation_error_message="Unité inconnue.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="envelope_year_range",
                violation_error_message="L'année est comprise entre 2000 et 2100.",
            ),
        ]

    def __str__(self):
        owner = self.mission_locale.name if self.mission_locale_id else "région"
        return f"{self.scheme.name} — {owner} — {self.year}"

    def clean(self):
        super().clean()
        if self.scheme_id and self.unit and self.unit not in (self.scheme.unit, SchemeUnit.PLACES):
            raise ValidationError(
                {"unit": f"Une enveloppe de ce dispositif se compte en {self.scheme.get_unit_display()} ou en places."}
            )

    @property
    def owner_label(self):
        return self.mission_locale.name if self.mission_locale_id else "Enveloppe régionale"

    @property
    def remaining(self):
        return self.amount_total - self.amount_granted

    @property
    def granted_percent(self):
        return round(100 * self.amount_granted / self.amount_total) if self.amount_total else 0

    @property
    def paid_percent(self):
        return round(100 * self.amount_paid / self.amount_total) if self.amount_total else 0

    def units_for(self, amount: int) -> int:
        """What an aid of `amount` (in the scheme's unit) takes from this envelope: itself, or one place."""
        if self.unit == SchemeUnit.PLACES and self.scheme.unit != SchemeUnit.PLACES:
            return 1
        return amount

    def format(self, value):
        return format_amount(value, self.unit)


class AidRequestQuerySet(models.QuerySet):
    def of_mission_locale(self, staff):
        """Requests a counsellor or manager may see: those of their own mission locale."""
        if staff is None:
            return self.none()
        return self.filter(mission_locale_id=staff.mission_locale_id)


class AidRequest(models.Model):
    """A request for an aid, from the counsellor's request to the payment. Every change leaves an event."""

    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    youth = models.ForeignKey(Youth, verbose_name="jeune", on_delete=models.PROTECT, related_name="aid_requests")
    mission_locale = models.ForeignKey(
        MissionLocale, verbose_name="mission locale", on_delete=models.PROTECT, related_name="aid_requests"
    )
    scheme = models.ForeignKey(AidScheme, verbose_name="dispositif", on_delete=models.PROTECT, related_name="requests")
    envelope = models.ForeignKey(
        Envelope,
        verbose_name="enveloppe",
        on_delete=models.PROTECT,
        related_name="requests",
        null=True,
        blank=True,
        help_text="Fixée à l'accord.",
    )
    amount = models.PositiveIntegerField("montant ou quantité demandé")
    amount_granted = models.PositiveIntegerField("montant ou quantité accordé", null=True, blank=True)
    partner = models.ForeignKey(
        Partner,
        verbose_name="partenaire",
        on_delete=models.PROTECT,
        related_name="aid_requests",
        null=True,
        blank=True,
        help_text="L'auto-école, le transporteur… à qui l'aide est versée, le cas échéant.",
    )
    justification = models.TextField("motivation de la demande")
    receives_rsa = models.BooleanField("perçoit le RSA (déclaré à la demande)", default=False)
    status = models.CharField("statut", max_length=20, choices=AidStatus.choices, default=AidStatus.REQUESTED)
    requested_on = models.DateField("date de la demande")
    requested_by = models.ForeignKey(
        StaffMember, verbose_name="demandée par", on_delete=models.PROTECT, related_name="aid_requests_made"
    )
    override_reason = models.TextField(
        "motif de la dérogation", blank=True, help_text="Écrit par la direction qui passe outre l'inéligibilité."
    )
    overridden_by = models.ForeignKey(
        StaffMember,
        verbose_name="dérogation accordée par",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_by = models.ForeignKey(
        StaffMember, verbose_name="décidée par", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decision_reason = models.TextField("motif de la décision", blank=True)
    paid_on = models.DateField("versée le", null=True, blank=True)
    payment_method = models.CharField("mode de versement", max_length=20, choices=PaymentMethod.choices, blank=True)
    idempotency_key = models.UUIDField("clé d'envoi unique", unique=True, editable=False)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = AidRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'aide"
        verbose_name_plural = "demandes d'aide"
        permissions = [
            ("decide_aidrequest", "décider des demandes d'aide : accorder, ajourner, refuser, verser, annuler"),
            ("override_eligibility", "passer outre l'inéligibilité d'un jeune, avec un motif écrit"),
        ]
        ordering = ["-requested_on", "-id"]
        indexes = [
            models.Index(fields=["mission_locale", "status", "-requested_on"], name="aid_ml_status_date_idx"),
            models.Index(fields=["mission_locale", "requested_by", "-requested_on"], name="aid_ml_requester_idx"),
            models.Index(fields=["mission_locale", "scheme", "-requested_on"], name="aid_ml_scheme_idx"),
            models.Index(fields=["youth", "-requested_on"], name="aid_youth_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="aid_amount_positive",
                violation_error_message="Le montant demandé est positif.",
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__gt=0, amount_granted__lte=F("amount")),
                name="aid_granted_within_requested",
                violation_error_message="Le montant accordé est positif et au plus égal au montant demandé.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AidStatus.values),
                name="aid_status_valid",
                violation_error_message="Statut de demande inconnu.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[AidStatus.GRANTED, AidStatus.PAID])
                | Q(amount_granted__isnull=False, envelope__isnull=False, decided_by__isnull=False),
                name="aid_granted_has_amount_and_envelope",
                violation_error_message="Une aide accordée a un montant accordé, une enveloppe et un décideur.",
            ),
            models.CheckConstraint(
                condition=~Q(status=AidStatus.PAID) | (Q(paid_on__isnull=False) & ~Q(payment_method="")),
                name="aid_paid_has_date_and_method",
                violation_error_message="Une aide versée a une date et un mode de versement.",
            ),
            models.CheckConstraint(
                condition=~Q(status=AidStatus.REFUSED) | ~Q(decision_reason=""),
                name="aid_refused_has_reason",
                violation_error_message="Un refus est toujours motivé.",
            ),
            models.CheckConstraint(
                condition=Q(overridden_by__isnull=True) | ~Q(override_reason=""),
                name="aid_override_has_reason",
                violation_error_message="Une dérogation est toujours motivée par écrit.",
            ),
            models.CheckConstraint(
                condition=Q(payment_method="") | Q(payment_method__in=PaymentMethod.values),
                name="aid_payment_method_valid",
                violation_error_message="Mode de versement inconnu.",
            ),
        ]

    def __str__(self):
        return f"{self.scheme.name} — {self.format(self.amount)} — {self.requested_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("mobility:aid_detail", kwargs={"public_id": self.public_id})

    def format(self, value):
        return format_amount(value, self.scheme.unit)

    @property
    def amount_display(self):
        return self.format(self.amount)

    @property
    def amount_granted_display(self):
        return self.format(self.amount_granted)

    @property
    def effective_amount(self):
        """What counts towards the young person's ceilings: the granted amount once decided, else the request."""
        return self.amount_granted if self.amount_granted is not None else self.amount

    @property
    def is_pending(self):
        return self.status in (AidStatus.REQUESTED, AidStatus.ADJOURNED)


class AidRequestEvent(models.Model):
    """One step of a request's history: who, when, from which status to which, for what amount, why."""

    aid_request = models.ForeignKey(
        AidRequest, verbose_name="demande", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("le", default=timezone.now)
    actor = models.ForeignKey(
        StaffMember, verbose_name="par", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    from_status = models.CharField("statut précédent", max_length=20, choices=AidStatus.choices, blank=True)
    to_status = models.CharField("nouveau statut", max_length=20, choices=AidStatus.choices)
    amount = models.PositiveIntegerField("montant", null=True, blank=True)
    comment = models.TextField("commentaire", blank=True)

    class Meta:
        verbose_name = "étape d'une demande d'aide"
        verbose_name_plural = "historique des demandes d'aide"
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["aid_request", "at"], name="aid_event_request_at_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_status__in=AidStatus.values)
                & (Q(from_status="") | Q(from_status__in=AidStatus.values)),
                name="aid_event_status_valid",
                violation_error_message="Statut inconnu.",
            ),
        ]

    def __str__(self):
        return f"{self.get_to_status_display()} le {timezone.localtime(self.at):%d/%m/%Y %H:%M}"


# Collective actions live in their own module; importing them here lets Django find their models.
from .actions import ActionSession, CollectiveAction, EuropeanMobility, Registration  # noqa: E402, F401
