import datetime
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from mobility.actions import CollectiveAction, Registration
from mobility.enums import ActionKind
from tests.missions.factories import MissionLocaleFactory, SiteFactory, StaffMemberFactory, UserFactory
from tests.mobility.factories import (
    ActionSessionFactory,
    CollectiveActionFactory,
    ManagerFactory,
    MobilityAssessmentFactory,
    RegistrationFactory,
)
from youths.models import Contact

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
# session, user with their staff member (config.auth.StaffMemberModelBackend); the session is not saved
BASE_QUERIES = 2
LIST_URL = reverse("mobility:action_list")


def detail_url(action):
    return reverse("mobility:action_detail", kwargs={"public_id": action.public_id})


def attendance_url(session):
    return reverse("mobility:action_attendance", kwargs={"pk": session.pk})


def register_url(session):
    return reverse("mobility:action_register", kwargs={"pk": session.pk})


def cancel_url(registration):
    return reverse("mobility:action_cancel", kwargs={"pk": registration.pk})


def edit_urls(action, session):
    return [
        reverse("mobility:action_update", kwargs={"public_id": action.public_id}),
        reverse("mobility:action_session_create", kwargs={"public_id": action.public_id}),
        reverse("mobility:action_session_update", kwargs={"public_id": action.public_id, "pk": session.pk}),
    ]


def past_session(action, days_ago=2, **kwargs):
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return ActionSessionFactory(
        action=action,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        registration_deadline=timezone.localdate(starts),
        **kwargs,
    )


@pytest.fixture
def inter_ml(mission_locale):
    """An inter-ML event run by another mission locale, with the staff member's one taking part."""
    lead = MissionLocaleFactory(name="Mission locale de Lens-Liévin")
    event = CollectiveActionFactory(
        kind=ActionKind.INTER_ML_EVENT, mission_locale=lead, others=[mission_locale], title="Olympiades"
    )
    return event


class TestAccess:
    def test_anonymous_goes_to_the_login_page(self, client, workshop, make_youths):
        session = ActionSessionFactory(action=workshop)
        registration = RegistrationFactory(session=session, youth=make_youths(1)[0])
        urls = [LIST_URL, reverse("mobility:action_create"), detail_url(workshop), attendance_url(session)]
        for url in urls + edit_urls(workshop, session):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login"))
        for url in (register_url(session), cancel_url(registration)):
            assert client.post(url)["Location"].startswith(reverse("login"))

    def test_regional_staff_and_unattached_users_are_refused(self, client, regional_user, workshop):
        for user in (regional_user, UserFactory()):
            client.force_login(user)
            assert client.get(LIST_URL).status_code == 403
            assert client.get(detail_url(workshop)).status_code == 403

    def test_another_mission_locales_action_is_404(self, client, workshop, make_youths):
        workshop.title = "Se repérer à Boulogne"
        workshop.save()
        session = ActionSessionFactory(action=workshop)
        youth = make_youths(1)[0]
        registration = RegistrationFactory(session=session, youth=youth)
        stranger = ManagerFactory()
        client.force_login(stranger.user)
        for url in [detail_url(workshop), attendance_url(session), *edit_urls(workshop, session)]:
            assert client.get(url).status_code == 404, url
        assert client.post(register_url(session), {"jeune": str(youth.public_id)}).status_code == 404
        assert client.post(cancel_url(registration)).status_code == 404
        assert workshop.title not in client.get(LIST_URL).content.decode()
        registration.refresh_from_db()
        assert registration.status == "registered"

    def test_the_public_part_of_an_inter_ml_event(self, client, inter_ml, make_youths):
        session = ActionSessionFactory(action=inter_ml, capacity=20)
        lead_youth = make_youths(1, ml=inter_ml.mission_locale)[0]
        RegistrationFactory(session=session, youth=lead_youth)
        outsider = StaffMemberFactory()  # a mission locale that does not take part
        own = make_youths(1, ml=outsider.mission_locale, referent=outsider)[0]
        client.force_login(outsider.user)
        html = client.get(LIST_URL).content.decode()
        assert "Olympiades" in html and "19 sur 20" in html
        response = client.get(detail_url(inter_ml))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Olympiades" in html and "19 restantes sur 20" in html
        assert "vous en voyez la partie publique" in html
        assert str(lead_youth) not in html
        assert "Inscrire un jeune" not in html and "Feuille de présence" not in html
        assert client.post(register_url(session), {"jeune": str(own.public_id)}).status_code == 403
        assert client.get(attendance_url(session)).status_code == 403
        for url in edit_urls(inter_ml, session):
            assert client.get(url).status_code == 403, url
        assert Registration.objects.count() == 1

    def test_a_participating_mission_locale_sees_its_own_young_people_only(self, client, inter_ml, staff, make_youths):
        session = ActionSessionFactory(action=inter_ml)
        lead_youth = make_youths(1, ml=inter_ml.mission_locale)[0]
        RegistrationFactory(session=session, youth=lead_youth)
        ours = make_youths(1)[0]
        RegistrationFactory(session=session, youth=ours)
        client.force_login(staff.user)
        html = client.get(detail_url(inter_ml)).content.decode()
        assert str(ours) in html
        assert str(lead_youth) not in html
        assert "Vos jeunes inscrits (1)" in html
        # Their young person cannot be registered, nor cancelled, from here.
        assert client.post(register_url(session), {"jeune": str(lead_youth.public_id)}).status_code == 404
        theirs = Registration.objects.get(youth=lead_youth)
        assert client.post(cancel_url(theirs)).status_code == 404

    def test_navigation(self, client, staff, regional_user):
        client.force_login(staff.user)
        html = client.get(LIST_URL).content.decode()
        assert f'href="{LIST_URL}" aria-current="page">Actions collectives</a>' in html
        assert 'aria-current="page">Aides</a>' not in html
        client.force_login(regional_user)
        assert ">Actions collectives</a>" not in client.get(reverse("mobility:scheme_list")).content.decode()


