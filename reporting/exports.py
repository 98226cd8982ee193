"""CSV and XLSX exports of the dashboard: the headline figures, and the table of the missions locales.

Numbers stay numbers in XLSX; in CSV (`;`-separated, UTF-8 with a BOM, as French spreadsheets open it) shares are
written with a decimal comma. Every cell goes through config.exports.neutralise(): a name typed as "=…" is never
run as a formula by the spreadsheet.
"""

import tablib

from config.exports import neutralise

from .dashboard import DEPARTEMENT_LABELS, Statistics
from .enums import Indicator, ReportSource
from .figures import SHARES, TOTAL_LABELS, figures_row, percent

HEADLINE = "chiffres-cles"
MISSIONS_LOCALES = "missions-locales"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def headline_dataset(statistics: Statistics, year: int) -> tablib.Dataset:
    """One row per source, scope (region, départements, a manager's own mission locale) and figure."""
    dataset = tablib.Dataset(
        headers=["année", "origine", "périmètre", "indicateur", "nombre", "pourcentage des jeunes en contact"],
        title=f"Chiffres clés {year}",
    )
    scopes = [statistics.region, *statistics.departements, *statistics.scopes[1:]]
    for source, counts in statistics.sources(year).items():
        label = ReportSource(source).label
        for scope in scopes:
            figures = counts.scope(scope.mission_locale_ids)
            youths = figures["youths_in_contact"]
            for key, name in TOTAL_LABELS.items():
                share = percent(figures[key], youths) if key == "first_contacts" else None
                dataset.append([year, label, scope.label, name, figures[key], share])
            for key, name in Indicator.choices:
                indicator = figures["indicators"][key]
                dataset.append([year, label, scope.label, name, indicator["count"], indicator["percent"]])
    return dataset


def missions_locales_dataset(statistics: Statistics, year: int, source: ReportSource) -> tablib.Dataset:
    """The table of the dashboard: one row per mission locale with figures, by name, then the region's total."""
    counts = statistics.sources(year)[source.value]
    headers = ["code", "mission locale", "département", "lieux de proximité", "jeunes en contact"]
    for _, label in SHARES:
        headers += [label, f"{label} (%)"]
    dataset = tablib.Dataset(headers=headers, title=f"Missions locales {year}")

    def append(row, code, name, departement):
        cells = [code, name, departement, row["sites"], row["youths_in_contact"]]
        for key, _ in SHARES:
            cells += [row[key], row[f"{key}_percent"]]
        dataset.append(cells)

    for pk, ml in statistics.missions_locales.items():
        if pk in counts.by_mission_locale:
            append(figures_row(counts.by_mission_locale[pk]), ml.code, ml.name, DEPARTEMENT_LABELS[ml.departement])
    append(figures_row(counts.totals(counts.by_mission_locale)), "", statistics.region.label, "")
    return dataset


def render(dataset: tablib.Dataset, fmt: str) -> tuple[bytes, str]:
    """The file's bytes and its content type."""
    safe = tablib.Dataset(headers=[neutralise(header) for header in dataset.headers], title=dataset.title)
    for row in dataset:
        cells = [neutralise(cell) for cell in row]
        if fmt == "csv":
            cells = [f"{cell:.1f}".replace(".", ",") if isinstance(cell, float) else cell for cell in cells]
            cells = ["" if cell is None else cell for cell in cells]
        safe.append(cells)
    if fmt == "csv":
        return ("\ufeff" + safe.export("csv", delimiter=";")).encode("utf-8"), FORMATS["csv"]
    return safe.export("xlsx"), FORMATS["xlsx"]
