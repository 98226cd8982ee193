import datetime
import errno
import io
import pathlib
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from django.utils import timezone

from reporting.imports import REQUIRED_COLUMNS
from reporting.models import YearlyFigures
from tests.missions.factories import MissionLocaleFactory
from tests.reporting.factories import YearlyFiguresFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "annee",
    "code_ml",
    "nom_ml",
    "lieux_de_proximite",
    "jeunes_en_contact",
    "premiers_accueils",
    "hommes",
    "mineurs",
    "sans_diplome",
    "residant_zus",
    "logement_autonome",
    "titulaires_permis",
    "moyen_locomotion",
    "transports_en_commun",
    "sans_moyen_locomotion",
]
BOULONNAIS = {
    "annee": "2011",
    "code_ml": "ML-BOULONNAIS",
    "nom_ml": "Mission locale du Pays Boulonnais",
    "lieux_de_proximite": "7",
    "jeunes_en_contact": "5120",
    "premiers_accueils": "1599",
    "hommes": "2446",
    "mineurs": "219",
    "sans_diplome": "2546",
    "residant_zus": "826",
    "logement_autonome": "947",
    "titulaires_permis": "2124",
    "moyen_locomotion": "1760",
    "transports_en_commun": "1958",
    "sans_moyen_locomotion": "360",
}
LENS = {
    **BOULONNAIS,
    "code_ml": "ML-LENS-LIEVIN",
    "nom_ml": "Mission locale de Lens-Liévin",
    "lieux_de_proximite": "10",
    "jeunes_en_contact": "7322",
    "hommes": "3968",
}


@pytest.fixture
def missions(db):
    return {
        "boulonnais": MissionLocaleFactory(code="ML-BOULONNAIS", name="Mission locale du Pays Boulonnais"),
        "lens": MissionLocaleFactory(code="ML-LENS-LIEVIN", name="Mission locale de Lens-Liévin"),
    }


def write_csv(tmp_path, rows, *, header=HEADER, delimiter=";", encoding="utf-8", name="chiffres.csv", bom=False):
    lines = [delimiter.join(header)]
    lines += [delimiter.join(row[column] for column in header) if isinstance(row, dict) else row for row in rows]
    data = ("\n".join(lines) + "\n").encode(encoding)
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_yearly_figures", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def errors_of(path):
    """The error lines the command prints, after checking it fails with the French summary."""
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_yearly_figures", str(path), stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert str(failure.value) == f"{len(lines)} erreur(s) : rien n'a été importé."
    assert not YearlyFigures.objects.exists()
    return lines


def stored(code="ML-BOULONNAIS", year=2011):
    return YearlyFigures.objects.get(mission_locale__code=code, year=year)


