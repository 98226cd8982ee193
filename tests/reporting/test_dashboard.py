import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from missions.enums import Departement, SiteKind
from reporting.dashboard import data_version
from tests.missions.factories import MissionLocaleFactory, SiteFactory
from tests.mobility.factories import ManagerFactory, MobilityAssessmentFactory
from tests.reporting.factories import YearlyFiguresFactory
from tests.youths.factories import ContactFactory, YouthFactory
from youths import services
from youths.models import Youth

pytestmark = pytest.mark.django_db

URL = reverse("reporting:dashboard")
NNBSP = "\u202f"


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def live_youth(ml, day=datetime.date(2025, 5, 5), birth_date=datetime.date(2004, 4, 4), **fields):
    youth = YouthFactory(
        mission_locale=ml, first_contact_date=day - datetime.timedelta(days=30), birth_date=birth_date, **fields
    )
    ContactFactory(youth=youth, date=day)
    return youth


@pytest.fixture
def region(db):
    """Two missions locales with imported 2011 figures (the shares of DESIGN.md §1) and live 2025 figures."""
    nord = MissionLocaleFactory(name="Mission locale du Nord", code="ML-NORD", departement=Departement.NORD)
    pas_de_calais = MissionLocaleFactory(
        name="Mission locale du Pas-de-Calais", code="ML-PDC", departement=Departement.PAS_DE_CALAIS
    )
    for ml in (nord, pas_de_calais):
        SiteFactory(mission_locale=ml, kind=SiteKind.SIEGE)
        YearlyFiguresFactory(mission_locale=ml)
    youth = live_youth(nord, sex="M")
    MobilityAssessmentFactory(youth=youth, date=datetime.date(2025, 5, 5), licence_status="licence_b")
    live_youth(pas_de_calais)
    return {"nord": nord, "pas_de_calais": pas_de_calais}


class TestAccess:
    def test_anonymous_goes_to_the_login_page(self, client):
        for url in [URL, reverse("reporting:export_headline", args=["csv"])]:
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(f"{reverse('login')}?next=")

    def test_counsellor_is_refused(self, client, counsellor, region):
        client.force_login(counsellor.user)
        assert client.get(URL).status_code == 403
        assert client.get(reverse("reporting:export_headline", args=["csv"])).status_code == 403
        assert client.get(reverse("reporting:export_missions_locales", args=["csv"])).status_code == 403

    def test_regional_staff_see_every_mission_locale(self, client, regional_user, region):
        client.force_login(regional_user)
        html = html_of(client.get(URL))
        assert '<h1 class="h2 mb-1">Statistiques 2025</h1>' in html
        assert "Mission locale du Nord" in html and "Mission locale du Pas-de-Calais" in html
        assert 'id="missions-locales"' in html

    def test_manager_sees_their_mission_locale_beside_the_region(self, client, region):
        manager = ManagerFactory(mission_locale=region["nord"])
        client.force_login(manager.user)
        html = html_of(client.get(URL + "?annee=2011"))
        assert '<h4 class="h6 mt-3">Région Nord-Pas-de-Calais</h4>' in html
        assert '<h4 class="h6 mt-3">Mission locale du Nord</h4>' in html
        # Only aggregates of the region, its départements and their own mission locale: no other one by name.
        assert "Mission locale du Pas-de-Calais" not in html
        assert 'id="missions-locales"' not in html
        assert client.get(reverse("reporting:export_missions_locales", args=["csv"])).status_code == 403

    def test_nav_shows_statistics_to_regional_staff_and_managers_only(self, client, regional_user, counsellor):
        link = f'href="{URL}"'
        client.force_login(regional_user)
        assert link in html_of(client.get("/"))
        client.force_login(ManagerFactory().user)
        assert link in html_of(client.get("/"))
        client.force_login(counsellor.user)
        assert link not in html_of(client.get("/"))


