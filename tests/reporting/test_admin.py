import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.access import REGIONAL_GROUP
from reporting.models import YearlyFigures
from tests.missions.factories import MissionLocaleFactory
from tests.reporting.factories import YearlyFiguresFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reporting_yearlyfigures_changelist")


def changelist_queries(client, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, params or {})
    assert response.status_code == 200
    return len(queries), response.content.decode()


class TestYearlyFiguresAdmin:
    def test_registered_with_search_filters_and_related_rows(self):
        model_admin = admin.site._registry[YearlyFigures]
        assert model_admin.search_fields == ["mission_locale__name", "mission_locale__code"]
        assert model_admin.list_filter == ["year", "mission_locale__departement"]
        assert model_admin.list_select_related == ["mission_locale"]
        assert "imported_at" in model_admin.readonly_fields

    def test_regional_staff_hold_the_permissions(self):
        codenames = set(Group.objects.get(name=REGIONAL_GROUP).permissions.values_list("codename", flat=True))
        assert {"view_yearlyfigures", "change_yearlyfigures", "add_yearlyfigures"} <= codenames

    def test_changelist_loads_for_a_regional_user(self, client, regional_user):
        YearlyFiguresFactory(mission_locale__name="Mission locale du Calaisis", mission_locale__code="ML-CALAISIS")
        client.force_login(regional_user)
        _, html = changelist_queries(client)
        assert "Mission locale du Calaisis" in html
        assert "Chiffres annuels" in html

    def test_search_by_name_or_code_and_filter_by_year_and_departement(self, client, regional_user):
        YearlyFiguresFactory(mission_locale__name="Mission locale du Calaisis", mission_locale__code="ML-CALAISIS")
        YearlyFiguresFactory(
            mission_locale__name="Mission locale de Lille", mission_locale__departement="59", year=2012
        )
        client.force_login(regional_user)
        assert "Mission locale de Lille" not in changelist_queries(client, {"q": "calaisis"})[1]
        assert "Mission locale du Calaisis" in changelist_queries(client, {"q": "ML-CALAISIS"})[1]
        html = changelist_queries(client, {"year": "2012"})[1]
        assert "Mission locale de Lille" in html and "Mission locale du Calaisis" not in html
        html = changelist_queries(client, {"mission_locale__departement": "62"})[1]
        assert "Mission locale du Calaisis" in html and "Mission locale de Lille" not in html

    def test_changelist_query_count_does_not_grow_with_rows(self, client, regional_user):
        client.force_login(regional_user)
        YearlyFiguresFactory()
        one, _ = changelist_queries(client)
        YearlyFiguresFactory.create_batch(20)
        many, html = changelist_queries(client)
        assert "21 chiffres annuels" in html
        assert many == one

    def test_add_and_change_pages_show_imported_at_read_only(self, client, regional_user):
        figures = YearlyFiguresFactory()
        client.force_login(regional_user)
        assert client.get(reverse("admin:reporting_yearlyfigures_add")).status_code == 200
        html = client.get(reverse("admin:reporting_yearlyfigures_change", args=[figures.pk])).content.decode()
        assert 'name="imported_at"' not in html
        assert "Importé le" in html
        assert 'name="men"' in html

    def test_the_admin_form_refuses_a_part_above_the_young_people(self, client, regional_user):
        mission_locale = MissionLocaleFactory()
        client.force_login(regional_user)
        data = {
            "mission_locale": mission_locale.pk,
            "year": 2011,
            "sites": 3,
            "youths_in_contact": 100,
            "first_contacts": 30,
            "men": 150,
            **{name: 10 for name in YearlyFigures.SUB_COUNT_FIELDS if name not in ("first_contacts", "men")},
        }
        response = client.post(reverse("admin:reporting_yearlyfigures_add"), data)
        assert response.status_code == 200
        assert "Le nombre « hommes » ne peut dépasser le nombre de jeunes en contact." in response.content.decode()
        assert not YearlyFigures.objects.exists()
        data["men"] = 50
        assert client.post(reverse("admin:reporting_yearlyfigures_add"), data).status_code == 302
        assert YearlyFigures.objects.get().imported_at is not None

    def test_counsellors_cannot_enter(self, client, counsellor):
        client.force_login(counsellor.user)
        assert client.get(CHANGELIST).status_code == 302
