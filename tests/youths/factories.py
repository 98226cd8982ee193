import datetime

import factory

from tests.missions.factories import CommuneFactory, MissionLocaleFactory, StaffMemberFactory
from youths.enums import ContactKind, DiplomaLevel, Housing, Sex, SituationKind, Theme
from youths.models import CaseFileAccess, Contact, Situation, Youth


class YouthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Youth

    mission_locale = factory.SubFactory(MissionLocaleFactory)
    referent = factory.SubFactory(StaffMemberFactory, mission_locale=factory.SelfAttribute("..mission_locale"))
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    first_name = "Léa"
    birth_date = factory.LazyFunction(lambda: datetime.date.today().replace(day=1) - datetime.timedelta(days=20 * 365))
    sex = Sex.FEMALE
    residence_commune = factory.SubFactory(CommuneFactory)
    diploma_level = DiplomaLevel.CAP_BEP
    housing = Housing.PARENTS
    first_contact_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=60))
    last_contact_date = factory.SelfAttribute("first_contact_date")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    youth = factory.SubFactory(YouthFactory)
    date = factory.LazyFunction(datetime.date.today)
    kind = ContactKind.INTERVIEW
    themes = factory.LazyFunction(lambda: [Theme.WORK])
    counsellor = factory.SelfAttribute("youth.referent")
    duration_minutes = 45


class SituationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Situation

    youth = factory.SubFactory(YouthFactory)
    kind = SituationKind.JOBSEEKER
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))


class CaseFileAccessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseFileAccess

    youth = factory.SubFactory(YouthFactory)
    user = factory.SelfAttribute("youth.referent.user")
