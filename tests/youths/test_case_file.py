import datetime
import html as html_lib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from missions.enums import StaffRole
from tests.missions.factories import MissionLocaleFactory, StaffMemberFactory
from tests.youths.factories import ContactFactory, SituationFactory, YouthFactory
from youths.models import CaseFileAccess, Contact, Situation, Transfer, Youth

pytestmark = pytest.mark.django_db


def text(response):
    return html_lib.unescape(response.content.decode())


@pytest.fixture
def youth(counsellor):
    return YouthFactory(
        mission_locale=counsellor.mission_locale, referent=counsellor, last_name="Caron", first_name="Inès"
    )


def contact_data(**overrides):
    data = {
        "date": datetime.date.today().isoformat(),
        "kind": "phone",
        "themes": ["mobility"],
        "duration_minutes": "15",
        "notes": "Rappel pour le code.",
    }
    data.update(overrides)
    return data


class TestCaseFile:
    def test_shows_identity_situation_and_timeline(self, client, counsellor, youth):
        ContactFactory(youth=youth, notes="Note confidentielle visible ici seulement")
        SituationFactory(youth=youth, kind="training", label="CAP cuisine")
        client.force_login(counsellor.user)
        html = text(client.get(youth.get_absolute_url()))
        assert "CARON Inès" in html
        assert f"{youth.age} ans" in html
        assert "formation — CAP cuisine" in html
        assert "Note confidentielle visible ici seulement" in html

    def test_each_display_is_logged_without_personal_data(self, client, counsellor, youth):
        client.force_login(counsellor.user)
        client.get(youth.get_absolute_url())
        client.get(youth.get_absolute_url())
        accesses = CaseFileAccess.objects.filter(youth=youth)
        assert accesses.count() == 2
        assert {field.name for field in CaseFileAccess._meta.fields} == {"id", "youth", "user", "accessed_at"}

    def test_referent_and_manager_see_who_opened_it_others_do_not(self, client, counsellor, youth):
        colleague = StaffMemberFactory(mission_locale=counsellor.mission_locale)
        manager = StaffMemberFactory(mission_locale=counsellor.mission_locale, role=StaffRole.MANAGER)
        log_url = reverse("youths:access_log", args=[youth.public_id])
        client.force_login(colleague.user)
        assert log_url not in text(client.get(youth.get_absolute_url()))
        assert client.get(log_url).status_code == 403
        client.force_login(counsellor.user)
        assert log_url in text(client.get(youth.get_absolute_url()))
        html = text(client.get(log_url))
        assert "2 consultations" in html
        assert colleague.user.get_full_name() in html and counsellor.user.get_full_name() in html
        assert CaseFileAccess.objects.filter(youth=youth).count() == 2  # reading the log is not reading the file
        client.force_login(manager.user)
        assert colleague.user.get_full_name() in text(client.get(log_url))

    def test_access_log_is_paginated_newest_first_in_a_fixed_number_of_queries(
        self, client, counsellor, youth, django_assert_num_queries
    ):
        readers = [StaffMemberFactory(mission_locale=counsellor.mission_locale).user for _ in range(3)]
        for n in range(55):
            CaseFileAccess.objects.create(youth=youth, user=readers[n % 3])
        client.force_login(counsellor.user)
        url = reverse("youths:access_log", args=[youth.public_id])
        # session, user with staff member, the file, count, the page's rows with their users
        with django_assert_num_queries(5):
            first = client.get(url).context["page"]
        assert len(first.object_list) == 50 and first.paginator.num_pages == 2
        times = [access.accessed_at for access in first.object_list]
        assert times == sorted(times, reverse=True)
        assert 'href="?page=2">Plus anciennes</a>' in text(client.get(url))
        assert len(client.get(url, {"page": 2}).context["page"].object_list) == 5

    def test_other_mission_locale_gets_404_and_no_log(self, client, youth):
        other = StaffMemberFactory()
        client.force_login(other.user)
        assert client.get(youth.get_absolute_url()).status_code == 404
        assert not CaseFileAccess.objects.exists()

    def test_regional_staff_get_403(self, client, regional_user, youth):
        client.force_login(regional_user)
        assert client.get(youth.get_absolute_url()).status_code == 403

    def test_anonymous_goes_to_login(self, client, youth):
        assert client.get(youth.get_absolute_url())["Location"].startswith(reverse("login"))

    def test_timeline_is_paginated_newest_first(self, client, counsellor, youth):
        today = datetime.date.today()
        for days in range(25):
            ContactFactory(youth=youth, date=today - datetime.timedelta(days=days))
        SituationFactory(youth=youth, start_date=today - datetime.timedelta(days=2), kind="job")
        client.force_login(counsellor.user)
        first = client.get(youth.get_absolute_url()).context["timeline"]
        assert len(first["entries"]) == 20
        assert first["entries"][0].object.date == today
        assert first["page"].paginator.count == 26
        assert 'href="?page=2#historique">Plus anciens</a>' in text(client.get(youth.get_absolute_url()))
        second = client.get(youth.get_absolute_url(), {"page": 2})
        assert len(second.context["timeline"]["entries"]) == 6
        assert 'href="?page=1#historique">Plus récents</a>' in text(second)

    def test_query_count_does_not_depend_on_the_number_of_rows(self, client, counsellor):
        client.force_login(counsellor.user)

        def count(youth):
            client.get(youth.get_absolute_url())  # warm the session
            with CaptureQueriesContext(connection) as queries:
                response = client.get(youth.get_absolute_url())
            assert response.status_code == 200
            return len(queries)

        small = YouthFactory(mission_locale=counsellor.mission_locale, referent=counsellor)
        ContactFactory(youth=small)
        big = YouthFactory(mission_locale=counsellor.mission_locale, referent=counsellor)
        ContactFactory.create_batch(30, youth=big)
        SituationFactory.create_batch(5, youth=big)
        for _ in range(5):
            CaseFileAccess.objects.create(
                youth=big, user=StaffMemberFactory(mission_locale=counsellor.mission_locale).user
            )
        # session, user with staff member, the file, the access row written, the file's situations, the page of
        # its history (contacts with their total), sites of the contact form (with the counsellor's own), then the
        # sections: mobility assessments, jobs turned down, aid requests, open schemes, collective actions
        assert count(small) == count(big) == 12


