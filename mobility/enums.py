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


class ActionKind(models.TextChoices):
    MOBILITY_WORKSHOP = "mobility_workshop", "atelier mobilité"
    ORIENTATION_WORKSHOP = "orientation_workshop", "atelier orientation"
    INFORMATION_SESSION = "information_session", "information collective"
    INTER_ML_EVENT = "inter_ml_event", "événement inter-missions locales"
    EUROPEAN_MOBILITY = "european_mobility", "mobilité européenne"


# The themes an action of each kind starts with (the form suggests them; the counsellor may change them).
ACTION_DEFAULT_THEMES = {
    ActionKind.MOBILITY_WORKSHOP: ["mobility"],
    ActionKind.ORIENTATION_WORKSHOP: ["orientation"],
    ActionKind.INFORMATION_SESSION: ["work"],
    ActionKind.INTER_ML_EVENT: ["mobility", "rights"],
    ActionKind.EUROPEAN_MOBILITY: ["mobility", "training"],
}


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "inscrit"
    WAITING = "waiting", "en liste d'attente"
    CANCELLED = "cancelled", "annulé"


class Attendance(models.TextChoices):
    PRESENT = "present", "présent"
    ABSENT = "absent", "absent"
    EXCUSED = "excused", "excusé"


class EuropeanProgramme(models.TextChoices):
    ERASMUS_PLUS = "erasmus_plus", "Erasmus+ (mobilité des apprenants)"
    LEONARDO = "leonardo", "Leonardo da Vinci (stages en Europe)"
    VOLUNTEERING = "volunteering", "Service volontaire européen, Corps européen de solidarité"
    REGIONAL = "regional", "programme de la Région"
    OTHER = "other", "autre programme"


class EuropeanOutcome(models.TextChoices):
    PLANNED = "planned", "à venir"
    COMPLETED = "completed", "séjour mené à son terme"
    SHORTENED = "shortened", "séjour écourté"
    CANCELLED = "cancelled", "départ annulé"


class Country(models.TextChoices):
    """Destinations of a European mobility: the European Union, the EEA, and the neighbours that host stays."""

    DE = "DE", "Allemagne"
    AT = "AT", "Autriche"
    BE = "BE", "Belgique"
    BG = "BG", "Bulgarie"
    CY = "CY", "Chypre"
    HR = "HR", "Croatie"
    DK = "DK", "Danemark"
    ES = "ES", "Espagne"
    EE = "EE", "Estonie"
    FI = "FI", "Finlande"
    GR = "GR", "Grèce"
    HU = "HU", "Hongrie"
    IE = "IE", "Irlande"
    IS = "IS", "Islande"
    IT = "IT", "Italie"
    LV = "LV", "Lettonie"
    LI = "LI", "Liechtenstein"
    LT = "LT", "Lituanie"
    LU = "LU", "Luxembourg"
    MT = "MT", "Malte"
    NO = "NO", "Norvège"
    NL = "NL", "Pays-Bas"
    PL = "PL", "Pologne"
    PT = "PT", "Portugal"
    CZ = "CZ", "République tchèque"
    RO = "RO", "Roumanie"
    GB = "GB", "Royaume-Uni"
    SK = "SK", "Slovaquie"
    SI = "SI", "Slovénie"
    SE = "SE", "Suède"
    CH = "CH", "Suisse"
    TR = "TR", "Turquie"


# The road to a driving licence, step by step: moving right on it is progress (suspended and other licences are off
# the road and compare with nothing).
LICENCE_STEPS = [
    LicenceStatus.NONE,
    LicenceStatus.THEORY_IN_PROGRESS,
    LicenceStatus.THEORY_PASSED,
    LicenceStatus.LESSONS,
    LicenceStatus.LICENCE_B,
]
