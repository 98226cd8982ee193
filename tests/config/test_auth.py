"""The authentication backend reads the user and their staff member (with the mission locale) in one query."""

import pytest

from config.access import staff_member_of
from config.auth import StaffMemberModelBackend

pytestmark = pytest.mark.django_db


def test_the_user_comes_with_their_staff_member_and_mission_locale(counsellor, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = StaffMemberModelBackend().get_user(counsellor.user.pk)
        staff = staff_member_of(user)
        assert staff == counsellor
        assert staff.mission_locale.name == counsellor.mission_locale.name
        assert staff.mission_locale.seat_commune.name


def test_a_user_without_staff_member_is_known_as_such_without_another_query(regional_user, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = StaffMemberModelBackend().get_user(regional_user.pk)
        assert staff_member_of(user) is None


def test_an_inactive_or_deleted_user_gets_no_session(counsellor):
    backend = StaffMemberModelBackend()
    counsellor.user.is_active = False
    counsellor.user.save()
    assert backend.get_user(counsellor.user.pk) is None
    assert backend.get_user(10**9) is None


def test_a_deactivated_account_is_logged_out_at_its_next_request(client, counsellor):
    client.force_login(counsellor.user)
    assert client.get("/jeunes/").status_code == 200
    counsellor.user.is_active = False
    counsellor.user.save()
    assert client.get("/jeunes/")["Location"].startswith("/connexion/")
