import factory

from reporting.models import YearlyFigures
from tests.missions.factories import MissionLocaleFactory


class YearlyFiguresFactory(factory.django.DjangoModelFactory):
    """One mission locale's year with the shares of DESIGN.md §1 on 1,000 young people."""

    class Meta:
        model = YearlyFigures

    mission_locale = factory.SubFactory(MissionLocaleFactory)
    year = 2011
    sites = 5
    youths_in_contact = 1000
    first_contacts = 290
    men = 516
    minors = 43
    no_diploma = 481
    zus = 172
    own_housing = 200
    driving_licence = 467
    own_vehicle = 333
    public_transport = 530
    no_means_of_transport = 67
    source_file = "chiffres_annuels_2011.csv"
