"""The aid schemes shipped in mobility/data/aid_schemes.json, checked then synchronised by `load_reference`.

Amounts in the file are written as a person types them: euros for a scheme in euros (stored in cents), a count
for places and tickets. The file is authoritative for the schemes it lists, their communes and combinations
included; schemes that regional staff add in the admin are left alone.
"""

import datetime
import json
from pathlib import Path

from missions.enums import Departement
from missions.models import Commune
from missions.reference import ReferenceError, SyncResult, sync
from youths.enums import SituationKind

from .enums import SchemeUnit
from .models import AidScheme
from .units import to_stored

DATA_FILE = Path(__file__).resolve().parent / "data" / "aid_schemes.json"

FIELDS = [
    "code",
    "name",
    "funder",
    "description",
    "unit",
    "default_amount",
    "max_amount",
    "max_per_youth",
    "max_per_12_months",
    "valid_from",
    "valid_until",
    "min_age",
    "max_age",
    "younger_from_age",
    "younger_situations",
    "departements",
    "communes",
    "required_situations",
    "excluded_situations",
    "requires_no_licence",
    "excludes_rsa",
    "not_combinable_with",
]
AMOUNT_FIELDS = ["default_amount", "max_amount", "max_per_youth", "max_per_12_months"]
AGE_FIELDS = ["min_age", "max_age", "younger_from_age"]
SITUATION_FIELDS = ["younger_situations", "required_situations", "excluded_situations"]


def _parse_date(value, where, errors, required):
    if value is None:
        if required:
            errors.append(f"{where} : date obligatoire.")
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        errors.append(f"{where} : « {value} » n'est pas une date AAAA-MM-JJ.")
        return None


def _check_scheme(position, row, communes, codes, errors):
    """The model values of one scheme of the file, every problem appended to `errors`."""
    label = f"{DATA_FILE.name}, dispositif {position} ({row.get('code', '?')})"
    missing = [name for name in FIELDS if name not in row]
    unknown = sorted(set(row) - set(FIELDS))
    if missing:
        errors.append(f"{label} : champ(s) manquant(s) {', '.join(missing)}.")
        return None
    if unknown:
        errors.append(f"{label} : champ(s) inconnu(s) {', '.join(unknown)}.")
    for name in ("code", "name", "funder"):
        if not isinstance(row[name], str) or not row[name].strip():
            errors.append(f"{label}, champ {name} : valeur vide.")
    if row["unit"] not in SchemeUnit.values:
        errors.append(f"{label}, champ unit : « {row['unit']} » inconnue.")
        return None
    values = {
        "name": row["name"],
        "funder": row["funder"],
        "description": row["description"] or "",
        "unit": row["unit"],
        "requires_no_licence": bool(row["requires_no_licence"]),
        "excludes_rsa": bool(row["excludes_rsa"]),
        "is_active": True,
    }
    for name in AMOUNT_FIELDS:
        raw = row[name]
        if raw is None:
            if name in ("default_amount", "max_amount"):
                errors.append(f"{label}, champ {name} : valeur obligatoire.")
            values[name] = None
            continue
        try:
            values[name] = to_stored(raw, row["unit"])
        except ValueError as error:
            errors.append(f"{label}, champ {name} : {error}")
            continue
        if values[name] <= 0:
            errors.append(f"{label}, champ {name} : le montant est positif.")
    for name in AGE_FIELDS:
        age = row[name]
        if age is not None and (not isinstance(age, int) or not 14 <= age <= 30):
            errors.append(f"{label}, champ {name} : un âge entre 14 et 30 ans est attendu.")
        values[name] = age
    for name in SITUATION_FIELDS:
        wrong = [kind for kind in row[name] if kind not in SituationKind.values]
        if wrong:
            errors.append(f"{label}, champ {name} : situation(s) inconnue(s) {', '.join(wrong)}.")
        values[name] = list(row[name])
    wrong = [code for code in row["departements"] if code not in Departement.values]
    if wrong:
        errors.append(f"{label}, champ departements : département(s) inconnu(s) {', '.join(wrong)}.")
    values["departements"] = list(row["departements"])
    values["valid_from"] = _parse_date(row["valid_from"], f"{label}, champ valid_from", errors, required=True)
    values["valid_until"] = _parse_date(row["valid_until"], f"{label}, champ valid_until", errors, required=False)
    if values["valid_from"] and values["valid_until"] and values["valid_until"] < values["valid_from"]:
        errors.append(f"{label}, champ valid_until : précède la date d'ouverture.")
    if values["min_age"] and values["max_age"] and values["min_age"] > values["max_age"]:
        errors.append(f"{label}, champ min_age : dépasse l'âge maximal.")
    if values["younger_from_age"] is not None and (
        values["min_age"] is None or values["younger_from_age"] >= values["min_age"]
    ):
        errors.append(f"{label}, champ younger_from_age : doit être inférieur à l'âge minimal.")
    if None not in (values.get("default_amount"), values.get("max_amount")) and (
        values["default_amount"] > values["max_amount"]
    ):
        errors.append(f"{label}, champ default_amount : dépasse le plafond par demande.")
    unknown_communes = [code for code in row["communes"] if code not in communes]
    if unknown_communes:
        errors.append(f"{label}, champ communes : commune(s) inconnue(s) {', '.join(unknown_communes)}.")
    unknown_schemes = [code for code in row["not_combinable_with"] if code not in codes or code == row["code"]]
    if unknown_schemes:
        errors.append(
            f"{label}, champ not_combinable_with : dispositif(s) absent(s) du fichier {', '.join(unknown_schemes)}."
        )
    return values


