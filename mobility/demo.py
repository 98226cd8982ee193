"""Demo mobility data for the young people the youths step created: profiles, refused offers, envelopes of the
current year for every mission locale and the region, and aid requests in every state, decided through the
workflow itself (mobility.services), so that envelopes, events and ceilings are consistent.

Profiles and refusals are bulk-inserted for every file (the demo may hold a region's worth); aid requests are a
sample per mission locale (at most AIDS_PER_MISSION_LOCALE), since each goes through the workflow one by one.
Deterministic for a given seed; a second run adds nothing.
"""

import datetime
import math
import uuid

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from missions.enums import Departement, PartnerKind, StaffRole
from missions.models import MissionLocale, Partner, StaffMember
from youths.models import Youth, age_on

from . import services
from .eligibility import open_schemes_for
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
from .models import AidRequest, AidScheme, Envelope, JobRefusal, MobilityAssessment

BATCH = 2000
AIDS_PER_MISSION_LOCALE = 40
ASSESSED_SHARE = 0.7
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


def ensure_envelopes(year):
    """Envelopes of `year`: each mission locale's own for the departmental funds, the FIPJ and (in the
    metropolis) the bus tickets; regional ones for the apprentices' licence aid and European mobility.
    Generous at first; `size_envelopes` brings them to a realistic level once the demo aids are granted."""
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
            scheme=schemes[code], mission_locale=ml, year=year, defaults={"unit": unit, "amount_total": total}
        )
        created += was_created
    return created


def build_assessments(rng, youth, staff_id, today):
    """One to three assessments climbing the licence ladder; the latest follows the region's figures."""
    age = age_on(youth.birth_date, today)
    if age >= 18 and rng.random() < 0.467:
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
    transport = _weighted(
        rng, [(PublicTransportUse.REGULAR, 40), (PublicTransportUse.OCCASIONAL, 13), (PublicTransportUse.NEVER, 47)]
    )
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
            MobilityAssessment(
                youth_id=youth.pk,
                date=day,
                licence_status=licence,
                vehicle=vehicle if latest else (Vehicle.NONE if vehicle == Vehicle.CAR else vehicle),
                public_transport_use=transport,
                has_transport_pass=transport == PublicTransportUse.REGULAR and rng.random() < 0.6,
                accepted_distance_km=(distance + 10 * (vehicle == Vehicle.CAR)) if distance and latest else distance,
                accepted_travel_minutes=rng.choice((None, 20, 30, 45, 60)),
                mobility_constraints=constraints if latest else constraints[:1],
                recorded_by_id=staff_id,
            )
        )
    return assessments


def build_refusals(rng, youth, staff_id, communes, today):
    refusals = []
    for _ in range(rng.choice((1, 1, 2))):
        kind = RefusalKind.TRAINING if rng.random() < 0.25 else RefusalKind.OFFER
        reason = _weighted(rng, REFUSAL_REASONS)
        label = rng.choice(TRAININGS if kind == RefusalKind.TRAINING else OFFERS)
        refusals.append(
            JobRefusal(
                youth_id=youth.pk,
                date=_day_between(rng, max(youth.first_contact_date, today - datetime.timedelta(days=365)), today),
                label=f"{label}, {rng.choice(communes)}",
                kind=kind,
                reason=reason,
                distance_km=rng.randint(18, 65)
                if reason == RefusalReason.DISTANCE
                else rng.choice((None, None, 8, 12)),
                recorded_by_id=staff_id,
            )
        )
    return refusals


def seed_profiles(rng, youths, staff_by_ml, today):
    """Assessments and refused offers, bulk-inserted."""
    communes = ["Lesquin", "Roncq", "Seclin", "Arras", "Lens", "Dunkerque", "Valenciennes", "Calais", "Douai"]
    assessments, refusals, totals = [], [], [0, 0]
    for youth in youths:
        staff_id = youth.referent_id or staff_by_ml[youth.mission_locale_id][0].pk
        if rng.random() < ASSESSED_SHARE:
            assessments += build_assessments(rng, youth, staff_id, today)
        if rng.random() < REFUSAL_SHARE:
            refusals += build_refusals(rng, youth, staff_id, communes, today)
        if len(assessments) >= BATCH:
            totals[0] += len(MobilityAssessment.objects.bulk_create(assessments, batch_size=BATCH))
            assessments = []
        if len(refusals) >= BATCH:
            totals[1] += len(JobRefusal.objects.bulk_create(refusals, batch_size=BATCH))
            refusals = []
    totals[0] += len(MobilityAssessment.objects.bulk_create(assessments, batch_size=BATCH))
    totals[1] += len(JobRefusal.objects.bulk_create(refusals, batch_size=BATCH))
    return totals


