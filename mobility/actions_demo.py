"""Demo collective actions: in every mission locale, mobility and orientation workshops and information sessions
over the last six months and the next two; an inter-ML "Olympiades de la mobilité" and two European mobilities.

Past sessions have their attendance taken, each presence a workshop contact of the young person's timeline;
coming ones have registrations, full ones a waiting list, and a few cancellations. After a past mobility workshop,
some of those who came have a new mobility assessment showing a wider distance or a step towards the licence, so
that the workshop's impact shows on its page.

Written for volume like the other demo steps: registrations, contacts and assessments are built in memory and
bulk-inserted, so that a region's worth (120,000 files) takes seconds. Deterministic for a given seed; a second run
adds nothing.
"""

import datetime

from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone

from missions.enums import StaffRole
from missions.models import MissionLocale, Site, StaffMember
from youths.enums import ContactKind, YouthStatus
from youths.models import Contact, Youth

from .action_services import MAX_CONTACT_MINUTES
from .actions import ActionSession, CollectiveAction, EuropeanMobility, Registration
from .enums import (
    ACTION_DEFAULT_THEMES,
    LICENCE_STEPS,
    ActionKind,
    Attendance,
    Country,
    EuropeanOutcome,
    EuropeanProgramme,
    RegistrationStatus,
)
from .models import MobilityAssessment

BATCH = 2000
PAST_DAYS = 180
COMING_DAYS = 60
YOUTHS_PER_SESSION = 150  # one session for so many files of a mission locale…
MIN_SESSIONS, MAX_SESSIONS = 3, 36  # …within these bounds
ATTENDANCE = [(Attendance.PRESENT, 75), (Attendance.ABSENT, 15), (Attendance.EXCUSED, 10)]
FOLLOW_UP_SHARE = 0.5  # of those who came to a mobility workshop, with a newer assessment after it

WORKSHOPS = [
    (
        ActionKind.MOBILITY_WORKSHOP,
        "Atelier mobilité : se repérer et se déplacer sur le territoire",
        "Lire un plan de réseau, calculer un trajet domicile-travail, connaître les aides au permis et aux "
        "transports. Deux heures et demie, en petit groupe.",
        "Région Nord-Pas-de-Calais",
    ),
    (
        ActionKind.ORIENTATION_WORKSHOP,
        "Atelier orientation : les métiers qui recrutent près de chez soi",
        "Découvrir les secteurs qui embauchent sur le bassin d'emploi, préparer une visite d'entreprise.",
        "",
    ),
    (
        ActionKind.INFORMATION_SESSION,
        "Information collective : l'apprentissage, comment ça marche",
        "Contrat, rémunération, aides au transport et au logement des apprentis ; questions-réponses.",
        "",
    ),
]
REASONS = ["A trouvé un emploi.", "Rendez-vous médical ce jour-là.", "Entre en formation.", ""]
FACILITATORS = ["Conseillère emploi-mobilité", "Conseiller référent mobilité", "Plateforme mobilité du territoire"]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _weekday(day):
    """The same day, or the Monday after a weekend."""
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Builder:
    """Collects the rows of the demo in memory, then writes them in bulk."""

    def __init__(self, rng, today):
        self.rng = rng
        self.today = today
        self.now = timezone.now()
        self.sessions = []  # (ActionSession, [mission locale ids registering])
        self.counts = {"actions": 0, "past": 0, "upcoming": 0}

    def action(self, *, kind, title, description, funder, ml, creator, others=()):
        action = CollectiveAction.objects.create(
            kind=kind,
            title=title,
            description=description,
            funder=funder,
            themes=ACTION_DEFAULT_THEMES[kind],
            mission_locale=ml,
            created_by=creator,
            created_at=self.now,
        )
        if others:
            action.other_mission_locales.set(others)
        self.counts["actions"] += 1
        return action

    def session(
        self, action, *, starts_at, ends_at, site, capacity, facilitator, registering, address="", showcase=False
    ):
        """`showcase`: a coming session that is full, with a waiting list and a cancellation, whatever the dice."""
        day = timezone.localdate(starts_at)
        deadline = day - datetime.timedelta(days=2)
        if deadline < self.today <= day:  # a session within two days still takes registrations
            deadline = day
        session = ActionSession(
            action=action,
            starts_at=starts_at,
            ends_at=ends_at,
            site=site,
            address="" if site else address,
            facilitator=facilitator,
            capacity=capacity,
            registration_deadline=deadline,
        )
        self.sessions.append((session, registering, showcase))
        self.counts["past" if starts_at <= self.now else "upcoming"] += 1
        return session


