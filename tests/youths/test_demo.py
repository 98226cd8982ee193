import datetime
import random

import pytest
from django.db.models import Count, Max

from missions.demo import create_colleagues, create_logins
from missions.models import StaffMember
from youths import demo
from youths.enums import YouthStatus
from youths.models import Contact, Situation, Youth

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(reference_data):
    create_logins(lambda message: None)
    create_colleagues(random.Random(1), lambda message: None)


def seed(youths, seed_value=7):
    messages = []
    demo.seed_youths(random.Random(seed_value), {"youths": youths}, messages.append)
    return messages


def fingerprint():
    return (
        list(Youth.objects.order_by("pk").values_list("public_id", "last_name", "birth_date", "referent_id")),
        list(Contact.objects.order_by("pk").values_list("youth__public_id", "date", "kind", "themes")),
        list(Situation.objects.order_by("pk").values_list("youth__public_id", "kind", "start_date", "end_date")),
    )


class TestSeedYouths:
    def test_files_contacts_and_situations_consistent_with_each_other(self, staff):
        messages = seed(300)
        assert Youth.objects.count() == 300
        assert messages == [f"Jeunes : 300 dossiers et {Contact.objects.count()} contacts créés."]
        # About ten contacts a file (fewer for the files opened this year).
        assert 6 * 300 < Contact.objects.count() < 12 * 300
        today = datetime.date.today()
        last = dict(Contact.objects.values("youth_id").annotate(last=Max("date")).values_list("youth_id", "last"))
        for youth in Youth.objects.all():
            assert youth.last_contact_date == last[youth.pk]
            assert youth.first_contact_date <= youth.last_contact_date <= today
            expected = YouthStatus.DORMANT if (today - youth.last_contact_date).days > 180 else YouthStatus.ACTIVE
            assert youth.status == expected
            assert youth.search_name and youth.search_name == youth.search_name.lower()
        for situation in Situation.objects.exclude(end_date=None):
            assert situation.end_date >= situation.start_date

    def test_deterministic_for_a_seed(self, staff):
        seed(120, seed_value=3)
        first = fingerprint()
        Youth.objects.all().delete()
        seed(120, seed_value=3)
        assert fingerprint() == first
        Youth.objects.all().delete()
        seed(120, seed_value=4)
        assert fingerprint()[0] != first[0]

    def test_a_demo_login_gets_a_full_caseload_then_colleagues_share_the_rest(self, staff, monkeypatch):
        monkeypatch.setattr(demo, "FULL_CASELOAD", 8)
        seed(600)
        caseloads = dict(
            StaffMember.objects.filter(mission_locale__code="ML-BOULONNAIS")
            .annotate(files=Count("caseload"))
            .values_list("user__username", "files")
        )
        assert caseloads["conseillere.boulonnais"] == caseloads["conseiller.boulonnais"] == 8
        assert caseloads["direction.boulonnais"] == 0
        colleagues = [files for username, files in caseloads.items() if username.startswith("conseil.")]
        assert colleagues and min(colleagues) > 8

    def test_a_second_run_adds_nothing(self, staff):
        seed(50)
        assert seed(50) == ["Jeunes : 50 déjà présents, rien de plus n'est créé."]
        assert Youth.objects.count() == 50
