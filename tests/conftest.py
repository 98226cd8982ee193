import io

import pytest
from django.core.management import call_command

from tests.missions.factories import RegionalUserFactory, SiteFactory, StaffMemberFactory


@pytest.fixture
def reference_data(db):
    """The region's real reference data, as `load_reference` loads it."""
    call_command("load_reference", stdout=io.StringIO())


@pytest.fixture
def counsellor(db):
    member = StaffMemberFactory()
    SiteFactory(mission_locale=member.mission_locale, kind="siege", name=f"Siège — {member.mission_locale.name}")
    return member


@pytest.fixture
def regional_user(db):
    return RegionalUserFactory()
