"""Demo mobility data for the young people the youths step created: profiles, refused offers, envelopes of the
current year for every mission locale and the region, and aid requests in every state, so that envelopes, events
and ceilings are consistent.

Profiles and refusals are loaded in batches for every file (COPY on PostgreSQL: the demo may hold a region's worth).
Aid requests go to a sample of each mission locale's files (about one in FILES_PER_AID): in the demo logins'
missions locales the first ones, one per status, go through the workflow itself (mobility.services); the others
are built in memory with the same eligibility rules and the same decisions, their events written and their
envelopes charged as the workflow would.
Deterministic for a given seed; a second run adds nothing.
"""

import datetime
import math
import uuid
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db.models import Count, F
from django.utils import timezone

from config.bulk import insert_rows, reserve_ids
from config.progress import Progress
from missions.demo import DEMO_LOGINS
from missions.enums import Departement, PartnerKind, StaffRole
from missions.models import MissionLocale, Partner, StaffMember
from youths.models import Situation, Youth, age_on

from . import services
from .eligibility import YouthFacts, eligibility, schemes_with_rules
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
from .models import AidRequest, AidRequestEvent, AidScheme, Envelope, JobRefusal, MobilityAssessment

BATCH = 2000
# Demo aid requests: at least this many per mission locale (if it has the files), about one per FILES_PER_AID files.
AIDS_PER_MISSION_LOCALE = 40
FILES_PER_AID = 15
# Every young person in contact has a mobility profile: the region's figures are shares of all of them.
ASSESSED_SHARE = 1.0
REFUSAL_SHARE = 0.25
# The licence ladder: earlier assessments of a file climb it towards the latest one.
LICENCE_LADDER = [
    LicenceStatus.NONE,
    LicenceStatus.THEORY_IN_PROGRESS,
    LicenceStatus.THEORY_PASSED,
    LicenceStatus.LESSONS,
    LicenceStatus.LICENCE_B,
]
REFUSAL_REASONS = [
    (RefusalReason.DISTANCE, 45),
    (RefusalReason.HOURS, 20),
    (RefusalReason.PAY, 12),
    (RefusalReason.CHILDCARE, 8),
    (RefusalReason.OTHER, 15),
]
OFFERS = [
    "Préparateur de commandes",
    "Agent d'entretien",
    "Employé libre-service",
    "Manutentionnaire",
    "Aide à domicile",
    "Agent de sécurité",
    "Commis de cuisine",
    "Cariste",
    "Opérateur de production",
    "Serveur",
]
TRAININGS = [
    "CAP agent de propreté et d'hygiène",
    "Titre professionnel préparateur de commandes",
    "CACES cariste",
    "CAP cuisine",
    "Remise à niveau (compétences clés)",
    "BP boulanger",
]
# Target status of a demo request, with its weight.
STATUSES = [
    (AidStatus.REQUESTED, 18),
    (AidStatus.ADJOURNED, 8),
    (AidStatus.GRANTED, 24),
    (AidStatus.PAID, 30),
    (AidStatus.REFUSED, 12),
    (AidStatus.CANCELLED, 8),
]
# In the demo logins' missions locales, the first requests (one per status) go through mobility.services.
WORKFLOW_REQUESTS = len(STATUSES)
SCHEME_WEIGHTS = {
    "fdaj-nord": 30,
    "faj-pas-de-calais": 30,
    "fipj": 12,
    "lmcu-tickets": 25,
    "lmcu-abonnement": 10,
    "permis-apprentis": 15,
    "mobilite-europeenne": 4,
}
JUSTIFICATIONS = {
    SchemeUnit.EUROS: [
        "Frais de transport pour les trois premières semaines de son contrat, avant le premier salaire.",
        "Financement des leçons de conduite : une promesse d'embauche en dépend.",
        "Aide à la subsistance le temps que l'allocation de formation soit versée.",
        "Achat d'un vélo et d'un antivol pour rejoindre la zone d'activité en horaires décalés.",
        "Premier mois de loyer en foyer de jeunes travailleurs près du lieu de formation.",
    ],
    SchemeUnit.TICKETS: [
        "Déplacements vers les entretiens d'embauche du mois.",
        "Trajets quotidiens vers l'organisme de formation en attendant la rémunération de stage.",
    ],
    SchemeUnit.PLACES: ["Stage de quatre semaines dans une entreprise de logistique à l'étranger."],
}
ADJOURN_REASONS = ["Devis de l'auto-école attendu.", "Justificatif de ressources manquant.", "Prochaine commission."]
REFUSE_REASONS = [
    "Ressources du foyer suffisantes pour ce besoin.",
    "Projet à préciser avec le conseiller avant une nouvelle demande.",
    "Une autre aide couvre déjà ce besoin.",
]
CANCEL_REASONS = [
    "Le jeune a trouvé un covoiturage.",
    "Le jeune a renoncé à la formation.",
    "Demande faite en double.",
]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _day_between(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


def _at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _key(rng):
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def ensure_managers(rng, say):
    """A direction for every mission locale, so that aids can be decided (the demo logins cover one of them).

    Like the colleagues of missions.demo, they cannot log in.
    """
    User = get_user_model()
    with_manager = set(StaffMember.objects.filter(role=StaffRole.MANAGER).values_list("mission_locale_id", flat=True))
    created = 0
    for ml in MissionLocale.objects.exclude(pk__in=with_manager).order_by("code"):
        user, was_created = User.objects.get_or_create(
            username=f"direction.{ml.code.lower().removeprefix('ml-')}",
            defaults={
                "first_name": rng.choice(["Sylvie", "Patrick", "Véronique", "Laurent"]),
                "last_name": "Direction",
            },
        )
        if was_created:
            user.set_unusable_password()
            user.save()
        StaffMember.objects.get_or_create(user=user, defaults={"mission_locale": ml, "role": StaffRole.MANAGER})
        created += 1
    if created:
        say(f"Mobilité : {created} direction(s) de mission locale créée(s) pour décider les aides (sans connexion).")


def ensure_partners():
    """A driving school per mission locale and the transport operator of the metropolis."""
    partners = {}
    for ml in MissionLocale.objects.select_related("seat_commune").order_by("code"):
        partner, _ = Partner.objects.get_or_create(
            name=f"Auto-école du centre — {ml.seat_commune.name}",
            commune=ml.seat_commune,
            defaults={"kind": PartnerKind.DRIVING_SCHOOL, "mission_locale": ml},
        )
        partners[ml.pk] = partner
    lille = MissionLocale.objects.filter(code="ML-LILLE").select_related("seat_commune").first()
    transport = None
    if lille is not None:
        transport, _ = Partner.objects.get_or_create(
            name="Transpole", commune=lille.seat_commune, defaults={"kind": PartnerKind.TRANSPORT}
        )
    return partners, transport


def ensure_envelopes(year, scale=1):
    """Envelopes of `year`: each mission locale's own for the departmental funds, the FIPJ and (in the
    metropolis) the bus tickets; regional ones for the apprentices' licence aid and European mobility.
    Generous at first (`scale` times more for a region's worth of files); `size_envelopes` brings them to a
    realistic level once the demo aids are granted."""
    schemes = {scheme.code: scheme for scheme in AidScheme.objects.open_on(datetime.date(year, 6, 30))}
    metropolis = set()
    if "lmcu-tickets" in schemes:
        metropolis = set(schemes["lmcu-tickets"].communes.values_list("pk", flat=True))
    wanted = []
    for ml in MissionLocale.objects.order_by("code"):
        fund = "fdaj-nord" if ml.departement == Departement.NORD else "faj-pas-de-calais"
        wanted += [(fund, ml, SchemeUnit.EUROS, 6_000_000), ("fipj", ml, SchemeUnit.EUROS, 2_000_000)]
        if ml.seat_commune_id in metropolis:
            wanted += [
                ("lmcu-tickets", ml, SchemeUnit.TICKETS, 5000),
                ("lmcu-abonnement", ml, SchemeUnit.TICKETS, 600),
            ]
    wanted += [
        ("permis-apprentis", None, SchemeUnit.EUROS, 20_000_000),
        ("mobilite-europeenne", None, SchemeUnit.PLACES, 400),
    ]
    created = 0
    for code, ml, unit, total in wanted:
        if code not in schemes:
            continue
        _, was_created = Envelope.objects.get_or_create(
            scheme=schemes[code],
            mission_locale=ml,
            year=year,
            defaults={"unit": unit, "amount_total": total * scale},
        )
        created += was_created
    return created


class YouthRow(NamedTuple):
    pk: int
    mission_locale_id: int
    referent_id: int | None
    birth_date: datetime.date
    sex: str
    first_contact_date: datetime.date


ASSESSMENT_FIELDS = [
    "youth_id",
    "date",
    "licence_status",
    "vehicle",
    "public_transport_use",
    "has_transport_pass",
    "accepted_distance_km",
    "accepted_travel_minutes",
    "mobility_constraints",
    "recorded_by_id",
]
REFUSAL_FIELDS = ["youth_id", "date", "label", "kind", "reason", "distance_km", "recorded_by_id"]
AID_FIELDS = [
    "public_id",
    "idempotency_key",
    "youth_id",
    "mission_locale_id",
    "scheme_id",
    "amount",
    "partner_id",
    "justification",
    "status",
    "requested_on",
    "requested_by_id",
    "envelope_id",
    "amount_granted",
    "decided_by_id",
    "decided_at",
    "decision_reason",
    "paid_on",
    "payment_method",
]
EVENT_FIELDS = ["aid_request_id", "at", "actor_id", "from_status", "to_status", "amount", "comment"]


def _constraints(values):
    return f",{','.join(values)}," if values else ""


# Public transport users: 53 % in the region, 40 % in the Pas-de-Calais (DESIGN.md §1), so about 60.6 % in the Nord.
TRANSPORT_USERS = {"59": 0.606, "62": 0.40}
# No means of transport at all (no vehicle, never public transport): 6.7 % of all young people. Those without any
# vehicle (about 46 %) rarely do without the bus too; those with one use it less.
NEVER_WITHOUT_VEHICLE = 0.146
NO_VEHICLE_SHARE = 0.46


def _public_transport(rng, vehicle, departement):
    never = 1 - TRANSPORT_USERS.get(departement, 0.53)
    if vehicle == Vehicle.NONE:
        p_never = NEVER_WITHOUT_VEHICLE
    else:
        p_never = min(1.0, (never - NO_VEHICLE_SHARE * NEVER_WITHOUT_VEHICLE) / (1 - NO_VEHICLE_SHARE))
    if rng.random() < p_never:
        return PublicTransportUse.NEVER
    return PublicTransportUse.REGULAR if rng.random() < 40 / 53 else PublicTransportUse.OCCASIONAL


def build_assessments(rng, youth, staff_id, today, departement=None):
    """One to three assessments climbing the licence ladder; the latest follows the region's figures.

    Rows of ASSESSMENT_FIELDS."""
    age = age_on(youth.birth_date, today)
    # 46.7 % of all young people hold the licence; minors (4.3 %) cannot, so adults a little more often.
    if age >= 18 and rng.random() < 0.488:
        final = LicenceStatus.LICENCE_B
    else:
        final = _weighted(
            rng,
            [
                (LicenceStatus.NONE, 45),
                (LicenceStatus.THEORY_IN_PROGRESS, 20),
                (LicenceStatus.THEORY_PASSED, 15),
                (LicenceStatus.LESSONS, 12 if age >= 17 else 0),
                (LicenceStatus.SUSPENDED, 3 if age >= 18 else 0),
                (LicenceStatus.OTHER, 5),
            ],
        )
    count = rng.choice((1, 1, 2, 2, 3))
    if final in LICENCE_LADDER:
        top = LICENCE_LADDER.index(final)
        steps = sorted({max(0, top - rng.randint(0, 2)) for _ in range(count - 1)} | {top})
        statuses = [LICENCE_LADDER[step] for step in steps]
    else:
        statuses = [LicenceStatus.NONE] * (count - 1) + [final]
    days = sorted(_day_between(rng, youth.first_contact_date, today) for _ in statuses)
    has_licence = final == LicenceStatus.LICENCE_B
    if has_licence and rng.random() < 0.55:
        vehicle = Vehicle.CAR
    else:
        vehicle = _weighted(
            rng,
            [(Vehicle.NONE, 62), (Vehicle.BICYCLE, 14), (Vehicle.SHARED, 14), (Vehicle.MOTORISED_TWO_WHEELER, 10)],
        )
    transport = _public_transport(rng, vehicle, departement)
    constraints = []
    if rng.random() < 0.15:
        constraints.append(MobilityConstraint.SHIFT_HOURS)
    if rng.random() < (0.14 if youth.sex == "F" else 0.03):
        constraints.append(MobilityConstraint.CHILDCARE)
    if rng.random() < 0.05:
        constraints.append(MobilityConstraint.HEALTH)
    distance = rng.choice((None, 5, 10, 10, 15, 20, 20, 30, 40))
    assessments = []
    for index, (day, licence) in enumerate(zip(days, statuses, strict=True)):
        latest = index == len(statuses) - 1
        assessments.append(
            (
                youth.pk,
                day,
                licence,
                vehicle if latest else (Vehicle.NONE if vehicle == Vehicle.CAR else vehicle),
                transport,
                transport == PublicTransportUse.REGULAR and rng.random() < 0.6,
                (distance + 10 * (vehicle == Vehicle.CAR)) if distance and latest else distance,
                rng.choice((None, 20, 30, 45, 60)),
                _constraints(constraints if latest else constraints[:1]),
                staff_id,
            )
        )
    return assessments


def build_refusals(rng, youth, staff_id, communes, today):
    """One or two offers or trainings turned down, distance first: rows of REFUSAL_FIELDS."""
    refusals = []
    for _ in range(rng.choice((1, 1, 2))):
        kind = RefusalKind.TRAINING if rng.random() < 0.25 else RefusalKind.OFFER
        reason = _weighted(rng, REFUSAL_REASONS)
        label = rng.choice(TRAININGS if kind == RefusalKind.TRAINING else OFFERS)
        refusals.append(
            (
                youth.pk,
                _day_between(rng, max(youth.first_contact_date, today - datetime.timedelta(days=365)), today),
                f"{label}, {rng.choice(communes)}",
                kind,
                reason,
                rng.randint(18, 65) if reason == RefusalReason.DISTANCE else rng.choice((None, None, 8, 12)),
                staff_id,
            )
        )
    return refusals


def _youth_rows(mission_locale_ids, chunk=BATCH):
    """Every file of these missions locales in key order, a chunk at a time (keyset pagination): bounded memory."""
    queryset = Youth.objects.filter(mission_locale_id__in=mission_locale_ids).order_by("pk")
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).values_list(*YouthRow._fields)[:chunk])
        if not rows:
            return
        yield from (YouthRow(*row) for row in rows)
        last = rows[-1][0]


