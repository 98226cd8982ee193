"""Every page of a case file: anonymous → login, other mission locale → 404, regional staff → 403, own → 200."""

import pytest
from django.urls import reverse

from missions.enums import StaffRole
from tests.missions.factories import StaffMemberFactory
from tests.youths.factories import ContactFactory, SituationFactory, YouthFactory

pytestmark = pytest.mark.django_db

PAGES = ["detail", "update", "contact_create", "situation_create", "referent", "transfer"]


@pytest.fixture
def setting():
    manager = StaffMemberFactory(role=StaffRole.MANAGER)
    youth = YouthFactory(mission_locale=manager.mission_locale)
    contact = ContactFactory(youth=youth, counsellor=manager)
    SituationFactory(youth=youth)
    return manager, youth, contact


def urls(youth, contact):
    yield from (reverse(f"youths:{name}", args=[youth.public_id]) for name in PAGES)
    yield reverse("youths:contact_correct", args=[youth.public_id, contact.pk])
    yield reverse("youths:situation_update", args=[youth.public_id, youth.situations.get().pk])


class TestCaseFileAccessMatrix:
    def test_anonymous_is_sent_to_login(self, client, setting):
        _, youth, contact = setting
        for url in urls(youth, contact):
            assert client.get(url)["Location"].startswith(reverse("login")), url

    def test_other_mission_locale_gets_404(self, client, setting):
        _, youth, contact = setting
        client.force_login(StaffMemberFactory(role=StaffRole.MANAGER).user)
        for url in urls(youth, contact):
            assert client.get(url).status_code == 404, url
            if url != youth.get_absolute_url():  # the case file itself is read-only (405 on POST)
                assert client.post(url, {}).status_code == 404, url

    def test_regional_staff_get_403(self, client, setting, regional_user):
        _, youth, contact = setting
        client.force_login(regional_user)
        for url in urls(youth, contact):
            assert client.get(url).status_code == 403, url

    def test_manager_of_the_mission_locale_gets_200(self, client, setting):
        manager, youth, contact = setting
        client.force_login(manager.user)
        for url in urls(youth, contact):
            assert client.get(url).status_code == 200, url
