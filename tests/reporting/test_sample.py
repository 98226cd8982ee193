import io
import json
import random

import pytest
from django.core.management import call_command

from missions import demo
from reporting.demo import SAMPLE_FILE, import_sample_figures
from reporting.models import YearlyFigures
from tests.reporting.factories import YearlyFiguresFactory

pytestmark = pytest.mark.django_db

# DESIGN.md §1, Nord-Pas-de-Calais around 2011: percent of the young people in contact.
SECTION_1 = {
    "men": 51.6,
    "minors": 4.3,
    "no_diploma": 48.1,
    "zus": 17.2,
    "own_housing": 20.0,
    "driving_licence": 46.7,
    "own_vehicle": 100 / 3,
    "public_transport": 53.0,
    "no_means_of_transport": 6.7,
}


def report_2011():
    out = io.StringIO()
    call_command("regional_report", "--year", "2011", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


class TestSampleFile:
    def test_import_gives_the_figures_of_design_section_1(self, reference_data):
        out = io.StringIO()
        call_command("import_yearly_figures", str(SAMPLE_FILE), stdout=out)
        assert "27 créée(s), 0 remplacée(s), 0 inchangée(s)." in out.getvalue()
        data = report_2011()
        assert data["missions_locales"] == 27
        assert data["sites"] == 166
        assert abs(data["youths_in_contact"] - 120_000) <= 2_000
        assert abs(data["first_contacts"] - 35_000) <= 500
        for key, expected in SECTION_1.items():
            assert abs(data["indicators"][key]["percent"] - expected) <= 0.2, key
        assert abs(data["youths_in_contact"] - data["indicators"]["driving_licence"]["count"] - 65_000) <= 500
        assert abs(data["indicators"]["no_means_of_transport"]["count"] - 8_165) <= 100
        pas_de_calais = data["by_departement"]["62"]
        assert abs(pas_de_calais["indicators"]["public_transport"]["percent"] - 40.0) <= 0.2
        assert (pas_de_calais["missions_locales"], data["by_departement"]["59"]["missions_locales"]) == (10, 17)

    def test_sites_are_those_of_the_reference_data(self, reference_data):
        call_command("import_yearly_figures", str(SAMPLE_FILE), stdout=io.StringIO())
        for figures in YearlyFigures.objects.select_related("mission_locale"):
            assert figures.sites == figures.mission_locale.sites.count(), figures.mission_locale.code


class TestDemoStep:
    def test_is_registered_with_seed_demo(self):
        assert import_sample_figures in demo._later_steps

    def test_imports_the_sample_once(self, reference_data):
        said = []
        import_sample_figures(random.Random(1), {}, said.append)
        assert YearlyFigures.objects.filter(year=2011).count() == 27
        assert said == ["Chiffres annuels 2011 (exemple synthétique) : 27 mission(s) locale(s) importée(s)."]
        before = list(YearlyFigures.objects.order_by("pk").values())
        import_sample_figures(random.Random(1), {}, said.append)
        assert list(YearlyFigures.objects.order_by("pk").values()) == before
        assert said[-1] == "Chiffres annuels : déjà présents, l'exemple 2011 n'est pas réimporté."

    def test_leaves_existing_figures_alone(self, reference_data):
        YearlyFiguresFactory(year=2015)
        import_sample_figures(random.Random(1), {}, lambda message: None)
        assert list(YearlyFigures.objects.values_list("year", flat=True)) == [2015]

    def test_without_reference_data_asks_for_load_reference(self):
        with pytest.raises(LookupError, match="Lancez d'abord load_reference"):
            import_sample_figures(random.Random(1), {}, lambda message: None)
        assert not YearlyFigures.objects.exists()
