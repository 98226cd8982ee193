import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from config.access import REGIONAL_GROUP
from missions.enums import Departement, PartnerKind, SiteKind, StaffRole
from missions.models import Commune, MissionLocale, Partner, Site, StaffMember


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    # Corsican-style codes: never one of the real codes that tests name (62160, 59378…).
    insee_code = factory.Sequence(lambda n: f"2A{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    departement = Departement.PAS_DE_CALAIS


class MissionLocaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionLocale

    code = factory.Sequence(lambda n: f"ML-TEST-{n}")
    name = factory.Sequence(lambda n: f"Mission locale test {n}")
    departement = Departement.PAS_DE_CALAIS
    seat_commune = factory.SubFactory(CommuneFactory)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    mission_locale = factory.SubFactory(MissionLocaleFactory)
    name = factory.Sequence(lambda n: f"Antenne {n}")
    kind = SiteKind.ANTENNE
    commune = factory.SelfAttribute("mission_locale.seat_commune")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    password = factory.django.Password("motdepasse-de-test")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    user = factory.SubFactory(UserFactory)
    mission_locale = factory.SubFactory(MissionLocaleFactory)
    role = StaffRole.COUNSELLOR


class RegionalUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def regional_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get_or_create(name=REGIONAL_GROUP)[0])


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Auto-école {n}")
    kind = PartnerKind.DRIVING_SCHOOL
    commune = factory.SubFactory(CommuneFactory)
