import datetime
import uuid

import factory
from django.utils import timezone

from missions.enums import StaffRole
from mobility.actions import ActionSession, CollectiveAction, Registration
from mobility.enums import (
    ActionKind,
    AidStatus,
    LicenceStatus,
    PublicTransportUse,
    RefusalKind,
    RefusalReason,
    RegistrationStatus,
    SchemeUnit,
    Vehicle,
)
from mobility.models import AidRequest, AidRequestEvent, AidScheme, Envelope, JobRefusal, MobilityAssessment
from tests.missions.factories import MissionLocaleFactory, StaffMemberFactory
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


class CollectiveActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectiveAction
        skip_postgeneration_save = True

    kind = ActionKind.MOBILITY_WORKSHOP
    title = factory.Sequence(lambda n: f"Atelier mobilité {n}")
    mission_locale = factory.SubFactory(MissionLocaleFactory)
    themes = factory.LazyFunction(lambda: ["mobility"])
    created_by = factory.SubFactory(StaffMemberFactory, mission_locale=factory.SelfAttribute("..mission_locale"))

    @factory.post_generation
    def others(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.other_mission_locales.set(extracted)


def _in_days(days, hour=9):
    day = datetime.date.today() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 30)))


class ActionSessionFactory(factory.django.DjangoModelFactory):
    """A session in ten days, at an address, with its registrations open until the day before."""

    class Meta:
        model = ActionSession

    class Params:
        in_days = 10

    action = factory.SubFactory(CollectiveActionFactory)
    starts_at = factory.LazyAttribute(lambda o: _in_days(o.in_days))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2, minutes=30))
    address = "Salle Jean-Moulin, 12 rue de la Gare"
    facilitator = "Plateforme mobilité"
    capacity = 12
    registration_deadline = factory.LazyAttribute(
        lambda o: timezone.localdate(o.starts_at) - datetime.timedelta(days=1)
    )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """Written directly: tests of the waiting list and attendance go through mobility.action_services."""

    class Meta:
        model = Registration

    session = factory.SubFactory(ActionSessionFactory)
    youth = factory.SubFactory(YouthFactory, mission_locale=factory.SelfAttribute("..session.action.mission_locale"))
    status = RegistrationStatus.REGISTERED
    registered_by = factory.SelfAttribute("youth.referent")
