import io
import random

import pytest
from django.core.management import call_command

from missions.enums import StaffRole
from missions.models import MissionLocale, StaffMember
from mobility.demo import seed_mobility
from mobility.enums import AidStatus
from mobility.models import AidRequest, AidRequestEvent, Envelope, JobRefusal, MobilityAssessment

pytestmark = pytest.mark.django_db


def seed(youths=150, seed_value=11):
    out = io.StringIO()
    call_command("seed_demo", youths=youths, seed=seed_value, stdout=out)
    return out.getvalue()


def fingerprint():
    return [
        (
            str(aid.public_id),
            aid.youth_id,
            aid.scheme.code,
            aid.amount,
            aid.amount_granted,
            aid.status,
            aid.requested_on,
        )
        for aid in AidRequest.objects.select_related("scheme").order_by("pk")
    ], list(MobilityAssessment.objects.order_by("pk").values_list("youth_id", "date", "licence_status", "vehicle"))


class TestDemo:
    def test_without_young_people_nothing_is_created(self, reference_data):
        messages = []
        seed_mobility(random.Random(1), {}, messages.append)
        assert messages == ["Mobilité : aucun jeune, rien à créer."]
        assert not Envelope.objects.exists()

    def test_profiles_refusals_envelopes_and_aids_in_every_state(self, reference_data):
        output = seed()
        assert MobilityAssessment.objects.count() > 50
        assert JobRefusal.objects.filter(reason="distance").exists()
        assert set(AidRequest.objects.values_list("status", flat=True)) == set(AidStatus.values)
        boulonnais = AidRequest.objects.filter(mission_locale__code="ML-BOULONNAIS")
        assert set(boulonnais.values_list("status", flat=True)) == set(AidStatus.values)
        # Every mission locale has a direction to decide, and an envelope for its departmental fund.
        for ml in MissionLocale.objects.all():
            assert StaffMember.objects.filter(mission_locale=ml, role=StaffRole.MANAGER).exists(), ml.code
            fund = "fdaj-nord" if ml.departement == "59" else "faj-pas-de-calais"
            assert Envelope.objects.filter(mission_locale=ml, scheme__code=fund).exists(), ml.code
        assert Envelope.objects.filter(mission_locale__isnull=True).count() == 2
        # Envelopes partly consumed, their accounts matching the aids that hold them.
        consumed = Envelope.objects.filter(amount_granted__gt=0)
        assert consumed.exists()
        for envelope in Envelope.objects.all():
            assert 0 <= envelope.amount_paid <= envelope.amount_granted <= envelope.amount_total
            holding = envelope.requests.filter(status__in=[AidStatus.GRANTED, AidStatus.PAID])
            assert envelope.amount_granted == sum(envelope.units_for(aid.amount_granted) for aid in holding)
        assert all(envelope.amount_granted < envelope.amount_total for envelope in consumed)
        # Every step of every request is in its history.
        assert AidRequestEvent.objects.filter(from_status="").count() == AidRequest.objects.count()
        assert "Mobilité : " in output and "demandes d'aide (demandée : " in output

    def test_a_second_run_adds_nothing(self, reference_data):
        seed()
        before = AidRequest.objects.count(), MobilityAssessment.objects.count(), Envelope.objects.count()
        output = seed()
        assert "Mobilité : bilans et aides déjà présents, rien de plus n'est créé." in output
        assert (AidRequest.objects.count(), MobilityAssessment.objects.count(), Envelope.objects.count()) == before

    def test_deterministic_for_a_seed(self, reference_data):
        seed(youths=80)
        first = fingerprint()
        AidRequest.objects.all().delete()
        Envelope.objects.all().delete()
        MobilityAssessment.objects.all().delete()
        JobRefusal.objects.all().delete()
        rng = random.Random(5)
        seed_mobility(rng, {}, lambda message: None)
        again = fingerprint()
        AidRequest.objects.all().delete()
        Envelope.objects.all().delete()
        MobilityAssessment.objects.all().delete()
        JobRefusal.objects.all().delete()
        seed_mobility(random.Random(5), {}, lambda message: None)
        assert fingerprint() == again
        assert first[0]  # the demo did make requests
