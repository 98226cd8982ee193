import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from config.access import staff_member_of
from config.fields import ChoiceListField
from missions.models import Commune, MissionLocale, Site, StaffMember
from missions.text import fold

from .enums import ContactKind, DiplomaLevel, Housing, Sex, SituationKind, Theme, YouthStatus

MIN_AGE = 16
MAX_AGE = 25


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day` (a birthday on 29 February counts on 1 March in other years)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def birth_date_bounds(min_age: int, max_age: int, day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The earliest and latest birth dates of people aged min_age to max_age (inclusive) on `day`."""

    def years_before(years):
        try:
            return day.replace(year=day.year - years)
        except ValueError:  # 29 February
            return day.replace(year=day.year - years, day=28)

    return years_before(max_age + 1) + datetime.timedelta(days=1), years_before(min_age)


class YouthQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The case files a user may open: those of their own mission locale. Regional staff see none."""
        staff = staff_member_of(user)
        if staff is None:
            return self.none()
        return self.filter(mission_locale_id=staff.mission_locale_id)

    def search(self, term: str):
        """Name search ignoring accents, case, hyphens and the order of first and last names."""
        words = fold(term).split()
        queryset = self
        for word in words:
            queryset = queryset.filter(search_name__contains=word)
        return queryset

    def without_contact_since(self, day: datetime.date):
        return self.filter(Q(last_contact_date__lt=day) | Q(last_contact_date__isnull=True))


class Youth(models.Model):
    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    mission_locale = models.ForeignKey(
        MissionLocale, verbose_name="mission locale", on_delete=models.PROTECT, related_name="youths"
    )
    site = models.ForeignKey(
        Site, verbose_name="lieu de suivi", on_delete=models.PROTECT, related_name="youths", null=True, blank=True
    )
    referent = models.ForeignKey(
        StaffMember,
        verbose_name="conseiller référent",
        on_delete=models.SET_NULL,
        related_name="caseload",
        null=True,
        blank=True,
    )
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    search_name = models.CharField("nom normalisé", max_length=210, editable=False)
    birth_date = models.DateField("date de naissance")
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    address = models.CharField("adresse", max_length=255, blank=True)
    residence_commune = models.ForeignKey(
        Commune, verbose_name="commune de résidence", on_delete=models.PROTECT, related_name="youths"
    )
    lives_in_priority_area = models.BooleanField("réside en ZUS/QPV", default=False)
    diploma_level = models.CharField("niveau de diplôme", max_length=20, choices=DiplomaLevel.choices)
    housing = models.CharField("logement", max_length=20, choices=Housing.choices)
    legal_representative_name = models.CharField("représentant légal", max_length=150, blank=True)
    legal_representative_phone = models.CharField("téléphone du représentant légal", max_length=20, blank=True)
    first_contact_date = models.DateField("date du premier accueil")
    last_contact_date = models.DateField("date du dernier contact", null=True, blank=True)
    status = models.CharField("statut", max_length=20, choices=YouthStatus.choices, default=YouthStatus.ACTIVE)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = YouthQuerySet.as_manager()

    class Meta:
        verbose_name = "jeune"
        verbose_name_plural = "jeunes"
        permissions = [
            ("transfer_youth", "changer le référent d'un dossier ou le transférer à une autre mission locale"),
            ("export_personal_data", "exporter toutes les données d'un jeune (droit d'accès)"),
        ]
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(
                fields=["mission_locale", "referent", "last_contact_date"], name="youth_ml_referent_last_idx"
            ),
            models.Index(fields=["mission_locale", "last_name", "first_name"], name="youth_ml_name_idx"),
            models.Index(fields=["mission_locale", "birth_date"], name="youth_ml_birth_idx"),
            models.Index(fields=["mission_locale", "last_contact_date"], name="youth_ml_last_contact_idx"),
            models.Index(fields=["mission_locale", "search_name"], name="youth_ml_search_idx"),
            models.Index(fields=["first_contact_date"], name="youth_first_contact_idx"),
            models.Index(fields=["updated_at"], name="youth_updated_idx"),  # the statistics' data version
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__lt=F("first_contact_date")),
                name="youth_born_before_first_contact",
                violation_error_message="La date de naissance doit précéder la date du premier accueil.",
            ),
            models.CheckConstraint(
                condition=Q(sex__in=Sex.values),
                name="youth_sex_valid",
                violation_error_message="Sexe inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=YouthStatus.values),
                name="youth_status_valid",
                violation_error_message="Statut inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(diploma_level__in=DiplomaLevel.values),
                name="youth_diploma_level_valid",
                violation_error_message="Niveau de diplôme inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(housing__in=Housing.values),
                name="youth_housing_valid",
                violation_error_message="Logement inconnu.",
            ),
        ]

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name}"

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.last_name} {self.first_name}")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("youths:detail", kwargs={"public_id": self.public_id})

    def clean(self):
        errors = {}
        today = datetime.date.today()
        if self.birth_date and self.birth_date >= today:
            errors["birth_date"] = "La date de naissance doit être dans le passé."
        elif self.birth_date and self.first_contact_date and self._state.adding:
            age = age_on(self.birth_date, self.first_contact_date)
            if age > MAX_AGE:
                errors["birth_date"] = (
                    f"Ce jeune a {age} ans le jour du premier accueil : la mission locale accueille les jeunes de "
                    f"{MIN_AGE} à {MAX_AGE} ans."
                )
            elif age < MIN_AGE:
                errors["birth_date"] = (
                    f"Ce jeune a {age} ans le jour du premier accueil : "
                    f"l'accueil est possible à partir de {MIN_AGE} ans."
                )
            elif age < 18:
                if not self.legal_representative_name.strip():
                    errors["legal_representative_name"] = "Pour un mineur, indiquez le nom du représentant légal."
                if not self.legal_representative_phone.strip():
                    errors["legal_representative_phone"] = (
                        "Pour un mineur, indiquez le téléphone du représentant légal."
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def age(self):
        return age_on(self.birth_date, datetime.date.today())

    @property
    def is_minor(self):
        return self.age < 18


MIN_CONTACT_MINUTES, MAX_CONTACT_MINUTES = 1, 600
CONTACT_DURATION_MESSAGE = "La durée d'un contact est comprise entre 1 et 600 minutes."


class ContactQuerySet(models.QuerySet):
    def with_theme(self, theme):
        return self.filter(themes__contains=ChoiceListField.lookup_value(theme))


class Contact(models.Model):
    youth = models.ForeignKey(Youth, verbose_name="jeune", on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField("date")
    kind = models.CharField("type de contact", max_length=30, choices=ContactKind.choices)
    themes = ChoiceListField("thèmes", choices_enum=Theme)
    site = models.ForeignKey(
        Site, verbose_name="lieu", on_delete=models.PROTECT, related_name="contacts", null=True, blank=True
    )
    counsellor = models.ForeignKey(
        StaffMember, verbose_name="conseiller", on_delete=models.PROTECT, related_name="contacts"
    )
    duration_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MIN_CONTACT_MINUTES, message=CONTACT_DURATION_MESSAGE),
            MaxValueValidator(MAX_CONTACT_MINUTES, message=CONTACT_DURATION_MESSAGE),
        ],
    )
    notes = models.TextField("notes confidentielles", blank=True)
    created_at = models.DateTimeField("saisi le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ContactQuerySet.as_manager()

    # The database enforces these check constraints; in Python the fields' own validation (the kind's choices, the
    # duration's validators) already says the same, where Django would check each constraint again with a query.
    CONSTRAINTS_CHECKED_BY_FIELDS = {"contact_kind_valid", "contact_duration_range"}

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["youth", "-date"], name="contact_youth_date_idx"),
            models.Index(fields=["date"], name="contact_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ContactKind.values),
                name="contact_kind_valid",
                violation_error_message="Type de contact inconnu.",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | Q(duration_minutes__gt=MIN_CONTACT_MINUTES - 1, duration_minutes__lte=MAX_CONTACT_MINUTES),
                name="contact_duration_range",
                violation_error_message=CONTACT_DURATION_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.date:%d/%m/%Y}"

    def get_constraints(self):
        return [
            (model, [c for c in constraints if c.name not in self.CONSTRAINTS_CHECKED_BY_FIELDS])
            for model, constraints in super().get_constraints()
        ]

    @property
    def themes_display(self):
        return self._meta.get_field("themes").display(self.themes)


class Situation(models.Model):
    youth = models.ForeignKey(Youth, verbose_name="jeune", on_delete=models.CASCADE, related_name="situations")
    kind = models.CharField("situation", max_length=20, choices=SituationKind.choices)
    start_date = models.DateField("début")
    end_date = models.DateField("fin", null=True, blank=True)
    label = models.CharField("précision", max_length=200, blank=True, help_text="Employeur, formation, métier…")
    recorded_by = models.ForeignKey(
        StaffMember, verbose_name="saisi par", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField("saisi le", auto_now_add=True)

    class Meta:
        verbose_name = "situation"
        verbose_name_plural = "situations"
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["youth", "-start_date"], name="situation_youth_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="situation_ends_after_start",
                violation_error_message="La fin d'une situation ne peut précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SituationKind.values),
                name="situation_kind_valid",
                violation_error_message="Situation inconnue.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} depuis le {self.start_date:%d/%m/%Y}"


class CaseFileAccess(models.Model):
    """One display of a case file: who, which file, when. No personal data of the young person here."""

    youth = models.ForeignKey(Youth, verbose_name="jeune", on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.PROTECT, related_name="+"
    )
    accessed_at = models.DateTimeField("consulté le", auto_now_add=True)

    class Meta:
        verbose_name = "consultation de dossier"
        verbose_name_plural = "consultations de dossiers"
        ordering = ["-accessed_at"]
        indexes = [
            models.Index(fields=["youth", "-accessed_at"], name="access_youth_time_idx"),
            models.Index(fields=["accessed_at"], name="access_time_idx"),
        ]

    def __str__(self):
        return f"{self.user} — {self.accessed_at:%d/%m/%Y %H:%M}"


class Transfer(models.Model):
    """A file that moved to another mission locale with the young person: its history goes with it."""

    youth = models.ForeignKey(Youth, verbose_name="jeune", on_delete=models.CASCADE, related_name="transfers")
    from_mission_locale = models.ForeignKey(
        MissionLocale, verbose_name="mission locale d'origine", on_delete=models.PROTECT, related_name="+"
    )
    to_mission_locale = models.ForeignKey(
        MissionLocale, verbose_name="mission locale d'arrivée", on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("motif", max_length=255, blank=True)
    transferred_at = models.DateTimeField("transféré le", auto_now_add=True)

    class Meta:
        verbose_name = "transfert de dossier"
        verbose_name_plural = "transferts de dossiers"
        ordering = ["-transferred_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_mission_locale=F("to_mission_locale")),
                name="transfer_changes_mission_locale",
                violation_error_message="Un transfert change de mission locale.",
            )
        ]

    def __str__(self):
        return f"{self.from_mission_locale} → {self.to_mission_locale}"
