import csv
import datetime
import io

import django_filters
import openpyxl
import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from missions.enums import SiteKind
from tests.missions.factories import (
    MissionLocaleFactory,
    RegionalUserFactory,
    SiteFactory,
    StaffMemberFactory,
    UserFactory,
)
from tests.youths.factories import ContactFactory, YouthFactory
from youths import filters
from youths.enums import DiplomaLevel, YouthStatus
from youths.models import Youth, birth_date_bounds

pytestmark = pytest.mark.django_db

URL = "/jeunes/"
EXPORT_HEADERS = [
    "Nom",
    "Prénom",
    "Date de naissance",
    "Âge",
    "Sexe",
    "Commune de résidence",
    "Réside en ZUS/QPV",
    "Niveau de diplôme",
    "Lieu de suivi",
    "Conseiller référent",
    "Statut",
    "Date du premier accueil",
    "Date du dernier contact",
]


def today():
    return timezone.localdate()


def days_ago(days):
    return today() - datetime.timedelta(days=days)


def aged(age, *, birthday_today=False):
    """A birth date giving `age` today: the birthday is today, or tomorrow is the next one."""
    earliest, latest = birth_date_bounds(age, age, today())
    return latest if birthday_today else earliest


def youth_of(staff, **kwargs):
    return YouthFactory(**{"mission_locale": staff.mission_locale, "referent": staff, **kwargs})


def names(response):
    return [row.record.last_name for row in response.context["table"].paginated_rows]