class TestHeadline:
    def test_sentences_as_the_region_words_them(self, client, regional_user, region):
        client.force_login(regional_user)
        html = html_of(client.get(URL + "?annee=2011"))
        assert (
            f"2{NNBSP}000 jeunes en contact en 2011, dont 580 premiers accueils, dans 2 missions locales et 10 lieux "
            "de proximité." in html
        )
        assert f"51,6{NNBSP}% d&#x27;hommes, 4,3{NNBSP}% de mineurs, 48,1{NNBSP}% sans diplôme" in html
        assert f"1 jeune sur 5 dispose d&#x27;un logement autonome (20,0{NNBSP}%)." in html
        assert f"46,7{NNBSP}% ont le permis de conduire (1{NNBSP}066 jeunes sans permis)." in html
        assert (
            f"1 jeune sur 3 dispose d&#x27;un moyen de locomotion (33,3{NNBSP}%) ; 53,0{NNBSP}% utilisent les "
            f"transports en commun (53,0{NNBSP}% dans le Nord, 53,0{NNBSP}% dans le Pas-de-Calais)." in html
        )
        assert f"6,7{NNBSP}% (134 jeunes) n&#x27;ont aucun moyen de locomotion." in html

    def test_imported_and_live_side_by_side(self, client, regional_user, region):
        # Live figures for 2011 too: one young person seen that year.
        live_youth(region["nord"], day=datetime.date(2011, 6, 1), birth_date=datetime.date(1990, 1, 1))
        client.force_login(regional_user)
        html = html_of(client.get(URL + "?annee=2011"))
        assert '<h3 class="h5">Chiffres annuels importés</h3>' in html
        assert '<h3 class="h5">Calculés à partir des dossiers</h3>' in html
        assert (
            "1 jeune en contact en 2011, dont 1 premier accueil, dans 1 mission locale et 1 lieu de proximité." in html
        )
        assert html.count("en contact en 2011, dont") == 2

    def test_live_figures_say_how_many_have_an_assessment(self, client, regional_user, region):
        client.force_login(regional_user)
        html = html_of(client.get(URL + "?annee=2025"))
        assert f"50,0{NNBSP}% de ces jeunes (1) ont un bilan de mobilité au 31 décembre 2025" in html
        assert f"50,0{NNBSP}% ont le permis de conduire (1 jeune sans permis)." in html

    def test_years_offered_are_those_with_figures_latest_first(self, client, regional_user, region):
        client.force_login(regional_user)
        response = client.get(URL)
        assert response.context["years"] == [2025, 2011]
        assert response.context["year"] == 2025

    def test_a_year_without_figures_falls_back_to_the_latest(self, client, regional_user, region):
        client.force_login(regional_user)
        html = html_of(client.get(URL + "?annee=1999"))
        assert "Aucun chiffre pour l'année « 1999 » : voici ceux de 2025." in html

    def test_nothing_yet(self, client, regional_user):
        client.force_login(regional_user)
        assert "Aucun chiffre disponible pour l'instant" in html_of(client.get(URL))


class TestCharts:
    def test_every_chart_is_an_svg_image_with_its_data_table(self, client, regional_user, region):
        live_youth(region["nord"], day=datetime.date(2011, 6, 1), birth_date=datetime.date(1990, 1, 1))
        client.force_login(regional_user)
        html = html_of(client.get(URL + "?annee=2011"))
        figures = re.findall(r"<figure.*?</figure>", html, flags=re.S)
        # Profile and départements for each source, and the trend of the region.
        assert len(figures) == 5
        for figure in figures:
            svg = re.search(r'<svg [^>]*role="img" aria-labelledby="(graphique-[\w-]+-titre) [^"]+"', figure)
            assert svg, figure[:300]
            assert f'<title id="{svg.group(1)}">' in figure
            assert "<rect " in figure
            assert re.search(r"<table [^>]*>\s*<caption>[^<]+</caption>", figure)
            assert '<th scope="row">hommes</th>' in figure

    def test_profile_chart_draws_the_shares(self, client, regional_user, region):
        client.force_login(regional_user)
        html = html_of(client.get(URL + "?annee=2011"))
        profile = re.search(r"<figure.*?graphique-profil-imported-titre.*?</figure>", html, flags=re.S).group(0)
        assert f">51,6{NNBSP}%</text>" in profile
        assert f'<td class="text-end text-nowrap">46,7{NNBSP}%</td>' in profile

    def test_no_inline_style_nor_script_for_the_content_security_policy(self, client, regional_user, region):
        client.force_login(regional_user)
        html = html_of(client.get(URL))
        assert "style=" not in html
        assert "<style" not in html
        scripts = re.findall(r"<script[^>]*>", html)
        assert scripts and all(re.fullmatch(r'<script src="/static/[^"]+\.js"( defer)?>', tag) for tag in scripts)

    def test_departement_table(self, client, regional_user, region):
        client.force_login(regional_user)
        response = client.get(URL + "?annee=2011")
        column = response.context["columns"][0]
        assert column["departement_head"] == ["Région Nord-Pas-de-Calais", "Nord (59)", "Pas-de-Calais (62)"]
        hommes = next(row for row in column["departement_rows"] if row["label"] == "hommes")
        assert hommes["cells"] == [
            (f"1{NNBSP}032", f"51,6{NNBSP}%"),
            ("516", f"51,6{NNBSP}%"),
            ("516", f"51,6{NNBSP}%"),
        ]


