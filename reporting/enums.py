from django.db import models


class Indicator(models.TextChoices):
    """The shares of the young people in contact that the region follows (DESIGN.md §1).

    Each value is also the name of the `YearlyFigures` field holding the count and the key of the report's
    `indicators` map; the label is what counsellors and regional staff read.
    """

    MEN = "men", "hommes"
    MINORS = "minors", "mineurs"
    NO_DIPLOMA = "no_diploma", "sans diplôme"
    ZUS = "zus", "résidant en ZUS"
    OWN_HOUSING = "own_housing", "en logement autonome"
    DRIVING_LICENCE = "driving_licence", "titulaires du permis de conduire"
    OWN_VEHICLE = "own_vehicle", "disposant d'un moyen de locomotion"
    PUBLIC_TRANSPORT = "public_transport", "utilisant les transports en commun"
    NO_MEANS_OF_TRANSPORT = "no_means_of_transport", "sans aucun moyen de locomotion"


class ReportSource(models.TextChoices):
    IMPORTED = "imported", "chiffres annuels importés"
    LIVE = "live", "calculés à partir des dossiers"
