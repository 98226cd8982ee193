import datetime
import html as html_lib

import pytest
from django.urls import reverse

from missions.enums import StaffRole
from tests.missions.factories import CommuneFactory, SiteFactory, StaffMemberFactory
from tests.youths.factories import YouthFactory
from youths.models import Contact, Youth
from youths.services import name_key, possible_duplicates

pytestmark = pytest.mark.django_db
URL = reverse("youths:create")


def years_ago(years, days=0):
    today = datetime.date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28)) - datetime.timedelta(days=days)


@pytest.fixture
def commune(db):
    return CommuneFactory(insee_code="62160", name="Boulogne-sur-Mer")


def text(response):
    return html_lib.unescape(response.content.decode())


def payload(commune, **overrides):
    data = {
        "last_name": "Lefèvre-Dubois",
        "first_name": "Éloïse",
        "birth_date": years_ago(19).isoformat(),
        "sex": "F",
        "residence_commune": f"{commune.name} ({commune.insee_code})",
        "diploma_level": "none",
        "housing": "parents",
        "contact-date": datetime.date.today().isoformat(),
        "contact-kind": "interview",
        "contact-themes": ["work", "mobility"],
        "contact-duration_minutes": "45",
        "contact-notes": "Souhaite passer le permis.",
    }
    data.update(overrides)
    return data


class TestWelcomePage:
    def test_form_is_prefilled(self, client, counsellor):
        client.force_login(counsellor.user)
        response = client.get(URL)
        html = text(response)
        assert response.status_code == 200
        assert f'value="{datetime.date.today().isoformat()}"' in html
        assert response.context["contact_form"]["kind"].value() == "interview"

    def test_creates_the_file_and_its_first_contact(self, client, counsellor, commune):
        client.force_login(counsellor.user)
        response = client.post(URL, payload(commune))
        youth = Youth.objects.get()
        assert response["Location"] == youth.get_absolute_url()
        assert youth.mission_locale == counsellor.mission_locale
        assert youth.referent == counsellor
        assert youth.first_contact_date == youth.last_contact_date == datetime.date.today()
        assert youth.residence_commune == commune
        contact = Contact.objects.get()
        assert contact.youth == youth and contact.counsellor == counsellor
        assert contact.themes == ["work", "mobility"]

    def test_commune_by_name_without_accents_or_code(self, client, counsellor, commune):
        client.force_login(counsellor.user)
        client.post(URL, payload(commune, residence_commune="BOULOGNE SUR MER"))
        client.post(URL, payload(commune, last_name="Autre", residence_commune="62160"))
        assert Youth.objects.filter(residence_commune=commune).count() == 2

    def test_unknown_commune_is_explained(self, client, counsellor, commune):
        client.force_login(counsellor.user)
        response = client.post(URL, payload(commune, residence_commune="Paris"))
        assert "Aucune commune du Nord ou du Pas-de-Calais ne s'appelle « Paris »" in text(response)
        assert not Youth.objects.exists()

    @pytest.mark.parametrize(
        ("birth", "message"),
        [
            (years_ago(26), "Ce jeune a 26 ans le jour du premier accueil"),
            (
                years_ago(15),
                "Ce jeune a 15 ans le jour du premier accueil : l'accueil est possible à partir de 16 ans.",
            ),
            (datetime.date.today() + datetime.timedelta(days=3), "La date de naissance doit être dans le passé."),
        ],
    )
    def test_age_rules(self, client, counsellor, commune, birth, message):
        client.force_login(counsellor.user)
        response = client.post(URL, payload(commune, birth_date=birth.isoformat()))
        html = text(response)
        assert message in html
        assert 'id="id_birth_date-erreurs"' in html
        assert "Lefèvre-Dubois" in html  # what was typed is kept
        assert not Youth.objects.exists()

    def test_25_year_old_is_welcome(self, client, counsellor, commune):
        client.force_login(counsellor.user)
        client.post(URL, payload(commune, birth_date=years_ago(25, days=-1).isoformat()))
        client.post(URL, payload(commune, last_name="Martin", birth_date=years_ago(26, days=-1).isoformat()))
        assert Youth.objects.count() == 2

    def test_a_minor_needs_a_legal_representative(self, client, counsellor, commune):
        client.force_login(counsellor.user)
        response = client.post(URL, payload(commune, birth_date=years_ago(16).isoformat()))
        html = text(response)
        assert "Pour un mineur, indiquez le nom du représentant légal." in html
        assert "Pour un mineur, indiquez le téléphone du représentant légal." in html
        client.post(
            URL,
            payload(
                commune,
                birth_date=years_ago(16).isoformat(),
                legal_representative_name="Sophie Dubois",
                legal_representative_phone="0321000000",
            ),
        )
        assert Youth.objects.get().legal_representative_name == "Sophie Dubois"

    def test_contact_in_the_future_is_refused(self, client, counsellor, commune):
        client.force_login(counsellor.user)
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        response = client.post(URL, payload(commune, **{"contact-date": tomorrow.isoformat()}))
        assert "La date d'un contact ne peut pas être dans le futur." in text(response)
        assert not Youth.objects.exists()

    def test_a_failing_contact_leaves_no_file(self, counsellor, commune):
        from django.core.exceptions import ValidationError

        from youths.services import youth_welcome

        identity = {
            "last_name": "Martin",
            "first_name": "Léo",
            "birth_date": years_ago(20),
            "sex": "M",
            "residence_commune": commune,
            "diploma_level": "none",
            "housing": "parents",
        }
        with pytest.raises(ValidationError):
            youth_welcome(
                counsellor=counsellor,
                identity=identity,
                contact={"date": datetime.date.today(), "kind": "séance", "themes": ["work"]},
            )
        assert not Youth.objects.exists()

    def test_sites_offered_are_those_of_my_mission_locale(self, client, counsellor):
        SiteFactory(name="Antenne d'ailleurs")
        client.force_login(counsellor.user)
        response = client.get(URL)
        assert "Antenne d'ailleurs" not in text(response)