class TestContacts:
    def test_recording_a_contact_takes_a_fixed_number_of_queries(
        self, client, counsellor, youth, django_assert_num_queries
    ):
        ContactFactory.create_batch(10, youth=youth, date=datetime.date.today() - datetime.timedelta(days=30))
        client.force_login(counsellor.user)
        url = reverse("youths:contact_create", args=[youth.public_id])
        # session, user with staff member, the file, then the transaction (2: begin and commit, or a savepoint
        # here): insert the contact, update the file's last contact date and status in one statement. The
        # contact's check constraints are the fields' own validation: not checked again with a query each.
        with django_assert_num_queries(7):
            response = client.post(url, contact_data())
        assert response.status_code == 302
        youth.refresh_from_db()
        assert youth.last_contact_date == datetime.date.today()

    def test_an_older_contact_leaves_the_last_contact_date_and_wakes_a_dormant_file(self, client, counsellor, youth):
        Youth.objects.filter(pk=youth.pk).update(status="dormant", last_contact_date=datetime.date.today())
        client.force_login(counsellor.user)
        older = (datetime.date.today() - datetime.timedelta(days=40)).isoformat()
        client.post(reverse("youths:contact_create", args=[youth.public_id]), contact_data(date=older))
        youth.refresh_from_db()
        assert youth.last_contact_date == datetime.date.today()
        assert youth.status == "active"

    def test_record_from_the_case_file(self, client, counsellor, youth):
        client.force_login(counsellor.user)
        data = {f"contact-{key}": value for key, value in contact_data().items()}
        response = client.post(reverse("youths:contact_create", args=[youth.public_id]), {"prefix": "contact", **data})
        assert response["Location"] == youth.get_absolute_url()
        contact = Contact.objects.get(youth=youth)
        assert contact.counsellor == counsellor and contact.themes == ["mobility"]
        youth.refresh_from_db()
        assert youth.last_contact_date == datetime.date.today()

    def test_future_date_and_missing_theme_are_refused_and_typed_values_kept(self, client, counsellor, youth):
        client.force_login(counsellor.user)
        tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
        response = client.post(
            reverse("youths:contact_create", args=[youth.public_id]), contact_data(date=tomorrow, themes=[])
        )
        html = text(response)
        assert "La date d'un contact ne peut pas être dans le futur." in html
        assert "Ce champ est obligatoire." in html
        assert "Rappel pour le code." in html
        assert not Contact.objects.exists()

    def test_a_dormant_file_wakes_up(self, client, counsellor, youth):
        Youth.objects.filter(pk=youth.pk).update(status="dormant")
        client.force_login(counsellor.user)
        client.post(reverse("youths:contact_create", args=[youth.public_id]), contact_data())
        youth.refresh_from_db()
        assert youth.status == "active"

    def test_author_corrects_the_same_day(self, client, counsellor, youth):
        contact = ContactFactory(youth=youth, counsellor=counsellor, date=datetime.date.today())
        client.force_login(counsellor.user)
        url = reverse("youths:contact_correct", args=[youth.public_id, contact.pk])
        assert client.get(url).status_code == 200
        yesterday = datetime.date.today() - datetime.timedelta(days=1)
        client.post(url, contact_data(date=yesterday.isoformat(), kind="interview"))
        contact.refresh_from_db()
        assert contact.kind == "interview" and contact.date == yesterday
        youth.refresh_from_db()
        assert youth.last_contact_date == yesterday

    def test_nobody_else_and_not_the_next_day(self, client, counsellor, youth):
        contact = ContactFactory(youth=youth, counsellor=counsellor)
        url = reverse("youths:contact_correct", args=[youth.public_id, contact.pk])
        colleague = StaffMemberFactory(mission_locale=counsellor.mission_locale)
        client.force_login(colleague.user)
        assert client.get(url).status_code == 403
        Contact.objects.filter(pk=contact.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
        client.force_login(counsellor.user)
        assert client.post(url, contact_data()).status_code == 403


class TestIdentityAndSituation:
    def test_edit_identity_keeps_the_file(self, client, counsellor, youth):
        client.force_login(counsellor.user)
        url = reverse("youths:update", args=[youth.public_id])
        form = client.get(url).context["form"]
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        data.update(
            {
                "phone": "0612345678",
                "birth_date": youth.birth_date.isoformat(),
                "residence_commune": youth.residence_commune.insee_code,
                "lives_in_priority_area": "on",
            }
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.context["form"].errors
        youth.refresh_from_db()
        assert youth.phone == "0612345678" and youth.lives_in_priority_area

    def test_a_new_situation_closes_the_running_one(self, client, counsellor, youth):
        running = SituationFactory(youth=youth, start_date=datetime.date.today() - datetime.timedelta(days=90))
        client.force_login(counsellor.user)
        client.post(
            reverse("youths:situation_create", args=[youth.public_id]),
            {"kind": "job", "start_date": datetime.date.today().isoformat(), "label": "Préparateur de commandes"},
        )
        running.refresh_from_db()
        assert running.end_date == datetime.date.today() - datetime.timedelta(days=1)
        assert Situation.objects.filter(youth=youth, end_date__isnull=True).get().kind == "job"

    def test_a_situation_is_corrected(self, client, counsellor, youth):
        situation = SituationFactory(youth=youth, kind="training", label="CAP")
        client.force_login(counsellor.user)
        url = reverse("youths:situation_update", args=[youth.public_id, situation.pk])
        response = client.post(
            url,
            {
                "kind": "training",
                "start_date": situation.start_date.isoformat(),
                "end_date": datetime.date.today().isoformat(),
                "label": "CAP cuisine",
            },
        )
        assert response.status_code == 302
        situation.refresh_from_db()
        assert situation.label == "CAP cuisine" and situation.end_date == datetime.date.today()
        other = StaffMemberFactory()
        client.force_login(other.user)
        assert client.get(url).status_code == 404

    def test_situation_cannot_end_before_it_starts(self, client, counsellor, youth):
        client.force_login(counsellor.user)
        today = datetime.date.today()
        response = client.post(
            reverse("youths:situation_create", args=[youth.public_id]),
            {
                "kind": "job",
                "start_date": today.isoformat(),
                "end_date": (today - datetime.timedelta(days=3)).isoformat(),
            },
        )
        assert "La fin d'une situation ne peut précéder son début." in text(response)


class TestManagerActions:
    def test_counsellor_cannot_change_referent_or_transfer(self, client, counsellor, youth):
        client.force_login(counsellor.user)
        assert client.get(reverse("youths:referent", args=[youth.public_id])).status_code == 403
        assert client.post(reverse("youths:transfer", args=[youth.public_id]), {}).status_code == 403

    def test_manager_changes_the_referent(self, client, counsellor, youth):
        manager = StaffMemberFactory(mission_locale=counsellor.mission_locale, role=StaffRole.MANAGER)
        colleague = StaffMemberFactory(mission_locale=counsellor.mission_locale)
        outsider = StaffMemberFactory()
        client.force_login(manager.user)
        url = reverse("youths:referent", args=[youth.public_id])
        response = client.post(url, {"referent": outsider.pk})
        assert "Sélectionnez un choix valide" in text(response)
        client.post(url, {"referent": colleague.pk})
        youth.refresh_from_db()
        assert youth.referent == colleague

    def test_manager_transfers_with_the_whole_history(self, client, counsellor, youth):
        ContactFactory.create_batch(3, youth=youth)
        manager = StaffMemberFactory(mission_locale=counsellor.mission_locale, role=StaffRole.MANAGER)
        destination = MissionLocaleFactory()
        client.force_login(manager.user)
        response = client.post(
            reverse("youths:transfer", args=[youth.public_id]), {"to": destination.pk, "reason": "déménagement"}
        )
        assert response.status_code == 302
        youth.refresh_from_db()
        assert youth.mission_locale == destination and youth.referent is None
        assert youth.contacts.count() == 3
        assert Transfer.objects.get().from_mission_locale == counsellor.mission_locale
        assert client.get(youth.get_absolute_url()).status_code == 404
        newcomer = StaffMemberFactory(mission_locale=destination)
        client.force_login(newcomer.user)
        assert client.get(youth.get_absolute_url()).status_code == 200