class TestValidFiles:
    def test_semicolon_csv_creates_one_row_per_mission_locale(self, tmp_path, missions):
        output = run(write_csv(tmp_path, [BOULONNAIS, LENS]))
        assert YearlyFigures.objects.count() == 2
        figures = stored()
        assert figures.counts() == {
            "sites": 7,
            "youths_in_contact": 5120,
            "first_contacts": 1599,
            "men": 2446,
            "minors": 219,
            "no_diploma": 2546,
            "zus": 826,
            "own_housing": 947,
            "driving_licence": 2124,
            "own_vehicle": 1760,
            "public_transport": 1958,
            "no_means_of_transport": 360,
        }
        assert figures.source_file == "chiffres.csv"
        assert figures.imported_at is not None
        assert stored("ML-LENS-LIEVIN").men == 3968
        assert "2 créée(s), 0 remplacée(s), 0 inchangée(s)." in output
        assert "2011 : 2 mission(s) locale(s), 12 442 jeunes en contact, 3 198 premiers accueils" in output
        assert "Chiffres annuels importés." in output

    def test_comma_csv(self, tmp_path, missions):
        run(write_csv(tmp_path, [BOULONNAIS, LENS], delimiter=","))
        assert stored().youths_in_contact == 5120
        assert stored("ML-LENS-LIEVIN").men == 3968

    def test_utf8_with_bom(self, tmp_path, missions):
        run(write_csv(tmp_path, [BOULONNAIS, LENS], bom=True))
        assert YearlyFigures.objects.count() == 2

    def test_windows_1252_with_accents_in_nom_ml(self, tmp_path, missions):
        path = write_csv(tmp_path, [LENS], encoding="cp1252")
        assert "Liévin".encode("cp1252") in path.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
        run(path)
        assert stored("ML-LENS-LIEVIN").youths_in_contact == 7322

    @pytest.mark.parametrize("separator", [" ", "\u00a0", "\u202f"])
    def test_thousands_separators(self, tmp_path, missions, separator):
        row = {**BOULONNAIS, "jeunes_en_contact": f"5{separator}120", "hommes": f"2{separator}446"}
        run(write_csv(tmp_path, [row]))
        assert (stored().youths_in_contact, stored().men) == (5120, 2446)

    def test_large_numbers_with_several_groups(self, tmp_path, missions):
        row = {**BOULONNAIS, "jeunes_en_contact": "1 205 120"}
        run(write_csv(tmp_path, [row]))
        assert stored().youths_in_contact == 1205120

    def test_columns_in_any_order_with_header_case_and_spaces_ignored_and_no_nom_ml(self, tmp_path, missions):
        columns = list(reversed([column for column in HEADER if column != "nom_ml"]))
        header = [f" {column.upper()} " for column in columns]
        path = tmp_path / "chiffres.csv"
        path.write_text(
            ";".join(header) + "\n" + ";".join(BOULONNAIS[column] for column in columns) + "\n", encoding="utf-8"
        )
        run(path)
        assert stored().men == 2446

    def test_empty_lines_are_skipped(self, tmp_path, missions):
        path = write_csv(tmp_path, ["", BOULONNAIS, ";;;", "", LENS, ""])
        run(path)
        assert YearlyFigures.objects.count() == 2

    def test_crlf_line_endings(self, tmp_path, missions):
        path = tmp_path / "chiffres.csv"
        lines = [";".join(HEADER), ";".join(BOULONNAIS[column] for column in HEADER)]
        path.write_bytes("\r\n".join(lines).encode("utf-8") + b"\r\n")
        run(path)
        assert stored().men == 2446

    def test_xlsx_with_integers_and_whole_floats(self, tmp_path, missions):
        path = tmp_path / "chiffres.xlsx"
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(HEADER)
        sheet.append(
            [2011, "ML-BOULONNAIS", "Mission locale du Pays Boulonnais", 7, 5120.0, 1599, 2446, 219.0]
            + [2546, 826, 947, 2124, 1760, 1958, 360]
        )
        sheet.append([])
        sheet.append([int(LENS[column]) if column not in ("code_ml", "nom_ml") else LENS[column] for column in HEADER])
        workbook.save(path)
        output = run(path)
        assert "2 créée(s)" in output
        assert stored().youths_in_contact == 5120
        assert stored().minors == 219
        assert stored("ML-LENS-LIEVIN").men == 3968
        assert stored().source_file == "chiffres.xlsx"

    def test_xlsx_with_text_cells_and_thousands_separators(self, tmp_path, missions):
        path = tmp_path / "chiffres.xlsx"
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER)
        workbook.active.append([{**BOULONNAIS, "jeunes_en_contact": "5\u202f120"}[column] for column in HEADER])
        workbook.save(path)
        run(path)
        assert stored().youths_in_contact == 5120

    def test_code_ml_is_matched_whatever_its_case(self, tmp_path, missions):
        run(write_csv(tmp_path, [{**BOULONNAIS, "code_ml": " ml-boulonnais "}]))
        assert stored().men == 2446


