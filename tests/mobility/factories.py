import datetime
import uuid

import factory

from missions.enums import StaffRole
from mobility.enums import (
    AidStatus,
    LicenceStatus,
    PublicTransportUse,
    RefusalKind,
    RefusalReason,
    SchemeUnit,
    Vehicle,
)
from mobility.models import AidRequest, AidRequestEvent, AidScheme, Envelope, JobRefusal, MobilityAssessment
from tests.missions.factories import StaffMemberFactory
from tests.youths.factories import YouthFactory


class ManagerFactory(StaffMemberFactory):
    role = StaffRole.MANAGER


class AidSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidScheme
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"dispositif-{n}")
    name = factory.Sequence(lambda n: f"Dispositif {n}")
    funder = "Département du Pas-de-Calais"
    unit = SchemeUnit.EUROS
    default_amount = 15000
    max_amount = 40000
    valid_from = datetime.date(2005, 1, 1)


class EnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Envelope

    scheme = factory.SubFactory(AidSchemeFactory)
    mission_locale = None
    year = factory.LazyFunction(lambda: datetime.date.today().year)
    unit = factory.SelfAttribute("scheme.unit")
    amount_total = 1_000_000


class MobilityAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MobilityAssessment

    youth = factory.SubFactory(YouthFactory)
    date = factory.LazyFunction(datetime.date.today)
    licence_status = LicenceStatus.NONE
    vehicle = Vehicle.NONE
    public_transport_use = PublicTransportUse.REGULAR
    recorded_by = factory.SelfAttribute("youth.referent")


class JobRefusalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRefusal

    youth = factory.SubFactory(YouthFactory)
    date = factory.LazyFunction(datetime.date.today)
    label = "Agent de conditionnement, Lesquin"
    kind = RefusalKind.OFFER
    reason = RefusalReason.DISTANCE
    distance_km = 35
    recorded_by = factory.SelfAttribute("youth.referent")


class AidRequestFactory(factory.django.DjangoModelFactory):
    """A pending request, written directly: tests of the workflow go through mobility.services instead."""

    class Meta:
        model = AidRequest

    youth = factory.SubFactory(YouthFactory)
    mission_locale = factory.SelfAttribute("youth.mission_locale")
    scheme = factory.SubFactory(AidSchemeFactory)
    amount = factory.SelfAttribute("scheme.default_amount")
    justification = "Trajets vers un entretien d'embauche."
    status = AidStatus.REQUESTED
    requested_on = factory.LazyFunction(datetime.date.today)
    requested_by = factory.SelfAttribute("youth.referent")
    idempotency_key = factory.LazyFunction(uuid.uuid4)


class AidRequestEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AidRequestEvent

    aid_request = factory.SubFactory(AidRequestFactory)
    actor = factory.SelfAttribute("aid_request.requested_by")
    to_status = AidStatus.REQUESTED
