from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from missions.models import MissionLocale

from .enums import Indicator

FIRST_YEAR = 1990
LAST_YEAR = 2100


class YearlyFiguresQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)


class YearlyFigures(models.Model):
    """The figures one mission locale reports for one year, imported from the region's yearly file."""

    # Counts that are a part of the young people in contact, each at most `youths_in_contact`.
    SUB_COUNT_FIELDS = ["first_contacts", *Indicator.values]
    COUNT_FIELDS = ["sites", "youths_in_contact", *SUB_COUNT_FIELDS]

    mission_locale = models.ForeignKey(
        MissionLocale, verbose_name="mission locale", on_delete=models.PROTECT, related_name="yearly_figures"
    )
    year = models.PositiveSmallIntegerField("année")
    sites = models.PositiveIntegerField("lieux de proximité")
    youths_in_contact = models.PositiveIntegerField("jeunes en contact")
    first_contacts = models.PositiveIntegerField("premiers accueils")
    men = models.PositiveIntegerField(Indicator.MEN.label)
    minors = models.PositiveIntegerField(Indicator.MINORS.label)
    no_diploma = models.PositiveIntegerField(Indicator.NO_DIPLOMA.label)
    zus = models.PositiveIntegerField(Indicator.ZUS.label)
    own_housing = models.PositiveIntegerField(Indicator.OWN_HOUSING.label)
    driving_licence = models.PositiveIntegerField(Indicator.DRIVING_LICENCE.label)
    own_vehicle = models.PositiveIntegerField(Indicator.OWN_VEHICLE.label)
    public_transport = models.PositiveIntegerField(Indicator.PUBLIC_TRANSPORT.label)
    no_means_of_transport = models.PositiveIntegerField(Indicator.NO_MEANS_OF_TRANSPORT.label)
    imported_at = models.DateTimeField("importé le", default=timezone.now)
    source_file = models.CharField(
        "fichier d'origine", max_length=255, blank=True, help_text="Nom du fichier importé ; vide si saisi à la main."
    )

    objects = YearlyFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = "chiffres annuels"
        verbose_name_plural = "chiffres annuels"
        permissions = [
            ("view_statistics", "consulter les statistiques de la région et de sa mission locale"),
            ("view_regional_statistics", "consulter et exporter les chiffres de chaque mission locale"),
        ]
        ordering = ["-year", "mission_locale__name"]
        indexes = [models.Index(fields=["year"], name="yearlyfigures_year_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["mission_locale", "year"],
                name="yearlyfigures_unique_ml_year",
                violation_error_message="Cette mission locale a déjà des chiffres pour cette année.",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="yearlyfigures_year_plausible",
                violation_error_message=f"L'année doit être comprise entre {FIRST_YEAR} et {LAST_YEAR}.",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__lte": F("youths_in_contact")}),
                    name=f"yearlyfigures_{name}_lte_youths",
                    violation_error_message=f"Le nombre « {label} » ne peut dépasser le nombre de jeunes en contact.",
                )
                for name, label in [("first_contacts", "premiers accueils"), *Indicator.choices]
            ),
        ]

    def __str__(self):
        return f"{self.mission_locale} — {self.year}"

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.COUNT_FIELDS}
