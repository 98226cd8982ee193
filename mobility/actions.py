"""Collective actions: workshops, information sessions, inter-mission-locale events and European mobility.

An action belongs to one mission locale, which runs it; an inter-ML event also names the other missions locales
that take part (the only kind that may). Each action has dated sessions with a capacity; young people register
for a session, beyond its capacity on a waiting list in order; after the session, the attendance sheet says who
came, and each presence becomes a contact of the young person's timeline (mobility.action_services).

Imported by mobility.models, so that Django finds these models.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone

from config.access import staff_member_of
from config.fields import ChoiceListField
from missions.models import MissionLocale, Site, StaffMember
from youths.enums import Theme
from youths.models import Contact, Youth

from .enums import ActionKind, Attendance, Country, EuropeanOutcome, EuropeanProgramme, RegistrationStatus


class CollectiveActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The actions a staff member may open: those of their mission locale in full, and every inter-ML event
        (of which another mission locale sees the public part). Regional staff and unattached users: none."""
        staff = staff_member_of(user)
        if staff is None:
            return self.none()
        return self.filter(Q(mission_locale_id=staff.mission_locale_id) | Q(kind=ActionKind.INTER_ML_EVENT))

    def organised_with(self, mission_locale_id):
        """Actions that this mission locale runs or takes part in: its young people may register."""
        joint = CollectiveAction.other_mission_locales.through.objects.filter(
            collectiveaction_id=OuterRef("pk"), missionlocale_id=mission_locale_id
        )
        return self.filter(Q(mission_locale_id=mission_locale_id) | Exists(joint))


class CollectiveAction(models.Model):
    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField("type d'action", max_length=30, choices=ActionKind.choices)
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField(
        "description", blank=True, help_text="Le programme, le public visé, ce qu'il faut apporter."
    )
    mission_locale = models.ForeignKey(
        MissionLocale,
        verbose_name="mission locale porteuse",
        on_delete=models.PROTECT,
        related_name="collective_actions",
    )
    other_mission_locales = models.ManyToManyField(
        MissionLocale,
        verbose_name="autres missions locales participantes",
        related_name="joint_collective_actions",
        blank=True,
        help_text="Seulement pour un événement inter-missions locales : leurs conseillers y inscrivent leurs jeunes.",
    )
    funder = models.CharField(
        "financeur",
        max_length=150,
        blank=True,
        help_text="Région, Département, État, Fonds social européen, Erasmus+… "
        "Vide si la mission locale finance seule.",
    )
    themes = ChoiceListField(
        "thèmes",
        choices_enum=Theme,
        blank=False,
        help_text="Chaque présence est notée dans l'historique du jeune avec ces thèmes.",
    )
    created_by = models.ForeignKey(StaffMember, verbose_name="créée par", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = CollectiveActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action collective"
        verbose_name_plural = "actions collectives"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "mission_locale"], name="action_kind_ml_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ActionKind.values),
                name="action_kind_valid",
                violation_error_message="Type d'action inconnu.",
            ),
            models.CheckConstraint(
                condition=~Q(themes=""),
                name="action_has_themes",
                violation_error_message="Une action collective a au moins un thème.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mobility:action_detail", kwargs={"public_id": self.public_id})

    @property
    def is_inter_ml(self):
        return self.kind == ActionKind.INTER_ML_EVENT

    @property
    def themes_display(self):
        return self._meta.get_field("themes").display(self.themes)


class EuropeanMobility(models.Model):
    """The stay abroad of a European mobility action."""

    action = models.OneToOneField(
        CollectiveAction, verbose_name="action", on_delete=models.CASCADE, related_name="european_mobility"
    )
    destination_country = models.CharField("pays de destination", max_length=2, choices=Country.choices)
    destination_city = models.CharField("ville", max_length=100, blank=True)
    programme = models.CharField("programme", max_length=20, choices=EuropeanProgramme.choices)
    departure_date = models.DateField("départ")
    return_date = models.DateField("retour")
    outcome = models.CharField(
        "issue", max_length=20, choices=EuropeanOutcome.choices, default=EuropeanOutcome.PLANNED
    )
    outcome_details = models.TextField(
        "bilan du séjour",
        blank=True,
        help_text="Ce que le groupe a fait et appris, les suites données. Pas de données personnelles.",
    )

    class Meta:
        verbose_name = "mobilité européenne"
        verbose_name_plural = "mobilités européennes"
        constraints = [
            models.CheckConstraint(
                condition=Q(return_date__gte=F("departure_date")),
                name="european_return_after_departure",
                violation_error_message="Le retour ne peut précéder le départ.",
            ),
            models.CheckConstraint(
                condition=Q(destination_country__in=Country.values),
                name="european_country_valid",
                violation_error_message="Pays de destination inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(programme__in=EuropeanProgramme.values),
                name="european_programme_valid",
                violation_error_message="Programme inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=EuropeanOutcome.values),
                name="european_outcome_valid",
                violation_error_message="Issue du séjour inconnue.",
            ),
        ]

    def __str__(self):
        country = self.get_destination_country_display()
        return f"{country}, du {self.departure_date:%d/%m/%Y} au {self.return_date:%d/%m/%Y}"


