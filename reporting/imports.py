"""Reading and checking the yearly figures file (DESIGN.md §4), before anything is written.

`read_yearly_figures(path)` returns one `FiguresRow` per line of figures, or raises `YearlyFiguresFileError`
holding every problem found, in French, each with its line and column:

    ligne 14, colonne hommes : 5 310 dépasse jeunes_en_contact (5 120)
"""

import codecs
import csv
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from missions.models import MissionLocale

from .figures import format_number
from .models import FIRST_YEAR

# File column → YearlyFigures field, in the order of the file's documentation.
COUNT_COLUMNS = {
    "lieux_de_proximite": "sites",
    "jeunes_en_contact": "youths_in_contact",
    "premiers_accueils": "first_contacts",
    "hommes": "men",
    "mineurs": "minors",
    "sans_diplome": "no_diploma",
    "residant_zus": "zus",
    "logement_autonome": "own_housing",
    "titulaires_permis": "driving_licence",
    "moyen_locomotion": "own_vehicle",
    "transports_en_commun": "public_transport",
    "sans_moyen_locomotion": "no_means_of_transport",
}
TOTAL_COLUMN = "jeunes_en_contact"
SUB_COUNT_COLUMNS = [column for column in COUNT_COLUMNS if column not in ("lieux_de_proximite", TOTAL_COLUMN)]
REQUIRED_COLUMNS = ["annee", "code_ml", *COUNT_COLUMNS]
IGNORED_COLUMNS = ["nom_ml"]
MAX_COUNT = 2_147_483_647  # PositiveIntegerField's ceiling on every database

