import pytest
from django.contrib import admin
from django.urls import reverse

from mobility.models import AidRequest, AidRequestEvent, AidScheme, Envelope, JobRefusal, MobilityAssessment
from tests.missions.factories import MissionLocaleFactory
from tests.mobility.factories import AidRequestFactory, AidSchemeFactory, EnvelopeFactory

pytestmark = pytest.mark.django_db


def admin_url(model, action, *args):
    return reverse(f"admin:mobility_{model._meta.model_name}_{action}", args=args)


class TestRegistration:
    @pytest.mark.parametrize(
        "model", [AidScheme, Envelope, AidRequest, AidRequestEvent, MobilityAssessment, JobRefusal]
    )
    def test_registered_with_search_and_filters(self, model):
        model_admin = admin.site._registry[model]
        assert model_admin.search_fields
        assert model_admin.list_filter

    def test_events_are_shown_inside_their_request(self):
        inlines = admin.site._registry[AidRequest].inlines
        assert [inline.model for inline in inlines] == [AidRequestEvent]


class TestRegionalStaff:
    def test_manage_schemes_and_envelopes(self, client, regional_user):
        EnvelopeFactory(mission_locale=MissionLocaleFactory())
        client.force_login(regional_user)
        for model in (AidScheme, Envelope):
            assert client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
            assert client.get(admin_url(model, "add")).status_code == 200

    def test_never_see_aid_requests_nor_profiles(self, client, regional_user):
        AidRequestFactory()
        client.force_login(regional_user)
        for model in (AidRequest, MobilityAssessment, JobRefusal):
            assert client.get(admin_url(model, "changelist")).status_code == 403

    def test_envelope_total_is_typed_in_euros_and_stored_in_cents(self, client, regional_user):
        scheme = AidSchemeFactory()
        ml = MissionLocaleFactory()
        client.force_login(regional_user)
        response = client.post(
            admin_url(Envelope, "add"),
            {"scheme": scheme.pk, "mission_locale": ml.pk, "year": 2025, "unit": "euros", "amount_total": "12500,50"},
        )
        assert response.status_code == 302, response.content.decode()
        assert Envelope.objects.get().amount_total == 1250050

    def test_envelope_total_cannot_fall_below_what_is_granted(self, client, regional_user):
        envelope = EnvelopeFactory(amount_total=100000)
        Envelope.objects.filter(pk=envelope.pk).update(amount_granted=60000)
        client.force_login(regional_user)
        response = client.post(
            admin_url(Envelope, "change", envelope.pk),
            {"year": envelope.year, "amount_total": "500"},
        )
        assert response.status_code == 200
        assert "Le total ne peut descendre sous ce qui est déjà accordé : 600,00" in response.content.decode()
        envelope.refresh_from_db()
        assert envelope.amount_total == 100000

    def test_scheme_amounts_in_euros(self, client, regional_user):
        client.force_login(regional_user)
        response = client.post(
            admin_url(AidScheme, "add"),
            {
                "name": "Aide communale au transport",
                "code": "aide-communale",
                "funder": "Ville de Calais",
                "description": "",
                "is_active": "on",
                "unit": "euros",
                "default_amount": "50",
                "max_amount": "120",
                "max_per_youth": "",
                "max_per_12_months": "240",
                "valid_from": "01/01/2025",
                "min_age": "16",
                "max_age": "25",
                "departements": ["62"],
            },
        )
        assert response.status_code == 302, response.content.decode()
        scheme = AidScheme.objects.get(code="aide-communale")
        assert (scheme.default_amount, scheme.max_amount, scheme.max_per_12_months) == (5000, 12000, 24000)
        assert scheme.departements == ["62"]


class TestSuperuser:
    def test_aid_request_is_read_only(self, client, admin_user):
        aid = AidRequestFactory()
        client.force_login(admin_user)
        response = client.get(admin_url(AidRequest, "change", aid.pk))
        assert response.status_code == 200
        assert "Trajets vers un entretien" in response.content.decode()
        assert client.get(admin_url(AidRequest, "add")).status_code == 403
        assert client.get(admin_url(AidRequest, "delete", aid.pk)).status_code == 403
