"""Reference data shipped with the project (missions/data/): read, checked, then synchronised row by row.

Later apps add their own reference sets (aid schemes…) with `register_loader` from `AppConfig.ready()`;
`load_reference` runs every loader in one transaction, in registration order.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .enums import Departement, SiteKind
from .models import Commune, MissionLocale, Site
from .text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"


class ReferenceError(Exception):
    """Every problem found in the reference files, in French, one per line."""

    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class SyncResult:
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list = field(default_factory=list)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


def read_csv(path: Path, header: list[str]) -> list[tuple[int, dict]]:
    """Rows of a reference CSV with their line numbers; the header must be exactly `header`."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != header:
            expected, found = ",".join(header), ",".join(reader.fieldnames or [])
            raise ReferenceError([f"{path.name}, ligne 1 : en-tête attendu « {expected} », lu « {found} »."])
        rows = []
        for row in reader:
            empty = [name for name in header if not (row.get(name) or "").strip()]
            if empty:
                raise ReferenceError([f"{path.name}, ligne {reader.line_num}, colonne {empty[0]} : valeur vide."])
            rows.append((reader.line_num, {name: row[name].strip() for name in header}))
        return rows


def sync(model, key: str, wanted: dict, label: str, batch_size: int = 500) -> SyncResult:
    """Make the table hold `wanted` ({key value: {field: value}}): create what is missing, update what differs.

    Rows absent from `wanted` are left alone: regional staff may have added some in the admin.
    """
    result = SyncResult(label)
    existing = model.objects.in_bulk(list(wanted), field_name=key)
    to_create, to_update, changed_fields = [], [], set()
    for key_value, values in wanted.items():
        obj = existing.get(key_value)
        if obj is None:
            to_create.append(model(**{key: key_value}, **values))
            continue
        diff = [name for name, value in values.items() if getattr(obj, name) != value]
        if diff:
            for name in diff:
                setattr(obj, name, values[name])
            changed_fields.update(diff)
            to_update.append(obj)
            result.changes.append(f"{key_value} : {', '.join(diff)}")
        else:
            result.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=batch_size)
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=batch_size)
    result.created, result.updated = len(to_create), len(to_update)
    return result


def load_communes(data_dir: Path) -> SyncResult:
    rows = read_csv(data_dir / "communes.csv", ["insee_code", "name", "departement"])
    errors, wanted = [], {}
    for line, row in rows:
        if row["departement"] not in Departement.values:
            errors.append(f"communes.csv, ligne {line}, colonne departement : « {row['departement']} » inconnu.")
        elif not row["insee_code"].startswith(row["departement"]):
            errors.append(
                f"communes.csv, ligne {line}, colonne insee_code : hors du département {row['departement']}."
            )
        if row["insee_code"] in wanted:
            errors.append(f"communes.csv, ligne {line}, colonne insee_code : {row['insee_code']} en double.")
        wanted[row["insee_code"]] = {
            "name": row["name"],
            "search_name": fold(row["name"]),
            "departement": row["departement"],
        }
    if errors:
        raise ReferenceError(errors)
    return sync(Commune, "insee_code", wanted, "communes")


def load_missions_locales(data_dir: Path) -> SyncResult:
    rows = read_csv(data_dir / "missions_locales.csv", ["code", "name", "departement", "seat_insee", "source"])
    communes = dict(Commune.objects.values_list("insee_code", "id"))
    errors, wanted = [], {}
    for line, row in rows:
        seat = communes.get(row["seat_insee"])
        if seat is None:
            errors.append(
                f"missions_locales.csv, ligne {line}, colonne seat_insee : commune {row['seat_insee']} inconnue."
            )
        if row["departement"] not in Departement.values:
            errors.append(
                f"missions_locales.csv, ligne {line}, colonne departement : « {row['departement']} » inconnu."
            )
        if row["code"] in wanted:
            errors.append(f"missions_locales.csv, ligne {line}, colonne code : {row['code']} en double.")
        wanted[row["code"]] = {"name": row["name"], "departement": row["departement"], "seat_commune_id": seat}
    if errors:
        raise ReferenceError(errors)
    return sync(MissionLocale, "code", wanted, "missions locales")


def load_sites(data_dir: Path) -> SyncResult:
    rows = read_csv(data_dir / "sites.csv", ["ml_code", "name", "kind", "insee_code"])
    communes = dict(Commune.objects.values_list("insee_code", "id"))
    missions = {ml.code: ml for ml in MissionLocale.objects.all()}
    errors, wanted, sieges = [], {}, {}
    for line, row in rows:
        ml = missions.get(row["ml_code"])
        commune = communes.get(row["insee_code"])
        if ml is None:
            errors.append(f"sites.csv, ligne {line}, colonne ml_code : mission locale {row['ml_code']} inconnue.")
        if commune is None:
            errors.append(f"sites.csv, ligne {line}, colonne insee_code : commune {row['insee_code']} inconnue.")
        if row["kind"] not in SiteKind.values:
            errors.append(f"sites.csv, ligne {line}, colonne kind : « {row['kind']} » inconnu.")
        if row["name"] in wanted:
            errors.append(f"sites.csv, ligne {line}, colonne name : « {row['name']} » en double.")
        if row["kind"] == SiteKind.SIEGE:
            if row["ml_code"] in sieges:
                errors.append(f"sites.csv, ligne {line}, colonne kind : second siège pour {row['ml_code']}.")
            sieges[row["ml_code"]] = line
        wanted[row["name"]] = {
            "mission_locale_id": ml.id if ml else None,
            "kind": row["kind"],
            "commune_id": commune,
        }
    for code in sorted({row["ml_code"] for _, row in rows} & set(missions) - set(sieges)):
        errors.append(f"sites.csv : la mission locale {code} n'a pas de siège.")
    if errors:
        raise ReferenceError(errors)
    return sync(Site, "name", wanted, "lieux d'accueil")


_later_loaders = []


def register_loader(loader):
    """Add a reference set owned by a later app: `loader()` reads its own files and returns a SyncResult."""
    if loader not in _later_loaders:
        _later_loaders.append(loader)


def load_all(data_dir: Path = DATA_DIR) -> list[SyncResult]:
    """Every reference set, all or nothing: the territory first, then what later apps registered."""
    with transaction.atomic():
        results = [load_communes(data_dir), load_missions_locales(data_dir), load_sites(data_dir)]
        results.extend(loader() for loader in _later_loaders)
        return results
