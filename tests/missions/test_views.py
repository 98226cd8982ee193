import pytest
from django.urls import reverse

from missions.enums import SiteKind
from missions.models import MissionLocale
from tests.missions.factories import MissionLocaleFactory, SiteFactory, StaffMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


class TestAnonymous:
    @pytest.mark.parametrize(
        "url",
        ["/", "/missions/", "/missions/ML-BOULONNAIS/", "/mot-de-passe/", "/mot-de-passe/modifie/"],
    )
    def test_every_page_sends_to_the_login_page(self, client, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")

    def test_admin_sends_to_its_login_page(self, client):
        response = client.get("/admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


class TestLogin:
    def test_login_page_is_french_and_accessible(self, client):
        response = client.get(reverse("login"))
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="fr">' in html
        assert "Aller au contenu" in html
        assert '<label class="form-label" for="id_username">' in html

    def test_login_then_logout(self, client, counsellor):
        response = client.post(
            reverse("login"), {"username": counsellor.user.username, "password": "motdepasse-de-test"}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("home")
        assert counsellor.mission_locale.name in response.content.decode()
        response = client.post(reverse("logout"))
        assert response.status_code == 302
        assert client.get(reverse("home")).status_code == 302

    def test_wrong_password_says_so_in_french_and_keeps_the_username(self, client, counsellor):
        response = client.post(reverse("login"), {"username": counsellor.user.username, "password": "faux"})
        html = response.content.decode()
        assert "Identifiant ou mot de passe incorrect" in html
        assert f'value="{counsellor.user.username}"' in html

    def test_password_change(self, client, counsellor):
        client.force_login(counsellor.user)
        response = client.post(
            reverse("password_change"),
            {"old_password": "motdepasse-de-test", "new_password1": "x", "new_password2": "y"},
        )
        assert "Les deux mots de passe ne correspondent pas" in response.content.decode()
        response = client.post(
            reverse("password_change"),
            {
                "old_password": "motdepasse-de-test",
                "new_password1": "Un-nouveau-mot-de-passe-solide",
                "new_password2": "Un-nouveau-mot-de-passe-solide",
            },
        )
        assert response["Location"] == reverse("password_change_done")
        counsellor.user.refresh_from_db()
        assert counsellor.user.check_password("Un-nouveau-mot-de-passe-solide")


class TestHome:
    def test_counsellor_sees_their_mission_locale_and_sites(self, client, counsellor):
        antenne = SiteFactory(mission_locale=counsellor.mission_locale, name="Antenne de Desvres")
        counsellor.sites.add(antenne)
        SiteFactory(name="Antenne d'ailleurs")
        client.force_login(counsellor.user)
        html = client.get("/").content.decode()
        assert counsellor.mission_locale.name in html
        assert "Antenne de Desvres" in html
        assert "Antenne d'ailleurs" not in html

    def test_query_count_does_not_grow_with_sites(self, client, counsellor, django_assert_num_queries):
        client.force_login(counsellor.user)
        # session, user with staff member, my sites, sites of the mission locale, the sections registered by
        # later apps (youths: 2)
        with django_assert_num_queries(6):
            client.get("/")
        for n in range(10):
            counsellor.sites.add(SiteFactory(mission_locale=counsellor.mission_locale, name=f"Permanence {n}"))
        with django_assert_num_queries(6):
            client.get("/")

    def test_regional_staff_see_the_region(self, client, regional_user, reference_data):
        client.force_login(regional_user)
        html = client.get("/").content.decode()
        assert "<strong>27</strong> missions locales et <strong>166</strong> lieux" in html

    def test_unattached_user_is_told_what_to_do(self, client):
        client.force_login(UserFactory())
        assert "rattaché à aucune mission locale" in client.get("/").content.decode()


class TestMissionLocaleList:
    def test_regional_login_sees_27_missions_and_166_sites(self, client, regional_user, reference_data):
        client.force_login(regional_user)
        response = client.get(reverse("missions:list"))
        html = response.content.decode()
        assert "27 missions locales, 166 lieux d'accueil" in html
        assert "Mission locale du Pays Boulonnais" in html
        boulonnais = next(row for row in response.context["table"].rows if row.record.code == "ML-BOULONNAIS")
        assert boulonnais.get_cell("site_count") == 7

    def test_filter_by_departement(self, client, regional_user, reference_data):
        client.force_login(regional_user)
        response = client.get(reverse("missions:list"), {"departement": "62"})
        assert "10 missions locales" in response.content.decode()
        assert {row.record.departement for row in response.context["table"].rows} == {"62"}

    @pytest.mark.parametrize("count", [2, 27])
    def test_query_count_is_fixed(self, client, regional_user, django_assert_num_queries, count):
        for ml in MissionLocaleFactory.create_batch(count):
            SiteFactory(mission_locale=ml, kind=SiteKind.SIEGE)
            SiteFactory(mission_locale=ml)
        client.force_login(regional_user)
        # session, user (no staff member, known from the same query), regional group, table count, table rows,
        # totals
        with django_assert_num_queries(6):
            response = client.get(reverse("missions:list"))
        assert len(response.context["table"].rows) == count

    def test_counsellor_may_consult_the_directory(self, client, counsellor):
        client.force_login(counsellor.user)
        assert client.get(reverse("missions:list")).status_code == 200

    def test_unattached_user_is_refused(self, client):
        client.force_login(UserFactory())
        assert client.get(reverse("missions:list")).status_code == 403


class TestMissionLocaleDetail:
    def test_shows_the_sites(self, client, regional_user, reference_data):
        client.force_login(regional_user)
        response = client.get(reverse("missions:detail", kwargs={"code": "ML-BOULONNAIS"}))
        html = response.content.decode()
        assert "Mission locale du Pays Boulonnais" in html
        assert len(response.context["sites"]) == 7
        assert "Siège — Boulogne-sur-Mer" in html

    def test_unknown_code_is_404(self, client, regional_user):
        client.force_login(regional_user)
        assert client.get(reverse("missions:detail", kwargs={"code": "ML-NULLE-PART"})).status_code == 404

    @pytest.mark.parametrize("sites", [1, 12])
    def test_query_count_is_fixed(self, client, django_assert_num_queries, sites):
        member = StaffMemberFactory()
        for n in range(sites):
            SiteFactory(mission_locale=member.mission_locale, name=f"Lieu {n}")
        client.force_login(member.user)
        ml = MissionLocale.objects.get()
        # session, user with staff member, mission locale, sites
        with django_assert_num_queries(4):
            client.get(ml.get_absolute_url())


class TestCommuneSuggestions:
    def test_names_starting_with_the_term_come_first(self, client, counsellor, reference_data):
        client.force_login(counsellor.user)
        labels = [item["label"] for item in client.get("/communes/suggestions/", {"q": "lens"}).json()["results"]]
        assert labels[0] == "Lens (62498)"
        assert len(labels) <= 15

    def test_by_insee_code_and_too_short(self, client, counsellor, reference_data):
        client.force_login(counsellor.user)
        assert client.get("/communes/suggestions/", {"q": "62160"}).json()["results"] == [
            {"label": "Boulogne-sur-Mer (62160)", "departement": "62"}
        ]
        assert client.get("/communes/suggestions/", {"q": "b"}).json()["results"] == []

    def test_anonymous_is_sent_to_login(self, client):
        assert client.get("/communes/suggestions/", {"q": "lens"}).status_code == 302