def _amount(rng, scheme):
    if scheme.unit == SchemeUnit.EUROS and scheme.max_amount > scheme.default_amount:
        return min(scheme.max_amount, rng.choice((1, 1, 2, 3)) * scheme.default_amount // 100 * 100)
    return scheme.default_amount


def _move(rng, aid, target, manager, requested_on, today, reach=False):
    """Take a request towards `target` through the workflow, on plausible days, stopping at today; with `reach`,
    steps that would fall after today happen today instead, so that the target is reached."""

    def later(day, low, high):
        day += datetime.timedelta(days=rng.randint(low, high))
        return min(day, today) if reach else day

    if target == AidStatus.REQUESTED:
        return
    decided = later(requested_on, 2, 20)
    if decided > today:
        return
    if target == AidStatus.CANCELLED and rng.random() < 0.6:
        services.aid_request_cancel(
            aid_request=aid, by=aid.requested_by, reason=rng.choice(CANCEL_REASONS), at=_at(decided, 11)
        )
        return
    if target in (AidStatus.ADJOURNED,) or rng.random() < 0.15:
        services.aid_request_adjourn(
            aid_request=aid, by=manager, reason=rng.choice(ADJOURN_REASONS), at=_at(decided, 10)
        )
        if target == AidStatus.ADJOURNED:
            return
        decided = later(decided, 5, 15)
        if decided > today:
            return
    if target == AidStatus.REFUSED:
        services.aid_request_refuse(
            aid_request=aid, by=manager, reason=rng.choice(REFUSE_REASONS), at=_at(decided, 14)
        )
        return
    amount = aid.amount
    if aid.scheme.unit == SchemeUnit.EUROS and amount > 5000 and rng.random() < 0.2:
        amount = amount * 3 // 4 // 100 * 100
    try:
        services.aid_request_grant(aid_request=aid, by=manager, amount=amount, at=_at(decided, 15))
    except services.EnvelopeExhausted:
        return
    if target == AidStatus.CANCELLED:
        cancelled = later(decided, 0, 5)
        if cancelled > today:
            return
        services.aid_request_cancel(
            aid_request=aid,
            by=manager,
            reason=rng.choice(CANCEL_REASONS),
            at=_at(cancelled, 17),
        )
        return
    paid_on = later(decided, 3, 25)
    if target == AidStatus.PAID and paid_on <= today:
        method = (
            PaymentMethod.TRANSFER_PARTNER
            if aid.partner_id
            else rng.choice([PaymentMethod.TRANSFER_YOUTH, PaymentMethod.CHEQUE, PaymentMethod.VOUCHER])
        )
        if aid.scheme.unit == SchemeUnit.TICKETS:
            method = PaymentMethod.VOUCHER
        services.aid_request_pay(aid_request=aid, by=manager, paid_on=paid_on, method=method, at=_at(paid_on, 16))


def seed_aids(rng, youths_by_ml, staff_by_ml, managers, partners, transport, today):
    year_start = today.replace(month=1, day=1)
    envelope_schemes = {}
    for scheme_id, ml_id in Envelope.objects.filter(year=today.year).values_list("scheme_id", "mission_locale_id"):
        envelope_schemes.setdefault(scheme_id, set()).add(ml_id)
    created = 0
    for ml_id, youths in sorted(youths_by_ml.items()):
        manager = managers.get(ml_id)
        if manager is None:
            continue
        candidates = [youth for youth in youths if youth.first_contact_date <= today]
        sample = rng.sample(
            candidates, min(len(candidates), AIDS_PER_MISSION_LOCALE, max(len(STATUSES) + 2, len(candidates) // 4))
        )
        # The first requests of each mission locale cover every status; the others follow STATUSES.
        targets = [value for value, _ in STATUSES]
        made = 0
        for youth in sample:
            requested_on = _day_between(
                rng, max(year_start, youth.first_contact_date), today - datetime.timedelta(days=1)
            )
            offers = [
                row["scheme"]
                for row in open_schemes_for(youth, requested_on)
                if not row["reasons"]
                and row["scheme"].code in SCHEME_WEIGHTS
                and ({ml_id, None} & envelope_schemes.get(row["scheme"].pk, set()))
            ]
            if not offers:
                continue
            scheme = rng.choices(offers, weights=[SCHEME_WEIGHTS[offer.code] for offer in offers])[0]
            partner = None
            if scheme.code == "permis-apprentis":
                partner = partners.get(ml_id)
            elif scheme.unit == SchemeUnit.TICKETS:
                partner = transport
            requester = staff_by_ml[ml_id][0] if youth.referent_id is None else youth.referent
            aid, _ = services.aid_request_create(
                youth=youth,
                scheme=scheme,
                amount=_amount(rng, scheme),
                requested_by=requester,
                justification=rng.choice(JUSTIFICATIONS[scheme.unit]),
                idempotency_key=_key(rng),
                partner=partner,
                day=requested_on,
                at=_at(requested_on, 9),
            )
            # Public identifiers from the seed too, so that a given seed always gives the same URLs.
            aid.public_id = _key(rng)
            AidRequest.objects.filter(pk=aid.pk).update(public_id=aid.public_id)
            target = targets[made] if made < len(targets) else _weighted(rng, STATUSES)
            _move(rng, aid, target, manager, requested_on, today, reach=made < len(targets))
            made += 1
            created += 1
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
    envelopes = ensure_envelopes(today.year)
    staff_by_ml, managers = {}, {}
    for member in StaffMember.objects.select_related("user").order_by("pk"):
        staff_by_ml.setdefault(member.mission_locale_id, []).append(member)
        if member.is_manager:
            managers.setdefault(member.mission_locale_id, member)
    youths = list(
        Youth.objects.filter(mission_locale_id__in=list(staff_by_ml))
        .select_related("residence_commune", "referent")
        .order_by("pk")
    )
    assessments, refusals = seed_profiles(rng, youths, staff_by_ml, today)
    youths_by_ml = {}
    for youth in youths:
        youths_by_ml.setdefault(youth.mission_locale_id, []).append(youth)
    aids = seed_aids(rng, youths_by_ml, staff_by_ml, managers, partners, transport, today)
    size_envelopes(rng, today.year)
    counts = dict(AidRequest.objects.order_by().values_list("status").annotate(n=Count("id")))
    detail = ", ".join(f"{label} : {counts.get(status, 0)}" for status, label in AidStatus.choices)
    say(
        f"Mobilité : {assessments} bilans, {refusals} refus d'offres, {envelopes} enveloppes {today.year}, "
        f"{aids} demandes d'aide ({detail})."
    )
