import csv
import io
import json

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from reporting.enums import Indicator
from reporting.figures import format_number, imported_figures, percent
from tests.missions.factories import MissionLocaleFactory
from tests.reporting.factories import YearlyFiguresFactory

pytestmark = pytest.mark.django_db

SCOPE_KEYS = {"missions_locales", "sites", "youths_in_contact", "first_contacts", "indicators"}
INDICATOR_KEYS = [
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


@pytest.fixture
def figures_2011(db):
    """Two missions locales in the Nord, one in the Pas-de-Calais, and one year that must not count."""
    nord = [MissionLocaleFactory(departement="59"), MissionLocaleFactory(departement="59")]
    pas_de_calais = MissionLocaleFactory(departement="62")
    YearlyFiguresFactory(mission_locale=nord[0], sites=9, youths_in_contact=3000, men=1600, public_transport=2000)
    YearlyFiguresFactory(mission_locale=nord[1], sites=4, youths_in_contact=1000, men=400, public_transport=600)
    YearlyFiguresFactory(mission_locale=pas_de_calais, sites=7, youths_in_contact=2000, men=1100, public_transport=800)
    YearlyFiguresFactory(mission_locale=pas_de_calais, year=2012, youths_in_contact=99999, sites=99)


def report(*args):
    out = io.StringIO()
    call_command("regional_report", "--year", "2011", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class TestImportedFigures:
    def test_the_shape_of_design_section_4(self, figures_2011):
        data = json.loads(report("--format", "json"))
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
        assert (data["year"], data["source"]) == (2011, "imported")
        assert list(data["indicators"]) == INDICATOR_KEYS
        assert list(data["by_departement"]) == ["59", "62"]
        for scope in [data, *data["by_departement"].values()]:
            assert SCOPE_KEYS <= set(scope)
            for indicator in scope["indicators"].values():
                assert set(indicator) == {"count", "percent"}
                assert isinstance(indicator["count"], int)
                assert isinstance(indicator["percent"], float)
        for scope in data["by_departement"].values():
            assert set(scope) == SCOPE_KEYS

    def test_region_and_departement_totals(self, figures_2011):
        data = json.loads(report("--format", "json"))
        assert data["missions_locales"] == 3
        assert data["sites"] == 20
        assert data["youths_in_contact"] == 6000
        assert data["first_contacts"] == 870
        assert data["indicators"]["men"] == {"count": 3100, "percent": 51.7}
        assert data["indicators"]["public_transport"] == {"count": 3400, "percent": 56.7}
        assert data["indicators"]["minors"] == {"count": 129, "percent": 2.2}
        nord, pas_de_calais = data["by_departement"]["59"], data["by_departement"]["62"]
        assert (nord["missions_locales"], nord["sites"], nord["youths_in_contact"]) == (2, 13, 4000)
        assert nord["indicators"]["men"] == {"count": 2000, "percent": 50.0}
        assert nord["indicators"]["public_transport"] == {"count": 2600, "percent": 65.0}
        assert (pas_de_calais["missions_locales"], pas_de_calais["sites"]) == (1, 7)
        assert pas_de_calais["indicators"]["public_transport"] == {"count": 800, "percent": 40.0}

    def test_a_departement_without_figures_is_zero(self):
        YearlyFiguresFactory(mission_locale__departement="62")
        data = imported_figures(2011)
        assert data["by_departement"]["59"] == {
            "missions_locales": 0,
            "sites": 0,
            "youths_in_contact": 0,
            "first_contacts": 0,
            "indicators": {key: {"count": 0, "percent": 0.0} for key in INDICATOR_KEYS},
        }
        assert data["by_departement"]["62"]["missions_locales"] == 1

    def test_one_query_whatever_the_number_of_missions_locales(self, django_assert_num_queries):
        YearlyFiguresFactory()
        with django_assert_num_queries(1):
            assert imported_figures(2011)["missions_locales"] == 1
        YearlyFiguresFactory.create_batch(20, mission_locale__departement="59")
        with django_assert_num_queries(1):
            assert imported_figures(2011)["missions_locales"] == 21

    def test_no_figures_is_none(self):
        YearlyFiguresFactory(year=2012)
        assert imported_figures(2011) is None


class TestPercent:
    @pytest.mark.parametrize(
        ("count", "total", "expected"),
        [(1, 16, 6.3), (1, 3, 33.3), (2, 3, 66.7), (516, 1000, 51.6), (5, 5, 100.0), (0, 7, 0.0), (0, 0, 0.0)],
    )
    def test_one_decimal_rounded_half_up(self, count, total, expected):
        assert percent(count, total) == expected

    def test_format_number_groups_thousands(self):
        assert [format_number(n) for n in (0, 999, 5310, 121870, 1205120)] == [
            "0",
            "999",
            "5 310",
            "121 870",
            "1 205 120",
        ]


class TestFormats:
    def test_text_is_a_french_table(self, figures_2011):
        text = report()
        assert text == report("--format", "text")
        assert "Chiffres de l'année 2011 (chiffres annuels importés)" in text
        assert text.index("Région Nord-Pas-de-Calais") < text.index("Nord (59)") < text.index("Pas-de-Calais (62)")
        lines = text.splitlines()
        assert "jeunes en contact                       6 000" in lines
        assert "hommes                                  3 100   51,7 %" in lines
        assert "utilisant les transports en commun        800   40,0 %" in lines
        for label in Indicator.labels:
            assert sum(line.startswith(label) for line in lines) == 3

    def test_csv_has_one_row_per_scope_and_figure(self, figures_2011):
        output = report("--format", "csv")
        rows = list(csv.reader(io.StringIO(output), delimiter=";"))
        assert rows[0] == ["scope", "indicator", "count", "percent"]
        assert len(rows) == 1 + 3 * (4 + 9)
        assert [row[0] for row in rows[1:]] == ["region"] * 13 + ["59"] * 13 + ["62"] * 13
        assert ["region", "youths_in_contact", "6000", ""] in rows
        assert ["region", "men", "3100", "51.7"] in rows
        assert ["62", "public_transport", "800", "40.0"] in rows
        assert ["59", "missions_locales", "2", ""] in rows

    def test_json_keeps_accents_readable(self, figures_2011):
        assert json.loads(report("--format", "json"))["source"] == "imported"


class TestErrors:
    def test_a_year_without_figures_fails_in_french(self, figures_2011):
        with pytest.raises(CommandError, match="Aucun chiffre annuel importé pour 2013 : importez d'abord"):
            call_command("regional_report", "--year", "2013", stdout=io.StringIO())

    def test_a_year_without_figures_exits_with_status_1(self, capsys):
        with pytest.raises(SystemExit) as exit_info:
            ManagementUtility(["manage.py", "regional_report", "--year", "2011", "--format", "json"]).execute()
        assert exit_info.value.code == 1
        captured = capsys.readouterr()
        assert "Aucun chiffre annuel importé pour 2011" in captured.err
        assert captured.out == ""

    def test_the_sources_are_imported_and_live(self, figures_2011):
        assert json.loads(report("--source", "imported", "--format", "json"))["source"] == "imported"
        with pytest.raises(CommandError, match="Aucun contact enregistré en 2011 dans les dossiers"):
            call_command("regional_report", "--year", "2011", "--source", "live", stdout=io.StringIO())
        with pytest.raises(CommandError, match="invalid choice: 'estimated'"):
            call_command("regional_report", "--year", "2011", "--source", "estimated", stdout=io.StringIO())

    def test_the_year_is_required(self):
        with pytest.raises(CommandError, match="--year"):
            call_command("regional_report", stdout=io.StringIO())
