"""The /statistiques/ page in words and pictures: the headline sentences, the charts and the tables of one year."""

import datetime

from .charts import Chart, Column, Panel, Series, horizontal_bars, small_multiples
from .dashboard import DEPARTEMENT_LABELS, Scope, Statistics
from .enums import Indicator, ReportSource
from .figures import YearCounts, figures_row, number_fr, percent, percent_fr

SHORT_SOURCE_LABELS = {ReportSource.IMPORTED: "importés", ReportSource.LIVE: "dossiers"}


def counted(value: int, singular: str, plural: str) -> str:
    """3 → "3 jeunes", 1 → "1 jeune" (0 and 1 take the singular in French)."""
    return f"{number_fr(value)} {singular if value < 2 else plural}"


def one_in(count: int, total: int) -> int:
    """N of "1 jeune sur N": the nearest whole number of young people for one counted."""
    return max(1, round(total / count))


def headline(figures: dict, year: int, *, departements: dict[str, dict] | None = None) -> list[str]:
    """The figures of one scope as the region words them, in French sentences."""
    youths = figures["youths_in_contact"]
    indicators = figures["indicators"]

    def share(key):
        return percent_fr(indicators[key]["percent"])

    where = counted(figures["sites"], "lieu de proximité", "lieux de proximité")
    if departements is not None:
        where = f"{counted(figures['missions_locales'], 'mission locale', 'missions locales')} et {where}"
    sentences = [
        f"{counted(youths, 'jeune', 'jeunes')} en contact en {year}, dont "
        f"{counted(figures['first_contacts'], 'premier accueil', 'premiers accueils')}, dans {where}.",
        f"{share(Indicator.MEN)} d'hommes, {share(Indicator.MINORS)} de mineurs, "
        f"{share(Indicator.NO_DIPLOMA)} sans diplôme, {share(Indicator.ZUS)} résidant en ZUS.",
    ]
    housing = indicators[Indicator.OWN_HOUSING]["count"]
    if housing:
        sentences.append(
            f"1 jeune sur {one_in(housing, youths)} dispose d'un logement autonome ({share(Indicator.OWN_HOUSING)})."
        )
    else:
        sentences.append("Aucun jeune ne dispose d'un logement autonome.")
    licence = indicators[Indicator.DRIVING_LICENCE]["count"]
    without = counted(youths - licence, "jeune", "jeunes")
    sentences.append(f"{share(Indicator.DRIVING_LICENCE)} ont le permis de conduire ({without} sans permis).")
    vehicle = indicators[Indicator.OWN_VEHICLE]["count"]
    transport = f"{share(Indicator.PUBLIC_TRANSPORT)} utilisent les transports en commun"
    if departements:
        transport += (
            " ("
            + ", ".join(
                f"{percent_fr(scope['indicators'][Indicator.PUBLIC_TRANSPORT]['percent'])} dans le "
                f"{DEPARTEMENT_LABELS[code].split(' (')[0]}"
                for code, scope in departements.items()
                if scope["youths_in_contact"]
            )
            + ")"
        )
    if vehicle:
        sentences.append(
            f"1 jeune sur {one_in(vehicle, youths)} dispose d'un moyen de locomotion "
            f"({share(Indicator.OWN_VEHICLE)}) ; {transport}."
        )
    else:
        sentences.append(f"Aucun jeune ne dispose d'un moyen de locomotion ; {transport}.")
    nothing = counted(indicators[Indicator.NO_MEANS_OF_TRANSPORT]["count"], "jeune", "jeunes")
    sentences.append(f"{share(Indicator.NO_MEANS_OF_TRANSPORT)} ({nothing}) n'ont aucun moyen de locomotion.")
    return sentences


def current_year_note(year: int, today: datetime.date) -> str:
    if year == today.year:
        return f"Année en cours : chiffres calculés au {today:%d/%m/%Y}."
    return ""


def _percents(figures: dict) -> list[float]:
    return [figures["indicators"][key]["percent"] for key in Indicator.values]


def _trend(statistics: Statistics, scope: Scope) -> Chart:
    """One scope's figures year by year and source by source: the young people in contact, then every share."""
    sources = [source for source in ReportSource if any(source in statistics.sources(y) for y in statistics.years)]
    columns, figures = [], []
    for year in sorted(statistics.years):
        for source, counts in statistics.sources(year).items():
            found = counts.scope(scope.mission_locale_ids)
            if found["youths_in_contact"]:
                source = ReportSource(source)
                columns.append(Column(str(year), SHORT_SOURCE_LABELS[source], sources.index(source)))
                figures.append(found)
    panels = [
        Panel("jeunes en contact", [found["youths_in_contact"] for found in figures], number_fr),
        Panel(
            "premiers accueils",
            [percent(found["first_contacts"], found["youths_in_contact"]) for found in figures],
            percent_fr,
        ),
    ]
    for key, label in Indicator.choices:
        panels.append(Panel(label, [found["indicators"][key]["percent"] for found in figures], percent_fr))
    return small_multiples(
        slug=f"evolution-{scope.key}",
        title=f"Évolution — {scope.label}",
        description=(
            "Pour chaque année et chaque origine des chiffres (importés ou calculés à partir des dossiers), le "
            "nombre de jeunes en contact puis la part de chaque indicateur ; chaque petit graphique a sa propre "
            "échelle. Les valeurs sont reprises dans le tableau qui suit."
        ),
        columns=columns,
        series=[source.label for source in sources],
        panels=panels,
    )


