"""Anonymising expired files must not change the yearly figures computed live from them (issue 7)."""

import datetime
import io

import pytest
from django.core.management import call_command

from reporting.figures import live_figures
from tests.missions.factories import MissionLocaleFactory, StaffMemberFactory
from tests.mobility.factories import MobilityAssessmentFactory
from tests.youths.factories import ContactFactory, YouthFactory
from youths.enums import YouthStatus
from youths.models import Youth

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
PAST_YEAR = TODAY.year - 3


def born(years_before_past_year_end, month, day):
    return datetime.date(PAST_YEAR - years_before_past_year_end, month, day)


def test_the_live_report_of_a_past_year_is_the_same_before_and_after():
    ml = MissionLocaleFactory(departement="62")
    member = StaffMemberFactory(mission_locale=ml)
    population = [
        # (birth date, sex, priority area, licence) — ages chosen around the 18th birthday on 31 December, so that
        # rounding the birth date to 1 July could move a minor if it were done wrongly.
        (born(17, 12, 30), "M", True, "none"),
        (born(17, 1, 2), "F", False, "none"),
        (born(18, 12, 31), "F", False, "licence_b"),
        (born(22, 3, 14), "M", False, "licence_b"),
        (born(23, 11, 5), "F", True, "theory_passed"),
    ]
    for birth, sex, zus, licence in population:
        youth = YouthFactory(
            mission_locale=ml,
            referent=member,
            birth_date=birth,
            sex=sex,
            lives_in_priority_area=zus,
            first_contact_date=datetime.date(PAST_YEAR, 2, 1),
            last_contact_date=datetime.date(PAST_YEAR, 10, 1),
        )
        ContactFactory(youth=youth, date=datetime.date(PAST_YEAR, 2, 1), notes="Note à effacer")
        ContactFactory(youth=youth, date=datetime.date(PAST_YEAR, 10, 1))
        MobilityAssessmentFactory(youth=youth, date=datetime.date(PAST_YEAR, 6, 1), licence_status=licence)
    before = live_figures(PAST_YEAR)
    assert before["youths_in_contact"] == 5
    assert before["indicators"]["minors"]["count"] == 2

    call_command("anonymize_expired", "--apply", stdout=io.StringIO())

    assert Youth.objects.filter(status=YouthStatus.ANONYMISED).count() == 5  # no contact for more than 2 years
    assert set(Youth.objects.values_list("birth_date__month", "birth_date__day")) == {(7, 1)}
    assert live_figures(PAST_YEAR) == before
