import pytest
from django.contrib import admin
from django.urls import reverse

from missions.models import Commune, MissionLocale, Partner, Site, StaffMember
from tests.missions.factories import PartnerFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db

MODELS = [Commune, MissionLocale, Site, StaffMember, Partner]


class TestAdmin:
    def test_every_model_is_registered_with_search_and_filters(self):
        for model in MODELS:
            model_admin = admin.site._registry[model]
            assert model_admin.search_fields, model
            assert model_admin.list_filter, model

    @pytest.mark.parametrize("model", MODELS)
    def test_changelist_and_add_pages_for_regional_staff(self, client, regional_user, reference_data, model):
        StaffMemberFactory()
        PartnerFactory()
        client.force_login(regional_user)
        info = (model._meta.app_label, model._meta.model_name)
        response = client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "a"})
        assert response.status_code == 200
        assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200

    def test_changelist_query_count_does_not_grow(
        self, client, regional_user, reference_data, django_assert_max_num_queries
    ):
        client.force_login(regional_user)
        with django_assert_max_num_queries(15):
            response = client.get(reverse("admin:missions_site_changelist"))
        assert "166 lieux d&#x27;accueil" in response.content.decode()

    def test_commune_autocomplete_finds_by_name(self, client, regional_user, reference_data):
        client.force_login(regional_user)
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "missions", "model_name": "site", "field_name": "commune", "term": "Boulogne"},
        )
        assert response.status_code == 200
        assert "Boulogne-sur-Mer (62)" in [result["text"] for result in response.json()["results"]]

    def test_french_labels(self, client, regional_user):
        client.force_login(regional_user)
        html = client.get(reverse("admin:index")).content.decode()
        assert "Lieux d&#x27;accueil" in html
        assert "Missions locales" in html

    def test_counsellor_cannot_enter_the_admin(self, client, counsellor):
        client.force_login(counsellor.user)
        assert client.get(reverse("admin:index")).status_code == 302