class TestList:
    def records(self, client, **params):
        return [row.record for row in client.get(LIST_URL, params).context["table"].rows]

    def test_sessions_to_come_first_then_the_past_ones(self, client, staff, workshop):
        later = ActionSessionFactory(action=workshop, in_days=20)
        sooner = ActionSessionFactory(action=workshop, in_days=3)
        done = past_session(workshop, days_ago=10)
        recent = past_session(workshop, days_ago=1)
        client.force_login(staff.user)
        assert self.records(client) == [sooner, later]
        assert self.records(client, period="passees") == [recent, done]
        assert self.records(client, period="toutes") == [later, sooner, recent, done]

    def test_filters(self, client, staff, workshop, mission_locale, inter_ml):
        site = SiteFactory(mission_locale=mission_locale)
        at_site = ActionSessionFactory(action=workshop, site=site, address="")
        orientation = CollectiveActionFactory(mission_locale=mission_locale, kind=ActionKind.ORIENTATION_WORKSHOP)
        other_kind = ActionSessionFactory(action=orientation, in_days=45)  # a month after the others, at least
        event_session = ActionSessionFactory(action=inter_ml, in_days=5)
        foreign_event = ActionSessionFactory(action=CollectiveActionFactory(kind=ActionKind.INTER_ML_EVENT))
        client.force_login(staff.user)
        assert set(self.records(client)) == {at_site, other_kind, event_session, foreign_event}
        assert self.records(client, kind=ActionKind.ORIENTATION_WORKSHOP) == [other_kind]
        assert self.records(client, site=site.pk) == [at_site]
        assert set(self.records(client, scope="les-notres")) == {at_site, other_kind, event_session}
        month = timezone.localtime(other_kind.starts_at)
        assert other_kind in self.records(client, month=f"{month:%Y-%m}")
        assert (
            at_site not in self.records(client, month=f"{month:%Y-%m}")
            or month.month == timezone.localtime(at_site.starts_at).month
        )

    def test_a_month_is_typed_as_year_and_month(self, client, staff):
        client.force_login(staff.user)
        html = client.get(LIST_URL, {"month": "mars"}).content.decode()
        assert "Saisissez un mois sous la forme AAAA-MM, par exemple 2011-03." in html

    def test_site_dropdown_is_limited_to_the_mission_locale(self, client, staff):
        SiteFactory(mission_locale=StaffMemberFactory().mission_locale, name="Antenne d'ailleurs")
        client.force_login(staff.user)
        form = client.get(LIST_URL).context["filter"].form
        assert not form.fields["site"].queryset.filter(name="Antenne d'ailleurs").exists()

    def test_places_left_and_own_young_people(self, client, staff, workshop, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=2)
        for youth in make_youths(2):
            RegistrationFactory(session=session, youth=youth)
        RegistrationFactory(session=session, youth=make_youths(1)[0], status="waiting", position=1)
        client.force_login(staff.user)
        html = client.get(LIST_URL).content.decode()
        assert '<span class="badge text-bg-secondary">complet</span> sur 2' in html
        (row,) = client.get(LIST_URL).context["table"].rows
        assert (row.record.waiting_count, row.record.own_count) == (1, 3)

    @pytest.mark.parametrize("count", [1, 20])
    def test_query_count_is_fixed(self, client, django_assert_num_queries, staff, mission_locale, count, make_youths):
        site = SiteFactory(mission_locale=mission_locale)
        youths = make_youths(3)
        for index in range(count):
            action = CollectiveActionFactory(mission_locale=mission_locale)
            if index % 2:
                session = ActionSessionFactory(action=action, in_days=index + 1, site=site, address="")
            else:
                session = ActionSessionFactory(action=action, in_days=index + 1)
            for youth in youths:
                RegistrationFactory(session=session, youth=youth)
        client.force_login(staff.user)
        # + count, rows, and the site dropdown
        with django_assert_num_queries(BASE_QUERIES + 3):
            response = client.get(LIST_URL)
        assert len(response.context["table"].rows) == count