class TestReimport:
    def test_the_same_file_twice_changes_nothing(self, tmp_path, missions):
        path = write_csv(tmp_path, [BOULONNAIS, LENS])
        run(path)
        before = list(YearlyFigures.objects.order_by("pk").values())
        output = run(path)
        assert "0 créée(s), 0 remplacée(s), 2 inchangée(s)." in output
        assert "rien n'a changé" in output
        assert list(YearlyFigures.objects.order_by("pk").values()) == before

    def test_a_changed_row_replaces_the_stored_one_in_place(self, tmp_path, missions):
        run(write_csv(tmp_path, [BOULONNAIS, LENS]))
        before = stored()
        output = run(write_csv(tmp_path, [{**BOULONNAIS, "hommes": "2500", "mineurs": "220"}, LENS], name="v2.csv"))
        after = stored()
        assert "0 créée(s), 1 remplacée(s), 1 inchangée(s)." in output
        assert "remplacée — ligne 2 : ML-BOULONNAIS 2011 (hommes, mineurs)" in output
        assert after.pk == before.pk
        assert (after.men, after.minors, after.source_file) == (2500, 220, "v2.csv")
        assert after.imported_at > before.imported_at
        assert stored("ML-LENS-LIEVIN").source_file == "chiffres.csv"

    def test_figures_typed_in_the_admin_are_replaced_by_the_file(self, tmp_path, missions):
        YearlyFiguresFactory(mission_locale=missions["boulonnais"], year=2011, source_file="")
        output = run(write_csv(tmp_path, [BOULONNAIS]))
        assert "0 créée(s), 1 remplacée(s), 0 inchangée(s)." in output
        assert stored().youths_in_contact == 5120
        assert YearlyFigures.objects.count() == 1

    def test_another_year_is_a_new_row(self, tmp_path, missions):
        run(write_csv(tmp_path, [BOULONNAIS]))
        output = run(write_csv(tmp_path, [{**BOULONNAIS, "annee": "2012"}]))
        assert "1 créée(s), 0 remplacée(s), 0 inchangée(s)." in output
        assert YearlyFigures.objects.count() == 2

    def test_per_year_totals_list_each_year(self, tmp_path, missions):
        output = run(write_csv(tmp_path, [BOULONNAIS, {**BOULONNAIS, "annee": "2012"}, LENS]))
        assert "2011 : 2 mission(s) locale(s), 12 442 jeunes en contact" in output
        assert "2012 : 1 mission(s) locale(s), 5 120 jeunes en contact" in output
        assert output.index("2011 :") < output.index("2012 :")


class TestDryRun:
    def test_reports_without_writing(self, tmp_path, missions):
        output = run(write_csv(tmp_path, [BOULONNAIS, LENS]), "--dry-run")
        assert not YearlyFigures.objects.exists()
        assert "2 créée(s), 0 remplacée(s), 0 inchangée(s)." in output
        assert "Simulation (--dry-run) : rien n'a été écrit." in output

    def test_reports_replacements_without_writing(self, tmp_path, missions):
        run(write_csv(tmp_path, [BOULONNAIS, LENS]))
        output = run(write_csv(tmp_path, [{**BOULONNAIS, "hommes": "2500"}, LENS], name="v2.csv"), "--dry-run")
        assert "0 créée(s), 1 remplacée(s), 1 inchangée(s)." in output
        assert (stored().men, stored().source_file) == (2446, "chiffres.csv")

    def test_an_invalid_file_fails_the_same_way(self, tmp_path, missions):
        path = write_csv(tmp_path, [{**BOULONNAIS, "hommes": "6000"}])
        with pytest.raises(CommandError, match="1 erreur"):
            call_command("import_yearly_figures", str(path), "--dry-run", stdout=io.StringIO(), stderr=io.StringIO())


