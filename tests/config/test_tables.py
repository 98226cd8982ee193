import datetime
import re

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.utils.html import format_html

from config.tables import FastBodyMixin
from tests.missions.factories import SiteFactory
from tests.youths.factories import YouthFactory
from youths.enums import YouthStatus
from youths.models import Youth

pytestmark = pytest.mark.django_db

# The rows of django-tables2's own table.html (block table.tbody), which body_html() stands in for.
DJANGO_TABLES2_ROWS = Template(
    "{% load l10n %}{% for row in table.paginated_rows %}<tr {{ row.attrs.as_html }}>"
    "{% for column, cell in row.items %}<td {{ column.attrs.td.as_html }}>"
    "{% if column.localize == None %}{{ cell }}{% else %}{% if column.localize %}{{ cell|localize }}"
    "{% else %}{{ cell|unlocalize }}{% endif %}{% endif %}</td>{% endfor %}</tr>"
    '{% empty %}{% if table.empty_text %}<tr><td colspan="{{ table.columns|length }}">{{ table.empty_text }}</td>'
    "</tr>{% endif %}{% endfor %}"
)


class SampleTable(FastBodyMixin, tables.Table):
    name = tables.Column("Nom", accessor="last_name")
    status = tables.Column("Statut")  # choices: get_status_display()
    born = tables.DateColumn(accessor="birth_date", format="d/m/Y", attrs={"td": {"class": "text-nowrap"}})
    first = tables.Column(accessor="first_contact_date")  # a date localized as {{ cell }} would
    site = tables.Column(accessor="site__name", default="—")
    phone = tables.Column(attrs={"td": {"data-empty": lambda value: "oui" if value == "—" else "non"}}, default="—")
    identifier = tables.Column(accessor="pk", localize=False)
    link = tables.Column(accessor="public_id", empty_values=())

    class Meta:
        model = Youth
        fields = []
        order_by = "name"
        row_attrs = {"data-status": lambda record: record.status}
        empty_text = "Aucun jeune <ici>."

    def render_name(self, record):
        return format_html("<a href='{}'>{}</a>", record.get_absolute_url(), record.last_name)

    def render_link(self, value, bound_row):
        return f"{value} & {bound_row.record.first_name}"  # not safe: escaped


def both(queryset, page=1, **kwargs):
    """django-tables2's rows and body_html(), each from its own table (rows are numbered as they are iterated)."""
    rendered = []
    for way in ("template", "fast"):
        table = SampleTable(queryset, **kwargs)
        table.paginate(per_page=2, page=page)
        rendered.append(
            DJANGO_TABLES2_ROWS.render(Context({"table": table})) if way == "template" else table.body_html()
        )
    return rendered


def normalise(html):
    return re.sub(r"\s+", " ", str(html)).replace("<td >", "<td>").strip()


class TestFastBody:
    def test_same_rows_as_django_tables2(self):
        site = SiteFactory(name="Antenne <de> Lens")
        YouthFactory(last_name="Bernard & fils", site=site, mission_locale=site.mission_locale, phone="0612")
        YouthFactory(last_name="Adam", status=YouthStatus.DORMANT, birth_date=datetime.date(2005, 2, 1), phone="")
        YouthFactory(last_name="Caron", site=None)
        expected, fast = both(Youth.objects.select_related("site"))
        assert "Bernard &amp; fils" in expected and "data-empty" in expected and "en veille" in expected
        assert normalise(fast) == normalise(expected)

    def test_second_page_and_another_order(self):
        for name in ("Adam", "Bernard", "Caron"):
            YouthFactory(last_name=name)
        expected, fast = both(Youth.objects.select_related("site"), page=2, order_by="-name")
        assert "Adam" in expected and "Caron" not in expected
        assert normalise(fast) == normalise(expected)

    def test_empty_table_says_so(self):
        expected, fast = both(Youth.objects.none())
        assert normalise(fast) == normalise(expected)
        assert "Aucun jeune &lt;ici&gt;." in fast