class TestDetail:
    @pytest.mark.parametrize("count", [1, 20])
    def test_query_count_does_not_grow_with_sessions(
        self, client, django_assert_num_queries, staff, workshop, count, make_youths, mission_locale
    ):
        site = SiteFactory(mission_locale=mission_locale)
        youth = make_youths(1)[0]
        for index in range(count):
            session = ActionSessionFactory(action=workshop, in_days=index + 1, site=site, address="")
            RegistrationFactory(session=session, youth=youth)
        client.force_login(staff.user)
        # + the action, the other missions locales, the sessions with their counts, our registrations
        with django_assert_num_queries(BASE_QUERIES + 4):
            response = client.get(detail_url(workshop))
        assert len(response.context["sessions"]) == count

    @pytest.mark.parametrize("count", [1, 20])
    def test_query_count_does_not_grow_with_registrations(
        self, client, django_assert_num_queries, staff, workshop, count, make_youths
    ):
        coming = ActionSessionFactory(action=workshop, capacity=10)
        done = past_session(workshop)
        for index, youth in enumerate(make_youths(count)):
            RegistrationFactory(session=done, youth=youth, attendance="present")
            if index < 10:
                RegistrationFactory(session=coming, youth=youth)
            else:
                RegistrationFactory(session=coming, youth=youth, status="waiting", position=index)
            MobilityAssessmentFactory(youth=youth, date=TODAY - datetime.timedelta(days=30), accepted_distance_km=10)
            MobilityAssessmentFactory(youth=youth, date=TODAY, accepted_distance_km=25)
        client.force_login(staff.user)
        # + the action, the other missions locales, the sessions, our registrations, the search, the impact
        with django_assert_num_queries(BASE_QUERIES + 6):
            response = client.get(detail_url(workshop), {"recherche": "durand"})
        assert response.context["impact"]["wider_distance"] == count
        waiting = response.context["sessions"][1]["waiting"]
        assert [registration.waiting_rank for registration in waiting] == list(range(1, max(0, count - 10) + 1))

    def test_search_and_register_in_one_click(self, client, staff, workshop, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=1)
        first, second = make_youths(2)
        first.last_name, first.first_name = "Lefèvre", "Inès"
        first.save()
        client.force_login(staff.user)
        html = client.get(detail_url(workshop), {"recherche": "ines LEFEVRE"}).content.decode()
        assert "LEFÈVRE Inès" in html
        assert f'action="{register_url(session)}"' in html
        response = client.post(register_url(session), {"jeune": str(first.public_id), "recherche": "ines lefevre"})
        assert response["Location"] == (f"{detail_url(workshop)}?session={session.pk}&recherche=ines+lefevre#inscrire")
        assert Registration.objects.get().youth == first
        html = client.get(response["Location"]).content.decode()
        assert f"LEFÈVRE Inès est inscrite à la session du {session.day:%d/%m/%Y}." in html
        assert "déjà inscrit(e)" in html
        # The session is full: the next one goes to the waiting list, and is told so.
        response = client.post(register_url(session), {"jeune": str(second.public_id)}, follow=True)
        assert "est sur la liste d'attente, en position 1" in unescape(response.content.decode())
        assert Registration.objects.get(youth=second).status == "waiting"
        # A second click changes nothing.
        response = client.post(register_url(session), {"jeune": str(second.public_id)}, follow=True)
        assert "est déjà sur la liste d'attente de cette session." in unescape(response.content.decode())
        assert Registration.objects.count() == 2

    def test_no_registration_once_closed(self, client, staff, workshop, make_youths):
        session = past_session(workshop)
        youth = make_youths(1)[0]
        client.force_login(staff.user)
        assert "Inscrire un jeune" not in client.get(detail_url(workshop)).content.decode()
        response = client.post(register_url(session), {"jeune": str(youth.public_id)}, follow=True)
        assert "a commencé : les inscriptions sont closes" in response.content.decode()
        assert not Registration.objects.exists()
        assert client.post(register_url(session), {"jeune": "pas-un-uuid"}).status_code == 404

    def test_cancel_moves_the_waiting_list_up(self, client, staff, workshop, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=1)
        first, second = make_youths(2)
        registered = RegistrationFactory(session=session, youth=first)
        RegistrationFactory(session=session, youth=second, status="waiting", position=1)
        client.force_login(staff.user)
        response = client.post(cancel_url(registered), {"reason": "Rendez-vous médical"}, follow=True)
        html = response.content.decode()
        assert "Le premier jeune de la liste d&#x27;attente prend la place libérée." in html
        registered.refresh_from_db()
        assert (registered.status, registered.cancellation_reason) == ("cancelled", "Rendez-vous médical")
        assert Registration.objects.get(youth=second).status == "registered"

    def test_impact_of_a_mobility_workshop(self, client, staff, workshop, make_youths):
        session = past_session(workshop, days_ago=20)
        wider, licence, same, without, absent = make_youths(5)
        for youth in (wider, licence, same, without):
            RegistrationFactory(session=session, youth=youth, attendance="present")
        RegistrationFactory(session=session, youth=absent, attendance="absent")
        before, after = TODAY - datetime.timedelta(days=40), TODAY - datetime.timedelta(days=5)
        MobilityAssessmentFactory(youth=wider, date=before, accepted_distance_km=10)
        MobilityAssessmentFactory(youth=wider, date=after, accepted_distance_km=30)
        MobilityAssessmentFactory(youth=licence, date=before, licence_status="none")
        MobilityAssessmentFactory(youth=licence, date=after, licence_status="theory_in_progress")
        MobilityAssessmentFactory(youth=same, date=before, accepted_distance_km=20, licence_status="lessons")
        MobilityAssessmentFactory(youth=same, date=after, accepted_distance_km=15, licence_status="suspended")
        MobilityAssessmentFactory(youth=without, date=after, accepted_distance_km=50)
        MobilityAssessmentFactory(youth=absent, date=before, accepted_distance_km=5)
        MobilityAssessmentFactory(youth=absent, date=after, accepted_distance_km=50)
        client.force_login(staff.user)
        response = client.get(detail_url(workshop))
        impact = response.context["impact"]
        assert {key: impact[key] for key in ("attendees", "comparable", "wider_distance", "licence_step")} == {
            "attendees": 4,
            "comparable": 3,
            "wider_distance": 1,
            "licence_step": 1,
        }
        assert [row["youth"] for row in impact["rows"]] == [wider, licence]
        html = response.content.decode()
        assert "distance 10 km → 30 km" in html
        assert "permis aucun → code en préparation" in html

    def test_no_impact_for_other_kinds(self, client, staff, mission_locale):
        action = CollectiveActionFactory(mission_locale=mission_locale, kind=ActionKind.ORIENTATION_WORKSHOP)
        past_session(action)
        client.force_login(staff.user)
        assert "impact" not in client.get(detail_url(action)).context


