import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from config.admin_site import REFUSED_MESSAGE
from missions.enums import StaffRole
from tests.missions.factories import RegionalUserFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-de-test"


def staff_flagged(role):
    member = StaffMemberFactory(role=role)
    member.user.is_staff = True
    member.user.save(update_fields=["is_staff"])
    return member.user


class TestAdminSite:
    @pytest.mark.parametrize("role", [StaffRole.COUNSELLOR, StaffRole.MANAGER])
    def test_a_mission_locale_member_flagged_staff_by_mistake_is_refused(self, client, role):
        user = staff_flagged(role)
        client.force_login(user)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert client.get(reverse("admin:missions_missionlocale_changelist")).status_code == 302

    def test_such_an_account_is_refused_at_the_admin_login_form(self, client):
        user = staff_flagged(StaffRole.COUNSELLOR)
        response = client.post(reverse("admin:login"), {"username": user.username, "password": PASSWORD})
        assert response.status_code == 200
        assert REFUSED_MESSAGE in response.content.decode().replace("&#x27;", "'")
        assert "_auth_user_id" not in client.session

    def test_regional_staff_get_in(self, client):
        regional = RegionalUserFactory()
        response = client.post(reverse("admin:login"), {"username": regional.username, "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse("admin:index")).status_code == 200

    def test_the_superuser_gets_in(self, client):
        superuser = get_user_model().objects.create_superuser("technique", "technique@example.org", "x" * 16)
        client.force_login(superuser)
        assert client.get(reverse("admin:index")).status_code == 200

    def test_regional_staff_without_the_staff_flag_are_refused(self, client):
        regional = RegionalUserFactory(is_staff=False)
        client.force_login(regional)
        assert client.get(reverse("admin:index")).status_code == 302

    def test_an_inactive_regional_account_is_refused(self, client):
        regional = RegionalUserFactory(is_active=False)
        client.force_login(regional)
        assert client.get(reverse("admin:index")).status_code == 302

    def test_a_plain_user_is_refused(self, client):
        client.force_login(UserFactory(is_staff=True))
        assert client.get(reverse("admin:index")).status_code == 302
