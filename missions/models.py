from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.urls import reverse

from .enums import Departement, PartnerKind, SiteKind, StaffRole
from .text import fold

insee_code_validator = RegexValidator(r"^(\d{5}|2[AB]\d{3})$", "Un code INSEE compte cinq caractères.")
siret_validator = RegexValidator(r"^\d{14}$", "Un numéro SIRET compte quatorze chiffres.")


class CommuneQuerySet(models.QuerySet):
    def search(self, term: str):
        """Communes whose name contains the term, accents and case ignored, or whose INSEE code starts with it."""
        term = term.strip()
        if not term:
            return self.none()
        if term.isdigit():
            return self.filter(insee_code__startswith=term)
        return self.filter(search_name__contains=fold(term))

    def suggestions(self, term: str, limit: int = 15):
        """`search`, names that start with the term first ("Lens" before "Valenciennes"), then by name."""
        starts_first = Case(When(search_name__startswith=fold(term), then=Value(0)), default=Value(1))
        return self.search(term).order_by(starts_first, "name")[:limit]


class Commune(models.Model):
    insee_code = models.CharField("code INSEE", max_length=5, unique=True, validators=[insee_code_validator])
    name = models.CharField("nom", max_length=100)
    search_name = models.CharField("nom normalisé", max_length=100, editable=False, db_index=True)
    departement = models.CharField("département", max_length=2, choices=Departement.choices)
    is_priority_area = models.BooleanField(
        "quartier prioritaire (ZUS/QPV)",
        null=True,
        blank=True,
        help_text="La commune compte un quartier prioritaire de la politique de la ville ; vide si inconnu.",
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.departement})"

    def save(self, *args, **kwargs):
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)


class MissionLocaleQuerySet(models.QuerySet):
    def with_site_count(self):
        return self.annotate(site_count=Count("sites", distinct=True))


class MissionLocale(models.Model):
    code = models.SlugField("code", max_length=40, unique=True, help_text="Code stable, par exemple ML-BOULONNAIS.")
    name = models.CharField("nom", max_length=150, unique=True)
    departement = models.CharField("département", max_length=2, choices=Departement.choices)
    seat_commune = models.ForeignKey(
        Commune, verbose_name="commune du siège", on_delete=models.PROTECT, related_name="+"
    )
    president = models.CharField("président ou présidente", max_length=150, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[siret_validator])
    is_active = models.BooleanField("active", default=True)

    objects = MissionLocaleQuerySet.as_manager()

    class Meta:
        verbose_name = "mission locale"
        verbose_name_plural = "missions locales"
        ordering = ["name"]
        indexes = [models.Index(fields=["departement", "name"], name="ml_departement_name_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("missions:detail", kwargs={"code": self.code})


class Site(models.Model):
    mission_locale = models.ForeignKey(
        MissionLocale, verbose_name="mission locale", on_delete=models.PROTECT, related_name="sites"
    )
    name = models.CharField("nom", max_length=150, unique=True)
    kind = models.CharField("type", max_length=20, choices=SiteKind.choices)
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="sites")
    address = models.CharField("adresse", max_length=255, blank=True)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "lieu d'accueil"
        verbose_name_plural = "lieux d'accueil"
        ordering = ["mission_locale", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission_locale"],
                condition=Q(kind=SiteKind.SIEGE),
                name="site_one_siege_per_mission_locale",
                violation_error_message="Cette mission locale a déjà un siège.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=SiteKind.values),
                name="site_kind_valid",
                violation_error_message="Type de lieu inconnu.",
            ),
        ]

    def __str__(self):
        return self.name


class StaffMember(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="staff_member"
    )
    mission_locale = models.ForeignKey(
        MissionLocale, verbose_name="mission locale", on_delete=models.PROTECT, related_name="staff"
    )
    sites = models.ManyToManyField(Site, verbose_name="lieux d'accueil", related_name="staff", blank=True)
    role = models.CharField("rôle", max_length=20, choices=StaffRole.choices, default=StaffRole.COUNSELLOR)

    class Meta:
        verbose_name = "membre d'une mission locale"
        verbose_name_plural = "membres des missions locales"
        ordering = ["mission_locale", "user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=StaffRole.values),
                name="staffmember_role_valid",
                violation_error_message="Rôle inconnu.",
            ),
        ]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.get_username()} — {self.mission_locale}"

    @property
    def is_manager(self):
        return self.role == StaffRole.MANAGER


class Partner(models.Model):
    name = models.CharField("nom", max_length=150)
    kind = models.CharField("type", max_length=30, choices=PartnerKind.choices)
    mission_locale = models.ForeignKey(
        MissionLocale,
        verbose_name="mission locale",
        on_delete=models.PROTECT,
        related_name="partners",
        null=True,
        blank=True,
        help_text="Vide pour un partenaire régional, commun à toutes les missions locales.",
    )
    commune = models.ForeignKey(Commune, verbose_name="commune", on_delete=models.PROTECT, related_name="partners")
    address = models.CharField("adresse", max_length=255, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[siret_validator])
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("courriel", blank=True)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "partenaire"
        verbose_name_plural = "partenaires"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "commune"],
                name="partner_unique_name_commune",
                violation_error_message="Un partenaire de ce nom existe déjà dans cette commune.",
            ),
            models.UniqueConstraint(
                fields=["siret"],
                condition=~Q(siret=""),
                name="partner_unique_siret",
                violation_error_message="Un partenaire porte déjà ce numéro SIRET.",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.commune.name})"
