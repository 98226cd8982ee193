"""Demo young people, contacts and situations whose distributions follow DESIGN.md section 1.

Written for volume: rows are built in memory per batch of files and loaded with COPY on PostgreSQL (one
executemany on SQLite, see config/bulk.py), so the same code makes the quick demo (a thousand files in a second) and
a region's worth (120,000 files and about 1.2 million contacts in a few minutes, in bounded memory), with a progress
bar on stderr.
"""

import datetime
import uuid
from itertools import accumulate

from django.db.models import Count

from config.bulk import insert_rows, reserve_ids
from config.progress import Progress
from missions.demo import DEMO_LOGINS
from missions.models import MissionLocale, StaffMember
from missions.text import fold

from .enums import ContactKind, DiplomaLevel, Housing, Sex, SituationKind, Theme, YouthStatus
from .models import Contact, Situation, Youth, birth_date_bounds

LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia "
    "David Bertrand Roux Vincent Fournier Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François "
    "Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu "
    "Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire "
    "Duval Joly Gautier Roger Roche Roy Noël Meyer Lucas Meunier Jean Perez Marchand Dufour Blanchard Marie "
    "Barbier Brun Dumas Brunet Schmitt Leroux Colin Fernandez Pierre Renard Arnaud Rolland Caron Aubert "
    "Giraud Leclerc Vidal Bourgeois Renaud Lemoine Picard Gaillard Philippe Leclercq Lacroix Fabre Dupuis "
    "Olivier Rodriguez Da Silva Hubert Louis Charles Guillot Rivière Le Gall Guillaume Adam Rey Moulin Gonzalez "
    "Berger Lecomte Menard Fleury Deschamps Carpentier Julien Benoit Paris Maillard Marchal Aubry Vasseur "
    "Le Roux Renault Jacquet Collet Prévost Poirier Charpentier Royer Huet Baron Dupuy Pons Paul Laine "
    "Carré Breton Rémy Schneider Perrot Guyot Barre Marty Cousin Benali Haddad Mansouri Diallo Traoré Kaci "
    "Delattre Deleplanque Vandenbussche Dewaele Vanhove Delcroix Dhalluin Wattelle Lemaire Descamps Delannoy"
).split()
FIRST_NAMES = {
    Sex.FEMALE: (
        "Léa Manon Chloé Camille Emma Inès Sarah Jade Lina Clara Laura Océane Marie Anaïs Mélissa Justine Pauline "
        "Julie Amandine Morgane Élodie Margaux Yasmine Aya Nour Kenza Lucie Eva Zoé Maëlle Louna Lilou Ambre Assia"
    ).split(),
    Sex.MALE: (
        "Lucas Hugo Théo Thomas Nathan Enzo Louis Mathis Maxime Kevin Dylan Alexandre Antoine Quentin Julien "
        "Nicolas Romain Florian Mehdi Yanis Rayan Adam Karim Bilal Noah Jordan Anthony Valentin Corentin Ilyes Sofiane"
    ).split(),
}
DIPLOMAS = [
    (DiplomaLevel.NONE, 481),
    (DiplomaLevel.CAP_BEP, 262),
    (DiplomaLevel.BAC, 197),
    (DiplomaLevel.HIGHER, 60),
]
HOUSINGS = [
    (Housing.PARENTS, 560),
    (Housing.OWN, 200),
    (Housing.HOSTED, 160),
    (Housing.HOSTEL, 55),
    (Housing.NO_FIXED_HOME, 25),
]
CONTACT_KINDS = [
    (ContactKind.INTERVIEW, 50),
    (ContactKind.PHONE, 22),
    (ContactKind.MESSAGE, 12),
    (ContactKind.WORKSHOP, 7),
    (ContactKind.INFORMATION_SESSION, 4),
    (ContactKind.VISIT, 2),
    (ContactKind.PARTNER_INTERVIEW, 3),
]
SITUATIONS = [
    (SituationKind.JOBSEEKER, 40),
    (SituationKind.JOB, 20),
    (SituationKind.TRAINING, 15),
    (SituationKind.APPRENTICESHIP, 8),
    (SituationKind.IMMERSION, 7),
    (SituationKind.SCHOOL, 4),
    (SituationKind.NONE, 6),
]
NOTES = [
    "Projet : préparer le code de la route avant l'entrée en formation.",
    "Cherche un emploi dans la logistique ; pas de véhicule, horaires décalés difficiles.",
    "Orienté vers l'atelier mobilité du mois prochain.",
    "Point sur les démarches CAF et la complémentaire santé.",
    "Recherche d'un logement en FJT près du lieu de formation.",
    "Entretien d'embauche préparé ; relance de l'employeur la semaine prochaine.",
]
# Slightly above 4.3 %: a few files opened this year have no contact dated in the year counted.
MINOR_SHARE = 0.045
# 35,000 first contacts among 120,000 (29.2 %); minors welcomed after their 16th birthday add about one point.
FIRST_CONTACT_SHARE = 35_000 / 120_000 - 0.012
# Follow-up contacts in a year for a file followed all year. With the first welcome, and the files opened during the
# year, that makes about ten contacts per file: a region's 120,000 files hold about 1.2 million contacts.
FOLLOW_UPS_A_YEAR = 10.7
# A counsellor's portfolio: the demo logins get files first, up to this many, then their colleagues get the rest.
FULL_CASELOAD = 300
BATCH = 2_000
THEMES = list(Theme.values)
YOUTH_FIELDS = [
    "public_id",
    "mission_locale_id",
    "site_id",
    "referent_id",
    "last_name",
    "first_name",
    "search_name",
    "birth_date",
    "sex",
    "phone",
    "residence_commune_id",
    "lives_in_priority_area",
    "diploma_level",
    "housing",
    "legal_representative_name",
    "legal_representative_phone",
    "first_contact_date",
    "last_contact_date",
    "status",
]
CONTACT_FIELDS = ["youth_id", "date", "kind", "themes", "site_id", "counsellor_id", "duration_minutes", "notes"]
SITUATION_FIELDS = ["youth_id", "kind", "start_date", "end_date"]