def _figure_rows(scopes: list[tuple[str, dict]]) -> list[dict]:
    """Rows of a table with one column per scope: each total, then each indicator, count and share."""
    rows = [
        {"label": "jeunes en contact", "cells": [(number_fr(f["youths_in_contact"]), "") for _, f in scopes]},
        {
            "label": "premiers accueils",
            "cells": [
                (number_fr(f["first_contacts"]), percent_fr(percent(f["first_contacts"], f["youths_in_contact"])))
                for _, f in scopes
            ],
        },
    ]
    for key, label in Indicator.choices:
        rows.append(
            {
                "label": label,
                "cells": [
                    (number_fr(f["indicators"][key]["count"]), percent_fr(f["indicators"][key]["percent"]))
                    for _, f in scopes
                ],
            }
        )
    return rows


def source_column(statistics: Statistics, year: int, counts: YearCounts) -> dict:
    """Everything the page shows of one source for the year: headline, profile chart, split by département."""
    source = ReportSource(counts.source)
    departements = {scope.key: counts.scope(scope.mission_locale_ids) for scope in statistics.departements}
    scopes = []
    for scope in statistics.scopes:
        figures = counts.scope(scope.mission_locale_ids)
        youths = figures["youths_in_contact"]
        if not youths:
            sentences = [f"Aucun chiffre pour {scope.label} en {year}."]
        else:
            sentences = headline(figures, year, departements=departements if scope.key == "region" else None)
        note = ""
        if source == ReportSource.LIVE and youths:
            assessed = counts.totals(scope.mission_locale_ids)["assessed"]
            note = (
                f"{percent_fr(percent(assessed, youths))} de ces jeunes ({number_fr(assessed)}) ont un bilan de "
                f"mobilité au 31 décembre {year} : les indicateurs de mobilité sont rapportés à l'ensemble des "
                "jeunes en contact, un jeune sans bilan n'étant compté dans aucun d'eux."
            )
        scopes.append({"scope": scope, "figures": figures, "sentences": sentences, "note": note})
    labels = list(Indicator.labels)
    profile = horizontal_bars(
        slug=f"profil-{source.value}",
        title=f"Profil des jeunes en contact en {year} ({source.label})",
        description="Part de chaque indicateur parmi les jeunes en contact, en pourcentage"
        + (" : la région et votre mission locale." if len(scopes) > 1 else " de la région."),
        categories=labels,
        series=[Series(item["scope"].label, _percents(item["figures"])) for item in scopes],
        value_text=percent_fr,
    )
    departement_chart = horizontal_bars(
        slug=f"departements-{source.value}",
        title=f"Par département en {year} ({source.label})",
        description="Part de chaque indicateur parmi les jeunes en contact, dans le Nord et dans le Pas-de-Calais.",
        categories=labels,
        series=[Series(scope.label, _percents(departements[scope.key])) for scope in statistics.departements],
        value_text=percent_fr,
    )
    region = scopes[0]["figures"]
    table_scopes = [(statistics.region.label, region)] + [
        (scope.label, departements[scope.key]) for scope in statistics.departements
    ]
    return {
        "source": source,
        "scopes": scopes,
        "profile_chart": profile,
        "departement_chart": departement_chart,
        "departement_head": [label for label, _ in table_scopes],
        "departement_rows": _figure_rows(table_scopes),
    }


def missions_locales_table(statistics: Statistics, year: int, counts: YearCounts) -> dict:
    """The rows of the table of missions locales (those with figures), their region totals and who is missing."""
    rows, missing = [], []
    for pk, ml in statistics.missions_locales.items():
        if pk in counts.by_mission_locale:
            rows.append(
                figures_row(
                    counts.by_mission_locale[pk],
                    name=ml.name,
                    code=ml.code,
                    departement=DEPARTEMENT_LABELS.get(ml.departement, ml.departement),
                )
            )
        else:
            missing.append(ml.name)
    source = ReportSource(counts.source)
    return {
        "rows": rows,
        "totals": figures_row(counts.totals(counts.by_mission_locale)),
        "missing": missing,
        "caption": f"Chiffres {year} par mission locale ({source.label}), avec le total de la région en pied de "
        "tableau. Chaque en-tête de colonne trie le tableau.",
    }


def dashboard_context(
    statistics: Statistics, year: int | None, source: str | None, *, regional: bool, today: datetime.date
) -> dict:
    context = {
        "years": statistics.years,
        "year": year,
        "regional": regional,
        "own_mission_locale": statistics.own_mission_locale,
    }
    if year is None:
        return context
    sources = statistics.sources(year)
    context.update(
        columns=[source_column(statistics, year, counts) for counts in sources.values()],
        sources=[ReportSource(value) for value in sources],
        source=ReportSource(source),
        current_year_note=current_year_note(year, today) if ReportSource.LIVE.value in sources else "",
        trends=[{"scope": scope, "chart": _trend(statistics, scope)} for scope in statistics.scopes],
    )
    if regional:
        context["table_data"] = missions_locales_table(statistics, year, sources[source])
    return context
