import datetime
import html as html_lib
import json

import pytest
from django.urls import reverse

from missions.enums import StaffRole
from tests.missions.factories import MissionLocaleFactory, SiteFactory, StaffMemberFactory
from tests.youths.factories import CaseFileAccessFactory, ContactFactory, SituationFactory, YouthFactory
from youths import subject_access
from youths.enums import SituationKind, Theme
from youths.models import CaseFileAccess, Transfer

pytestmark = pytest.mark.django_db

CORE_SECTIONS = ["identity", "contacts", "situations", "transfers", "accesses"]


def page_url(youth):
    return reverse("youths:subject_access", kwargs={"public_id": youth.public_id})


def json_url(youth):
    return reverse("youths:subject_access_json", kwargs={"public_id": youth.public_id})


def text(response):
    return html_lib.unescape(response.content.decode())


@pytest.fixture
def manager(counsellor):
    return StaffMemberFactory(mission_locale=counsellor.mission_locale, role=StaffRole.MANAGER)


@pytest.fixture
def youth(counsellor):
    site = SiteFactory(mission_locale=counsellor.mission_locale, name="Antenne de Desvres")
    youth = YouthFactory(
        mission_locale=counsellor.mission_locale,
        referent=counsellor,
        site=site,
        last_name="Caron",
        first_name="Inès",
        email="ines.caron@example.org",
        phone="06 11 22 33 44",
        address="3 rue du Port, Boulogne-sur-Mer",
        legal_representative_name="Paul Caron",
    )
    ContactFactory(youth=youth, notes="Souhaite passer le permis B.", themes=[Theme.MOBILITY, Theme.WORK], site=site)
    SituationFactory(youth=youth, kind=SituationKind.TRAINING, label="CAP cuisine", end_date=None)
    Transfer.objects.create(
        youth=youth,
        from_mission_locale=MissionLocaleFactory(name="Mission locale de Calais"),
        to_mission_locale=youth.mission_locale,
        by=counsellor.user,
        reason="Déménagement à Boulogne",
    )
    CaseFileAccessFactory(youth=youth, user=counsellor.user)
    return youth


@pytest.fixture
def someone_else(counsellor):
    """Another young person of the same mission locale: nothing of theirs may appear."""
    other = YouthFactory(
        mission_locale=counsellor.mission_locale,
        referent=counsellor,
        last_name="Lefebvre",
        first_name="Yanis",
        email="yanis@example.org",
    )
    ContactFactory(youth=other, notes="Note sur Yanis uniquement.")
    SituationFactory(youth=other, label="Intérim Lefebvre")
    return other


@pytest.fixture
def registered_section(monkeypatch):
    monkeypatch.setattr(subject_access, "_sections", {})

    def fetch(youth):
        return [{"dispositif": "10 000 permis", "montant (€)": 1000, "décidée le": datetime.date(2024, 3, 4)}]

    subject_access.register_subject_access_section("aids", "Aides demandées", fetch, order=40)


class TestContent:
    def test_the_page_has_every_section_and_nothing_of_another_young_person(
        self, client, manager, youth, someone_else, registered_section
    ):
        client.force_login(manager.user)
        response = client.get(page_url(youth))
        assert response.status_code == 200
        html = text(response)
        for title in [
            "Identité et suivi",
            "Contacts",
            "Situations",
            "Transferts du dossier",
            "Aides demandées",
            "Consultations du dossier",
        ]:
            assert f">{title}</h2>" in html
        for value in [
            "Données personnelles de Inès Caron",
            "ines.caron@example.org",
            "06 11 22 33 44",
            "3 rue du Port, Boulogne-sur-Mer",
            "Paul Caron",
            "Antenne de Desvres",
            "Souhaite passer le permis B.",
            "mobilité, emploi",
            "CAP cuisine",
            "Mission locale de Calais",
            "Déménagement à Boulogne",
            "10 000 permis",
            "04/03/2024",
            youth.birth_date.strftime("%d/%m/%Y"),
            str(youth.public_id),
        ]:
            assert value in html, value
        for value in ["Lefebvre", "Yanis", "yanis@example.org", "Note sur Yanis", "Intérim Lefebvre"]:
            assert value not in html, value
        assert '<html lang="fr">' in html
        assert '<th scope="col">' in html
        assert "<caption" in html

    def test_the_json_has_every_section_and_nothing_of_another_young_person(
        self, client, manager, youth, someone_else, registered_section
    ):
        client.force_login(manager.user)
        response = client.get(json_url(youth))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert response["Content-Disposition"] == (
            f'attachment; filename="donnees-personnelles-{youth.public_id}.json"'
        )
        assert "no-store" in response["Cache-Control"]
        document = json.loads(response.content)
        assert [section["key"] for section in document["sections"]] == [*CORE_SECTIONS[:4], "aids", "accesses"]
        sections = {section["key"]: section["rows"] for section in document["sections"]}
        assert sections["identity"][0]["nom"] == "Caron"
        assert sections["identity"][0]["courriel"] == "ines.caron@example.org"
        assert sections["identity"][0]["date de naissance"] == youth.birth_date.isoformat()
        assert sections["contacts"][0]["notes confidentielles"] == "Souhaite passer le permis B."
        assert sections["contacts"][0]["thèmes"] == ["mobilité", "emploi"]
        assert sections["situations"][0]["précision"] == "CAP cuisine"
        assert sections["transfers"][0]["motif"] == "Déménagement à Boulogne"
        assert sections["aids"] == [{"dispositif": "10 000 permis", "montant (€)": 1000, "décidée le": "2024-03-04"}]
        assert document["public_id"] == str(youth.public_id)
        raw = response.content.decode()
        for value in ["Lefebvre", "Yanis", "Note sur Yanis", "Intérim Lefebvre"]:
            assert value not in raw, value

    def test_the_access_log_lists_who_and_when_including_this_export(self, client, manager, youth, counsellor):
        client.force_login(manager.user)
        response = client.get(json_url(youth))
        assert CaseFileAccess.objects.filter(youth=youth).count() == 2
        assert CaseFileAccess.objects.filter(youth=youth, user=manager.user).count() == 1
        accesses = next(s["rows"] for s in json.loads(response.content)["sections"] if s["key"] == "accesses")
        assert [row["utilisateur"] for row in accesses] == [
            counsellor.user.get_full_name(),
            manager.user.get_full_name(),
        ]
        assert all(row["consulté le"] for row in accesses)

    def test_each_export_is_one_read_of_the_file(self, client, manager, youth):
        client.force_login(manager.user)
        client.get(page_url(youth))
        client.get(json_url(youth))
        assert CaseFileAccess.objects.filter(youth=youth, user=manager.user).count() == 2

    def test_empty_sections_say_so(self, client, manager, counsellor, monkeypatch):
        monkeypatch.setattr(subject_access, "_sections", {})  # the core sections only
        youth = YouthFactory(mission_locale=counsellor.mission_locale, referent=counsellor)
        client.force_login(manager.user)
        html = text(client.get(page_url(youth)))
        assert html.count("Aucune donnée.") == 3  # contacts, situations, transfers; the access log has this export

    def test_the_case_file_links_to_it_for_managers_only(self, client, manager, counsellor, youth):
        client.force_login(manager.user)
        assert page_url(youth) in text(client.get(youth.get_absolute_url()))
        client.force_login(counsellor.user)
        assert page_url(youth) not in text(client.get(youth.get_absolute_url()))