class Weighted:
    """Values with weights, their cumulative sums computed once: `rng.choices` draws the same as with `weights`."""

    def __init__(self, pairs):
        self.values, weights = zip(*pairs, strict=True)
        self.cumulative = list(accumulate(weights))

    def draw(self, rng):
        return rng.choices(self.values, cum_weights=self.cumulative)[0]


DIPLOMA_CHOICE = Weighted(DIPLOMAS)
HOUSING_CHOICE = Weighted(HOUSINGS)
CONTACT_KIND_CHOICE = Weighted(CONTACT_KINDS)
SITUATION_CHOICE = Weighted(SITUATIONS)


def _allocate(total, missions):
    """Split `total` among missions locales in proportion to their number of sites (largest remainder)."""
    weights = {ml.pk: ml.site_count for ml in missions}
    whole = sum(weights.values()) or 1
    shares = {pk: total * weight / whole for pk, weight in weights.items()}
    counts = {pk: int(share) for pk, share in shares.items()}
    for pk in sorted(shares, key=lambda pk: shares[pk] - counts[pk], reverse=True)[: total - sum(counts.values())]:
        counts[pk] += 1
    return counts


def _random_date(rng, start, end):
    return start + datetime.timedelta(days=rng.randint(0, max((end - start).days, 0)))


class Referents:
    """Who follows the files of one mission locale: the demo logins (not their manager) eight times as often as
    their colleagues, until their caseload is full; then the colleagues share the rest."""

    def __init__(self, staff):
        self.members = [member.pk for member in staff]
        self.weights = [
            (0 if member.is_manager else 8) if member.user.has_usable_password() else 1 for member in staff
        ]
        # How many files each demo login (a weight of 8) follows so far.
        self.caseloads = {index: 0 for index, weight in enumerate(self.weights) if weight == 8}

    def pick(self, rng):
        if not self.members:
            return None
        if not any(self.weights):
            return rng.choice(self.members)
        index = rng.choices(range(len(self.members)), weights=self.weights)[0]
        if index in self.caseloads:
            self.caseloads[index] += 1
            if self.caseloads[index] >= FULL_CASELOAD:
                self.weights[index] = 0
        return self.members[index]