class TestAttendanceSheet:
    def test_prefilled_present_then_contacts_in_the_timeline(self, client, staff, workshop, make_youths):
        session = past_session(workshop)
        first, second = (RegistrationFactory(session=session, youth=youth) for youth in make_youths(2))
        client.force_login(staff.user)
        response = client.get(attendance_url(session))
        html = response.content.decode()
        assert f'name="presence-{first.pk}" value="present" id="id_presence-{first.pk}_0" checked' in html
        assert f'<legend class="visually-hidden">Présence de {first.youth}</legend>' in html
        data = {f"presence-{first.pk}": "present", f"presence-{second.pk}": "absent"}
        response = client.post(attendance_url(session), data, follow=True)
        assert "1 présent(s), 1 absent(s), 0 excusé(s). 1 contact(s) ajouté(s)" in response.content.decode()
        assert Contact.objects.get().youth == first.youth
        # The sheet again shows what was noted; sending it again adds nothing.
        html = client.get(attendance_url(session)).content.decode()
        assert f'value="absent" id="id_presence-{second.pk}_1" checked' in html
        client.post(attendance_url(session), data)
        assert Contact.objects.count() == 1
        # The case file of the absent young person shows it to the referent.
        html = client.get(second.youth.get_absolute_url()).content.decode()
        assert "<strong>1 absence</strong>" in html
        assert '<span class="badge text-bg-danger">absent</span>' in html

    def test_a_missing_mark_is_shown_next_to_the_young_person(self, client, staff, workshop, make_youths):
        session = past_session(workshop)
        registration = RegistrationFactory(session=session, youth=make_youths(1)[0])
        client.force_login(staff.user)
        response = client.post(attendance_url(session), {})
        assert response.status_code == 400
        assert (
            f'id="id_presence-{registration.pk}-erreurs">Choisissez présent, absent ou excusé.</div>'
            in response.content.decode()
        )
        assert not Contact.objects.exists()

    def test_closed_before_the_session(self, client, staff, workshop, make_youths):
        session = ActionSessionFactory(action=workshop)
        RegistrationFactory(session=session, youth=make_youths(1)[0])
        client.force_login(staff.user)
        html = client.get(attendance_url(session)).content.decode()
        assert "La feuille de présence s'ouvre au début de la session." in html
        assert '<form method="post" class="card-section"' not in html

    @pytest.mark.parametrize("count", [1, 20])
    def test_query_count_is_fixed(self, client, django_assert_num_queries, staff, workshop, make_youths, count):
        session = past_session(workshop)
        for youth in make_youths(count):
            RegistrationFactory(session=session, youth=youth, attendance="absent", attendance_recorded_by=staff)
        client.force_login(staff.user)
        # + the session with its action, the organising missions locales, the registrations
        with django_assert_num_queries(BASE_QUERIES + 3):
            response = client.get(attendance_url(session))
        assert len(response.context["form"].rows()) == count