class TestAllOrNothing:
    def test_one_bad_row_writes_nothing(self, tmp_path, missions):
        path = write_csv(tmp_path, [BOULONNAIS, {**LENS, "hommes": "8000"}])
        assert errors_of(path) == ["ligne 3, colonne hommes : 8 000 dépasse jeunes_en_contact (7 322)"]

    def test_one_bad_row_leaves_stored_figures_alone(self, tmp_path, missions):
        run(write_csv(tmp_path, [BOULONNAIS]))
        path = write_csv(tmp_path, [{**BOULONNAIS, "hommes": "2500"}, {**LENS, "mineurs": "x"}], name="v2.csv")
        with pytest.raises(CommandError):
            call_command("import_yearly_figures", str(path), stdout=io.StringIO(), stderr=io.StringIO())
        assert YearlyFigures.objects.count() == 1
        assert stored().men == 2446


class TestRowErrors:
    def test_a_part_larger_than_the_young_people_in_contact(self, tmp_path, missions):
        rows = (
            [LENS] * 0
            + [BOULONNAIS, {**LENS, "annee": "2010"}]
            + [{**LENS, "annee": str(year)} for year in range(2000, 2010)]
        )
        rows.append({**BOULONNAIS, "annee": "2012", "jeunes_en_contact": "5 120", "hommes": "5 310"})
        assert errors_of(write_csv(tmp_path, rows)) == [
            "ligne 14, colonne hommes : 5 310 dépasse jeunes_en_contact (5 120)"
        ]

    def test_every_part_is_checked(self, tmp_path, missions):
        row = {**BOULONNAIS, "jeunes_en_contact": "100"}
        errors = errors_of(write_csv(tmp_path, [row]))
        assert errors == [
            "ligne 2, colonne premiers_accueils : 1 599 dépasse jeunes_en_contact (100)",
            "ligne 2, colonne hommes : 2 446 dépasse jeunes_en_contact (100)",
            "ligne 2, colonne mineurs : 219 dépasse jeunes_en_contact (100)",
            "ligne 2, colonne sans_diplome : 2 546 dépasse jeunes_en_contact (100)",
            "ligne 2, colonne residant_zus : 826 dépasse jeunes_en_contact (100)",
            "ligne 2, colonne logement_autonome : 947 dépasse jeunes_en_contact (100)",
            "ligne 2, colonne titulaires_permis : 2 124 dépasse jeunes_en_contact (100)",
            "ligne 2, colonne moyen_locomotion : 1 760 dépasse jeunes_en_contact (100)",
            "ligne 2, colonne transports_en_commun : 1 958 dépasse jeunes_en_contact (100)",
            "ligne 2, colonne sans_moyen_locomotion : 360 dépasse jeunes_en_contact (100)",
        ]

    def test_sites_may_exceed_the_young_people(self, tmp_path, missions):
        run(write_csv(tmp_path, [{**BOULONNAIS, "lieux_de_proximite": "6000"}]))
        assert stored().sites == 6000

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("-4", "-4 est négatif"),
            ("-1 200", "-1 200 est négatif"),
            ("12,5", "« 12,5 » n'est pas un nombre entier"),
            ("12.0", "« 12.0 » n'est pas un nombre entier"),
            ("douze", "« douze » n'est pas un nombre entier"),
            ("1 20", "« 1 20 » n'est pas un nombre entier"),
            ("", "valeur vide"),
            ("  ", "valeur vide"),
            ("3000000000", "3 000 000 000 dépasse la valeur maximale (2 147 483 647)"),
        ],
    )
    def test_counts_are_whole_and_not_negative(self, tmp_path, missions, value, message):
        assert errors_of(write_csv(tmp_path, [{**BOULONNAIS, "mineurs": value}])) == [
            f"ligne 2, colonne mineurs : {message}"
        ]

    def test_unknown_mission_locale(self, tmp_path, missions):
        assert errors_of(write_csv(tmp_path, [{**BOULONNAIS, "code_ml": "ML-INCONNUE"}])) == [
            "ligne 2, colonne code_ml : mission locale « ML-INCONNUE » inconnue"
        ]

    def test_empty_code_ml(self, tmp_path, missions):
        assert errors_of(write_csv(tmp_path, [{**BOULONNAIS, "code_ml": ""}])) == [
            "ligne 2, colonne code_ml : valeur vide"
        ]

    def test_second_occurrence_of_a_mission_locale_and_year_names_the_first_line(self, tmp_path, missions):
        rows = [BOULONNAIS, LENS, {**BOULONNAIS, "nom_ml": "doublon"}, {**BOULONNAIS, "annee": "2010"}]
        assert errors_of(write_csv(tmp_path, rows)) == [
            "ligne 4, colonne code_ml : ML-BOULONNAIS pour 2011 figure déjà ligne 2"
        ]

    def test_duplicate_codes_differing_only_by_case(self, tmp_path, missions):
        rows = [BOULONNAIS, {**BOULONNAIS, "code_ml": "ml-boulonnais"}]
        assert errors_of(write_csv(tmp_path, rows)) == [
            "ligne 3, colonne code_ml : ML-BOULONNAIS pour 2011 figure déjà ligne 2"
        ]

    @pytest.mark.parametrize("year", ["1989", "next"])
    def test_year_must_be_plausible(self, tmp_path, missions, year):
        this_year = timezone.localdate().year
        value = str(this_year + 1) if year == "next" else year
        assert errors_of(write_csv(tmp_path, [{**BOULONNAIS, "annee": value}])) == [
            f"ligne 2, colonne annee : {value} n'est pas une année plausible (1990 à {this_year})"
        ]

    def test_this_year_is_accepted(self, tmp_path, missions):
        run(write_csv(tmp_path, [{**BOULONNAIS, "annee": str(timezone.localdate().year)}]))
        assert YearlyFigures.objects.get().year == datetime.date.today().year

    def test_every_error_is_listed_in_line_then_column_order(self, tmp_path, missions):
        rows = [
            {**BOULONNAIS, "hommes": "abc", "annee": "1800"},
            "",
            {**LENS, "code_ml": "ML-X", "sans_moyen_locomotion": "-1"},
        ]
        assert errors_of(write_csv(tmp_path, rows)) == [
            f"ligne 2, colonne annee : 1800 n'est pas une année plausible (1990 à {timezone.localdate().year})",
            "ligne 2, colonne hommes : « abc » n'est pas un nombre entier",
            "ligne 4, colonne code_ml : mission locale « ML-X » inconnue",
            "ligne 4, colonne sans_moyen_locomotion : -1 est négatif",
        ]

    def test_truncated_row(self, tmp_path, missions):
        truncated = ";".join(LENS[column] for column in HEADER[:12])
        assert errors_of(write_csv(tmp_path, [BOULONNAIS, truncated])) == [
            "ligne 3, colonne moyen_locomotion : ligne tronquée, 12 valeur(s) pour 15 colonnes "
            "(manquent moyen_locomotion, transports_en_commun, sans_moyen_locomotion)"
        ]

    def test_truncated_row_at_the_end_of_the_file(self, tmp_path, missions):
        path = tmp_path / "chiffres.csv"
        path.write_text(";".join(HEADER) + "\n2011;ML-BOULONNAIS;Mission locale du Pays Boul", encoding="utf-8")
        errors = errors_of(path)
        assert len(errors) == 1
        assert errors[0].startswith("ligne 2, colonne lieux_de_proximite : ligne tronquée, 3 valeur(s) pour 15")

    def test_too_many_values(self, tmp_path, missions):
        row = ";".join(BOULONNAIS[column] for column in HEADER) + ";42"
        assert errors_of(write_csv(tmp_path, [row])) == ["ligne 2 : 16 valeurs pour 15 colonnes d'en-tête"]

    def test_trailing_empty_cells_are_ignored(self, tmp_path, missions):
        row = ";".join(BOULONNAIS[column] for column in HEADER) + ";;"
        run(write_csv(tmp_path, [row], header=[*HEADER, "", ""]))
        assert stored().men == 2446

    def test_xlsx_fractional_number(self, tmp_path, missions):
        path = tmp_path / "chiffres.xlsx"
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER)
        workbook.active.append([{**BOULONNAIS, "mineurs": 12.5, "hommes": True}.get(c, BOULONNAIS[c]) for c in HEADER])
        workbook.save(path)
        assert errors_of(path) == [
            "ligne 2, colonne hommes : « True » n'est pas un nombre",
            "ligne 2, colonne mineurs : « 12.5 » n'est pas un nombre entier",
        ]