def build_youth(rng, ml, sites, referents, today):
    """One file, as a dict of YOUTH_FIELDS (its last contact and status follow from its contacts)."""
    sex = Sex.MALE if rng.random() < 0.516 else Sex.FEMALE
    if rng.random() < FIRST_CONTACT_SHARE:
        first_contact = _random_date(rng, today.replace(month=1, day=1), today)
    else:
        first_contact = _random_date(rng, today - datetime.timedelta(days=4 * 365), today.replace(month=1, day=1))
    if rng.random() < MINOR_SHARE:
        # Minors are 4.3 % of the young people in contact in a year, counted as under 18 on 31 December: born so
        # as to be 16 or 17 then, and first welcomed after their 16th birthday.
        year_end = today.replace(month=12, day=31)
        earliest, latest = birth_date_bounds(16, 17, year_end)
        birth_date = _random_date(
            rng, earliest, min(latest, today.replace(year=today.year - 16, day=min(today.day, 28)))
        )
        sixteenth = birth_date.replace(year=birth_date.year + 16, day=min(birth_date.day, 28))
        if first_contact < sixteenth:
            # Keep the year of the first welcome where the draw above put it, when the 16th birthday allows.
            january = today.replace(month=1, day=1)
            if first_contact >= january or sixteenth >= january:
                first_contact = _random_date(rng, max(sixteenth, january), today)
            else:
                first_contact = _random_date(rng, sixteenth, january - datetime.timedelta(days=1))
    else:
        # Most files were opened at 18 to 21, and stay adults' files.
        age_at_first = 18 + min(7, int(rng.triangular(0, 8, 1)))
        earliest, latest = birth_date_bounds(age_at_first, age_at_first, first_contact)
        birth_date = _random_date(rng, earliest, latest)
    site = rng.choice(sites)
    last_name, first_name = rng.choice(LAST_NAMES), rng.choice(FIRST_NAMES[sex])
    minor = (first_contact - birth_date).days < 18 * 365.25
    public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    referent_id = referents.pick(rng)
    return {
        "public_id": public_id,
        "mission_locale_id": ml.pk,
        "site_id": site.pk,
        "referent_id": referent_id,
        "last_name": last_name,
        "first_name": first_name,
        "search_name": fold(f"{last_name} {first_name}"),
        "birth_date": birth_date,
        "sex": sex,
        "phone": f"06{rng.randint(0, 99_999_999):08d}",
        "residence_commune_id": site.commune_id,
        "lives_in_priority_area": rng.random() < 0.172,
        "diploma_level": DIPLOMA_CHOICE.draw(rng),
        "housing": HOUSING_CHOICE.draw(rng),
        "legal_representative_name": f"{rng.choice(FIRST_NAMES[Sex.FEMALE])} {last_name}" if minor else "",
        "legal_representative_phone": f"03{rng.randint(0, 99_999_999):08d}" if minor else "",
        "first_contact_date": first_contact,
        "last_contact_date": None,
        "status": YouthStatus.ACTIVE,
    }


def build_contacts(rng, youth, site_ids, staff_ids, today):
    """About ten contacts over the last year, the first one on the first welcome; a few files go quiet.

    Rows of CONTACT_FIELDS without the file's key (it is known once the file is inserted).
    """
    days = [youth["first_contact_date"]]
    horizon = max(youth["first_contact_date"], today - datetime.timedelta(days=365))
    quiet_since = today - datetime.timedelta(days=rng.randint(100, 300)) if rng.random() < 0.15 else today
    # Fewer for a file opened a few weeks ago.
    share_of_year = min(1.0, (today - horizon).days / 365)
    for _ in range(max(0, round(rng.gauss(FOLLOW_UPS_A_YEAR, 3) * share_of_year))):
        day = _random_date(rng, horizon, quiet_since)
        if day >= youth["first_contact_date"]:
            days.append(day)
    referent_id = youth["referent_id"]
    contacts = []
    for index, day in enumerate(sorted(days)):
        kind = ContactKind.INTERVIEW if index == 0 else CONTACT_KIND_CHOICE.draw(rng)
        themes = sorted(set(rng.sample(THEMES, k=rng.randint(1, 3))))
        if rng.random() < 0.35 and Theme.MOBILITY not in themes:
            themes.append(Theme.MOBILITY)
        contacts.append(
            (
                day,
                kind,
                f",{','.join(themes)},",
                rng.choice(site_ids),
                (referent_id or rng.choice(staff_ids)) if staff_ids else referent_id,
                rng.choice((15, 30, 45, 45, 60, 90)),
                rng.choice(NOTES) if rng.random() < 0.3 else "",
            )
        )
    return contacts