def seed_profiles(rng, staff_by_ml, today, total):
    """Assessments and refused offers, loaded in batches (COPY on PostgreSQL)."""
    communes = ["Lesquin", "Roncq", "Seclin", "Arras", "Lens", "Dunkerque", "Valenciennes", "Calais", "Douai"]
    assessments, refusals, totals = [], [], [0, 0]
    departements = dict(MissionLocale.objects.values_list("pk", "departement"))
    with Progress(total, "Bilans de mobilité et refus d'offres") as progress:
        for youth in _youth_rows(list(staff_by_ml)):
            staff_id = youth.referent_id or staff_by_ml[youth.mission_locale_id][0].pk
            if rng.random() < ASSESSED_SHARE:
                departement = departements[youth.mission_locale_id]
                assessments += build_assessments(rng, youth, staff_id, today, departement)
            if rng.random() < REFUSAL_SHARE:
                refusals += build_refusals(rng, youth, staff_id, communes, today)
            if len(assessments) >= BATCH:
                insert_rows(MobilityAssessment, ASSESSMENT_FIELDS, assessments)
                totals[0] += len(assessments)
                assessments = []
            if len(refusals) >= BATCH:
                insert_rows(JobRefusal, REFUSAL_FIELDS, refusals)
                totals[1] += len(refusals)
                refusals = []
            progress.update()
    insert_rows(MobilityAssessment, ASSESSMENT_FIELDS, assessments)
    insert_rows(JobRefusal, REFUSAL_FIELDS, refusals)
    return totals[0] + len(assessments), totals[1] + len(refusals)