def plan_workshops(builder, ml, sites, staff, pool_size):
    rng = builder.rng
    count = max(MIN_SESSIONS, min(MAX_SESSIONS, pool_size // YOUTHS_PER_SESSION))
    actions = [
        builder.action(kind=kind, title=title, description=description, funder=funder, ml=ml, creator=staff[0])
        for kind, title, description, funder in WORKSHOPS
    ]
    showcased = False
    for index in range(count):
        action = actions[index % len(actions)]
        # Spread over the period, past sessions first; at least one coming session per action.
        offset = -PAST_DAYS + (PAST_DAYS + COMING_DAYS) * (index + 0.5) / count
        day = _weekday(builder.today + datetime.timedelta(days=int(offset) + rng.randint(-3, 3)))
        starts_at = _at(day, 9, 30) if rng.random() < 0.5 else _at(day, 14)
        showcase = not showcased and starts_at > builder.now
        showcased = showcased or showcase
        builder.session(
            action,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2, minutes=30),
            site=rng.choice(sites) if sites else None,
            address="" if sites else f"Salle des fêtes, {ml.seat_commune.name}",
            capacity=rng.choice((8, 10, 12, 12, 15)),
            facilitator=rng.choice(FACILITATORS),
            registering=[ml.pk],
            showcase=showcase,
        )


def plan_regional(builder, missions, sites_by_ml, staff_by_ml):
    """The Olympiades (inter-ML, led by the Boulonnais) and two European mobilities."""
    rng = builder.rng
    by_code = {ml.code: ml for ml in missions}
    lead = by_code.get("ML-BOULONNAIS") or missions[0]
    partners = [ml for ml in missions if ml.pk != lead.pk and staff_by_ml.get(ml.pk)]
    chosen = [ml for ml in partners if ml.code == "ML-LILLE"]
    chosen += rng.sample([ml for ml in partners if ml not in chosen], min(3, len(partners) - len(chosen)))
    if chosen and staff_by_ml.get(lead.pk):
        olympiades = builder.action(
            kind=ActionKind.INTER_ML_EVENT,
            title="Olympiades de la mobilité",
            description="Deux jours d'épreuves par équipes entre missions locales : rallye en transports en commun, "
            "code de la route, orientation sur carte, vélo.",
            funder="Région Nord-Pas-de-Calais, Fonds social européen",
            ml=lead,
            creator=staff_by_ml[lead.pk][0],
            others=chosen,
        )
        registering = [lead.pk, *(ml.pk for ml in chosen)]
        site = next(iter(sites_by_ml.get(lead.pk, [])), None)
        for offset in (-75, 40):
            day = _weekday(builder.today + datetime.timedelta(days=offset))
            builder.session(
                olympiades,
                starts_at=_at(day, 9),
                ends_at=_at(day + datetime.timedelta(days=1), 17),
                site=site,
                address=f"Stade municipal, {lead.seat_commune.name}",
                capacity=12 * len(registering),
                facilitator="Équipes des missions locales participantes",
                registering=registering,
            )
    for ml, offset, country, city, outcome in (
        (lead, -120, Country.ES, "Valence", EuropeanOutcome.COMPLETED),
        (by_code.get("ML-LILLE") or lead, 30, Country.DE, "Dortmund", EuropeanOutcome.PLANNED),
    ):
        if not staff_by_ml.get(ml.pk):
            continue
        departure = builder.today + datetime.timedelta(days=offset)
        back = departure + datetime.timedelta(days=27)
        action = builder.action(
            kind=ActionKind.EUROPEAN_MOBILITY,
            title=f"Stage en entreprise à {city}",
            description="Quatre semaines de stage en entreprise, préparées par des ateliers de langue et un "
            "accompagnement au départ.",
            funder="Erasmus+",
            ml=ml,
            creator=staff_by_ml[ml.pk][0],
        )
        EuropeanMobility.objects.create(
            action=action,
            destination_country=country,
            destination_city=city,
            programme=EuropeanProgramme.ERASMUS_PLUS,
            departure_date=departure,
            return_date=back,
            outcome=outcome,
            outcome_details="Tout le groupe est allé au bout du stage ; deux jeunes ont une promesse d'embauche."
            if outcome == EuropeanOutcome.COMPLETED
            else "",
        )
        builder.session(
            action,
            starts_at=_at(departure, 8),
            ends_at=_at(back, 20),
            site=None,
            address=f"Départ en car depuis {ml.seat_commune.name}",
            capacity=10,
            facilitator="Chargée de mobilité internationale",
            registering=[ml.pk],
        )


def split(capacity, parts):
    """Places shared among the missions locales registering: equal shares, the rest to the first."""
    share = capacity // parts
    return [share + (capacity - share * parts if index == 0 else 0) for index in range(parts)]


def register_everyone(builder, pools, staff_by_ml):
    """Registrations of every planned session, with attendance and contacts for the past ones.

    A waiting list only forms on a session whose places are all taken; a few coming sessions have one."""
    rng, now = builder.rng, builder.now
    registrations, contacts = [], []
    for session, registering, showcase in builder.sessions:
        day, past = session.day, session.starts_at <= now
        full = showcase or (not past and rng.random() < 0.4)
        planned = []
        for ml_id, share in zip(registering, split(session.capacity, len(registering)), strict=True):
            if past:
                wanted = max(1, share - rng.randint(0, 2))
            elif full:
                wanted = share
            else:
                wanted = max(1, int(share * rng.uniform(0.4, 0.9)))
            extra = (rng.randint(1, 3) if full else 0) + (1 if showcase or (not past and rng.random() < 0.3) else 0)
            pool = pools.get(ml_id, [])
            candidates = [
                youth
                for youth in rng.sample(pool, min(len(pool), 3 * (wanted + extra) + 3))
                if youth[1] <= day and (past or youth[2] == YouthStatus.ACTIVE)
            ][: wanted + extra]
            planned.append((ml_id, wanted, candidates))
        taken = sum(min(wanted, len(candidates)) for _, wanted, candidates in planned)
        position = order = 0
        created_at = _at(min(day, builder.today) - datetime.timedelta(days=rng.randint(3, 20)), 10)
        for ml_id, wanted, candidates in planned:
            for rank, (youth_id, _, _, referent_id) in enumerate(candidates):
                counsellor_id = referent_id or staff_by_ml[ml_id][0].pk
                registration = Registration(
                    session=session,
                    youth_id=youth_id,
                    registered_by_id=counsellor_id,
                    created_at=created_at + datetime.timedelta(minutes=order),
                )
                if rank < wanted:
                    if past:
                        registration.attendance = _weighted(rng, ATTENDANCE)
                        registration.attendance_recorded_at = session.ends_at
                        registration.attendance_recorded_by_id = counsellor_id
                        if registration.attendance == Attendance.PRESENT:
                            registration.contact = build_contact(session, youth_id, counsellor_id, ml_id)
                            contacts.append(registration.contact)
                elif rank == len(candidates) - 1 and (showcase or rng.random() < 0.5):  # one who cancelled
                    registration.status = RegistrationStatus.CANCELLED
                    registration.cancelled_at = registration.created_at + datetime.timedelta(days=1)
                    registration.cancelled_by_id = counsellor_id
                    registration.cancellation_reason = rng.choice(REASONS)
                elif taken >= session.capacity:
                    position += 1
                    registration.status = RegistrationStatus.WAITING
                    registration.position = position
                else:
                    continue
                order += 1
                registrations.append(registration)
    Contact.objects.bulk_create(contacts, batch_size=BATCH)
    Registration.objects.bulk_create(registrations, batch_size=BATCH)
    return registrations, contacts


def build_contact(session, youth_id, counsellor_id, ml_id):
    action = session.action
    duration = session.duration_minutes
    site = session.site
    return Contact(
        youth_id=youth_id,
        date=session.day,
        kind=ContactKind.WORKSHOP,
        themes=list(action.themes),
        site_id=site.pk if site is not None and site.mission_locale_id == ml_id else None,
        counsellor_id=counsellor_id,
        duration_minutes=duration if duration <= MAX_CONTACT_MINUTES else None,
        notes=f"Action collective « {action.title} ».",
    )


def refresh_files(youth_ids, today):
    """The last contact date of the files that got a workshop contact; a dormant one with a recent contact wakes."""
    latest = (
        Contact.objects.filter(youth_id=OuterRef("pk"))
        .order_by()
        .values("youth_id")
        .annotate(last=Max("date"))
        .values("last")
    )
    ids = sorted(youth_ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        Youth.objects.filter(pk__in=batch).update(last_contact_date=Subquery(latest))
        Youth.objects.filter(
            pk__in=batch, status=YouthStatus.DORMANT, last_contact_date__gte=today - datetime.timedelta(days=180)
        ).update(status=YouthStatus.ACTIVE)


def follow_up_assessments(rng, registrations, today):
    """After a past mobility workshop, a new assessment for some of those who came, showing a step forward."""
    came = {}
    for registration in registrations:
        session = registration.session
        if (
            registration.attendance == Attendance.PRESENT
            and session.action.kind == ActionKind.MOBILITY_WORKSHOP
            and session.day + datetime.timedelta(days=7) <= today
        ):
            came.setdefault(registration.youth_id, registration)
    latest = {}
    for ids in (sorted(came)[start : start + BATCH] for start in range(0, len(came), BATCH)):
        for assessment in MobilityAssessment.objects.filter(youth_id__in=ids).order_by("youth_id", "-date", "-id"):
            latest.setdefault(assessment.youth_id, assessment)
    created = []
    for youth_id in sorted(came):
        registration, last = came[youth_id], latest.get(youth_id)
        day = registration.session.day
        if last is None or last.date > day or rng.random() >= FOLLOW_UP_SHARE:
            continue
        follow_up = MobilityAssessment(
            youth_id=youth_id,
            date=min(today, day + datetime.timedelta(days=rng.randint(7, 45))),
            licence_status=last.licence_status,
            vehicle=last.vehicle,
            public_transport_use=last.public_transport_use,
            has_transport_pass=last.has_transport_pass,
            accepted_distance_km=last.accepted_distance_km,
            accepted_travel_minutes=last.accepted_travel_minutes,
            mobility_constraints=last.mobility_constraints,
            recorded_by_id=registration.attendance_recorded_by_id,
        )
        on_the_road = last.licence_status in LICENCE_STEPS[:-1]
        if on_the_road and rng.random() < 0.5:
            follow_up.licence_status = LICENCE_STEPS[LICENCE_STEPS.index(last.licence_status) + 1]
        else:
            follow_up.accepted_distance_km = min(300, (last.accepted_distance_km or 10) + rng.choice((5, 10, 15, 20)))
        created.append(follow_up)
    MobilityAssessment.objects.bulk_create(created, batch_size=BATCH)
    return len(created)


def seed_actions(rng, options, say):
    if not Youth.objects.exists():
        say("Actions collectives : aucun jeune, rien à créer.")
        return
    if CollectiveAction.objects.exists():
        say("Actions collectives : déjà présentes, rien de plus n'est créé.")
        return
    today = timezone.localdate()
    staff_by_ml = {}
    for member in StaffMember.objects.order_by("pk"):
        staff_by_ml.setdefault(member.mission_locale_id, []).append(member)
    for members in staff_by_ml.values():  # counsellors first: they run the workshops
        members.sort(key=lambda member: (member.role == StaffRole.MANAGER, member.pk))
    sites_by_ml = {}
    for site in Site.objects.filter(is_active=True).order_by("pk"):
        sites_by_ml.setdefault(site.mission_locale_id, []).append(site)
    pools = {}
    for row in (
        Youth.objects.filter(status__in=[YouthStatus.ACTIVE, YouthStatus.DORMANT])
        .order_by("pk")
        .values_list("pk", "mission_locale_id", "first_contact_date", "status", "referent_id")
    ):
        pools.setdefault(row[1], []).append((row[0], row[2], row[3], row[4]))
    missions = [
        ml
        for ml in MissionLocale.objects.select_related("seat_commune").order_by("code")
        if staff_by_ml.get(ml.pk) and pools.get(ml.pk)
    ]
    if not missions:
        say("Actions collectives : aucune mission locale avec des jeunes et des conseillers, rien à créer.")
        return
    builder = Builder(rng, today)
    for ml in missions:
        plan_workshops(builder, ml, sites_by_ml.get(ml.pk, []), staff_by_ml[ml.pk], len(pools[ml.pk]))
    plan_regional(builder, missions, sites_by_ml, staff_by_ml)
    ActionSession.objects.bulk_create([session for session, _, _ in builder.sessions], batch_size=BATCH)
    registrations, contacts = register_everyone(builder, pools, staff_by_ml)
    refresh_files({contact.youth_id for contact in contacts}, today)
    assessments = follow_up_assessments(rng, registrations, today)
    by_status = {status: 0 for status in RegistrationStatus.values}
    by_attendance = {mark: 0 for mark in Attendance.values}
    for registration in registrations:
        by_status[registration.status] += 1
        if registration.attendance:
            by_attendance[registration.attendance] += 1
    say(
        f"Actions collectives : {builder.counts['actions']} actions, {len(builder.sessions)} sessions "
        f"({builder.counts['past']} passées, {builder.counts['upcoming']} à venir), {len(registrations)} inscriptions "
        f"({by_status['waiting']} en liste d'attente, {by_status['cancelled']} annulées), "
        f"{by_attendance['present']} présences devenues des contacts, {by_attendance['absent']} absences, "
        f"{by_attendance['excused']} absences excusées, {assessments} bilans de mobilité après un atelier."
    )
