import datetime
import io
import json

import pytest
from django.core.management import call_command

from missions.reference import ReferenceError
from mobility import reference
from mobility.models import AidScheme

pytestmark = pytest.mark.django_db


def run():
    out = io.StringIO()
    call_command("load_reference", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write_schemes(tmp_path, rows):
    path = tmp_path / "aid_schemes.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def shipped_rows():
    return json.loads(reference.DATA_FILE.read_text(encoding="utf-8"))


class TestLoadAidSchemes:
    def test_load_reference_loads_the_schemes(self):
        output = run()
        codes = set(AidScheme.objects.values_list("code", flat=True))
        assert {
            "10000-permis",
            "lmcu-tickets",
            "fdaj-nord",
            "faj-pas-de-calais",
            "fipj",
            "mobilite-europeenne",
        } <= codes
        assert "dispositifs d'aide : 8 dans les fichiers, 8 créé(s)" in output

    def test_amounts_are_stored_in_cents_or_units(self):
        run()
        fdaj = AidScheme.objects.get(code="fdaj-nord")
        assert (fdaj.unit, fdaj.default_amount, fdaj.max_amount) == ("euros", 15000, 40000)
        assert fdaj.departements == ["59"]
        tickets = AidScheme.objects.get(code="lmcu-tickets")
        assert (tickets.unit, tickets.default_amount) == ("tickets", 10)

    def test_ten_thousand_licences_is_closed_since_2011(self):
        run()
        scheme = AidScheme.objects.get(code="10000-permis")
        assert (scheme.valid_from, scheme.valid_until) == (datetime.date(2009, 1, 1), datetime.date(2011, 12, 31))
        assert scheme.requires_no_licence
        assert scheme not in AidScheme.objects.open_on(datetime.date.today())
        assert scheme in AidScheme.objects.open_on(datetime.date(2010, 6, 1))

    def test_lmcu_covers_the_85_communes_of_the_urban_community(self):
        run()
        communes = set(AidScheme.objects.get(code="lmcu-tickets").communes.values_list("insee_code", flat=True))
        assert len(communes) == 85
        assert {"59350", "59512", "59599", "59650", "59009", "59017", "59560", "59328"} <= communes
        assert "62041" not in communes  # Arras
        assert "59011" not in communes  # Annœullin joined the metropolis in 2020

    def test_faj_rules(self):
        run()
        faj = AidScheme.objects.get(code="faj-pas-de-calais")
        assert (faj.min_age, faj.max_age, faj.younger_from_age) == (18, 25, 16)
        assert "apprenticeship" in faj.younger_situations
        assert faj.excludes_rsa
        assert faj.departements == ["62"]

    def test_combinations_are_symmetrical(self):
        run()
        fipj = AidScheme.objects.get(code="fipj")
        assert set(fipj.not_combinable_with.values_list("code", flat=True)) == {"fdaj-nord", "faj-pas-de-calais"}
        assert list(AidScheme.objects.get(code="fdaj-nord").not_combinable_with.values_list("code", flat=True)) == [
            "fipj"
        ]

    def test_second_run_changes_nothing(self):
        run()
        output = run()
        assert "dispositifs d'aide : 8 dans les fichiers, 0 créé(s), 0 modifié(s), 8 inchangé(s)." in output
        assert "rien n'a changé" in output

    def test_relations_changed_in_the_admin_are_restored_and_reported(self):
        run()
        scheme = AidScheme.objects.get(code="lmcu-tickets")
        scheme.communes.remove(*scheme.communes.filter(insee_code="59350"))
        AidScheme.objects.get(code="fipj").not_combinable_with.clear()
        output = run()
        assert scheme.communes.filter(insee_code="59350").exists()
        assert AidScheme.objects.get(code="fdaj-nord").not_combinable_with.filter(code="fipj").exists()
        assert "lmcu-tickets : communes" in output
        assert "fdaj-nord : not_combinable_with" in output

    def test_a_scheme_added_in_the_admin_is_left_alone(self, reference_data):
        local = AidScheme.objects.create(
            code="aide-locale",
            name="Aide locale",
            funder="Commune",
            unit="euros",
            default_amount=100,
            max_amount=100,
            valid_from=datetime.date(2020, 1, 1),
        )
        local.not_combinable_with.add(AidScheme.objects.get(code="fipj"))
        run()
        assert AidScheme.objects.get(code="fipj").not_combinable_with.filter(code="aide-locale").exists()

    def test_an_invalid_file_lists_every_error_and_writes_nothing(self, tmp_path, reference_data):
        AidScheme.objects.all().delete()
        rows = shipped_rows()
        rows[0]["unit"] = "kilos"
        rows[1]["valid_from"] = "01/01/2019"
        rows[2]["communes"] = ["59350", "99999"]
        rows[4]["max_amount"] = 12.345
        rows[5]["younger_situations"] = ["chômage"]
        rows[6]["not_combinable_with"] = ["inconnu"]
        rows.append(dict(rows[7]))
        with pytest.raises(ReferenceError) as error:
            reference.load_aid_schemes(write_schemes(tmp_path, rows))
        errors = error.value.errors
        assert "aid_schemes.json, dispositif 1 (10000-permis), champ unit : « kilos » inconnue." in errors
        assert (
            "aid_schemes.json, dispositif 2 (permis-apprentis), champ valid_from : "
            "« 01/01/2019 » n'est pas une date AAAA-MM-JJ." in errors
        )
        assert (
            "aid_schemes.json, dispositif 3 (lmcu-tickets), champ communes : commune(s) inconnue(s) 99999." in errors
        )
        assert (
            "aid_schemes.json, dispositif 5 (fdaj-nord), champ max_amount : "
            "Un montant en euros a au plus deux décimales." in errors
        )
        assert (
            "aid_schemes.json, dispositif 6 (faj-pas-de-calais), champ younger_situations : "
            "situation(s) inconnue(s) chômage." in errors
        )
        assert (
            "aid_schemes.json, dispositif 7 (fipj), champ not_combinable_with : "
            "dispositif(s) absent(s) du fichier inconnu." in errors
        )
        assert "aid_schemes.json, dispositif 9 : code mobilite-europeenne en double." in errors
        assert AidScheme.objects.count() == 0

    def test_unreadable_file(self, tmp_path):
        path = tmp_path / "aid_schemes.json"
        path.write_text("[{", encoding="utf-8")
        with pytest.raises(ReferenceError) as error:
            reference.load_aid_schemes(path)
        assert error.value.errors[0].startswith("aid_schemes.json : fichier illisible")
