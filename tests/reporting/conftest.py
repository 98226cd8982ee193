import datetime

import pytest
from django.core.cache import cache

from missions.enums import Departement
from mobility.enums import LicenceStatus, PublicTransportUse, Vehicle
from tests.missions.factories import MissionLocaleFactory, SiteFactory
from tests.mobility.factories import MobilityAssessmentFactory
from tests.youths.factories import ContactFactory, YouthFactory
from youths.enums import DiplomaLevel, Housing, Sex, YouthStatus


@pytest.fixture(autouse=True)
def empty_cache():
    """The dashboard keeps live figures in the cache: every test starts without them."""
    cache.clear()
    yield
    cache.clear()


def youth_with_contacts(ml, contacts, **fields):
    youth = YouthFactory(mission_locale=ml, **fields)
    for day in contacts:
        ContactFactory(youth=youth, date=day)
    return youth


def assessment(youth, day, licence, vehicle, transport):
    return MobilityAssessmentFactory(
        youth=youth, date=day, licence_status=licence, vehicle=vehicle, public_transport_use=transport
    )


@pytest.fixture
def population_2025(db):
    """Seven young people in three missions locales, each an edge of a definition; the expected figures of 2025,
    counted by hand, are in tests/reporting/test_live.py.

    Nord: A (two active sites and an inactive one), C (contacts only in 2024). Pas-de-Calais: B (one site).
    """
    d = datetime.date
    a = MissionLocaleFactory(name="Mission locale A", departement=Departement.NORD)
    b = MissionLocaleFactory(name="Mission locale B", departement=Departement.PAS_DE_CALAIS)
    c = MissionLocaleFactory(name="Mission locale C", departement=Departement.NORD)
    SiteFactory(mission_locale=a, kind="siege")
    SiteFactory(mission_locale=a)
    SiteFactory(mission_locale=a, is_active=False)
    SiteFactory(mission_locale=b, kind="siege")
    SiteFactory(mission_locale=c, kind="siege")
    common = {"diploma_level": DiplomaLevel.CAP_BEP, "housing": Housing.PARENTS, "lives_in_priority_area": False}

    # 1. A man, minor on 31 December (born mid-2008), no diploma, in a ZUS, first welcomed in 2025. Two
    #    assessments: the later one (licence B, car, regular bus) is his profile.
    y1 = youth_with_contacts(
        a,
        [d(2025, 3, 1), d(2025, 5, 1)],
        **{**common, "diploma_level": DiplomaLevel.NONE, "lives_in_priority_area": True},
        sex=Sex.MALE,
        birth_date=d(2008, 6, 1),
        first_contact_date=d(2025, 3, 1),
    )
    assessment(y1, d(2024, 12, 1), LicenceStatus.NONE, Vehicle.NONE, PublicTransportUse.NEVER)
    assessment(y1, d(2025, 6, 1), LicenceStatus.LICENCE_B, Vehicle.CAR, PublicTransportUse.REGULAR)

    # 2. A woman 18 on 31 December 2025 exactly (not a minor), in her own housing, welcomed in 2023; her only
    #    assessment is of January 2026: no profile at the end of 2025.
    y2 = youth_with_contacts(
        a,
        [d(2025, 11, 30)],
        **{**common, "housing": Housing.OWN},
        sex=Sex.FEMALE,
        birth_date=d(2007, 12, 31),
        first_contact_date=d(2023, 1, 10),
    )
    assessment(y2, d(2026, 1, 15), LicenceStatus.LICENCE_B, Vehicle.CAR, PublicTransportUse.REGULAR)

    # 3. A man 18 on 1 January 2026 (still a minor on 31 December), no diploma, seen on 1 January 2025. Two
    #    assessments on the same day: the one typed last (nothing at all) wins over the first.
    y3 = youth_with_contacts(
        a,
        [d(2024, 5, 1), d(2025, 1, 1)],
        **{**common, "diploma_level": DiplomaLevel.NONE},
        sex=Sex.MALE,
        birth_date=d(2008, 1, 1),
        first_contact_date=d(2024, 5, 1),
    )
    assessment(
        y3, d(2025, 2, 1), LicenceStatus.LICENCE_B, Vehicle.MOTORISED_TWO_WHEELER, PublicTransportUse.OCCASIONAL
    )
    assessment(y3, d(2025, 2, 1), LicenceStatus.OTHER, Vehicle.NONE, PublicTransportUse.NEVER)

    # 4. A woman welcomed on 31 December 2025, in a ZUS, in her own housing: a suspended licence and a bicycle,
    #    never the bus (no licence, no motorised vehicle, but a means of transport).
    y4 = youth_with_contacts(
        b,
        [d(2025, 12, 31)],
        **{**common, "diploma_level": DiplomaLevel.HIGHER, "housing": Housing.OWN, "lives_in_priority_area": True},
        sex=Sex.FEMALE,
        birth_date=d(2000, 5, 5),
        first_contact_date=d(2025, 12, 31),
    )
    assessment(y4, d(2025, 12, 31), LicenceStatus.SUSPENDED, Vehicle.BICYCLE, PublicTransportUse.NEVER)

    # 5. Contacts on 31 December 2024 and 1 January 2026 only: not in contact in 2025, counts nowhere.
    y5 = youth_with_contacts(
        b,
        [d(2024, 12, 31), d(2026, 1, 1)],
        **{**common, "housing": Housing.OWN},
        sex=Sex.MALE,
        birth_date=d(2006, 1, 1),
        first_contact_date=d(2024, 12, 31),
    )
    assessment(y5, d(2025, 3, 3), LicenceStatus.LICENCE_B, Vehicle.CAR, PublicTransportUse.REGULAR)

    # 6. Mission locale C: contacts in 2024 only.
    youth_with_contacts(
        c, [d(2024, 6, 6)], **common, sex=Sex.MALE, birth_date=d(2003, 3, 3), first_contact_date=d(2024, 6, 6)
    )

    # 7. An anonymised file keeps its statistical fields and counts: a man welcomed in 2025 with access to a
    #    shared car (a means of transport, not his own), never the bus.
    y7 = youth_with_contacts(
        b,
        [d(2025, 2, 2)],
        **common,
        sex=Sex.MALE,
        birth_date=d(2001, 1, 1),
        first_contact_date=d(2025, 2, 2),
        status=YouthStatus.ANONYMISED,
    )
    assessment(y7, d(2025, 2, 2), LicenceStatus.THEORY_PASSED, Vehicle.SHARED, PublicTransportUse.NEVER)
    return {"a": a, "b": b, "c": c}
