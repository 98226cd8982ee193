"""The figures computed from the case files, on the population of conftest.population_2025, counted by hand."""

import io
import json

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from reporting.figures import live_counts, live_figures, mission_locale_sites
from reporting.live import counts_by_mission_locale
from tests.missions.factories import MissionLocaleFactory
from tests.youths.factories import ContactFactory, YouthFactory

pytestmark = pytest.mark.django_db

INDICATORS = [
    "men",
    "minors",
    "no_diploma",
    "zus",
    "own_housing",
    "driving_licence",
    "own_vehicle",
    "public_transport",
    "no_means_of_transport",
]


def indicator_counts(scope):
    return {key: value["count"] for key, value in scope["indicators"].items()}


class TestCountsByHand:
    def test_region_2025(self, population_2025):
        report = live_figures(2025)
        # In contact in 2025: 1, 2, 3 (A), 4 and the anonymised 7 (B); 5 and 6 are not.
        assert (report["year"], report["source"]) == (2025, "live")
        assert report["youths_in_contact"] == 5
        # First welcomed in 2025: 1, 4 (on 31 December) and 7.
        assert report["first_contacts"] == 3
        # A and B; C had contacts in 2024 only. A's inactive site does not count.
        assert (report["missions_locales"], report["sites"]) == (2, 3)
        assert indicator_counts(report) == {
            "men": 3,  # 1, 3, 7
            "minors": 2,  # 1 and 3 (18 on 1 January 2026); not 2 (18 on 31 December 2025)
            "no_diploma": 2,  # 1, 3
            "zus": 2,  # 1, 4
            "own_housing": 2,  # 2, 4
            "driving_licence": 1,  # 1 (latest assessment); not 2 (assessed in 2026), 3 ("other"), 4 (suspended)
            "own_vehicle": 1,  # 1's car; not 4's bicycle nor 7's shared car
            "public_transport": 1,  # 1; 3's "occasional" was replaced the same day by "never"
            "no_means_of_transport": 1,  # 3; 4 has a bicycle, 7 a shared car
        }
        assert report["indicators"]["men"] == {"count": 3, "percent": 60.0}
        assert report["indicators"]["driving_licence"] == {"count": 1, "percent": 20.0}

    def test_by_departement_2025(self, population_2025):
        nord, pas_de_calais = live_figures(2025)["by_departement"].values()
        assert (nord["missions_locales"], nord["sites"], nord["youths_in_contact"], nord["first_contacts"]) == (
            1,
            2,
            3,
            1,
        )
        assert indicator_counts(nord) == {
            "men": 2,
            "minors": 2,
            "no_diploma": 2,
            "zus": 1,
            "own_housing": 1,
            "driving_licence": 1,
            "own_vehicle": 1,
            "public_transport": 1,
            "no_means_of_transport": 1,
        }
        assert nord["indicators"]["minors"]["percent"] == 66.7
        assert nord["indicators"]["zus"]["percent"] == 33.3
        assert (pas_de_calais["missions_locales"], pas_de_calais["sites"], pas_de_calais["youths_in_contact"]) == (
            1,
            1,
            2,
        )
        assert pas_de_calais["first_contacts"] == 2
        assert indicator_counts(pas_de_calais) == {
            "men": 1,
            "minors": 0,
            "no_diploma": 0,
            "zus": 1,
            "own_housing": 1,
            "driving_licence": 0,
            "own_vehicle": 0,
            "public_transport": 0,
            "no_means_of_transport": 0,
        }

    def test_assessed_young_people_are_counted_per_mission_locale(self, population_2025):
        counts = counts_by_mission_locale(2025)
        a, b = population_2025["a"], population_2025["b"]
        assert set(counts) == {a.pk, b.pk}
        # 1 and 3 in A (2's assessment is of 2026); 4 and 7 in B.
        assert (counts[a.pk]["assessed"], counts[b.pk]["assessed"]) == (2, 2)

    def test_another_year_reads_its_own_contacts_and_assessments(self, population_2025):
        report = live_figures(2024)
        # 3 (May), 5 (31 December), 6 (mission locale C): three missions locales, all first welcomed in 2024.
        assert (report["youths_in_contact"], report["first_contacts"], report["missions_locales"]) == (3, 3, 3)
        # 3 is 16 on 31 December 2024; nobody has an assessment by the end of 2024 (1's is not in contact).
        assert indicator_counts(report) == {
            "men": 3,
            "minors": 1,
            "no_diploma": 1,
            "zus": 0,
            "own_housing": 1,
            "driving_licence": 0,
            "own_vehicle": 0,
            "public_transport": 0,
            "no_means_of_transport": 0,
        }

    def test_a_year_without_contacts_is_none(self, population_2025):
        assert live_figures(2019) is None
        assert live_counts(2019) is None


class TestQueries:
    @pytest.mark.parametrize("extra", [0, 20])
    def test_fixed_number_whatever_the_missions_locales(self, population_2025, django_assert_num_queries, extra):
        for ml in MissionLocaleFactory.create_batch(extra):
            ContactFactory(youth=YouthFactory(mission_locale=ml), date="2025-04-04")
        with django_assert_num_queries(1):
            counts = counts_by_mission_locale(2025)
        assert len(counts) == 2 + extra
        # The counts, then the missions locales' départements and active sites.
        with django_assert_num_queries(2):
            live_figures(2025)
        sites = mission_locale_sites()
        with django_assert_num_queries(0):
            assert live_counts(2025, sites, counts).report()["missions_locales"] == 2 + extra


def run(*args):
    out = io.StringIO()
    call_command("regional_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class TestCommand:
    def test_json_has_the_shape_of_design_section_4(self, population_2025):
        data = json.loads(run("--year", "2025", "--source", "live", "--format", "json"))
        assert list(data) == [
            "year",
            "source",
            "missions_locales",
            "sites",
            "youths_in_contact",
            "first_contacts",
            "indicators",
            "by_departement",
        ]
        assert (data["year"], data["source"], data["youths_in_contact"]) == (2025, "live", 5)
        assert list(data["indicators"]) == INDICATORS
        assert list(data["by_departement"]) == ["59", "62"]
        for scope in [data, *data["by_departement"].values()]:
            for indicator in scope["indicators"].values():
                assert set(indicator) == {"count", "percent"}
                assert isinstance(indicator["count"], int)
                assert isinstance(indicator["percent"], float)
        for scope in data["by_departement"].values():
            assert set(scope) == {"missions_locales", "sites", "youths_in_contact", "first_contacts", "indicators"}

    def test_text_says_where_the_figures_come_from(self, population_2025):
        text = run("--year", "2025", "--source", "live")
        assert "Chiffres de l'année 2025 (calculés à partir des dossiers)" in text
        assert "hommes                                      3   60,0 %" in text.splitlines()

    def test_csv(self, population_2025):
        rows = run("--year", "2025", "--source", "live", "--format", "csv").splitlines()
        assert "region;youths_in_contact;5;" in rows
        assert "62;zus;1;50.0" in rows

    def test_a_year_without_contacts_fails_in_french_with_status_1(self, population_2025, capsys):
        with pytest.raises(CommandError, match="Aucun contact enregistré en 2019 dans les dossiers"):
            run("--year", "2019", "--source", "live")
        with pytest.raises(SystemExit) as exit_info:
            ManagementUtility(["manage.py", "regional_report", "--year", "2019", "--source", "live"]).execute()
        assert exit_info.value.code == 1
        assert "Aucun contact enregistré en 2019" in capsys.readouterr().err
