import datetime

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse

from config.security import client_ip_address
from tests.missions.factories import RegionalUserFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db

PASSWORD = "motdepasse-de-test"
OFFICE = "192.0.2.10"  # documentation addresses (RFC 5737): nothing is sent anywhere, they only fill REMOTE_ADDR
HOME = "198.51.100.20"


def attempt(client, username, password="faux", address=OFFICE, url=None, **headers):
    return client.post(
        url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def fail(client, username, times, **kwargs):
    """Wrong passwords: the login page again with its error, until the fifth locks the account from there."""
    statuses = [attempt(client, username, **kwargs).status_code for _ in range(times)]
    assert statuses == [200, 200, 200, 200, 429][:times]


def is_logged_in(response):
    return response.status_code == 302 and response["Location"] == reverse("home")


class TestLockout:
    def test_five_failures_lock_that_username_from_that_address(self, client):
        counsellor = StaffMemberFactory().user
        fail(client, counsellor.username, 5)
        response = attempt(client, counsellor.username, PASSWORD)
        assert response.status_code == 429
        html = response.content.decode()
        assert "Connexion bloquée" in html
        assert "après 5 mots de passe erronés" in html
        assert "pendant 15 minutes" in html
        assert "_auth_user_id" not in client.session

    def test_four_failures_do_not_lock(self, client):
        counsellor = StaffMemberFactory().user
        fail(client, counsellor.username, 4)
        assert is_logged_in(attempt(client, counsellor.username, PASSWORD))

    def test_a_colleague_at_the_same_address_still_logs_in(self, client):
        clumsy, colleague = StaffMemberFactory().user, StaffMemberFactory().user
        fail(client, clumsy.username, 5)
        assert attempt(client, clumsy.username, PASSWORD).status_code == 429
        assert is_logged_in(attempt(client, colleague.username, PASSWORD))

    def test_the_same_counsellor_from_another_address_still_logs_in(self, client):
        counsellor = StaffMemberFactory().user
        fail(client, counsellor.username, 5)
        assert is_logged_in(attempt(client, counsellor.username, PASSWORD, address=HOME))

    def test_a_forged_forwarded_for_header_does_not_reset_the_lockout(self, client):
        counsellor = StaffMemberFactory().user
        fail(client, counsellor.username, 5, HTTP_X_FORWARDED_FOR="203.0.113.1")
        for forged in ["203.0.113.2", "203.0.113.3, 203.0.113.4", OFFICE, HOME]:
            response = attempt(client, counsellor.username, PASSWORD, HTTP_X_FORWARDED_FOR=forged)
            assert response.status_code == 429, forged
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OFFICE}

    def test_failures_with_ever_changing_forwarded_for_headers_add_up(self, client):
        counsellor = StaffMemberFactory().user
        statuses = [
            attempt(client, counsellor.username, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}").status_code
            for number in range(5)
        ]
        assert statuses == [200, 200, 200, 200, 429]
        assert attempt(client, counsellor.username, PASSWORD).status_code == 429

    def test_the_lockout_ends_after_fifteen_minutes(self, client):
        counsellor = StaffMemberFactory().user
        fail(client, counsellor.username, 5)
        assert attempt(client, counsellor.username, PASSWORD).status_code == 429
        fourteen_minutes_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=14)
        AccessAttempt.objects.update(attempt_time=fourteen_minutes_ago)
        assert attempt(client, counsellor.username, PASSWORD).status_code == 429
        sixteen_minutes_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
        AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)
        assert is_logged_in(attempt(client, counsellor.username, PASSWORD))

    def test_a_successful_login_clears_earlier_failures(self, client):
        counsellor = StaffMemberFactory().user
        fail(client, counsellor.username, 4)
        assert is_logged_in(attempt(client, counsellor.username, PASSWORD))
        client.post(reverse("logout"))
        fail(client, counsellor.username, 4)
        assert is_logged_in(attempt(client, counsellor.username, PASSWORD))

    def test_the_admin_login_is_throttled_too(self, client):
        regional = RegionalUserFactory()
        admin_login = reverse("admin:login")
        statuses = [attempt(client, regional.username, url=admin_login).status_code for _ in range(5)]
        assert statuses == [200, 200, 200, 200, 429]
        response = attempt(client, regional.username, PASSWORD, url=admin_login)
        assert response.status_code == 429
        assert "Connexion bloquée" in response.content.decode()
        assert client.get(reverse("admin:index")).status_code == 302


class TestClientAddress:
    def request(self, forwarded_for=None):
        headers = {"REMOTE_ADDR": OFFICE}
        if forwarded_for is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
        return RequestFactory().post("/connexion/", **headers)

    def test_without_a_trusted_proxy_the_header_is_ignored(self, settings):
        assert settings.AXES_IPWARE_PROXY_COUNT == 0
        assert client_ip_address(self.request("203.0.113.1")) == OFFICE
        assert client_ip_address(self.request()) == OFFICE

    @override_settings(AXES_IPWARE_PROXY_COUNT=1)
    def test_behind_one_proxy_the_entry_it_wrote_counts(self):
        # The client may send any X-Forwarded-For; our proxy appends the address it saw, on the right.
        assert client_ip_address(self.request("203.0.113.1, 198.51.100.7")) == "198.51.100.7"
        assert client_ip_address(self.request("198.51.100.7")) == "198.51.100.7"

    @override_settings(AXES_IPWARE_PROXY_COUNT=2)
    def test_behind_two_proxies_the_second_entry_from_the_right_counts(self):
        assert client_ip_address(self.request("203.0.113.1, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"

    @override_settings(AXES_IPWARE_PROXY_COUNT=2)
    def test_a_header_shorter_than_the_proxy_chain_falls_back_to_the_peer_address(self):
        assert client_ip_address(self.request("203.0.113.1")) == OFFICE