class TestHeaderErrors:
    def test_missing_columns_are_named_in_one_error(self, tmp_path, missions):
        header = [column for column in HEADER if column not in ("hommes", "mineurs")]
        assert errors_of(write_csv(tmp_path, [BOULONNAIS], header=header)) == [
            "ligne 1 : colonne(s) manquante(s) : hommes, mineurs"
        ]

    def test_unknown_columns_are_named(self, tmp_path, missions):
        path = write_csv(
            tmp_path, [{**BOULONNAIS, "commentaire": "", "total": "1"}], header=[*HEADER, "commentaire", "total"]
        )
        assert errors_of(path) == [
            "ligne 1 : colonne(s) inconnue(s) : commentaire, total (colonnes attendues : "
            + ", ".join(REQUIRED_COLUMNS)
            + ", et nom_ml facultative)"
        ]

    def test_duplicate_column(self, tmp_path, missions):
        assert errors_of(write_csv(tmp_path, [BOULONNAIS], header=[*HEADER, "hommes"])) == [
            "ligne 1, colonne hommes : colonne en double"
        ]

    def test_column_without_a_name(self, tmp_path, missions):
        header = [*HEADER[:3], "", *HEADER[3:]]
        assert errors_of(write_csv(tmp_path, [{**BOULONNAIS, "": "x"}], header=header)) == [
            "ligne 1 : la colonne n° 4 n'a pas de nom"
        ]

    def test_header_after_empty_lines(self, tmp_path, missions):
        path = tmp_path / "chiffres.csv"
        path.write_text("\n\n" + ";".join(HEADER) + "\n" + ";".join(BOULONNAIS[c] for c in HEADER) + "\n")
        run(path)
        assert YearlyFigures.objects.count() == 1


