import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from mobility.actions import ActionSession, CollectiveAction, EuropeanMobility, Registration
from tests.mobility.factories import ActionSessionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def admin_url(model, action, *args):
    return reverse(f"admin:mobility_{model._meta.model_name}_{action}", args=args)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("technique", "technique@example.org", "motdepasse-de-test")


class TestAdmin:
    @pytest.mark.parametrize("model", [CollectiveAction, ActionSession, Registration])
    def test_registered_with_search_and_filters(self, model):
        model_admin = admin.site._registry[model]
        assert model_admin.search_fields and model_admin.list_filter and model_admin.list_select_related

    def test_an_action_with_its_stay_and_sessions_inline(self):
        inlines = admin.site._registry[CollectiveAction].inlines
        assert [inline.model for inline in inlines] == [EuropeanMobility, ActionSession]

    def test_the_superuser_opens_every_page(self, client, superuser, workshop):
        registration = RegistrationFactory(session=ActionSessionFactory(action=workshop))
        client.force_login(superuser)
        for model in (CollectiveAction, ActionSession, Registration):
            assert client.get(admin_url(model, "changelist"), {"q": "atelier"}).status_code == 200, model
        assert client.get(admin_url(CollectiveAction, "change", workshop.pk)).status_code == 200
        assert client.get(admin_url(Registration, "change", registration.pk)).status_code == 200
        # Registrations move through the application only.
        assert client.get(admin_url(Registration, "add")).status_code == 403

    def test_regional_staff_see_no_registration(self, client, regional_user):
        client.force_login(regional_user)
        for model in (CollectiveAction, Registration):
            assert client.get(admin_url(model, "changelist")).status_code == 403