def _amount(rng, scheme):
    if scheme.unit == SchemeUnit.EUROS and scheme.max_amount > scheme.default_amount:
        return min(scheme.max_amount, rng.choice((1, 1, 2, 3)) * scheme.default_amount // 100 * 100)
    return scheme.default_amount


class Step(NamedTuple):
    action: str  # a key of services.TRANSITIONS
    day: datetime.date
    hour: int
    value: object = None  # the reason, the amount granted or the payment method
    by_requester: bool = False

    @property
    def at(self):
        return _at(self.day, self.hour)


def plan_steps(rng, *, scheme, amount, has_partner, target, requested_on, today, reach=False):
    """The decisions that take a request towards `target`, on plausible days, stopping at today; with `reach`,
    steps that would fall after today happen today instead, so that the target is reached."""

    def later(day, low, high):
        day += datetime.timedelta(days=rng.randint(low, high))
        return min(day, today) if reach else day

    steps = []
    if target == AidStatus.REQUESTED:
        return steps
    decided = later(requested_on, 2, 20)
    if decided > today:
        return steps
    if target == AidStatus.CANCELLED and rng.random() < 0.6:
        return [Step("cancel", decided, 11, rng.choice(CANCEL_REASONS), by_requester=True)]
    if target == AidStatus.ADJOURNED or rng.random() < 0.15:
        steps.append(Step("adjourn", decided, 10, rng.choice(ADJOURN_REASONS)))
        if target == AidStatus.ADJOURNED:
            return steps
        decided = later(decided, 5, 15)
        if decided > today:
            return steps
    if target == AidStatus.REFUSED:
        return [*steps, Step("refuse", decided, 14, rng.choice(REFUSE_REASONS))]
    if scheme.unit == SchemeUnit.EUROS and amount > 5000 and rng.random() < 0.2:
        amount = amount * 3 // 4 // 100 * 100
    steps.append(Step("grant", decided, 15, amount))
    if target == AidStatus.CANCELLED:
        cancelled = later(decided, 0, 5)
        if cancelled <= today:
            steps.append(Step("cancel", cancelled, 17, rng.choice(CANCEL_REASONS)))
        return steps
    paid_on = later(decided, 3, 25)
    if target == AidStatus.PAID and paid_on <= today:
        method = (
            PaymentMethod.TRANSFER_PARTNER
            if has_partner
            else rng.choice([PaymentMethod.TRANSFER_YOUTH, PaymentMethod.CHEQUE, PaymentMethod.VOUCHER])
        )
        if scheme.unit == SchemeUnit.TICKETS:
            method = PaymentMethod.VOUCHER
        steps.append(Step("pay", paid_on, 16, method))
    return steps


def apply_with_services(aid, steps, manager):
    """Run the steps through the workflow itself (mobility.services); a grant the envelope cannot cover stops."""
    for step in steps:
        if step.action == "cancel":
            by = aid.requested_by if step.by_requester else manager
            services.aid_request_cancel(aid_request=aid, by=by, reason=step.value, at=step.at)
        elif step.action == "adjourn":
            services.aid_request_adjourn(aid_request=aid, by=manager, reason=step.value, at=step.at)
        elif step.action == "refuse":
            services.aid_request_refuse(aid_request=aid, by=manager, reason=step.value, at=step.at)
        elif step.action == "grant":
            try:
                services.aid_request_grant(aid_request=aid, by=manager, amount=step.value, at=step.at)
            except services.EnvelopeExhausted:
                return
        elif step.action == "pay":
            services.aid_request_pay(aid_request=aid, by=manager, paid_on=step.day, method=step.value, at=step.at)


class EnvelopeBook:
    """The year's envelopes in memory, charged the way `services.aid_request_grant` charges them (its own
    envelope first, else the region's), then written back with one UPDATE per envelope."""

    def __init__(self, year):
        self.year = year
        self.envelopes = {}
        self.schemes = {}
        for envelope in Envelope.objects.filter(year=year).select_related("scheme"):
            self.envelopes[(envelope.scheme_id, envelope.mission_locale_id)] = envelope
        self.start = {pk: (e.amount_granted, e.amount_paid) for pk, e in self._by_pk().items()}

    def _by_pk(self):
        return {envelope.pk: envelope for envelope in self.envelopes.values()}

    def for_grant(self, scheme, mission_locale_id):
        return self.envelopes.get((scheme.pk, mission_locale_id)) or self.envelopes.get((scheme.pk, None))

    def charge(self, envelope, amount):
        units = envelope.units_for(amount)
        if envelope.amount_total < envelope.amount_granted + units:
            return False
        envelope.amount_granted += units
        return True

    def release(self, envelope, amount):
        envelope.amount_granted -= envelope.units_for(amount)

    def pay(self, envelope, amount):
        envelope.amount_paid += envelope.units_for(amount)

    def save(self):
        now = timezone.now()
        for pk, envelope in self._by_pk().items():
            granted, paid = self.start[pk]
            if (envelope.amount_granted, envelope.amount_paid) != (granted, paid):
                Envelope.objects.filter(pk=pk).update(
                    amount_granted=F("amount_granted") + envelope.amount_granted - granted,
                    amount_paid=F("amount_paid") + envelope.amount_paid - paid,
                    updated_at=now,
                )
        self.start = {pk: (e.amount_granted, e.amount_paid) for pk, e in self._by_pk().items()}


def apply_in_bulk(aid, steps, manager_id, book, events):
    """The same steps as `apply_with_services`, on a dict of AID_FIELDS and its events (rows of EVENT_FIELDS
    without the request's key), in memory."""
    status = AidStatus.REQUESTED
    scheme = aid["scheme"]
    envelope = None
    for step in steps:
        at = step.at
        if step.action == "cancel":
            if status == AidStatus.GRANTED:
                book.release(envelope, aid["amount_granted"])
            actor = aid["requested_by_id"] if step.by_requester else manager_id
            events.append((at, actor, status, AidStatus.CANCELLED, None, step.value))
            status = AidStatus.CANCELLED
        elif step.action == "adjourn":
            aid["decision_reason"] = step.value
            events.append((at, manager_id, status, AidStatus.ADJOURNED, None, step.value))
            status = AidStatus.ADJOURNED
        elif step.action == "refuse":
            aid.update(decided_by_id=manager_id, decided_at=at, decision_reason=step.value)
            events.append((at, manager_id, status, AidStatus.REFUSED, None, step.value))
            status = AidStatus.REFUSED
        elif step.action == "grant":
            envelope = book.for_grant(scheme, aid["mission_locale_id"])
            if envelope is None or not book.charge(envelope, step.value):
                break
            aid.update(
                envelope_id=envelope.pk,
                amount_granted=step.value,
                decided_by_id=manager_id,
                decided_at=at,
                decision_reason="",
            )
            events.append((at, manager_id, status, AidStatus.GRANTED, step.value, ""))
            status = AidStatus.GRANTED
        elif step.action == "pay":
            book.pay(envelope, aid["amount_granted"])
            aid.update(paid_on=step.day, payment_method=step.value)
            comment = f"{PaymentMethod(step.value).label}, le {step.day:%d/%m/%Y}"
            events.append((at, manager_id, status, AidStatus.PAID, aid["amount_granted"], comment))
            status = AidStatus.PAID
    aid["status"] = status


def _insert_aids(aids, events_by_aid):
    ids = reserve_ids(AidRequest, len(aids))
    insert_rows(
        AidRequest,
        ["id", *AID_FIELDS],
        [(pk, *(aid[name] for name in AID_FIELDS)) for pk, aid in zip(ids, aids, strict=True)],
    )
    insert_rows(
        AidRequestEvent,
        EVENT_FIELDS,
        [(pk, *event) for pk, events in zip(ids, events_by_aid, strict=True) for event in events],
    )


class Facts:
    """What eligibility needs to know about the sampled files of one mission locale, read in three queries, so
    that offers are computed in memory with the very rules of `eligibility` (through `YouthFacts`)."""

    def __init__(self, youth_ids, schemes_by_commune):
        self.situations, self.licences = {}, {}
        for chunk in _chunks(youth_ids, 1000):
            for youth_id, kind, start, end, pk in Situation.objects.filter(youth_id__in=chunk).values_list(
                "youth_id", "kind", "start_date", "end_date", "pk"
            ):
                self.situations.setdefault(youth_id, []).append((start, pk, kind, end))
            for youth_id, day, pk, licence in MobilityAssessment.objects.filter(youth_id__in=chunk).values_list(
                "youth_id", "date", "pk", "licence_status"
            ):
                self.licences.setdefault(youth_id, []).append((day, pk, licence))
        self.schemes_by_commune = schemes_by_commune

    def on(self, youth, day):
        """`eligibility.youth_facts(youth, day)` for a file without any aid request yet."""
        situations = [row for row in self.situations.get(youth.pk, []) if row[0] <= day]
        situation = max(situations, default=None)
        licences = [row for row in self.licences.get(youth.pk, []) if row[0] <= day]
        latest = max(licences, default=None)
        return YouthFacts(
            day=day,
            age=age_on(youth.birth_date, day),
            commune_name=youth.residence_commune.name,
            departement=youth.residence_commune.departement,
            situation=None if situation is None or (situation[3] is not None and situation[3] < day) else situation[2],
            licence_status=latest[2] if latest else None,
            requests=[],
            schemes_of_commune=self.schemes_by_commune.get(youth.residence_commune_id, set()),
        )


def _chunks(values, size):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def aids_for(candidates):
    """How many files of a mission locale get a demo request: about one in fifteen, at least a handful."""
    return min(
        len(candidates),
        max(len(STATUSES) + 2, len(candidates) // 4),
        max(AIDS_PER_MISSION_LOCALE, len(candidates) // FILES_PER_AID),
    )


def missions_through_workflow():
    """The missions locales whose first demo requests go through mobility.services: the demo logins' ones."""
    codes = {login.ml_code for login in DEMO_LOGINS if login.ml_code}
    return set(MissionLocale.objects.filter(code__in=codes).values_list("pk", flat=True))


def seed_aids(rng, staff_by_ml, managers, partners, transport, today):
    """Requests in every state for a sample of each mission locale's files, the first ones covering every status.

    In the demo logins' missions locales those first ones go through the workflow itself (mobility.services);
    the others, the bulk of a large demo, are built in memory with the same eligibility rules and the same
    decisions, their envelopes charged alike (for a given seed both ways give the same requests)."""
    year_start = today.replace(month=1, day=1)
    envelope_schemes = {}
    for scheme_id, ml_id in Envelope.objects.filter(year=today.year).values_list("scheme_id", "mission_locale_id"):
        envelope_schemes.setdefault(scheme_id, set()).add(ml_id)
    schemes = list(schemes_with_rules().order_by("name"))
    schemes_by_commune = {}
    for commune_id, scheme_id in AidScheme.communes.through.objects.values_list("commune_id", "aidscheme_id"):
        schemes_by_commune.setdefault(commune_id, set()).add(scheme_id)
    candidates_by_ml = {}
    for ml_id, pk in (
        Youth.objects.filter(mission_locale_id__in=list(staff_by_ml), first_contact_date__lte=today)
        .order_by("pk")
        .values_list("mission_locale_id", "pk")
    ):
        candidates_by_ml.setdefault(ml_id, []).append(pk)
    through_workflow = missions_through_workflow()
    created = 0
    targets = [value for value, _ in STATUSES]
    with Progress(sum(map(aids_for, candidates_by_ml.values())), "Demandes d'aide") as progress:
        for ml_id, candidates in sorted(candidates_by_ml.items()):
            manager = managers.get(ml_id)
            if manager is None:
                continue
            sample = rng.sample(candidates, aids_for(candidates))
            youths = Youth.objects.select_related("residence_commune", "referent").in_bulk(sample)
            facts = Facts(sample, schemes_by_commune)
            book, bulk, events_by_aid = None, [], []
            made = 0
            for youth_id in sample:
                youth = youths[youth_id]
                requested_on = _day_between(
                    rng, max(year_start, youth.first_contact_date), today - datetime.timedelta(days=1)
                )
                youth_facts = facts.on(youth, requested_on)
                offers = [
                    scheme
                    for scheme in schemes
                    if scheme.is_open_on(requested_on)
                    and scheme.code in SCHEME_WEIGHTS
                    and ({ml_id, None} & envelope_schemes.get(scheme.pk, set()))
                    and not eligibility(scheme, youth, requested_on, facts=youth_facts)
                ]
                progress.update()
                if not offers:
                    continue
                scheme = rng.choices(offers, weights=[SCHEME_WEIGHTS[offer.code] for offer in offers])[0]
                partner = None
                if scheme.code == "permis-apprentis":
                    partner = partners.get(ml_id)
                elif scheme.unit == SchemeUnit.TICKETS:
                    partner = transport
                requester = staff_by_ml[ml_id][0] if youth.referent_id is None else youth.referent
                amount = _amount(rng, scheme)
                justification = rng.choice(JUSTIFICATIONS[scheme.unit])
                idempotency_key, public_id = _key(rng), _key(rng)
                reach = made < len(targets)
                through = made < WORKFLOW_REQUESTS and ml_id in through_workflow
                target = targets[made] if reach else _weighted(rng, STATUSES)
                steps = plan_steps(
                    rng,
                    scheme=scheme,
                    amount=amount,
                    has_partner=partner is not None,
                    target=target,
                    requested_on=requested_on,
                    today=today,
                    reach=reach,
                )
                made += 1
                created += 1
                if through:
                    aid, _ = services.aid_request_create(
                        youth=youth,
                        scheme=scheme,
                        amount=amount,
                        requested_by=requester,
                        justification=justification,
                        idempotency_key=idempotency_key,
                        partner=partner,
                        day=requested_on,
                        at=_at(requested_on, 9),
                    )
                    # Public identifiers from the seed too, so that a given seed always gives the same URLs.
                    AidRequest.objects.filter(pk=aid.pk).update(public_id=public_id)
                    apply_with_services(aid, steps, manager)
                    continue
                if eligibility(scheme, youth, requested_on, amount, receives_rsa=False, facts=youth_facts):
                    continue  # the amount passes a ceiling: the workflow would refuse it at submission
                if book is None:
                    book = EnvelopeBook(today.year)  # after this mission locale's requests through the workflow
                aid = dict.fromkeys(AID_FIELDS)
                aid.update(
                    public_id=public_id,
                    idempotency_key=idempotency_key,
                    youth_id=youth.pk,
                    mission_locale_id=ml_id,
                    scheme_id=scheme.pk,
                    scheme=scheme,
                    amount=amount,
                    partner_id=partner.pk if partner else None,
                    justification=justification,
                    requested_on=requested_on,
                    requested_by_id=requester.pk,
                    decision_reason="",
                    payment_method="",
                )
                events = [(_at(requested_on, 9), requester.pk, "", AidStatus.REQUESTED, amount, "")]
                apply_in_bulk(aid, steps, manager.pk, book, events)
                bulk.append(aid)
                events_by_aid.append(events)
            if bulk:
                _insert_aids(bulk, events_by_aid)
                book.save()
    return created


def size_envelopes(rng, year):
    """Bring each envelope with granted aids to a total it half to four-fifths uses: bars worth looking at."""
    for envelope in Envelope.objects.filter(year=year, amount_granted__gt=0):
        wanted = envelope.amount_granted / rng.uniform(0.45, 0.8)
        step = 10_000 if envelope.unit == SchemeUnit.EUROS else 10
        envelope.amount_total = max(envelope.amount_granted, int(math.ceil(wanted / step) * step))
        envelope.save(update_fields=["amount_total", "updated_at"])
    for envelope in Envelope.objects.filter(year=year, amount_granted=0):
        envelope.amount_total = {SchemeUnit.EUROS: 500_000, SchemeUnit.TICKETS: 500, SchemeUnit.PLACES: 10}[
            envelope.unit
        ]
        envelope.save(update_fields=["amount_total", "updated_at"])


def seed_mobility(rng, options, say):
    if not Youth.objects.exists():
        say("Mobilité : aucun jeune, rien à créer.")
        return
    if MobilityAssessment.objects.exists() or AidRequest.objects.exists():
        say("Mobilité : bilans et aides déjà présents, rien de plus n'est créé.")
        return
    today = timezone.localdate()
    ensure_managers(rng, say)
    partners, transport = ensure_partners()
    youth_count = Youth.objects.count()
    envelopes = ensure_envelopes(today.year, scale=max(1, youth_count // 2000))
    staff_by_ml, managers = {}, {}
    for member in StaffMember.objects.select_related("user").order_by("pk"):
        staff_by_ml.setdefault(member.mission_locale_id, []).append(member)
        if member.is_manager:
            managers.setdefault(member.mission_locale_id, member)
    assessments, refusals = seed_profiles(rng, staff_by_ml, today, youth_count)
    aids = seed_aids(rng, staff_by_ml, managers, partners, transport, today)
    size_envelopes(rng, today.year)
    counts = dict(AidRequest.objects.order_by().values_list("status").annotate(n=Count("id")))
    detail = ", ".join(f"{label} : {counts.get(status, 0)}" for status, label in AidStatus.choices)
    say(
        f"Mobilité : {assessments} bilans, {refusals} refus d'offres, {envelopes} enveloppes {today.year}, "
        f"{aids} demandes d'aide ({detail})."
    )
