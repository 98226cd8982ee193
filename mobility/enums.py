from django.db import models


class LicenceStatus(models.TextChoices):
    NONE = "none", "aucun"
    THEORY_IN_PROGRESS = "theory_in_progress", "code en préparation"
    THEORY_PASSED = "theory_passed", "code obtenu"
    LESSONS = "lessons", "leçons de conduite en cours"
    LICENCE_B = "licence_b", "permis B"
    SUSPENDED = "suspended", "permis suspendu ou invalide"
    OTHER = "other", "autre permis (AM, A…)"


class Vehicle(models.TextChoices):
    NONE = "none", "aucun"
    CAR = "car", "voiture"
    MOTORISED_TWO_WHEELER = "two_wheeler", "deux-roues motorisé"
    BICYCLE = "bicycle", "vélo"
    SHARED = "shared", "accès à un véhicule partagé ou familial"


class PublicTransportUse(models.TextChoices):
    NEVER = "never", "jamais"
    OCCASIONAL = "occasional", "occasionnellement"
    REGULAR = "regular", "régulièrement"


class MobilityConstraint(models.TextChoices):
    SHIFT_HOURS = "shift_hours", "horaires décalés impossibles"
    CHILDCARE = "childcare", "garde d'enfants"
    HEALTH = "health", "santé"
    OTHER = "other", "autre"


class RefusalKind(models.TextChoices):
    OFFER = "offer", "offre d'emploi"
    TRAINING = "training", "formation"


class RefusalReason(models.TextChoices):
    """Distance first: it is the first reason young people of the region turn a job down."""

    DISTANCE = "distance", "distance, trajet"
    HOURS = "hours", "horaires"
    PAY = "pay", "rémunération"
    CHILDCARE = "childcare", "garde d'enfants"
    OTHER = "other", "autre"


class SchemeUnit(models.TextChoices):
    EUROS = "euros", "euros"
    PLACES = "places", "places"
    TICKETS = "tickets", "titres de transport"


class AidStatus(models.TextChoices):
    REQUESTED = "requested", "demandée"
    ADJOURNED = "adjourned", "ajournée"
    GRANTED = "granted", "accordée"
    REFUSED = "refused", "refusée"
    PAID = "paid", "versée"
    CANCELLED = "cancelled", "annulée"


# Statuses waiting for a manager's decision, and those that hold part of an envelope.
PENDING_STATUSES = (AidStatus.REQUESTED, AidStatus.ADJOURNED)
CONSUMING_STATUSES = (AidStatus.GRANTED, AidStatus.PAID)
# Statuses that count towards a young person's ceilings and combinations (a refusal or a cancellation does not).
LIVE_STATUSES = PENDING_STATUSES + CONSUMING_STATUSES


class PaymentMethod(models.TextChoices):
    TRANSFER_PARTNER = "transfer_partner", "virement au partenaire"
    TRANSFER_YOUTH = "transfer_youth", "virement au jeune"
    CHEQUE = "cheque", "chèque"
    VOUCHER = "voucher", "bon de commande ou titres remis en main propre"