_WHOLE_NUMBER = re.compile(r"^-?(\d{1,3}([ \u00a0\u202f]\d{3})+|\d+)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class YearlyFiguresFileError(Exception):
    """Every problem of the file, in French, one per entry of `errors`."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class FiguresRow:
    line: int
    code_ml: str
    mission_locale_id: int
    year: int
    counts: dict  # YearlyFigures field → value


def at(line: int, column: str | None, message: str) -> str:
    return f"ligne {line}, colonne {column} : {message}" if column else f"ligne {line} : {message}"


# Reading: the file as (line number, list of cells), whatever its format.


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        problem = "fichier introuvable"
    except IsADirectoryError:
        problem = "c'est un dossier, pas un fichier"
    except PermissionError:
        problem = "lecture refusée (droits d'accès)"
    except OSError as error:
        problem = f"lecture impossible (erreur système {error.errno})"
    raise YearlyFiguresFileError([f"{path} : {problem}"])


def _csv_text(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise YearlyFiguresFileError(
            [f"{name} : fichier encodé en UTF-16 ; enregistrez-le en UTF-8 ou en Windows-1252"]
        )
    if b"\x00" in data:
        raise YearlyFiguresFileError([f"{name} : fichier binaire (octets nuls), ni un CSV ni un classeur .xlsx"])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise YearlyFiguresFileError([f"{name} : encodage illisible, ni UTF-8 ni Windows-1252"])
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if _CONTROL.search(line):
            raise YearlyFiguresFileError([at(number, None, "caractère de contrôle : fichier binaire ou corrompu")])
    return text


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list]]:
    text = _csv_text(data, name)
    header = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, line = [], 1
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise YearlyFiguresFileError(
            [at(reader.line_num, None, "CSV mal formé (champ trop long ou guillemets mal placés)")]
        ) from error
    return rows


def _xlsx_rows(path: Path, name: str) -> list[tuple[int, list]]:
    import openpyxl

    try:
        with warnings.catch_warnings():
            # Workbooks saved by other tools often lack a default style; openpyxl warns and reads them fine.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise YearlyFiguresFileError([f"{name} : le classeur ne contient aucune feuille"])
                sheet = workbook.worksheets[0]
                return [(line, list(cells)) for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
            finally:
                workbook.close()
    except YearlyFiguresFileError:
        raise
    except Exception as error:  # a corrupt archive fails in many ways (zip, XML, missing parts)
        raise YearlyFiguresFileError([f"{name} : classeur .xlsx illisible ou corrompu"]) from error


def read_cells(path: Path) -> list[tuple[int, list]]:
    """Every line of the file with its number, as a list of cells (str, or int/float/... from a workbook)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xls", ".ods"):
        raise YearlyFiguresFileError(
            [f"{path.name} : format {suffix} non pris en charge ; enregistrez en .xlsx ou CSV"]
        )
    data = _read_bytes(path)
    if not data.strip():
        raise YearlyFiguresFileError([f"{path.name} : le fichier est vide"])
    if suffix == ".xlsx":
        return _xlsx_rows(path, path.name)
    return _csv_rows(data, path.name)


# Checking: cells into FiguresRow, every problem collected.


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _shown(value) -> str:
    return f"« {value.strip() if isinstance(value, str) else value} »"


def parse_whole_number(value) -> tuple[int | None, str | None]:
    """(number, None) or (None, French reason). Spaces, NBSP or narrow NBSP may separate thousands."""
    if _is_blank(value):
        return None, "valeur vide"
    if isinstance(value, bool):
        return None, f"{_shown(value)} n'est pas un nombre"
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            return None, f"{_shown(value)} n'est pas un nombre entier"
        number = int(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _WHOLE_NUMBER.match(text):
            return None, f"{_shown(value)} n'est pas un nombre entier"
        number = int(re.sub(r"[ \u00a0\u202f]", "", text))
    else:
        return None, f"{_shown(value)} n'est pas un nombre entier"
    if number < 0:
        return None, f"{format_number(number)} est négatif"
    if number > MAX_COUNT:
        return None, f"{format_number(number)} dépasse la valeur maximale ({format_number(MAX_COUNT)})"
    return number, None


def _header(line: int, cells: list) -> tuple[dict[str, int], list[str]]:
    """Column name → index, and the problems of the header line."""
    names = ["" if _is_blank(cell) else str(cell).strip().lower() for cell in cells]
    while names and not names[-1]:
        names.pop()
    errors, positions = [], {}
    for index, name in enumerate(names):
        if not name:
            errors.append(at(line, None, f"la colonne n° {index + 1} n'a pas de nom"))
        elif name in positions:
            errors.append(at(line, name, "colonne en double"))
        else:
            positions[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        errors.append(at(line, None, f"colonne(s) manquante(s) : {', '.join(missing)}"))
    unknown = [name for name in positions if name not in REQUIRED_COLUMNS and name not in IGNORED_COLUMNS]
    if unknown:
        errors.append(
            at(
                line,
                None,
                f"colonne(s) inconnue(s) : {', '.join(unknown)} "
                f"(colonnes attendues : {', '.join(REQUIRED_COLUMNS)}, et nom_ml facultative)",
            )
        )
    return positions, errors


def check_rows(rows: list[tuple[int, list]], missions: dict[str, tuple[int, str]], last_year: int, name: str):
    """FiguresRow for every line, or YearlyFiguresFileError with every problem.

    `missions` maps an upper-case code to (id, code); `name` is the file's name, for file-wide problems.
    """
    rows = [(line, cells) for line, cells in rows if not all(_is_blank(cell) for cell in cells)]
    if not rows:
        raise YearlyFiguresFileError([f"{name} : le fichier est vide"])
    header_line, header_cells = rows[0]
    positions, errors = _header(header_line, header_cells)
    if errors:
        raise YearlyFiguresFileError(errors)
    if len(rows) == 1:
        raise YearlyFiguresFileError([at(header_line, None, "le fichier ne contient que l'en-tête, aucun chiffre")])
    width = max(positions.values()) + 1
    parsed, seen = [], {}
    for line, cells in rows[1:]:
        line_errors = _check_line(line, cells, positions, width, missions, last_year, seen)
        if isinstance(line_errors, FiguresRow):
            parsed.append(line_errors)
        else:
            errors.extend(line_errors)
    if errors:
        raise YearlyFiguresFileError(errors)
    return parsed


def _check_line(line, cells, positions, width, missions, last_year, seen) -> FiguresRow | list[str]:
    """The FiguresRow of one line, or its problems in the order of its columns."""
    while len(cells) > width and _is_blank(cells[-1]):
        cells = cells[:-1]
    if len(cells) > width:
        return [at(line, None, f"{len(cells)} valeurs pour {width} colonnes d'en-tête")]
    problems = []  # (column position, message)

    def problem(column, message):
        problems.append((positions[column], at(line, column, message)))

    absent = sorted((column for column, index in positions.items() if index >= len(cells)), key=positions.get)
    if absent:
        problem(
            absent[0], f"ligne tronquée, {len(cells)} valeur(s) pour {width} colonnes (manquent {', '.join(absent)})"
        )
    values = {column: cells[index] for column, index in positions.items() if index < len(cells)}

    year = None
    if "annee" in values:
        year, reason = parse_whole_number(values["annee"])
        if reason:
            problem("annee", reason)
        elif not FIRST_YEAR <= year <= last_year:
            problem("annee", f"{year} n'est pas une année plausible ({FIRST_YEAR} à {last_year})")
            year = None
    mission = None
    if "code_ml" in values:
        if _is_blank(values["code_ml"]):
            problem("code_ml", "valeur vide")
        else:
            mission = missions.get(str(values["code_ml"]).strip().upper())
            if mission is None:
                problem("code_ml", f"mission locale {_shown(values['code_ml'])} inconnue")
    counts = {}
    for column in COUNT_COLUMNS:
        if column in values:
            number, reason = parse_whole_number(values[column])
            if reason:
                problem(column, reason)
            else:
                counts[column] = number
    total = counts.get(TOTAL_COLUMN)
    if total is not None:
        for column in SUB_COUNT_COLUMNS:
            if counts.get(column, 0) > total:
                problem(column, f"{format_number(counts[column])} dépasse {TOTAL_COLUMN} ({format_number(total)})")
    if mission is not None and year is not None:
        key = (mission[0], year)
        if key in seen:
            problem("code_ml", f"{mission[1]} pour {year} figure déjà ligne {seen[key]}")
        else:
            seen[key] = line
    if problems:
        return [message for _, message in sorted(problems, key=lambda item: item[0])]
    return FiguresRow(
        line=line,
        code_ml=mission[1],
        mission_locale_id=mission[0],
        year=year,
        counts={COUNT_COLUMNS[column]: number for column, number in counts.items()},
    )


def read_yearly_figures(path: Path) -> list[FiguresRow]:
    """The checked rows of the file at `path`; raises YearlyFiguresFileError with every problem found."""
    path = Path(path)
    rows = read_cells(path)
    missions = {code.upper(): (pk, code) for pk, code in MissionLocale.objects.values_list("id", "code")}
    return check_rows(rows, missions, last_year=timezone.localdate().year, name=path.name)
