"""The demo's aid requests built in bulk are the ones the workflow (mobility.services) would have made."""

import io
import random

import pytest
from django.core.management import call_command

from missions.models import MissionLocale
from mobility import demo
from mobility.models import AidRequest, AidRequestEvent, Envelope, JobRefusal, MobilityAssessment

pytestmark = pytest.mark.django_db


def reset_mobility():
    AidRequestEvent.objects.all().delete()
    AidRequest.objects.all().delete()
    Envelope.objects.all().delete()
    MobilityAssessment.objects.all().delete()
    JobRefusal.objects.all().delete()


def snapshot():
    aids = list(
        AidRequest.objects.order_by("public_id").values_list(
            "public_id",
            "youth__public_id",
            "scheme__code",
            "amount",
            "amount_granted",
            "status",
            "requested_on",
            "requested_by_id",
            "partner_id",
            "justification",
            "decided_by_id",
            "decided_at",
            "decision_reason",
            "paid_on",
            "payment_method",
            "envelope__scheme__code",
            "envelope__mission_locale__code",
        )
    )
    events = list(
        AidRequestEvent.objects.order_by("aid_request__public_id", "at", "id").values_list(
            "aid_request__public_id", "at", "actor_id", "from_status", "to_status", "amount", "comment"
        )
    )
    envelopes = list(
        Envelope.objects.order_by("scheme__code", "mission_locale__code").values_list(
            "scheme__code", "mission_locale__code", "amount_total", "amount_granted", "amount_paid"
        )
    )
    return aids, events, envelopes


class TestBulkAidsMatchTheWorkflow:
    def test_same_requests_events_and_envelopes(self, reference_data, monkeypatch):
        call_command("seed_demo", youths=400, seed=11, stdout=io.StringIO())
        reset_mobility()
        demo.seed_mobility(random.Random(5), {}, lambda message: None)
        bulk = snapshot()
        assert len(bulk[0]) > 50 and len(bulk[1]) > len(bulk[0])

        # Every request of every mission locale through mobility.services this time.
        monkeypatch.setattr(demo, "WORKFLOW_REQUESTS", 10**6)
        monkeypatch.setattr(
            demo, "missions_through_workflow", lambda: set(MissionLocale.objects.values_list("pk", flat=True))
        )
        reset_mobility()
        demo.seed_mobility(random.Random(5), {}, lambda message: None)
        assert snapshot() == bulk
