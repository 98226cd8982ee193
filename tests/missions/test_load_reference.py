import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from missions import reference
from missions.models import Commune, MissionLocale, Site

pytestmark = pytest.mark.django_db


def run(**kwargs):
    out = io.StringIO()
    call_command("load_reference", stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()


class TestLoadReference:
    def test_loads_the_whole_region(self):
        output = run()
        assert Commune.objects.count() == 1538
        assert Commune.objects.filter(departement="59").count() == 648
        assert Commune.objects.filter(departement="62").count() == 890
        assert MissionLocale.objects.count() == 27
        assert MissionLocale.objects.filter(departement="59").count() == 17
        assert Site.objects.count() == 166
        assert Site.objects.filter(kind="siege").count() == 27
        assert "communes : 1538 dans les fichiers, 1538 créé(s)" in output
        assert "lieux d'accueil : 166 dans les fichiers, 166 créé(s)" in output

    def test_every_mission_locale_has_exactly_one_siege_in_its_seat_commune(self):
        run()
        for ml in MissionLocale.objects.prefetch_related("sites"):
            sieges = [site for site in ml.sites.all() if site.kind == "siege"]
            assert len(sieges) == 1, ml.code
            assert sieges[0].commune_id == ml.seat_commune_id

    def test_names_keep_their_accents_and_are_searchable_without(self):
        run()
        commune = Commune.objects.get(insee_code="59378")
        assert commune.name == "Marcq-en-Barœul"
        assert list(Commune.objects.search("marcq en baroeul")) == [commune]

    def test_second_run_changes_nothing_and_says_so(self):
        run()
        before = list(Site.objects.values_list("id", "name", "kind", "commune_id", "mission_locale_id"))
        output = run()
        assert "rien n'a changé" in output
        assert "0 créé(s), 0 modifié(s), 166 inchangé(s)" in output
        assert list(Site.objects.values_list("id", "name", "kind", "commune_id", "mission_locale_id")) == before

    def test_a_changed_row_is_updated_and_reported(self):
        run()
        MissionLocale.objects.filter(code="ML-CALAISIS").update(name="Ancien nom")
        output = run()
        assert MissionLocale.objects.get(code="ML-CALAISIS").name == "Mission locale du Calaisis"
        assert "1 modifié(s)" in output
        assert "ML-CALAISIS : name" in output

    def test_an_invalid_file_writes_nothing(self, tmp_path):
        for name in ("communes.csv", "missions_locales.csv", "sites.csv"):
            shutil.copy(reference.DATA_DIR / name, tmp_path / name)
        sites = (tmp_path / "sites.csv").read_text(encoding="utf-8").splitlines()
        sites[2] = sites[2].replace("antenne", "bureau")
        sites.append("ML-INCONNUE,Antenne fantôme,antenne,62160")
        (tmp_path / "sites.csv").write_text("\n".join(sites) + "\n", encoding="utf-8")
        with pytest.raises(reference.ReferenceError) as error:
            reference.load_all(tmp_path)
        assert "sites.csv, ligne 3, colonne kind : « bureau » inconnu." in error.value.errors
        assert "sites.csv, ligne 168, colonne ml_code : mission locale ML-INCONNUE inconnue." in error.value.errors
        assert Commune.objects.count() == 0
        assert MissionLocale.objects.count() == 0

    def test_the_command_prints_errors_and_fails(self, monkeypatch):
        def broken(data_dir):
            raise reference.ReferenceError(["communes.csv, ligne 2, colonne name : valeur vide."])

        monkeypatch.setattr(reference, "load_communes", broken)
        stderr = io.StringIO()
        with pytest.raises(CommandError, match="rien n'a été écrit"):
            call_command("load_reference", stdout=io.StringIO(), stderr=stderr)
        assert "communes.csv, ligne 2, colonne name : valeur vide." in stderr.getvalue()
