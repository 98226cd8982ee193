"""The table of the missions locales' figures for one year and one source: sortable, region totals at the foot."""

import django_tables2 as tables
from django.utils.html import format_html

from .figures import SHARES, number_fr, percent_fr

NUMERIC = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}, "tf": {"class": "text-end"}}


class CountColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, attrs=NUMERIC, **kwargs)

    def render(self, value):
        return number_fr(value)

    def value(self, value):
        return value

    def render_footer(self, bound_column, table):
        return number_fr(table.totals[bound_column.name])


class PercentColumn(CountColumn):
    def render(self, value):
        return percent_fr(value)

    def render_footer(self, bound_column, table):
        return percent_fr(table.totals[bound_column.name])


def _columns() -> dict:
    columns = {
        "name": tables.Column("Mission locale", footer="Région"),
        "departement": tables.Column("Département"),
        "sites": CountColumn("Lieux"),
        "youths_in_contact": CountColumn("Jeunes en contact"),
    }
    for key, label in SHARES:
        columns[key] = CountColumn(label)
        columns[f"{key}_percent"] = PercentColumn(
            format_html('%<span class="visually-hidden"> {}</span>', label), orderable=True
        )
    return columns


class _FiguresTable(tables.Table):
    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle mb-0 small"}
        order_by = "name"
        empty_text = "Aucune mission locale n'a de chiffres pour cette année."
        template_name = "reporting/includes/figures_table.html"

    def __init__(self, *args, totals: dict, caption: str, **kwargs):
        self.totals = totals
        self.caption = caption
        super().__init__(*args, **kwargs)


# Built from the list of shares; the Meta is repeated because django-tables2 reads it from the class itself.
MissionLocaleFiguresTable = type(
    "MissionLocaleFiguresTable", (_FiguresTable,), {"Meta": _FiguresTable.Meta, **_columns()}
)
