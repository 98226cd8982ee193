import datetime

import pytest

from missions.enums import Departement
from tests.missions.factories import CommuneFactory, MissionLocaleFactory, StaffMemberFactory
from tests.mobility.factories import AidSchemeFactory, EnvelopeFactory, ManagerFactory
from tests.youths.factories import YouthFactory


def birth_date_for(age, day=None, days_after_birthday=10):
    """A birth date giving `age` on `day` (today by default), the birthday `days_after_birthday` days before."""
    day = day or datetime.date.today()
    anchor = day - datetime.timedelta(days=days_after_birthday)
    try:
        return anchor.replace(year=anchor.year - age)
    except ValueError:
        return anchor.replace(year=anchor.year - age, day=28)


@pytest.fixture
def mission_locale(db):
    return MissionLocaleFactory(departement=Departement.NORD)


@pytest.fixture
def lille(db):
    return CommuneFactory(insee_code="59350", name="Lille", departement=Departement.NORD)


@pytest.fixture
def arras(db):
    return CommuneFactory(insee_code="62041", name="Arras", departement=Departement.PAS_DE_CALAIS)


@pytest.fixture
def staff(mission_locale):
    return StaffMemberFactory(mission_locale=mission_locale)


@pytest.fixture
def manager(mission_locale):
    return ManagerFactory(mission_locale=mission_locale)


@pytest.fixture
def youth(mission_locale, staff, lille):
    return YouthFactory(
        mission_locale=mission_locale, referent=staff, residence_commune=lille, birth_date=birth_date_for(20)
    )


@pytest.fixture
def scheme(db):
    return AidSchemeFactory(code="fdaj-test", name="FDAJ test", default_amount=15000, max_amount=40000)


@pytest.fixture
def envelope(scheme, mission_locale):
    return EnvelopeFactory(scheme=scheme, mission_locale=mission_locale, amount_total=100000)


@pytest.fixture
def workshop(mission_locale, staff):
    """A mobility workshop of the staff member's mission locale."""
    from tests.mobility.factories import CollectiveActionFactory

    return CollectiveActionFactory(mission_locale=mission_locale, created_by=staff, title="Atelier mobilité")


@pytest.fixture
def make_youths(mission_locale, staff, lille):
    """make_youths(n, ml=None): n young people of a mission locale (the staff member's by default)."""

    def make(count, ml=None, referent=None):
        ml = ml or mission_locale
        referent = referent or (staff if ml == mission_locale else StaffMemberFactory(mission_locale=ml))
        return [
            YouthFactory(mission_locale=ml, referent=referent, residence_commune=lille, birth_date=birth_date_for(20))
            for _ in range(count)
        ]

    return make