class TestDuplicates:
    @pytest.mark.parametrize(
        ("last", "first"),
        [
            ("LEFEVRE DUBOIS", "eloise"),
            ("Éloïse", "Lefèvre-Dubois"),
            ("lefevre-dubois", "ELOÏSE"),
            ("Dubois Lefèvre", "Éloïse"),
        ],
    )
    def test_name_key_ignores_accents_case_hyphens_and_inversion(self, last, first):
        assert name_key(last, first) == name_key("Lefèvre-Dubois", "Éloïse")

    def test_other_names_or_births_are_not_duplicates(self, counsellor):
        birth = years_ago(20)
        YouthFactory(
            mission_locale=counsellor.mission_locale, last_name="Lefèvre", first_name="Éloïse", birth_date=birth
        )
        YouthFactory(last_name="Lefèvre-Dubois", first_name="Éloïse", birth_date=birth)  # another mission locale
        found = possible_duplicates(
            mission_locale=counsellor.mission_locale, birth_date=birth, last_name="Lefèvre-Dubois", first_name="Éloïse"
        )
        assert found == []

    def test_duplicate_is_shown_and_needs_confirmation(self, client, counsellor, commune):
        existing = YouthFactory(
            mission_locale=counsellor.mission_locale,
            last_name="Dubois Lefevre",
            first_name="Eloise",
            birth_date=years_ago(19),
        )
        client.force_login(counsellor.user)
        response = client.post(URL, payload(commune))
        html = text(response)
        assert "Ce jeune a peut-être déjà un dossier" in html
        assert existing.get_absolute_url() in html
        assert Youth.objects.count() == 1
        response = client.post(URL, payload(commune, confirm_not_duplicate="on"))
        assert response.status_code == 302
        assert Youth.objects.count() == 2


class TestWelcomeAccess:
    def test_anonymous_goes_to_login(self, client):
        assert client.get(URL)["Location"].startswith(reverse("login"))

    def test_regional_staff_cannot_open_files(self, client, regional_user):
        client.force_login(regional_user)
        assert client.get(URL).status_code == 403

    def test_manager_can_welcome_too(self, client, commune):
        manager = StaffMemberFactory(role=StaffRole.MANAGER)
        client.force_login(manager.user)
        client.post(URL, payload(commune))
        assert Youth.objects.get().referent == manager
