"""FastBodyMixin.body_html() against django-tables2's own rows: the site's tables and the cases its shortcut skips."""

import datetime
import uuid
from decimal import Decimal

import django_tables2 as tables
import pytest
from django.template import Context
from django.test.utils import override_script_prefix
from django.urls import NoReverseMatch
from django.utils.html import format_html

from config.tables import FastBodyMixin, UuidUrl
from mobility.enums import AidStatus
from mobility.models import AidRequest
from mobility.tables import DATE_FORMAT, AidRequestTable
from tests.config.test_tables import DJANGO_TABLES2_ROWS, normalise
from tests.missions.factories import SiteFactory
from tests.mobility.factories import AidRequestFactory, EnvelopeFactory, ManagerFactory
from tests.youths.factories import YouthFactory
from youths.enums import YouthStatus
from youths.models import Youth
from youths.tables import CaseloadTable

pytestmark = pytest.mark.django_db


def both(table_class, data, **kwargs):
    """django-tables2's rows and body_html(), each from its own table (rows are numbered as they are iterated)."""
    template_table, fast_table = table_class(data, **kwargs), table_class(data, **kwargs)
    expected = DJANGO_TABLES2_ROWS.render(Context({"table": template_table}))
    return normalise(expected), normalise(fast_table.body_html())


def granted(amount):
    return {
        "status": AidStatus.GRANTED,
        "amount_granted": amount,
        "envelope": EnvelopeFactory(),
        "decided_by": ManagerFactory(),
    }


class TestSiteTables:
    def test_caseload(self):
        site = SiteFactory(name="Antenne d'Arras")
        YouthFactory(last_name="O'Neil", site=site, mission_locale=site.mission_locale)
        YouthFactory(last_name="Adam", status=YouthStatus.DORMANT, last_contact_date=None, referent=None)
        YouthFactory(last_name="Caron", last_contact_date=datetime.date.today() - datetime.timedelta(days=200))
        expected, fast = both(CaseloadTable, Youth.objects.select_related("site", "referent__user"))
        assert "O&#x27;NEIL" in expected and "aucun contact" in expected and "en veille" in expected
        assert fast == expected

    @pytest.mark.parametrize("is_manager", [False, True])
    def test_aid_requests(self, is_manager):
        AidRequestFactory(youth__last_name="Bernard & fils", amount_granted=None)
        AidRequestFactory(youth__site=None, **granted(120))
        queryset = AidRequest.objects.select_related("youth__site", "scheme", "requested_by__user")
        expected, fast = both(AidRequestTable, queryset, is_manager=is_manager)
        assert "BERNARD &amp; FILS" in expected and ("Décider" in expected) is is_manager
        assert fast == expected

    def test_aid_request_date_is_what_date_column_shows(self):
        """render_requested_on() stands in for DateColumn's template, compiled for every cell otherwise."""

        class DateOnly(tables.Table):
            requested_on = tables.DateColumn(format=DATE_FORMAT)

        aid = AidRequestFactory(requested_on=datetime.date(2024, 3, 5))
        plain = DateOnly([aid]).rows[0].get_cell("requested_on")
        assert AidRequestTable([aid]).rows[0].get_cell("requested_on") == plain == "05/03/2024"

    def test_export_keeps_iso_dates(self):
        AidRequestFactory(requested_on=datetime.date(2024, 3, 5))
        assert AidRequestTable(AidRequest.objects.all()).rows[0].get_cell_value("requested_on") == "2024-03-05"


