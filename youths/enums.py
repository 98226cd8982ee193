from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "femme"
    MALE = "M", "homme"


class DiplomaLevel(models.TextChoices):
    """French national levels (nomenclature of 2019; the older Roman-numeral levels in brackets)."""

    NONE = "none", "sans diplôme (niveau 3 non atteint, anciens VI, V bis)"
    CAP_BEP = "cap_bep", "CAP, BEP (niveau 3, ancien V)"
    BAC = "bac", "baccalauréat (niveau 4, ancien IV)"
    HIGHER = "higher", "bac+2 et plus (niveaux 5 et plus, anciens III et au-delà)"


class Housing(models.TextChoices):
    PARENTS = "parents", "chez ses parents"
    OWN = "own", "logement autonome"
    HOSTED = "hosted", "hébergé par des tiers"
    HOSTEL = "hostel", "foyer, FJT"
    NO_FIXED_HOME = "no_fixed_home", "sans domicile fixe"


class YouthStatus(models.TextChoices):
    ACTIVE = "active", "en suivi"
    DORMANT = "dormant", "en veille"
    CLOSED = "closed", "clos"
    ANONYMISED = "anonymised", "anonymisé"


class ContactKind(models.TextChoices):
    INTERVIEW = "interview", "entretien individuel"
    PHONE = "phone", "téléphone"
    MESSAGE = "message", "courriel ou SMS"
    WORKSHOP = "workshop", "atelier"
    INFORMATION_SESSION = "information_session", "information collective"
    VISIT = "visit", "visite"
    PARTNER_INTERVIEW = "partner_interview", "entretien avec un partenaire"


class Theme(models.TextChoices):
    WORK = "work", "emploi"
    TRAINING = "training", "formation"
    HEALTH = "health", "santé"
    HOUSING = "housing", "logement"
    MOBILITY = "mobility", "mobilité"
    RIGHTS = "rights", "droits et citoyenneté"
    MONEY = "money", "argent et démarches"
    ORIENTATION = "orientation", "orientation"


class SituationKind(models.TextChoices):
    JOB = "job", "emploi"
    APPRENTICESHIP = "apprenticeship", "apprentissage"
    TRAINING = "training", "formation"
    IMMERSION = "immersion", "immersion en entreprise"
    SCHOOL = "school", "scolarité"
    JOBSEEKER = "jobseeker", "demandeur d'emploi"
    NONE = "none", "sans situation"
