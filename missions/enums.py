from django.db import models


class Departement(models.TextChoices):
    NORD = "59", "Nord (59)"
    PAS_DE_CALAIS = "62", "Pas-de-Calais (62)"


class SiteKind(models.TextChoices):
    SIEGE = "siege", "siège"
    ANTENNE = "antenne", "antenne"
    PERMANENCE = "permanence", "permanence"


class StaffRole(models.TextChoices):
    COUNSELLOR = "counsellor", "conseiller ou conseillère"
    MANAGER = "manager", "direction"


class PartnerKind(models.TextChoices):
    DRIVING_SCHOOL = "driving_school", "auto-école"
    TRANSPORT = "transport", "opérateur de transport"
    EMPLOYER = "employer", "employeur"
    TRAINING = "training", "organisme de formation"
    HOUSING = "housing", "hébergement ou logement"
    HEALTH = "health", "santé"
    OTHER = "other", "autre"