class EdgeTable(FastBodyMixin, tables.Table):
    """Columns each of which takes a different path through django-tables2's cell look-up."""

    youth_status = tables.Column(accessor="youth__status")  # a field with choices, across a relation
    site = tables.Column(accessor="youth__site__name", default="sans lieu")  # None halfway
    url = tables.Column(accessor="get_absolute_url")  # a method, called
    risky = tables.Column(accessor="risky", default="refusé")  # alters_data: not called, default
    missing = tables.Column(accessor="youth__nothing_here", default="?")  # a failed look-up: default
    amount = tables.Column(localize=True)
    granted = tables.Column(accessor="amount_granted", empty_values=())  # None rendered, not defaulted
    link = tables.LinkColumn("mobility:aid_detail", args=[tables.A("public_id")], text="voir")  # generic path
    odd = tables.Column(accessor="pk", empty_values=())

    class Meta:
        model = AidRequest
        fields = []
        row_attrs = {"class": "ligne", "data-fixe": "oui"}

    def render_granted(self, value, bound_column):
        return f"{value} ({bound_column.name})"

    def render_odd(self, value, unknown_argument):
        return "never called"  # django-tables2 calls no render method whose arguments it cannot give: None


def alters_data():
    return "appelée"


alters_data.alters_data = True


class TestShortcutMatchesDjangoTables2:
    def test_edge_columns(self):
        AidRequestFactory(youth__status=YouthStatus.CLOSED, youth__site=None)
        AidRequestFactory(**granted(80))
        records = list(AidRequest.objects.select_related("youth__site").order_by("pk"))
        for record in records:
            record.risky = alters_data
        expected, fast = both(EdgeTable, records)
        assert (
            "clos" in expected.lower()
            and "sans lieu" in expected
            and "refusé" in expected
            and "appelée" not in expected
        )
        assert "ligne even" in expected and "ligne odd" in expected and "None (granted)" in expected
        assert fast == expected

    def test_localized_decimal_and_dict_records(self):
        class Plain(FastBodyMixin, tables.Table):
            label = tables.Column()
            amount = tables.Column(localize=True)
            raw = tables.Column(accessor="amount", localize=False)
            nested = tables.Column(accessor="inner__value", default="—")

        rows = [
            {"label": "l'un <b>", "amount": Decimal("1234.5"), "inner": {"value": "x"}},
            {"label": "", "amount": Decimal("2"), "inner": None},
        ]
        expected, fast = both(Plain, rows)
        assert "1234,5" in expected and "1234.5" in expected and "l&#x27;un &lt;b&gt;" in expected
        assert fast == expected

    def test_record_dependent_row_attributes(self):
        class Dynamic(FastBodyMixin, tables.Table):
            last_name = tables.Column()

            class Meta:
                model = Youth
                fields = []
                row_attrs = {"data-nom": lambda record: record.last_name}

        YouthFactory(last_name="Dupont")
        expected, fast = both(Dynamic, Youth.objects.all())
        assert 'data-nom="Dupont"' in expected
        assert fast == expected


class TestUuidUrl:
    def test_same_as_get_absolute_url(self):
        aid = AidRequestFactory()
        assert UuidUrl("youths:detail")(aid.youth.public_id) == aid.youth.get_absolute_url()
        assert UuidUrl("mobility:aid_detail")(aid.public_id) == aid.get_absolute_url()

    def test_keeps_the_script_prefix(self):
        youth = YouthFactory()
        with override_script_prefix("/missions-locales/"):
            url = UuidUrl("youths:detail")(youth.public_id)
            assert url == youth.get_absolute_url()
        assert url.startswith("/missions-locales/")

    def test_anything_but_a_uuid_goes_through_reverse(self):
        youths_url = UuidUrl("youths:detail")
        value = uuid.uuid4()
        assert youths_url(str(value)) == youths_url(value)
        with pytest.raises(NoReverseMatch):
            youths_url("pas-un-uuid")

    def test_tables_link_to_the_records(self):
        aid = AidRequestFactory()
        caseload = CaseloadTable(Youth.objects.all()).body_html()
        aids = AidRequestTable(AidRequest.objects.all()).body_html()
        assert format_html('href="{}"', aid.youth.get_absolute_url()) in caseload
        assert format_html('href="{}"', aid.get_absolute_url()) in aids