class TestMissionsLocalesTable:
    def test_one_row_per_mission_locale_and_the_region_at_the_foot(self, client, regional_user, region):
        client.force_login(regional_user)
        response = client.get(URL + "?annee=2011")
        table = response.context["table"]
        assert [row.get_cell_value("name") for row in table.rows] == [
            "Mission locale du Nord",
            "Mission locale du Pas-de-Calais",
        ]
        html = response.content.decode()
        assert "<caption>Chiffres 2011 par mission locale (chiffres annuels importés)" in html
        assert f'<td class="text-end">2{NNBSP}000</td>' in html

    def test_sorted_by_a_share(self, client, regional_user, region):
        YearlyFiguresFactory(mission_locale=MissionLocaleFactory(name="Mission locale masculine"), men=900)
        client.force_login(regional_user)
        response = client.get(URL + "?annee=2011&sort=-men_percent")
        names = [row.get_cell_value("name") for row in response.context["table"].rows]
        assert names[0] == "Mission locale masculine"

    def test_live_source(self, client, regional_user, region):
        YearlyFiguresFactory(mission_locale=region["nord"], year=2025)
        client.force_login(regional_user)
        response = client.get(URL + "?annee=2025&source=live")
        rows = {row.get_cell_value("name"): row for row in response.context["table"].rows}
        assert rows["Mission locale du Nord"].get_cell_value("youths_in_contact") == 1
        assert response.context["table_data"]["missing"] == []
        response = client.get(URL + "?annee=2025&source=imported")
        assert response.context["table_data"]["missing"] == ["Mission locale du Pas-de-Calais"]

    @pytest.mark.parametrize("count", [2, 27])
    def test_query_count_is_fixed(self, client, regional_user, django_assert_num_queries, count):
        for ml in MissionLocaleFactory.create_batch(count):
            SiteFactory(mission_locale=ml, kind=SiteKind.SIEGE)
            YearlyFiguresFactory(mission_locale=ml)
            live_youth(ml)
        client.force_login(regional_user)
        # session, user (no staff member, known from the same query), regional group; imported figures, missions
        # locales, data version, range of contact dates, live figures of 2025
        with django_assert_num_queries(8):
            response = client.get(URL + "?annee=2011")
        assert len(response.context["table"].rows) == count
        # The live figures of 2025 now come from the cache.
        with django_assert_num_queries(7):
            client.get(URL + "?annee=2011")

    def test_manager_query_count_is_fixed(self, client, django_assert_num_queries):
        mls = MissionLocaleFactory.create_batch(5)
        for ml in mls:
            YearlyFiguresFactory(mission_locale=ml)
            live_youth(ml)
        client.force_login(ManagerFactory(mission_locale=mls[0]).user)
        with django_assert_num_queries(8):
            client.get(URL)


class TestLiveCache:
    def test_a_new_contact_shows_at_once(self, client, regional_user, region):
        client.force_login(regional_user)
        assert client.get(URL + "?annee=2025").context["columns"][0]["scopes"][0]["figures"]["youths_in_contact"] == 2
        live_youth(region["nord"])
        assert client.get(URL + "?annee=2025").context["columns"][0]["scopes"][0]["figures"]["youths_in_contact"] == 3

    def test_a_new_assessment_shows_at_once(self, client, regional_user, region):
        client.force_login(regional_user)

        def licences():
            figures = client.get(URL + "?annee=2025").context["columns"][0]["scopes"][0]["figures"]
            return figures["indicators"]["driving_licence"]["count"]

        assert licences() == 1
        youth = region["pas_de_calais"].youths.get()
        MobilityAssessmentFactory(youth=youth, date=datetime.date(2025, 6, 6), licence_status="licence_b")
        assert licences() == 2

    def test_other_years_of_the_trend_may_come_from_the_cache(
        self, client, regional_user, region, django_assert_num_queries
    ):
        old = {"day": datetime.date(2011, 6, 1), "birth_date": datetime.date(1990, 1, 1)}
        live_youth(region["nord"], **old)
        client.force_login(regional_user)

        def trend_2011(year):
            trend = client.get(URL + f"?annee={year}").context["trends"][0]["chart"]
            column = trend.table_head.index("2011 (dossiers)")
            return trend.table_rows[0][1][column - 1]

        assert trend_2011(2025) == "1"
        live_youth(region["nord"], **old)
        # 2025 is shown: only its live figures are computed again (one query, beside the 7 of a cached page).
        with django_assert_num_queries(8):
            assert trend_2011(2025) == "1"
        # 2011 is shown: its figures are computed again.
        assert trend_2011(2011) == "2"


