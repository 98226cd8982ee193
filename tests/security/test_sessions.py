import datetime
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from config.security import IDLE_MESSAGE, LOGIN_AT_KEY, MAX_DURATION_MESSAGE, SEEN_AT_KEY

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0)


class Clock:
    """Moves `timezone.now()` forward, for the session middleware and the session store alike."""

    def __init__(self):
        self.now = START

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    clock = Clock()
    with mock.patch("django.utils.timezone.now", clock):
        yield clock


@pytest.fixture
def logged_in(client, counsellor, clock):
    response = client.post(reverse("login"), {"username": counsellor.user.username, "password": "motdepasse-de-test"})
    assert response["Location"] == reverse("home")
    return client


def home(client):
    return client.get(reverse("home"), follow=True)


def is_on_login_page(response):
    return response.redirect_chain and response.redirect_chain[-1][0].startswith(reverse("login"))


class TestIdleExpiry:
    def test_a_request_within_thirty_minutes_keeps_the_session_alive(self, logged_in, clock):
        for _ in range(4):  # 4 × 29 minutes: longer than 30 minutes in all, never 30 minutes idle
            clock.advance(minutes=29)
            response = home(logged_in)
            assert response.status_code == 200
            assert not is_on_login_page(response)

    def test_thirty_minutes_without_a_request_log_out(self, logged_in, clock):
        clock.advance(minutes=10)
        assert not is_on_login_page(home(logged_in))
        clock.advance(minutes=30, seconds=1)
        response = home(logged_in)
        assert is_on_login_page(response)
        assert "_auth_user_id" not in logged_in.session

    @override_settings(SESSION_SAVE_EVERY_REQUEST=False)
    def test_the_expiry_is_pushed_on_at_most_once_a_minute(self, logged_in, clock):
        session = Session.objects.get()
        clock.advance(seconds=30)
        home(logged_in)
        assert Session.objects.get().expire_date == session.expire_date  # not written again within the minute
        clock.advance(seconds=31)
        home(logged_in)
        assert Session.objects.get().expire_date == clock.now + datetime.timedelta(minutes=30)
        clock.advance(minutes=29, seconds=59)
        assert not is_on_login_page(home(logged_in))  # idle 29 min 59 s after the last refresh: still in

    @override_settings(SESSION_SAVE_EVERY_REQUEST=False)
    def test_without_a_write_per_request_the_idle_limit_still_holds(self, logged_in, clock):
        clock.advance(seconds=30)
        home(logged_in)  # within the minute: no refresh, the idle time counts from the login
        clock.advance(minutes=29, seconds=31)
        assert is_on_login_page(home(logged_in))

    def test_the_middleware_logs_out_an_idle_session_whatever_the_store(self, client, counsellor, clock):
        # A session store that kept the session (cache, signed cookies) is caught by the middleware's own check.
        client.force_login(counsellor.user)
        session = client.session
        session[SEEN_AT_KEY] = int(clock.now.timestamp()) - 31 * 60
        session.save()
        response = home(client)
        assert is_on_login_page(response)
        assert escape(IDLE_MESSAGE.format(minutes=30)) in response.content.decode()


class TestMaximumDuration:
    def test_twelve_hours_after_the_login_the_user_is_logged_out_however_active(self, logged_in, clock):
        for _ in range(12 * 60 // 25):
            clock.advance(minutes=25)
            assert not is_on_login_page(home(logged_in))
        clock.advance(minutes=12 * 60 - (12 * 60 // 25) * 25)  # exactly 12 hours after the login
        response = home(logged_in)
        assert is_on_login_page(response)
        assert escape(MAX_DURATION_MESSAGE.format(hours=12)) in response.content.decode()
        assert "_auth_user_id" not in logged_in.session

    def test_the_login_time_is_recorded_at_login(self, logged_in, clock):
        assert logged_in.session[LOGIN_AT_KEY] == int(START.timestamp())

    def test_a_session_without_a_login_time_counts_from_its_next_request(self, client, counsellor, clock):
        client.force_login(counsellor.user)
        session = client.session
        del session[LOGIN_AT_KEY]
        session.save()
        clock.advance(minutes=5)
        assert not is_on_login_page(home(client))
        assert client.session[LOGIN_AT_KEY] == int(clock.now.timestamp())

    def test_logging_in_again_starts_a_new_twelve_hours(self, client, counsellor, clock):
        credentials = {"username": counsellor.user.username, "password": "motdepasse-de-test"}
        client.post(reverse("login"), credentials)
        clock.advance(hours=12)
        assert is_on_login_page(home(client))
        client.post(reverse("login"), credentials)
        clock.advance(minutes=20)
        assert not is_on_login_page(home(client))
