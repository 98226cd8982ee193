import io
import random

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.utils import timezone

from mobility.action_views import workshop_impact
from mobility.actions import ActionSession, CollectiveAction, Registration
from mobility.actions_demo import seed_actions
from mobility.enums import ActionKind
from youths.enums import ContactKind

pytestmark = pytest.mark.django_db


def seed(youths=250, seed_value=7):
    out = io.StringIO()
    call_command("seed_demo", youths=youths, seed=seed_value, stdout=out)
    return out.getvalue()


def fingerprint():
    return [
        (
            registration.session.action.mission_locale.code,
            registration.session.action.title,
            registration.session.starts_at,
            str(registration.youth.public_id),
            registration.status,
            registration.position,
            registration.attendance,
        )
        for registration in Registration.objects.select_related("session__action__mission_locale", "youth").order_by(
            "session__starts_at", "session__action__title", "youth__public_id"
        )
    ]


class TestDemo:
    def test_without_young_people_nothing_is_created(self, reference_data):
        messages = []
        seed_actions(random.Random(1), {}, messages.append)
        assert messages == ["Actions collectives : aucun jeune, rien à créer."]

    def test_past_and_coming_actions_with_registrations_and_attendance(self, reference_data):
        output = seed()
        now = timezone.now()
        assert set(CollectiveAction.objects.values_list("kind", flat=True)) == set(ActionKind.values)
        assert ActionSession.objects.filter(starts_at__lt=now).exists()
        assert ActionSession.objects.filter(starts_at__gt=now).exists()
        statuses = set(Registration.objects.values_list("status", flat=True))
        assert statuses == {"registered", "waiting", "cancelled"}
        assert set(Registration.objects.exclude(attendance="").values_list("attendance", flat=True)) == {
            "present",
            "absent",
            "excused",
        }
        # Every session within its capacity; a waiting list only on a full session.
        for session in ActionSession.objects.with_counts():
            assert session.registered_count <= session.capacity
            if session.waiting_count:
                assert session.registered_count == session.capacity
        # Each presence is a workshop contact of the timeline, on the session's day, and the file knows it.
        present = Registration.objects.filter(attendance="present").select_related("contact", "session", "youth")
        assert present.exists()
        for registration in present:
            contact = registration.contact
            assert (contact.kind, contact.date, contact.youth_id) == (
                ContactKind.WORKSHOP,
                registration.session.day,
                registration.youth_id,
            )
            assert contact.themes == registration.session.action.themes
            assert registration.youth.last_contact_date >= contact.date
        assert not Registration.objects.filter(~Q(attendance="present"), contact__isnull=False).exists()
        # Attendance only after the session; the inter-ML event takes young people of several missions locales.
        assert not Registration.objects.filter(session__starts_at__gt=now).exclude(attendance="").exists()
        event = CollectiveAction.objects.get(kind=ActionKind.INTER_ML_EVENT)
        missions = Registration.objects.filter(session__action=event).aggregate(
            n=Count("youth__mission_locale", distinct=True)
        )["n"]
        assert missions >= 2
        assert CollectiveAction.objects.filter(kind=ActionKind.EUROPEAN_MOBILITY, european_mobility__isnull=False)
        # The demo login's mission locale has its own workshops, and a mobility workshop shows an impact.
        boulonnais = CollectiveAction.objects.filter(mission_locale__code="ML-BOULONNAIS")
        assert boulonnais.filter(kind=ActionKind.MOBILITY_WORKSHOP).exists()
        impacts = [
            workshop_impact(action, action.mission_locale_id, now)
            for action in CollectiveAction.objects.filter(kind=ActionKind.MOBILITY_WORKSHOP)
        ]
        assert sum(impact["progressed"] for impact in impacts) > 0
        assert "Actions collectives : " in output and "présences devenues des contacts" in output

    # Outside a test transaction: emptying the database between the two seeds (flush) needs one.
    @pytest.mark.django_db(transaction=True)
    def test_a_second_run_adds_nothing_and_a_seed_gives_the_same_data(self, reference_data):
        def from_scratch():
            # flush also restarts the primary keys' sequences, as on a new database
            call_command("flush", interactive=False, verbosity=0)
            call_command("load_reference", stdout=io.StringIO())
            seed()
            return fingerprint()

        first = from_scratch()
        assert first
        output = seed()
        assert "Actions collectives : déjà présentes, rien de plus n'est créé." in output
        assert fingerprint() == first
        assert from_scratch() == first