class TestActionForms:
    def test_a_new_action_of_a_kind_starts_with_its_themes(self, client, staff):
        client.force_login(staff.user)
        form = client.get(reverse("mobility:action_create"), {"type": "orientation_workshop"}).context["form"]
        assert form.initial == {"kind": "orientation_workshop", "themes": ["orientation"]}
        assert staff.mission_locale not in form.fields["other_mission_locales"].queryset

    def test_create_then_add_a_session(self, client, staff, mission_locale):
        site = SiteFactory(mission_locale=mission_locale)
        client.force_login(staff.user)
        response = client.post(
            reverse("mobility:action_create"),
            {"kind": "mobility_workshop", "title": "Se déplacer à Boulogne", "themes": ["mobility"]},
        )
        action = CollectiveAction.objects.get()
        assert response["Location"] == reverse(
            "mobility:action_session_create", kwargs={"public_id": action.public_id}
        )
        assert (action.mission_locale, action.created_by) == (mission_locale, staff)
        day = TODAY + datetime.timedelta(days=7)
        response = client.post(
            response["Location"],
            {
                "starts_at": f"{day:%Y-%m-%d}T09:30",
                "ends_at": f"{day:%Y-%m-%d}T12:00",
                "site": site.pk,
                "address": "",
                "facilitator": "Camille Lefebvre",
                "capacity": "12",
                "registration_deadline": f"{day - datetime.timedelta(days=1):%Y-%m-%d}",
            },
        )
        session = action.sessions.get()
        assert response["Location"] == f"{detail_url(action)}#session-{session.pk}"
        assert (session.site, session.capacity, timezone.localtime(session.starts_at).hour) == (site, 12, 9)

    def test_errors_in_french_next_to_the_fields(self, client, staff, workshop):
        client.force_login(staff.user)
        response = client.post(
            reverse("mobility:action_create"),
            {"kind": "mobility_workshop", "title": "Atelier", "other_mission_locales": [MissionLocaleFactory().pk]},
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="id_themes-erreurs">Ce champ est obligatoire.</div>' in html
        day = TODAY + datetime.timedelta(days=7)
        response = client.post(
            reverse("mobility:action_session_create", kwargs={"public_id": workshop.public_id}),
            {
                "starts_at": f"{day:%Y-%m-%d}T14:00",
                "ends_at": f"{day:%Y-%m-%d}T13:00",
                "address": "",
                "facilitator": "Camille",
                "capacity": "0",
                "registration_deadline": f"{day + datetime.timedelta(days=1):%Y-%m-%d}",
            },
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_site-erreurs">Choisissez un lieu d&#x27;accueil, ou indiquez une autre adresse.</div>' in html
        assert 'id="id_ends_at-erreurs">La fin de la session doit suivre son début.</div>' in html
        assert 'id="id_capacity-erreurs">' in html
        assert not workshop.sessions.exists()

    def test_an_inter_ml_event_names_the_others(self, client, staff):
        other = MissionLocaleFactory()
        client.force_login(staff.user)
        data = {"kind": "inter_ml_event", "title": "Olympiades", "themes": ["mobility"]}
        response = client.post(reverse("mobility:action_create"), data)
        assert "réunit au moins deux missions locales" in response.content.decode()
        client.post(reverse("mobility:action_create"), {**data, "other_mission_locales": [other.pk]})
        assert list(CollectiveAction.objects.get().other_mission_locales.all()) == [other]

    def test_a_european_mobility_with_its_stay(self, client, staff):
        client.force_login(staff.user)
        data = {"kind": "european_mobility", "title": "Stage à Valence", "themes": ["mobility"]}
        response = client.post(reverse("mobility:action_create"), data)
        assert response.status_code == 400
        assert "La partie « Mobilité européenne » contient des erreurs." in response.content.decode()
        stay = {
            "europe-destination_country": "ES",
            "europe-destination_city": "Valence",
            "europe-programme": "erasmus_plus",
            "europe-departure_date": f"{TODAY:%Y-%m-%d}",
            "europe-return_date": f"{TODAY + datetime.timedelta(days=27):%Y-%m-%d}",
            "europe-outcome": "planned",
        }
        client.post(reverse("mobility:action_create"), {**data, **stay})
        action = CollectiveAction.objects.get()
        html = client.get(detail_url(action)).content.decode()
        assert "Valence, Espagne" in html and "Erasmus+ (mobilité des apprenants)" in html

    def test_edit_an_action_and_a_session(self, client, staff, workshop, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=1)
        first, second = make_youths(2)
        RegistrationFactory(session=session, youth=first)
        RegistrationFactory(session=session, youth=second, status="waiting", position=1)
        colleague = ManagerFactory(mission_locale=workshop.mission_locale)
        client.force_login(colleague.user)
        url = reverse("mobility:action_update", kwargs={"public_id": workshop.public_id})
        form = client.get(url).context["form"]
        assert form.initial["title"] == "Atelier mobilité"
        client.post(
            url, {"kind": "mobility_workshop", "title": "Atelier mobilité (printemps)", "themes": ["mobility"]}
        )
        workshop.refresh_from_db()
        assert workshop.title == "Atelier mobilité (printemps)"
        url = reverse("mobility:action_session_update", kwargs={"public_id": workshop.public_id, "pk": session.pk})
        local = timezone.localtime(session.starts_at)
        response = client.post(
            url,
            {
                "starts_at": f"{local:%Y-%m-%dT%H:%M}",
                "ends_at": f"{timezone.localtime(session.ends_at):%Y-%m-%dT%H:%M}",
                "address": session.address,
                "facilitator": session.facilitator,
                "capacity": "2",
                "registration_deadline": f"{session.registration_deadline:%Y-%m-%d}",
            },
            follow=True,
        )
        assert "1 jeune(s) de la liste d&#x27;attente passe(nt) parmi les inscrits." in response.content.decode()
        assert Registration.objects.get(youth=second).status == "registered"