def build_situations(rng, youth, today):
    """Zero to two situations, each ending the day before the next one starts: (kind, start, end) rows."""
    situations, start = [], youth["first_contact_date"]
    for _ in range(rng.choice((0, 1, 1, 2))):
        start = _random_date(rng, start, today)
        situations.append([SITUATION_CHOICE.draw(rng), start, None])
    for before, after in zip(situations, situations[1:], strict=False):
        before[2] = max(before[1], after[1] - datetime.timedelta(days=1))
    return situations


def _insert_batch(youths, contacts, situations):
    """The files with keys reserved beforehand, then their contacts and situations."""
    ids = reserve_ids(Youth, len(youths))
    insert_rows(
        Youth,
        ["id", *YOUTH_FIELDS],
        [(pk, *(youth[name] for name in YOUTH_FIELDS)) for pk, youth in zip(ids, youths, strict=True)],
    )
    insert_rows(Contact, CONTACT_FIELDS, [(pk, *row) for pk, own in zip(ids, contacts, strict=True) for row in own])
    insert_rows(
        Situation, SITUATION_FIELDS, [(pk, *row) for pk, own in zip(ids, situations, strict=True) for row in own]
    )


def seed_youths(rng, options, say):
    total = options.get("youths", 0)
    if Youth.objects.exists():
        say(f"Jeunes : {Youth.objects.count()} déjà présents, rien de plus n'est créé.")
        return
    if total == 0:
        return
    today = datetime.date.today()
    missions = list(MissionLocale.objects.annotate(site_count=Count("sites")).prefetch_related("sites"))
    staff_by_ml = {}
    for member in StaffMember.objects.select_related("user").order_by("pk"):
        staff_by_ml.setdefault(member.mission_locale_id, []).append(member)
    # The demo logins should open a living caseload: their missions locales get a tenth each first.
    demo_codes = {login.ml_code for login in DEMO_LOGINS if login.ml_code}
    boosted = {ml.pk: total // 10 for ml in missions if ml.code in demo_codes} if total >= 100 else {}
    counts = _allocate(total - sum(boosted.values()), missions)
    for pk, extra in boosted.items():
        counts[pk] += extra
    created_youths = created_contacts = 0
    with Progress(total, "Jeunes, contacts et situations") as progress:
        for ml in missions:
            sites = list(ml.sites.all())
            site_ids = [site.pk for site in sites]
            staff = staff_by_ml.get(ml.pk, [])
            staff_ids = [member.pk for member in staff]
            referents = Referents(staff)
            remaining = counts[ml.pk]
            while remaining > 0:
                size = min(BATCH, remaining)
                youths = [build_youth(rng, ml, sites, referents, today) for _ in range(size)]
                contacts, situations = [], []
                for youth in youths:
                    own = build_contacts(rng, youth, site_ids, staff_ids, today)
                    youth["last_contact_date"] = own[-1][0]
                    if (today - youth["last_contact_date"]).days > 180:
                        youth["status"] = YouthStatus.DORMANT
                    contacts.append(own)
                    situations.append(build_situations(rng, youth, today))
                _insert_batch(youths, contacts, situations)
                created_youths += size
                created_contacts += sum(len(own) for own in contacts)
                remaining -= size
                progress.update(size)
    say(f"Jeunes : {created_youths} dossiers et {created_contacts} contacts créés.")