class TestUnreadableFiles:
    def test_empty_file(self, tmp_path, missions):
        path = tmp_path / "chiffres.csv"
        path.write_bytes(b"")
        assert errors_of(path) == ["chiffres.csv : le fichier est vide"]

    def test_blank_lines_only(self, tmp_path, missions):
        path = tmp_path / "chiffres.csv"
        path.write_bytes(b"\xef\xbb\xbf\n;;\n\n")
        assert errors_of(path) == ["chiffres.csv : le fichier est vide"]

    def test_header_only(self, tmp_path, missions):
        assert errors_of(write_csv(tmp_path, [])) == ["ligne 1 : le fichier ne contient que l'en-tête, aucun chiffre"]

    def test_binary_file(self, tmp_path, missions):
        path = tmp_path / "chiffres.csv"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        assert errors_of(path) == ["chiffres.csv : fichier binaire (octets nuls), ni un CSV ni un classeur .xlsx"]

    def test_control_characters(self, tmp_path, missions):
        path = write_csv(tmp_path, [BOULONNAIS, "\x1b[31m;\x02"])
        assert errors_of(path) == ["ligne 3 : caractère de contrôle : fichier binaire ou corrompu"]

    def test_neither_utf8_nor_windows_1252(self, tmp_path, missions):
        path = tmp_path / "chiffres.csv"
        path.write_bytes(";".join(HEADER).encode() + b"\n2011;ML-BOULONNAIS;Mission \x81\x8d\n")
        assert errors_of(path) == ["chiffres.csv : encodage illisible, ni UTF-8 ni Windows-1252"]

    def test_utf16(self, tmp_path, missions):
        path = write_csv(tmp_path, [BOULONNAIS], encoding="utf-16")
        assert errors_of(path) == [
            "chiffres.csv : fichier encodé en UTF-16 ; enregistrez-le en UTF-8 ou en Windows-1252"
        ]

    def test_missing_file(self, tmp_path, missions):
        path = tmp_path / "absent.csv"
        assert errors_of(path) == [f"{path} : fichier introuvable"]

    def test_a_directory(self, tmp_path, missions):
        assert errors_of(tmp_path) == [f"{tmp_path} : c'est un dossier, pas un fichier"]

    @pytest.mark.parametrize(
        ("error", "message"),
        [
            (PermissionError(errno.EACCES, "Permission denied"), "lecture refusée (droits d'accès)"),
            (OSError(errno.EIO, "Input/output error"), f"lecture impossible (erreur système {errno.EIO})"),
        ],
    )
    def test_unreadable_file(self, tmp_path, missions, monkeypatch, error, message):
        path = write_csv(tmp_path, [BOULONNAIS])

        def read_bytes(self):
            raise error

        monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
        assert errors_of(path) == [f"{path} : {message}"]

    def test_corrupt_xlsx(self, tmp_path, missions):
        path = tmp_path / "chiffres.xlsx"
        path.write_bytes(b"PK\x03\x04 not really a workbook")
        assert errors_of(path) == ["chiffres.xlsx : classeur .xlsx illisible ou corrompu"]

    def test_xlsx_missing_its_sheet(self, tmp_path, missions):
        good = tmp_path / "good.xlsx"
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER)
        workbook.save(good)
        path = tmp_path / "chiffres.xlsx"
        with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
            for item in source.infolist():
                if not item.filename.startswith("xl/worksheets/"):
                    target.writestr(item, source.read(item.filename))
        assert errors_of(path) == ["chiffres.xlsx : le classeur ne contient aucune feuille"]

    def test_truncated_xlsx(self, tmp_path, missions):
        good = tmp_path / "good.xlsx"
        workbook = openpyxl.Workbook()
        workbook.active.append(HEADER)
        workbook.active.append([BOULONNAIS[column] for column in HEADER])
        workbook.save(good)
        path = tmp_path / "chiffres.xlsx"
        path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
        assert errors_of(path) == ["chiffres.xlsx : classeur .xlsx illisible ou corrompu"]

    def test_empty_xlsx(self, tmp_path, missions):
        path = tmp_path / "chiffres.xlsx"
        openpyxl.Workbook().save(path)
        assert errors_of(path) == ["chiffres.xlsx : le fichier est vide"]

    def test_old_excel_format(self, tmp_path, missions):
        path = tmp_path / "chiffres.xls"
        path.write_bytes(b"\xd0\xcf\x11\xe0")
        assert errors_of(path) == ["chiffres.xls : format .xls non pris en charge ; enregistrez en .xlsx ou CSV"]


class TestExitStatus:
    def test_an_invalid_file_exits_with_status_1_and_no_traceback(self, tmp_path, missions, capsys):
        path = write_csv(tmp_path, [{**BOULONNAIS, "hommes": "5310", "jeunes_en_contact": "5120"}])
        with pytest.raises(SystemExit) as exit_info:
            ManagementUtility(["manage.py", "import_yearly_figures", str(path)]).execute()
        assert exit_info.value.code == 1
        err = capsys.readouterr().err
        assert "ligne 2, colonne hommes : 5 310 dépasse jeunes_en_contact (5 120)" in err
        assert "CommandError: 1 erreur(s) : rien n'a été importé." in err
        assert "Traceback" not in err
