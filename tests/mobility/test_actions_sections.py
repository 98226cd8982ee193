import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from config.access import staff_member_of
from mobility import action_sections
from mobility.enums import ActionKind
from tests.mobility.factories import ActionSessionFactory, CollectiveActionFactory, RegistrationFactory
from youths import retention, subject_access
from youths.sections import sections_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_of(staff):
    request = RequestFactory().get("/")
    request.user = staff.user
    staff_member_of(request.user)  # cached on the user, as on every page of a logged-in counsellor
    return request


def past_session(action, days_ago):
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return ActionSessionFactory(
        action=action,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        registration_deadline=timezone.localdate(starts),
    )


def render(request, youth):
    (item,) = [item for item in sections_for(request, youth) if item["section"].key == "collective_actions"]
    return render_to_string(item["section"].template, {"data": item["data"], "youth": youth}, request=request)


class TestCaseFileSection:
    def test_registered_after_the_aid_passport(self, request_of, youth):
        keys = [item["section"].key for item in sections_for(request_of, youth)]
        assert keys.index("aid_passport") < keys.index("collective_actions")

    def test_actions_attended_with_the_absences_in_sight(self, request_of, youth, workshop):
        came = RegistrationFactory(session=past_session(workshop, 30), youth=youth, attendance="present")
        missed = RegistrationFactory(session=past_session(workshop, 10), youth=youth, attendance="absent")
        coming = ActionSessionFactory(action=workshop, capacity=1)
        RegistrationFactory(session=coming)
        RegistrationFactory(session=coming, status="waiting", position=4)
        RegistrationFactory(session=coming, youth=youth, status="waiting", position=7)
        RegistrationFactory(
            session=ActionSessionFactory(action=workshop), youth=youth, status="cancelled", cancelled_at=timezone.now()
        )
        data = action_sections.fetch_actions(request_of, youth)
        assert [row["registration"] for row in data["rows"]][1:] == [missed, came]
        assert (data["present"], data["absent"], data["excused"], data["upcoming"]) == (1, 1, 0, 1)
        html = render(request_of, youth)
        assert "1 présence, <strong>1 absence</strong> · 1 à venir." in html
        assert '<span class="badge text-bg-danger">absent</span>' in html
        assert "liste d'attente, rang 2" in html
        assert f'href="{workshop.get_absolute_url()}#session-{missed.session_id}"' in html

    def test_no_link_to_an_action_the_reader_cannot_open(self, request_of, youth):
        # The young person came to another mission locale's workshop before their file moved here.
        elsewhere = CollectiveActionFactory(title="Atelier d'ailleurs")
        event = CollectiveActionFactory(kind=ActionKind.INTER_ML_EVENT, title="Olympiades")
        RegistrationFactory(session=past_session(elsewhere, 40), youth=youth, attendance="present")
        RegistrationFactory(session=past_session(event, 20), youth=youth, attendance="present")
        html = render(request_of, youth)
        assert "<td>Atelier d&#x27;ailleurs <span" in html
        assert f'<a href="{event.get_absolute_url()}#session-' in html

    def test_nothing_yet(self, request_of, youth):
        assert "Inscrit à aucune action collective." in render(request_of, youth)

    @pytest.mark.parametrize("count", [1, 20])
    def test_fixed_number_of_queries(self, request_of, youth, workshop, django_assert_num_queries, count):
        for index in range(count):
            RegistrationFactory(session=past_session(workshop, index + 1), youth=youth, attendance="present")
        with django_assert_num_queries(1):
            data = action_sections.fetch_actions(request_of, youth)
        assert len(data["rows"]) == count


class TestSubjectAccessAndRetention:
    def test_every_registration_is_in_the_export(self, youth, workshop, manager):
        session = past_session(workshop, 5)
        RegistrationFactory(session=session, youth=youth, attendance="excused")
        RegistrationFactory(
            session=ActionSessionFactory(action=workshop),
            youth=youth,
            status="cancelled",
            cancelled_at=timezone.now(),
            cancellation_reason="Entre en formation.",
        )
        document = subject_access.subject_access_document(youth, produced_by=manager.user)
        (section,) = [section for section in document["sections"] if section["key"] == "collective_actions"]
        assert section["title"] == "Actions collectives"
        assert [(row["Statut"], row["Présence"], row["Motif de l'annulation"]) for row in section["rows"]] == [
            ("inscrit", "excusé", None),
            ("annulé", None, "Entre en formation."),
        ]

    def test_anonymisation_erases_the_reasons_of_cancellations(self, youth, workshop):
        registration = RegistrationFactory(
            session=ActionSessionFactory(action=workshop),
            youth=youth,
            status="cancelled",
            cancelled_at=timezone.now(),
            cancellation_reason="Hospitalisé, voir avec sa mère.",
        )
        kept = RegistrationFactory(
            session=ActionSessionFactory(action=workshop),
            status="cancelled",
            cancelled_at=timezone.now(),
            cancellation_reason="A trouvé un emploi.",
        )
        counts = retention.youths_anonymize(youth_ids=[youth.pk])
        assert counts["mobility.action_sections.anonymize_registrations"] == 1
        registration.refresh_from_db()
        kept.refresh_from_db()
        assert (registration.cancellation_reason, registration.status) == ("", "cancelled")
        assert kept.cancellation_reason == "A trouvé un emploi."
