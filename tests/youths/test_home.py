import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from missions import home
from tests.missions.factories import MissionLocaleFactory, StaffMemberFactory, UserFactory
from tests.youths.factories import YouthFactory
from youths.enums import YouthStatus

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def youth_of(staff, last_contact_days=10, **kwargs):
    last_contact = None if last_contact_days is None else days_ago(last_contact_days)
    return YouthFactory(
        **{
            "mission_locale": staff.mission_locale,
            "referent": staff,
            "first_contact_date": days_ago(400),
            "last_contact_date": last_contact,
            **kwargs,
        }
    )


def portfolio(response):
    (item,) = [item for item in response.context["home_sections"] if item["section"].key == "youths_caseload"]
    return item["data"]


@pytest.fixture
def logged_in(client, counsellor):
    client.force_login(counsellor.user)
    return client


class TestMyCaseload:
    def test_counts_and_order(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Recent", last_contact_days=3)
        youth_of(counsellor, last_name="TroisMois", last_contact_days=90)
        youth_of(counsellor, last_name="Ancien", last_contact_days=200)
        youth_of(counsellor, last_name="PlusAncien", last_contact_days=300)
        youth_of(counsellor, last_name="Jamais", last_contact_days=None)
        youth_of(counsellor, last_name="Veille", last_contact_days=400, status=YouthStatus.DORMANT)
        youth_of(counsellor, last_name="Clos", last_contact_days=400, status=YouthStatus.CLOSED)
        youth_of(StaffMemberFactory(mission_locale=counsellor.mission_locale), last_name="Collegue")
        youth_of(StaffMemberFactory(mission_locale=MissionLocaleFactory()), last_name="Ailleurs")
        response = logged_in.get("/")
        data = portfolio(response)
        assert data["followed"] == 5
        assert data["late"] == 3
        assert [youth.last_name for youth in data["youths"]] == [
            "Jamais",
            "PlusAncien",
            "Ancien",
            "TroisMois",
            "Recent",
        ]
        html = response.content.decode()
        assert "Mon portefeuille" in html
        assert "<strong>5</strong> dossiers en suivi à votre nom" in html
        assert "<strong>3</strong> sans contact depuis plus de 3 mois" in html
        assert html.count("plus de 3 mois</span>") == 2
        assert html.count("aucun contact</span>") == 1
        assert "il y a 3 jours" in html
        for absent in ("Veille", "Clos", "Collegue", "Ailleurs"):
            assert absent.upper() not in html

    def test_at_most_ten_with_a_link_to_the_whole_list(self, logged_in, counsellor):
        for n in range(14):
            youth_of(counsellor, last_name=f"Jeune{n:02d}", last_contact_days=10 + n)
        response = logged_in.get("/")
        data = portfolio(response)
        assert [youth.last_name for youth in data["youths"]] == [f"Jeune{n:02d}" for n in range(13, 3, -1)]
        assert "Voir mes 14 dossiers en suivi" in response.content.decode()
        # The link opens the caseload on the same files, in the same order.
        caseload = logged_in.get(data["caseload_url"])
        assert caseload.context["table"].paginator.count == 14
        rows = [row.record.last_name for row in caseload.context["table"].paginated_rows]
        assert rows[:10] == [youth.last_name for youth in data["youths"]]

    def test_late_link_lists_the_late_files(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Recent", last_contact_days=3)
        youth_of(counsellor, last_name="Ancien", last_contact_days=120)
        youth_of(counsellor, last_name="Jamais", last_contact_days=None)
        data = portfolio(logged_in.get("/"))
        query = parse_qs(urlsplit(data["late_url"]).query)
        assert query == {
            "referent": [str(counsellor.pk)],
            "status": ["active"],
            "sort": ["last_contact"],
            "no_contact_days": ["90"],
        }
        caseload = logged_in.get(data["late_url"])
        assert [row.record.last_name for row in caseload.context["table"].paginated_rows] == ["Jamais", "Ancien"]

    def test_no_file_says_where_to_go(self, logged_in, counsellor):
        html = logged_in.get("/").content.decode()
        assert "Aucun dossier en suivi n'est à votre nom" in html
        assert 'href="/jeunes/?referent=all"' in html
        assert 'href="/jeunes/nouveau/"' in html

    def test_regional_and_unattached_users_have_no_portfolio(self, client, regional_user):
        for user in (regional_user, UserFactory()):
            client.force_login(user)
            response = client.get("/")
            assert "Mon portefeuille" not in response.content.decode()
            assert "home_sections" not in response.context

    # session, user with staff member, my sites, sites of the ML, portfolio counts, portfolio rows
    @pytest.mark.parametrize("files", [1, 30])
    def test_query_count_is_fixed(self, logged_in, counsellor, django_assert_num_queries, files):
        for n in range(files):
            youth_of(counsellor, last_contact_days=n * 7)
        with django_assert_num_queries(6):
            response = logged_in.get("/")
        assert portfolio(response)["followed"] == files


class TestRegistry:
    def test_sections_come_in_order_with_their_data(self, rf, counsellor, monkeypatch):
        monkeypatch.setattr(home, "_sections", {})
        home.register_home_section("b", "b.html", lambda request, staff: {"name": "b"}, order=20)
        home.register_home_section("a", "a.html", lambda request, staff: {"ml": staff.mission_locale_id}, order=20)
        home.register_home_section("first", "first.html", lambda request, staff: {}, order=1)
        sections = home.home_sections_for(rf.get("/"), counsellor)
        assert [item["section"].key for item in sections] == ["first", "a", "b"]
        assert sections[1]["data"] == {"ml": counsellor.mission_locale_id}