class TestAccess:
    @pytest.mark.parametrize("url", [page_url, json_url])
    def test_a_counsellor_of_the_file_gets_403(self, client, counsellor, youth, url):
        client.force_login(counsellor.user)
        before = CaseFileAccess.objects.count()
        assert client.get(url(youth)).status_code == 403
        assert CaseFileAccess.objects.count() == before  # refused: nothing was read, nothing logged

    @pytest.mark.parametrize("url", [page_url, json_url])
    @pytest.mark.parametrize("role", [StaffRole.MANAGER, StaffRole.COUNSELLOR])
    def test_another_mission_locale_gets_404(self, client, youth, url, role):
        stranger = StaffMemberFactory(role=role)
        client.force_login(stranger.user)
        assert client.get(url(youth)).status_code == 404
        assert not CaseFileAccess.objects.filter(user=stranger.user).exists()

    @pytest.mark.parametrize("url", [page_url, json_url])
    def test_regional_staff_get_403(self, client, regional_user, youth, url):
        client.force_login(regional_user)
        assert client.get(url(youth)).status_code == 403

    @pytest.mark.parametrize("url", [page_url, json_url])
    def test_anonymous_goes_to_login(self, client, youth, url):
        response = client.get(url(youth))
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")

    @pytest.mark.parametrize("url", [page_url, json_url])
    def test_the_manager_of_the_file_gets_200(self, client, manager, youth, url):
        client.force_login(manager.user)
        assert client.get(url(youth)).status_code == 200


class TestQueries:
    @pytest.fixture(autouse=True)
    def core_sections_only(self, monkeypatch):
        # Sections that later apps register bring their own queries; this counts the core document's.
        monkeypatch.setattr(subject_access, "_sections", {})

    @pytest.mark.parametrize("rows", [1, 20])
    @pytest.mark.parametrize("url", [page_url, json_url])
    def test_the_number_of_queries_is_fixed(self, client, manager, counsellor, django_assert_num_queries, rows, url):
        youth = YouthFactory(mission_locale=counsellor.mission_locale, referent=counsellor)
        site = SiteFactory(mission_locale=counsellor.mission_locale)
        for index in range(rows):
            author = StaffMemberFactory(mission_locale=counsellor.mission_locale)
            ContactFactory(youth=youth, counsellor=author, site=site, notes=f"Note {index}")
            SituationFactory(youth=youth, recorded_by=author, start_date=datetime.date(2020, 1, 1 + index))
            Transfer.objects.create(
                youth=youth,
                from_mission_locale=MissionLocaleFactory(),
                to_mission_locale=youth.mission_locale,
                by=author.user,
            )
            CaseFileAccessFactory(youth=youth, user=author.user)
        client.force_login(manager.user)
        client.get(url(youth))  # a first request settles the session
        # session, user with staff member, the file, the access row written, contacts, situations, transfers,
        # access log
        with django_assert_num_queries(8):
            response = client.get(url(youth))
        assert response.status_code == 200
