"""Demo data: logins for each role; later apps register their own steps (young people, contacts, aids…).

Every step takes a `random.Random` seeded by `seed_demo --seed`, so a given seed always gives the same data.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from config.access import REGIONAL_GROUP

from .enums import SiteKind, StaffRole
from .models import MissionLocale, StaffMember

DEMO_PASSWORD = "demo-missions-locales"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    ml_code: str | None
    role: str | None
    description: str


DEMO_LOGINS = [
    DemoLogin(
        "conseillere.boulonnais",
        "Camille",
        "Lefebvre",
        "ML-BOULONNAIS",
        StaffRole.COUNSELLOR,
        "conseillère, Mission locale du Pays Boulonnais",
    ),
    DemoLogin(
        "direction.boulonnais",
        "Nadia",
        "Benali",
        "ML-BOULONNAIS",
        StaffRole.MANAGER,
        "direction, Mission locale du Pays Boulonnais",
    ),
    DemoLogin(
        "conseiller.boulonnais",
        "Julien",
        "Caron",
        "ML-BOULONNAIS",
        StaffRole.COUNSELLOR,
        "second conseiller, Mission locale du Pays Boulonnais",
    ),
    DemoLogin(
        "conseiller.lille",
        "Karim",
        "Dupont",
        "ML-LILLE",
        StaffRole.COUNSELLOR,
        "conseiller, Mission locale de Lille (une autre mission locale)",
    ),
    DemoLogin("region", "Sophie", "Martin", None, None, "équipe régionale (administration et chiffres)"),
]

_later_steps = []


def register_step(step):
    """`step(rng, options, say)` adds demo data of a later app; it must be idempotent for a given seed."""
    if step not in _later_steps:
        _later_steps.append(step)


def create_logins(say):
    User = get_user_model()
    regional_group = Group.objects.get(name=REGIONAL_GROUP)
    missions = {ml.code: ml for ml in MissionLocale.objects.prefetch_related("sites")}
    missing = {login.ml_code for login in DEMO_LOGINS if login.ml_code} - set(missions)
    if missing:
        raise LookupError(f"Missions locales absentes : {', '.join(sorted(missing))}. Lancez d'abord load_reference.")
    created = 0
    password_hash = None  # Argon2 takes half a second: hashed once, not once per login
    for login in DEMO_LOGINS:
        user, was_created = User.objects.get_or_create(
            username=login.username,
            defaults={
                "first_name": login.first_name,
                "last_name": login.last_name,
                "email": f"{login.username}@example.org",
            },
        )
        if was_created:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            created += 1
        if login.ml_code is None:
            user.is_staff = True
            user.save()
            user.groups.add(regional_group)
            continue
        user.save()
        ml = missions[login.ml_code]
        member, _ = StaffMember.objects.update_or_create(
            user=user, defaults={"mission_locale": ml, "role": login.role}
        )
        # A counsellor works at the siège and the first antenne; the manager sees every site.
        sites = sorted(ml.sites.all(), key=lambda site: (site.kind != SiteKind.SIEGE, site.name))
        member.sites.set(sites if login.role == StaffRole.MANAGER else sites[:2])
    say(f"Comptes de démonstration : {created} créé(s), {len(DEMO_LOGINS) - created} déjà présent(s).")
    return created


COLLEAGUE_FIRST_NAMES = "Isabelle Thierry Sandrine Olivier Nathalie Stéphane Céline Frédéric Aurélie Mickaël".split()
COLLEAGUE_LAST_NAMES = "Lemaire Vasseur Delattre Caron Wattelle Descamps Dubus Leclercq Hennebelle Dhainaut".split()


def create_colleagues(rng, say):
    """Counsellors of every mission locale, one per site (at least two), so that each file has a referent.

    They cannot log in (no usable password): only the demo logins above can.
    """
    User = get_user_model()
    missions = MissionLocale.objects.prefetch_related("sites", "staff")
    created = 0
    for ml in missions:
        sites = sorted(ml.sites.all(), key=lambda site: (site.kind != SiteKind.SIEGE, site.name))
        existing = len(ml.staff.all())
        for index in range(existing, max(2, len(sites))):
            username = f"conseil.{ml.code.lower().removeprefix('ml-')}.{index + 1}"
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": rng.choice(COLLEAGUE_FIRST_NAMES),
                    "last_name": rng.choice(COLLEAGUE_LAST_NAMES),
                },
            )
            if was_created:
                user.set_unusable_password()
                user.save()
                created += 1
            member, _ = StaffMember.objects.get_or_create(user=user, defaults={"mission_locale": ml})
            member.sites.set([sites[index % len(sites)]] if sites else [])
    say(f"Conseillers des missions locales (sans connexion) : {created} créé(s).")


def seed(rng, options, say):
    create_logins(say)
    create_colleagues(rng, say)
    for step in _later_steps:
        step(rng, options, say)