class TestDataVersion:
    """The key of the live figures' cache: index lookups only, and it moves with every change the figures see."""

    def test_one_query_without_counting_rows(self, db, django_assert_num_queries):
        with CaptureQueriesContext(connection) as queries:
            data_version()
        assert len(queries) == 1 and "COUNT(" not in queries[0]["sql"].upper()

    def test_it_moves_with_each_change_of_the_files(self, db):
        ml = MissionLocaleFactory()
        youth = live_youth(ml)
        seen = {data_version()}

        def changed():
            version = data_version()
            assert version not in seen
            seen.add(version)

        contact = ContactFactory(youth=youth)
        changed()
        services.contact_correct(contact=contact, editor=contact.counsellor, date=datetime.date(2024, 1, 2))
        changed()
        MobilityAssessmentFactory(youth=youth)
        changed()
        YouthFactory(mission_locale=ml)
        changed()
        Youth.objects.filter(pk=youth.pk).update(updated_at=youth.updated_at + datetime.timedelta(seconds=1))
        changed()


def rows_of_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def rows_of_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


class TestExports:
    def test_headline_csv_parses_back(self, client, regional_user, region):
        client.force_login(regional_user)
        response = client.get(reverse("reporting:export_headline", args=["csv"]) + "?annee=2011")
        assert response["Content-Disposition"] == 'attachment; filename="statistiques-chiffres-cles-2011.csv"'
        rows = rows_of_csv(response)
        assert rows[0] == [
            "année",
            "origine",
            "périmètre",
            "indicateur",
            "nombre",
            "pourcentage des jeunes en contact",
        ]
        assert ["2011", "chiffres annuels importés", "Région Nord-Pas-de-Calais", "hommes", "1032", "51,6"] in rows
        assert ["2011", "chiffres annuels importés", "Nord (59)", "jeunes en contact", "1000", ""] in rows
        # Region, two départements; four totals and nine indicators each.
        assert len(rows) == 1 + 3 * 13

    def test_headline_xlsx_parses_back_with_numbers(self, client, regional_user, region):
        client.force_login(regional_user)
        response = client.get(reverse("reporting:export_headline", args=["xlsx"]) + "?annee=2025")
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        rows = rows_of_xlsx(response)
        assert [2025, "calculés à partir des dossiers", "Région Nord-Pas-de-Calais", "hommes", 1, 50.0] in rows

    def test_manager_headline_has_their_mission_locale(self, client, region):
        client.force_login(ManagerFactory(mission_locale=region["nord"]).user)
        rows = rows_of_csv(client.get(reverse("reporting:export_headline", args=["csv"]) + "?annee=2011"))
        assert {row[2] for row in rows[1:]} == {
            "Région Nord-Pas-de-Calais",
            "Nord (59)",
            "Pas-de-Calais (62)",
            "Mission locale du Nord",
        }

    def test_missions_locales_csv_and_xlsx_parse_back(self, client, regional_user, region):
        client.force_login(regional_user)
        url = reverse("reporting:export_missions_locales", args=["csv"]) + "?annee=2011&source=imported"
        rows = rows_of_csv(client.get(url))
        assert rows[0][:7] == [
            "code",
            "mission locale",
            "département",
            "lieux de proximité",
            "jeunes en contact",
            "premiers accueils",
            "premiers accueils (%)",
        ]
        assert rows[1][:9] == [
            "ML-NORD",
            "Mission locale du Nord",
            "Nord (59)",
            "5",
            "1000",
            "290",
            "29,0",
            "516",
            "51,6",
        ]
        assert rows[-1][:5] == ["", "Région Nord-Pas-de-Calais", "", "10", "2000"]
        xlsx = rows_of_xlsx(client.get(url.replace(".csv", ".xlsx")))
        assert xlsx[1][:9] == ["ML-NORD", "Mission locale du Nord", "Nord (59)", 5, 1000, 290, 29.0, 516, 51.6]

    def test_cells_are_neutralised(self, client, regional_user):
        YearlyFiguresFactory(mission_locale__name='=HYPERLINK("http://exemple.invalid")')
        client.force_login(regional_user)
        rows = rows_of_csv(client.get(reverse("reporting:export_missions_locales", args=["csv"]) + "?annee=2011"))
        assert rows[1][1] == '\'=HYPERLINK("http://exemple.invalid")'

    def test_unknown_format_is_404(self, client, regional_user, region):
        client.force_login(regional_user)
        assert client.get(reverse("reporting:export_headline", args=["pdf"])).status_code == 404

    def test_nothing_to_export_is_404(self, client, regional_user):
        client.force_login(regional_user)
        assert client.get(reverse("reporting:export_headline", args=["csv"])).status_code == 404


class TestCacheOfVanishedMissionsLocales:
    def test_an_entry_naming_a_deleted_mission_locale_is_recomputed(self, db):
        from django.core.cache import cache

        from reporting.dashboard import cached_live_counts

        cache.set("reporting:live:2011", ("old-version", {987654: {"youths_in_contact": 3}}), 60)
        cached_live_counts(2011, "new-version", {}, fresh=False)  # raised KeyError before
        cached = cache.get("reporting:live:2011")
        assert cached[0] == "new-version"
        assert 987654 not in cached[1]