def read_csv(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def read_xlsx(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def colleague(counsellor):
    return StaffMemberFactory(mission_locale=counsellor.mission_locale, user__first_name="Julien")


@pytest.fixture
def logged_in(client, counsellor):
    client.force_login(counsellor.user)
    return client


class TestAccess:
    def test_anonymous_goes_to_the_login_page(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{reverse('login')}?next=")

    def test_regional_staff_are_refused(self, client):
        client.force_login(RegionalUserFactory())
        assert client.get(URL).status_code == 403
        assert client.get(URL, {"export": "csv"}).status_code == 403

    def test_unattached_user_is_refused(self, client):
        client.force_login(UserFactory())
        assert client.get(URL).status_code == 403

    def test_other_mission_locale_never_appears(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Ici")
        other = StaffMemberFactory(mission_locale=MissionLocaleFactory())
        youth_of(other, last_name="Ailleurs")
        for query in ({}, {"referent": "all", "status": "all"}, {"q": "ailleurs", "referent": "all"}):
            response = logged_in.get(URL, query)
            assert "Ailleurs" not in response.content.decode()
            assert "Ailleurs" not in names(response)
        for export_format in ("csv", "xlsx"):
            response = logged_in.get(URL, {"referent": "all", "status": "all", "export": export_format})
            rows = read_csv(response) if export_format == "csv" else read_xlsx(response)
            assert [row[0] for row in rows[1:]] == ["Ici"]

    def test_referent_of_another_mission_locale_is_not_a_choice(self, logged_in, counsellor):
        youth_of(counsellor)
        other = StaffMemberFactory(mission_locale=MissionLocaleFactory())
        youth_of(other)
        response = logged_in.get(URL, {"referent": other.pk})
        assert names(response) == []
        assert "Sélectionnez un choix valide" in response.content.decode()
        choices = [str(value) for value, _ in response.context["filter"].form.fields["referent"].choices]
        assert str(other.pk) not in str(choices)

    def test_site_of_another_mission_locale_is_not_a_choice(self, logged_in, counsellor):
        youth_of(counsellor)
        elsewhere = SiteFactory()
        response = logged_in.get(URL, {"site": elsewhere.pk})
        assert names(response) == []
        assert "Sélectionnez un choix valide" in response.content.decode()
        assert elsewhere.name not in response.content.decode()


class TestReferentAndStatus:
    def test_default_is_my_open_files(self, logged_in, counsellor, colleague):
        youth_of(counsellor, last_name="Actif")
        youth_of(counsellor, last_name="Veille", status=YouthStatus.DORMANT)
        youth_of(counsellor, last_name="Clos", status=YouthStatus.CLOSED)
        youth_of(colleague, last_name="Collegue")
        youth_of(counsellor, last_name="Orphelin", referent=None)
        response = logged_in.get(URL)
        assert names(response) == ["Actif", "Veille"]
        html = response.content.decode()
        assert f'<option value="{counsellor.pk}" selected>Moi (' in html
        assert "2 jeunes" in html

    def test_default_also_applies_with_only_a_sort_or_an_empty_referent(self, logged_in, counsellor, colleague):
        youth_of(counsellor, last_name="Moi")
        youth_of(colleague, last_name="Collegue")
        assert names(logged_in.get(URL, {"sort": "-name"})) == ["Moi"]
        assert names(logged_in.get(URL, {"referent": "", "q": ""})) == ["Moi"]

    def test_all_counsellors_one_colleague_or_nobody(self, logged_in, counsellor, colleague):
        youth_of(counsellor, last_name="Moi")
        youth_of(colleague, last_name="Collegue")
        youth_of(counsellor, last_name="Orphelin", referent=None)
        assert names(logged_in.get(URL, {"referent": "all"})) == ["Collegue", "Moi", "Orphelin"]
        assert names(logged_in.get(URL, {"referent": colleague.pk})) == ["Collegue"]
        assert names(logged_in.get(URL, {"referent": "none"})) == ["Orphelin"]

    @pytest.mark.parametrize(
        ("status", "expected"),
        [
            ("open", ["Actif", "Veille"]),
            ("active", ["Actif"]),
            ("dormant", ["Veille"]),
            ("closed", ["Clos"]),
            ("anonymised", ["Anonyme"]),
            ("all", ["Actif", "Anonyme", "Clos", "Veille"]),
        ],
    )
    def test_status(self, logged_in, counsellor, status, expected):
        youth_of(counsellor, last_name="Actif")
        youth_of(counsellor, last_name="Veille", status=YouthStatus.DORMANT)
        youth_of(counsellor, last_name="Clos", status=YouthStatus.CLOSED)
        youth_of(counsellor, last_name="Anonyme", status=YouthStatus.ANONYMISED)
        assert names(logged_in.get(URL, {"status": status})) == expected


class TestFilters:
    def test_site(self, logged_in, counsellor):
        boulogne = SiteFactory(mission_locale=counsellor.mission_locale, name="Antenne de Boulogne")
        desvres = SiteFactory(mission_locale=counsellor.mission_locale, name="Permanence de Desvres", is_active=False)
        youth_of(counsellor, last_name="Boulonnais", site=boulogne)
        youth_of(counsellor, last_name="Desvrois", site=desvres)
        response = logged_in.get(URL, {"site": desvres.pk})
        assert names(response) == ["Desvrois"]
        assert "Permanence de Desvres (fermé)" in response.content.decode()

    def test_age_bands_on_their_boundaries(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Seize", birth_date=aged(16, birthday_today=True))
        youth_of(counsellor, last_name="DixSept", birth_date=aged(17))
        youth_of(counsellor, last_name="DixHuit", birth_date=aged(18, birthday_today=True))
        youth_of(counsellor, last_name="VingtEtUn", birth_date=aged(21))
        youth_of(counsellor, last_name="VingtDeux", birth_date=aged(22, birthday_today=True))
        youth_of(counsellor, last_name="VingtCinq", birth_date=aged(25), first_contact_date=days_ago(300))
        youth_of(counsellor, last_name="VingtSix", birth_date=aged(26, birthday_today=True))
        assert names(logged_in.get(URL, {"age": "16-17"})) == ["DixSept", "Seize"]
        assert names(logged_in.get(URL, {"age": "18-21"})) == ["DixHuit", "VingtEtUn"]
        assert names(logged_in.get(URL, {"age": "22-25"})) == ["VingtCinq", "VingtDeux"]

    def test_priority_area(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Quartier", lives_in_priority_area=True)
        youth_of(counsellor, last_name="Centre", lives_in_priority_area=False)
        assert names(logged_in.get(URL, {"zus": "oui"})) == ["Quartier"]
        assert names(logged_in.get(URL, {"zus": "non"})) == ["Centre"]
        assert names(logged_in.get(URL, {"zus": ""})) == ["Centre", "Quartier"]

    def test_diploma_level(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Bachelier", diploma_level=DiplomaLevel.BAC)
        youth_of(counsellor, last_name="SansDiplome", diploma_level=DiplomaLevel.NONE)
        assert names(logged_in.get(URL, {"diploma": "none"})) == ["SansDiplome"]
        assert names(logged_in.get(URL, {"diploma": "bac"})) == ["Bachelier"]

    def test_without_contact_for_more_than_n_days(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Recent", first_contact_date=days_ago(200), last_contact_date=days_ago(10))
        youth_of(counsellor, last_name="Pile", first_contact_date=days_ago(200), last_contact_date=days_ago(90))
        youth_of(counsellor, last_name="Ancien", first_contact_date=days_ago(200), last_contact_date=days_ago(91))
        youth_of(counsellor, last_name="Jamais", first_contact_date=days_ago(200), last_contact_date=None)
        assert names(logged_in.get(URL, {"no_contact_days": 90})) == ["Ancien", "Jamais"]
        assert names(logged_in.get(URL, {"no_contact_days": 5})) == ["Ancien", "Jamais", "Pile", "Recent"]

    def test_wrong_number_of_days_is_explained_next_to_the_field(self, logged_in, counsellor):
        youth_of(counsellor)
        response = logged_in.get(URL, {"no_contact_days": "trois"})
        html = response.content.decode()
        assert names(response) == []
        assert 'id="id_no_contact_days-erreurs"' in html
        assert "Saisissez un nombre entier." in html
        assert 'aria-invalid="true"' in html
        assert "Un filtre est mal renseigné" in html

    def test_filters_combine(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Oui", lives_in_priority_area=True, diploma_level=DiplomaLevel.NONE)
        youth_of(counsellor, last_name="NonDiplome", lives_in_priority_area=True, diploma_level=DiplomaLevel.BAC)
        youth_of(counsellor, last_name="NonZus", lives_in_priority_area=False, diploma_level=DiplomaLevel.NONE)
        assert names(logged_in.get(URL, {"zus": "oui", "diploma": "none"})) == ["Oui"]

    def test_a_registered_filter_appears_and_applies(self, logged_in, counsellor, monkeypatch):
        monkeypatch.setattr(filters, "_extra_filters", {})
        filters.register_caseload_filter(
            "minor",
            lambda staff: django_filters.BooleanFilter(
                label="Mineur", method=lambda qs, name, value: qs.filter(birth_date__gt=aged(18)) if value else qs
            ),
        )
        youth_of(counsellor, last_name="Mineur", birth_date=aged(17))
        youth_of(counsellor, last_name="Majeur", birth_date=aged(19))
        response = logged_in.get(URL, {"minor": "true"})
        assert names(response) == ["Mineur"]
        assert '<label class="form-label" for="id_minor">Mineur</label>' in response.content.decode()


class TestNameSearch:
    @pytest.mark.parametrize(
        "term",
        ["Éloïse", "eloise", "ELOISE DUPONT", "dupont-martin eloise", "Martin Éloïse", "dupont martin", "upont-mar"],
    )
    def test_accents_case_hyphens_and_word_order_do_not_matter(self, logged_in, counsellor, term):
        youth_of(counsellor, last_name="Dupont-Martin", first_name="Éloïse")
        youth_of(counsellor, last_name="Durand", first_name="Eloi")
        assert names(logged_in.get(URL, {"q": term})) == ["Dupont-Martin"]

    def test_search_keeps_the_other_filters(self, logged_in, counsellor, colleague):
        youth_of(counsellor, last_name="Lefebvre", first_name="Inès")
        youth_of(colleague, last_name="Lefèbvre", first_name="Ines")
        assert len(names(logged_in.get(URL, {"q": "ines lefebvre"}))) == 1
        assert len(names(logged_in.get(URL, {"q": "ines lefebvre", "referent": "all"}))) == 2

    def test_nothing_found_says_what_to_do(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Durand")
        html = logged_in.get(URL, {"q": "Zébulon"}).content.decode()
        assert "Aucun jeune ne correspond à « Zébulon »" in html
        assert "?referent=all&amp;status=all&amp;q=Z%C3%A9bulon" in html
        assert 'href="/jeunes/nouveau/"' in html


class TestSortingAndPagination:
    @pytest.fixture
    def three(self, counsellor):
        youth_of(
            counsellor,
            last_name="Bernard",
            birth_date=aged(19),
            first_contact_date=days_ago(400),
            last_contact_date=days_ago(30),
        )
        youth_of(
            counsellor,
            last_name="Adam",
            birth_date=aged(24),
            first_contact_date=days_ago(400),
            last_contact_date=days_ago(200),
        )
        youth_of(
            counsellor,
            last_name="Carpentier",
            birth_date=aged(17),
            first_contact_date=days_ago(400),
            last_contact_date=None,
        )

    @pytest.mark.parametrize(
        ("sort", "expected"),
        [
            ("", ["Adam", "Bernard", "Carpentier"]),
            ("name", ["Adam", "Bernard", "Carpentier"]),
            ("-name", ["Carpentier", "Bernard", "Adam"]),
            ("age", ["Carpentier", "Bernard", "Adam"]),
            ("-age", ["Adam", "Bernard", "Carpentier"]),
            ("last_contact", ["Carpentier", "Adam", "Bernard"]),
            ("-last_contact", ["Bernard", "Adam", "Carpentier"]),
        ],
    )
    def test_sort(self, logged_in, three, sort, expected):
        assert names(logged_in.get(URL, {"sort": sort})) == expected

    def test_sort_links_and_aria_sort(self, logged_in, three):
        html = logged_in.get(URL, {"sort": "-age"}).content.decode()
        assert 'aria-sort="descending"' in html
        assert "?sort=last_contact" in html
        assert "?sort=age" in html

    def test_25_per_page(self, logged_in, counsellor):
        for n in range(30):
            youth_of(counsellor, last_name=f"Jeune{n:02d}")
        first = logged_in.get(URL)
        assert names(first) == [f"Jeune{n:02d}" for n in range(25)]
        assert "30 jeunes" in first.content.decode()
        assert 'aria-label="Pages de la liste"' in first.content.decode()
        assert names(logged_in.get(URL, {"page": 2})) == [f"Jeune{n:02d}" for n in range(25, 30)]


class TestPage:
    def test_form_table_and_links(self, logged_in, counsellor):
        youth = youth_of(
            counsellor,
            last_name="Lemaire",
            first_name="Théo",
            birth_date=aged(20),
            first_contact_date=days_ago(400),
            last_contact_date=days_ago(12),
        )
        html = logged_in.get(URL, {"q": "lemaire", "zus": "non"}).content.decode()
        for field in ("q", "referent", "site", "status", "age", "zus", "diploma", "no_contact_days"):
            assert f'for="id_{field}"' in html
            assert f'id="id_{field}"' in html
        assert '<button type="submit" class="btn btn-primary">Filtrer</button>' in html
        assert ">Réinitialiser</a>" in html
        assert '<caption class="visually-hidden">Jeunes suivis, page 1 sur 1.' in html
        assert 'scope="col"' in html
        assert f'<a href="{youth.get_absolute_url()}">LEMAIRE Théo</a>' in html
        assert "20 ans" in html
        assert "il y a 12 jours" in html
        assert '<a class="btn btn-primary" href="/jeunes/nouveau/">Premier accueil</a>' in html
        assert "1 jeune<" in html
        assert 'href="?q=lemaire&amp;zus=non&amp;export=csv"' in html
        assert 'href="?q=lemaire&amp;zus=non&amp;export=xlsx"' in html

    def test_an_empty_caseload_helps(self, logged_in, counsellor, colleague):
        youth_of(colleague)
        html = logged_in.get(URL).content.decode()
        assert "0 jeune<" in html
        assert "Aucun de vos dossiers ne correspond à ces critères" in html
        assert 'href="?referent=all"' in html
        assert "Exporter" not in html


class TestExports:
    def test_csv_has_every_filtered_row_and_no_private_column(self, logged_in, counsellor, colleague):
        site = SiteFactory(mission_locale=counsellor.mission_locale, name="Antenne de Desvres", kind=SiteKind.ANTENNE)
        youth = youth_of(
            counsellor,
            last_name="Lemaire",
            first_name="Théo",
            birth_date=datetime.date(2004, 3, 9),
            first_contact_date=datetime.date(2023, 9, 1),
            last_contact_date=datetime.date(2024, 1, 15),
            lives_in_priority_area=True,
            site=site,
            email="theo@example.org",
            phone="0601020304",
            address="1 rue du Port",
        )
        ContactFactory(youth=youth, notes="Confidentiel : difficultés familiales")
        for n in range(29):
            youth_of(counsellor, last_name=f"Jeune{n:02d}")
        youth_of(colleague, last_name="Collegue")
        response = logged_in.get(URL, {"export": "csv", "page": 2})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            f'attachment; filename="jeunes-{counsellor.mission_locale.code}-{today().isoformat()}.csv"'
        )
        rows = read_csv(response)
        assert rows[0] == EXPORT_HEADERS
        assert len(rows) == 31
        assert "Collegue" not in [row[0] for row in rows]
        lemaire = next(row for row in rows if row[0] == "Lemaire")
        referent = counsellor.user.get_full_name()
        assert lemaire == [
            "Lemaire",
            "Théo",
            "2004-03-09",
            str(youth.age),
            "femme",
            youth.residence_commune.name,
            "oui",
            "CAP, BEP (niveau 3, ancien V)",
            "Antenne de Desvres",
            referent,
            "en suivi",
            "2023-09-01",
            "2024-01-15",
        ]
        content = response.content.decode()
        for private in ("Confidentiel", "theo@example.org", "0601020304", "rue du Port", "notes"):
            assert private not in content

    def test_xlsx_has_the_same_rows(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Lemaire", birth_date=datetime.date(2004, 3, 9), last_contact_date=None)
        youth_of(counsellor, last_name="Caron", status=YouthStatus.DORMANT)
        youth_of(counsellor, last_name="Clos", status=YouthStatus.CLOSED)
        response = logged_in.get(URL, {"export": "xlsx"})
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert response["Content-Disposition"].endswith(f'-{today().isoformat()}.xlsx"')
        rows = read_xlsx(response)
        assert rows[0] == EXPORT_HEADERS
        assert [row[0] for row in rows[1:]] == ["Caron", "Lemaire"]
        assert rows[2][2] == datetime.datetime(2004, 3, 9)
        assert rows[2][12] is None
        assert rows[1][10] == "en veille"

    def test_export_keeps_the_filters_and_the_sort(self, logged_in, counsellor):
        youth_of(counsellor, last_name="Adam", birth_date=aged(24), lives_in_priority_area=True)
        youth_of(counsellor, last_name="Bernard", birth_date=aged(19), lives_in_priority_area=True)
        youth_of(counsellor, last_name="Carpentier", birth_date=aged(17), lives_in_priority_area=False)
        rows = read_csv(logged_in.get(URL, {"zus": "oui", "sort": "age", "export": "csv"}))
        assert [row[0] for row in rows[1:]] == ["Bernard", "Adam"]

    @pytest.mark.parametrize("export_format", ["csv", "xlsx"])
    def test_formulas_are_neutralised(self, logged_in, counsellor, export_format):
        site = SiteFactory(mission_locale=counsellor.mission_locale, name="@Antenne")
        youth_of(counsellor, last_name='=HYPERLINK("http://evil.example","x")', first_name="+33 6", site=site)
        youth_of(counsellor, last_name="-2+3", first_name="Ana")
        response = logged_in.get(URL, {"export": export_format})
        rows = read_csv(response) if export_format == "csv" else read_xlsx(response)
        cells = {cell for row in rows[1:] for cell in row if isinstance(cell, str)}
        assert '\'=HYPERLINK("http://evil.example","x")' in cells
        assert "'+33 6" in cells
        assert "'-2+3" in cells
        assert "'@Antenne" in cells
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
        if export_format == "xlsx":
            sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
            assert "f" not in {cell.data_type for row in sheet.iter_rows() for cell in row}

    def test_unknown_format_shows_the_page(self, logged_in, counsellor):
        response = logged_in.get(URL, {"export": "pdf"})
        assert response["Content-Type"].startswith("text/html")

    def test_invalid_filters_show_the_page_with_the_error(self, logged_in, counsellor):
        youth_of(counsellor)
        response = logged_in.get(URL, {"export": "csv", "no_contact_days": "-1"})
        assert response["Content-Type"].startswith("text/html")
        assert "supérieure ou égale à 0" in response.content.decode()


class TestQueryCount:
    @pytest.fixture
    def files(self, counsellor, colleague, request):
        sites = SiteFactory.create_batch(3, mission_locale=counsellor.mission_locale)
        for n in range(request.param):
            youth_of(counsellor, site=sites[n % 3], referent=colleague if n % 2 else counsellor)
        return request.param

    # session, user with staff member, staff of the ML (referent choices), sites of the ML, count, rows
    @pytest.mark.parametrize("files", [1, 30], indirect=True)
    def test_list(self, logged_in, django_assert_num_queries, files):
        with django_assert_num_queries(6):
            response = logged_in.get(URL, {"referent": "all"})
        assert response.context["table"].paginator.count == files

    # session, user with staff member, staff of the ML, sites of the ML, rows
    @pytest.mark.parametrize("files", [1, 30], indirect=True)
    @pytest.mark.parametrize("export_format", ["csv", "xlsx"])
    def test_exports(self, logged_in, django_assert_num_queries, files, export_format):
        with django_assert_num_queries(5):
            response = logged_in.get(URL, {"referent": "all", "export": export_format})
        rows = read_csv(response) if export_format == "csv" else read_xlsx(response)
        assert len(rows) == files + 1


@pytest.mark.postgresql
class TestTrigramIndex:
    def test_name_search_uses_the_trigram_index(self, counsellor):
        if connection.vendor != "postgresql":
            pytest.skip("the trigram index youth_search_name_trgm exists on PostgreSQL only")
        # 100,000 files over 27 missions locales (about 3,700 each; the region holds 600,000 over five years),
        # copied in SQL from one file so that the planner sees realistic statistics.
        missions = [counsellor.mission_locale.pk, *(ml.pk for ml in MissionLocaleFactory.create_batch(26))]
        template = youth_of(counsellor, last_name="Modèle", referent=None)
        generated = {
            "public_id": "gen_random_uuid()",
            "mission_locale_id": "(%s::bigint[])[1 + n %% 27]",
            "last_name": "'Nom' || n",
            "search_name": "'nom' || n || ' prenom' || (n %% 97)",
        }
        columns = [field.column for field in Youth._meta.concrete_fields if field.column != "id"]
        select = ", ".join(generated.get(column, f"youth.{connection.ops.quote_name(column)}") for column in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO youths_youth ({', '.join(map(connection.ops.quote_name, columns))}) "
                f"SELECT {select} FROM youths_youth youth CROSS JOIN generate_series(1, 100000) AS n "
                "WHERE youth.id = %s",
                [missions, template.pk],
            )
        youth_of(counsellor, last_name="Dupont-Martin", first_name="Éloïse")
        # The caseload's own query: a name searched among every open file of the mission locale.
        filterset = filters.CaseloadFilterSet(
            QueryDict("q=%C3%89lo%C3%AFse+DUPONT&referent=all"),
            Youth.objects.visible_to(counsellor.user),
            staff=counsellor,
        )
        queryset = filterset.qs
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE youths_youth")
            cursor.execute("SET LOCAL enable_seqscan = off")
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "youth_search_name_trgm" in plan, plan
        assert [youth.last_name for youth in queryset] == ["Dupont-Martin"]