def _registration_count(**filters):
    """A subquery counting a session's registrations that match `filters` (0 when none)."""
    counted = (
        Registration.objects.filter(session_id=OuterRef("pk"), **filters)
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), Value(0))


class ActionSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sessions of the actions the user may open (CollectiveActionQuerySet.visible_to)."""
        staff = staff_member_of(user)
        if staff is None:
            return self.none()
        return self.filter(
            Q(action__mission_locale_id=staff.mission_locale_id) | Q(action__kind=ActionKind.INTER_ML_EVENT)
        )

    def with_counts(self, mission_locale_id=None):
        """Registered and waiting counts; with a mission locale, also how many of its own young people are in."""
        queryset = self.annotate(
            registered_count=_registration_count(status=RegistrationStatus.REGISTERED),
            waiting_count=_registration_count(status=RegistrationStatus.WAITING),
        )
        if mission_locale_id is not None:
            queryset = queryset.annotate(
                own_count=_registration_count(
                    status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
                    youth__mission_locale_id=mission_locale_id,
                )
            )
        return queryset

    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class ActionSession(models.Model):
    action = models.ForeignKey(
        CollectiveAction, verbose_name="action", on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    site = models.ForeignKey(
        Site,
        verbose_name="lieu d'accueil",
        on_delete=models.PROTECT,
        related_name="action_sessions",
        null=True,
        blank=True,
        help_text="Un lieu d'une mission locale organisatrice…",
    )
    address = models.CharField(
        "autre adresse", max_length=255, blank=True, help_text="… ou une adresse extérieure, pas les deux."
    )
    facilitator = models.CharField("animé par", max_length=150, help_text="Conseiller, partenaire, intervenant.")
    capacity = models.PositiveSmallIntegerField("nombre de places")
    registration_deadline = models.DateField("inscriptions jusqu'au", help_text="Au plus tard le jour de la session.")
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = ActionSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "session d'action collective"
        verbose_name_plural = "sessions d'actions collectives"
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at"], name="session_starts_idx"),
            models.Index(fields=["ends_at", "starts_at"], name="session_ends_starts_idx"),
            models.Index(fields=["action", "starts_at"], name="session_action_starts_idx"),
            models.Index(fields=["site", "starts_at"], name="session_site_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message="La fin de la session doit suivre son début.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="session_capacity_positive",
                violation_error_message="Une session compte au moins une place.",
            ),
            models.CheckConstraint(
                condition=(Q(site__isnull=False) & Q(address="")) | (Q(site__isnull=True) & ~Q(address="")),
                name="session_site_or_address",
                violation_error_message="Indiquez soit un lieu d'accueil, soit une autre adresse : l'un des deux, "
                "pas les deux.",
            ),
        ]

    def __str__(self):
        return f"{self.action.title} — {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def clean(self):
        if self.starts_at and self.registration_deadline and self.registration_deadline > self.day:
            raise ValidationError(
                {
                    "registration_deadline": "La date limite d'inscription ne peut suivre le jour de la session "
                    f"({self.day:%d/%m/%Y})."
                }
            )

    @property
    def day(self):
        return timezone.localdate(self.starts_at)

    @property
    def place(self):
        return self.site.name if self.site_id else self.address

    @property
    def duration_minutes(self):
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def places_left(self):
        """Needs `with_counts()`."""
        return max(0, self.capacity - self.registered_count)

    def has_started(self, now=None):
        return self.starts_at <= (now or timezone.now())

    def registration_open(self, now=None):
        now = now or timezone.now()
        return not self.has_started(now) and timezone.localdate(now) <= self.registration_deadline


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def with_waiting_rank(self):
        """`waiting_rank`: 1 for the first on the session's waiting list (None when not waiting)."""
        ahead = (
            Registration.objects.filter(
                session_id=OuterRef("session_id"),
                status=RegistrationStatus.WAITING,
                position__lte=OuterRef("position"),
            )
            .order_by()
            .values("session_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(waiting_rank=Subquery(ahead))

    def with_assessments_around(self):
        """The last mobility assessment on or before the session's day, and the latest one after it."""
        from .models import MobilityAssessment

        before = MobilityAssessment.objects.filter(youth_id=OuterRef("youth_id"), date__lte=OuterRef("session_day"))
        after = MobilityAssessment.objects.filter(youth_id=OuterRef("youth_id"), date__gt=OuterRef("session_day"))
        annotations = {}
        for prefix, assessments in (("before", before), ("after", after)):
            latest = assessments.order_by("-date", "-id")
            for field in ("date", "licence_status", "accepted_distance_km"):
                annotations[f"{prefix}_{field}"] = Subquery(latest.values(field)[:1])
        return self.annotate(session_day=TruncDate("session__starts_at")).annotate(**annotations)


class Registration(models.Model):
    """One young person on one session: registered, on the waiting list (with a position), or cancelled.
    After the session, the attendance, and the timeline contact a presence created."""

    session = models.ForeignKey(
        ActionSession, verbose_name="session", on_delete=models.PROTECT, related_name="registrations"
    )
    youth = models.ForeignKey(
        Youth, verbose_name="jeune", on_delete=models.CASCADE, related_name="action_registrations"
    )
    status = models.CharField(
        "statut", max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    position = models.PositiveIntegerField(
        "rang sur la liste d'attente", null=True, blank=True, help_text="Le plus petit passe en premier."
    )
    registered_by = models.ForeignKey(
        StaffMember, verbose_name="inscrit par", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("inscrit le", default=timezone.now, editable=False)
    promoted_at = models.DateTimeField("passé de la liste d'attente aux inscrits le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)
    cancelled_by = models.ForeignKey(
        StaffMember, verbose_name="annulé par", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    cancellation_reason = models.CharField("motif de l'annulation", max_length=255, blank=True)
    attendance = models.CharField("présence", max_length=10, choices=Attendance.choices, blank=True)
    attendance_recorded_at = models.DateTimeField("présence notée le", null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        StaffMember,
        verbose_name="présence notée par",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    contact = models.OneToOneField(
        Contact,
        verbose_name="contact de l'historique",
        on_delete=models.SET_NULL,
        related_name="action_registration",
        null=True,
        blank=True,
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription à une action collective"
        verbose_name_plural = "inscriptions aux actions collectives"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["session", "status", "position"], name="registration_session_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "youth"],
                condition=~Q(status=RegistrationStatus.CANCELLED),
                name="registration_one_per_youth_and_session",
                violation_error_message="Ce jeune est déjà inscrit à cette session, ou sur sa liste d'attente.",
            ),
            models.UniqueConstraint(
                fields=["session", "position"],
                condition=Q(status=RegistrationStatus.WAITING),
                name="registration_unique_waiting_position",
                violation_error_message="Deux jeunes ne peuvent avoir le même rang sur la liste d'attente.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values),
                name="registration_status_valid",
                violation_error_message="Statut d'inscription inconnu.",
            ),
            models.CheckConstraint(
                condition=(Q(status=RegistrationStatus.WAITING) & Q(position__isnull=False) & Q(position__gt=0))
                | (~Q(status=RegistrationStatus.WAITING) & Q(position__isnull=True)),
                name="registration_position_iff_waiting",
                violation_error_message="Seul un jeune en liste d'attente a un rang, et il en a toujours un.",
            ),
            models.CheckConstraint(
                condition=Q(attendance="")
                | (Q(attendance__in=Attendance.values) & Q(status=RegistrationStatus.REGISTERED)),
                name="registration_attendance_of_registered",
                violation_error_message="Seule la présence d'un jeune inscrit (ni en attente ni annulé) se note.",
            ),
            models.CheckConstraint(
                condition=Q(contact__isnull=True) | Q(attendance=Attendance.PRESENT),
                name="registration_contact_only_if_present",
                violation_error_message="Seule une présence crée un contact dans l'historique.",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.CANCELLED) | Q(cancelled_at__isnull=False),
                name="registration_cancellation_dated",
                violation_error_message="Une annulation est datée.",
            ),
        ]

    def __str__(self):
        return f"{self.youth} — {self.session}"
