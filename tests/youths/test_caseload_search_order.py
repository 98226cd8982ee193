"""A name search keeps the caseload's order by name, written so that PostgreSQL sorts the few matches rather than
walking the mission locale's name index (youths.tables.CaseloadTable.order_name)."""

import pytest

from tests.youths.factories import YouthFactory
from youths.tables import CaseloadTable

pytestmark = pytest.mark.django_db

URL = "/jeunes/"


def names(response):
    return [(row.record.last_name, row.record.first_name) for row in response.context["table"].paginated_rows]


@pytest.fixture
def searched(counsellor):
    """Files whose names hold "mart", in no particular order of creation, and one that does not."""
    made = [("Martinez", "Zoé"), ("Dumartin", "Léa"), ("Martin", "Hugo"), ("Martin", "Adam"), ("Lemaire", "Inès")]
    for last_name, first_name in made:
        YouthFactory(
            mission_locale=counsellor.mission_locale, referent=counsellor, last_name=last_name, first_name=first_name
        )


class TestSearchOrder:
    def test_matches_by_name_then_first_name(self, client, counsellor, searched):
        client.force_login(counsellor.user)
        response = client.get(URL, {"q": "mart"})
        assert response.context["table"].searching
        assert names(response) == [("Dumartin", "Léa"), ("Martin", "Adam"), ("Martin", "Hugo"), ("Martinez", "Zoé")]

    def test_reverse_order(self, client, counsellor, searched):
        client.force_login(counsellor.user)
        response = client.get(URL, {"q": "mart", "sort": "-name"})
        assert names(response) == [("Martinez", "Zoé"), ("Martin", "Hugo"), ("Martin", "Adam"), ("Dumartin", "Léa")]

    def test_the_order_is_written_apart_only_during_a_search(self, client, counsellor, searched):
        client.force_login(counsellor.user)
        response = client.get(URL)
        assert not response.context["table"].searching
        assert names(response)[0] == ("Dumartin", "Léa")
        queryset = response.context["table"].data.data
        assert "NULLS" not in str(queryset.query)
        searching = CaseloadTable(queryset, searching=True, order_by="name")
        assert "NULLS FIRST" in str(searching.data.data.query)