def load_aid_schemes(path: Path = DATA_FILE) -> SyncResult:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ReferenceError([f"{path.name} : fichier illisible ({error})."]) from error
    if not isinstance(rows, list):
        raise ReferenceError([f"{path.name} : une liste de dispositifs est attendue."])
    communes = dict(Commune.objects.values_list("insee_code", "id"))
    codes = [row.get("code") for row in rows if isinstance(row, dict)]
    errors, wanted, seen = [], {}, set()
    for position, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(f"{path.name}, dispositif {position} : un objet est attendu.")
            continue
        if row.get("code") in seen:
            errors.append(f"{path.name}, dispositif {position} : code {row['code']} en double.")
        seen.add(row.get("code"))
        values = _check_scheme(position, row, communes, codes, errors)
        if values is not None:
            wanted[row["code"]] = values
    if errors:
        raise ReferenceError(errors)

    existing = set(AidScheme.objects.filter(code__in=wanted).values_list("code", flat=True))
    result = sync(AidScheme, "code", wanted, "dispositifs d'aide")
    _sync_relations(result, rows, communes, existing)
    return result


def _sync_relations(result, rows, communes, existing):
    """Set each scheme's communes and non-combinable schemes to what the file says; report what moved.

    Schemes created by this run are counted as created already; an existing one whose relations moved is
    reported as updated, like a change of any other field.
    """
    schemes = {scheme.code: scheme for scheme in AidScheme.objects.filter(code__in=[row["code"] for row in rows])}
    current_communes = {code: set() for code in schemes}
    for code, commune_id in AidScheme.communes.through.objects.filter(aidscheme__code__in=schemes).values_list(
        "aidscheme__code", "commune_id"
    ):
        current_communes[code].add(commune_id)
    current_links = {code: set() for code in schemes}
    for code, other in AidScheme.not_combinable_with.through.objects.filter(
        from_aidscheme__code__in=schemes
    ).values_list("from_aidscheme__code", "to_aidscheme__code"):
        current_links.setdefault(code, set()).add(other)
    # The relation is symmetrical: a link the file declares on either side holds for both.
    wanted_links = {row["code"]: set(row["not_combinable_with"]) for row in rows}
    for row in rows:
        for other in row["not_combinable_with"]:
            wanted_links[other].add(row["code"])
    for row in rows:
        code, scheme = row["code"], schemes[row["code"]]
        moved = []
        wanted_communes = {communes[insee] for insee in row["communes"]}
        if wanted_communes != current_communes[code]:
            scheme.communes.set(wanted_communes)
            moved.append("communes")
        # Links to schemes added in the admin (absent from the file) are kept.
        links = current_links.get(code, set()) & set(schemes)
        to_add, to_remove = wanted_links[code] - links, links - wanted_links[code]
        if to_add or to_remove:
            scheme.not_combinable_with.remove(*[schemes[other] for other in to_remove])
            scheme.not_combinable_with.add(*[schemes[other] for other in to_add])
            for other in to_remove:
                current_links.get(other, set()).discard(code)
            for other in to_add:
                current_links.setdefault(other, set()).add(code)
            current_links[code] = (current_links.get(code, set()) - to_remove) | to_add
            moved.append("not_combinable_with")
        if not moved or code not in existing:
            continue
        prefix = f"{code} : "
        index = next((i for i, change in enumerate(result.changes) if change.startswith(prefix)), None)
        if index is None:
            result.changes.append(prefix + ", ".join(moved))
            result.updated += 1
            result.unchanged -= 1
        else:
            result.changes[index] += ", " + ", ".join(moved)
