import datetime

import pytest

from mobility.eligibility import conditions_to_check, eligibility, open_schemes_for
from mobility.enums import AidStatus, LicenceStatus, SchemeUnit
from mobility.models import AidScheme
from tests.missions.factories import CommuneFactory
from tests.mobility.conftest import birth_date_for
from tests.mobility.factories import AidRequestFactory, AidSchemeFactory, MobilityAssessmentFactory
from tests.youths.factories import SituationFactory, YouthFactory
from youths.models import Youth

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def reasons_for(scheme, youth, day=TODAY, amount=None, **kwargs):
    return [str(reason) for reason in eligibility(scheme, youth, day, amount, **kwargs)]


class TestValidityDates:
    @pytest.fixture
    def closed(self):
        return AidSchemeFactory(valid_from=datetime.date(2009, 1, 1), valid_until=datetime.date(2011, 12, 31))

    def test_closed_scheme(self, closed, youth):
        assert reasons_for(closed, youth) == ["dispositif fermé le 31/12/2011"]

    def test_first_and_last_days_are_open(self, closed, lille):
        youth = YouthFactory(residence_commune=lille, birth_date=datetime.date(1990, 1, 1))
        assert reasons_for(closed, youth, datetime.date(2009, 1, 1)) == []
        assert reasons_for(closed, youth, datetime.date(2011, 12, 31)) == []
        assert reasons_for(closed, youth, datetime.date(2012, 1, 1)) == ["dispositif fermé le 31/12/2011"]

    def test_not_yet_open(self, youth):
        scheme = AidSchemeFactory(valid_from=TODAY + datetime.timedelta(days=1))
        assert reasons_for(scheme, youth) == [f"dispositif ouvert à partir du {scheme.valid_from:%d/%m/%Y}"]

    def test_suspended(self, youth):
        scheme = AidSchemeFactory(is_active=False)
        assert reasons_for(scheme, youth) == ["dispositif suspendu par l'équipe régionale"]

    def test_validity_reasons_cannot_be_overridden(self, youth):
        scheme = AidSchemeFactory(is_active=False, max_age=18)
        reasons = eligibility(scheme, youth, TODAY)
        assert [reason.overridable for reason in reasons] == [False, True]


class TestAge:
    @pytest.fixture
    def scheme(self):
        return AidSchemeFactory(min_age=18, max_age=25)

    @pytest.mark.parametrize(("age", "expected"), [(18, []), (25, [])])
    def test_bounds_are_included(self, scheme, lille, age, expected):
        youth = YouthFactory(residence_commune=lille, birth_date=birth_date_for(age))
        assert reasons_for(scheme, youth) == expected

    def test_26_on_the_day_of_the_request(self, scheme, lille):
        youth = YouthFactory(residence_commune=lille, birth_date=birth_date_for(26, days_after_birthday=0))
        assert reasons_for(scheme, youth) == ["a 26 ans le jour de la demande"]
        assert reasons_for(scheme, youth, TODAY - datetime.timedelta(days=1)) == []

    def test_too_young(self, scheme, lille):
        youth = YouthFactory(residence_commune=lille, birth_date=birth_date_for(17))
        assert reasons_for(scheme, youth) == ["a 17 ans le jour de la demande (à partir de 18 ans)"]


class TestYoungerException:
    @pytest.fixture
    def scheme(self):
        return AidSchemeFactory(
            min_age=18, max_age=25, younger_from_age=16, younger_situations=["apprenticeship", "training"]
        )

    def test_apprentice_of_17_is_eligible(self, scheme, lille):
        youth = YouthFactory(residence_commune=lille, birth_date=birth_date_for(17))
        SituationFactory(youth=youth, kind="apprenticeship")
        assert reasons_for(scheme, youth) == []

    def test_jobseeker_of_17_is_not(self, scheme, lille):
        youth = YouthFactory(residence_commune=lille, birth_date=birth_date_for(17))
        SituationFactory(youth=youth, kind="jobseeker")
        assert reasons_for(scheme, youth) == [
            "a 17 ans le jour de la demande (à partir de 18 ans, ou de 16 ans en apprentissage ou formation)"
        ]

    def test_apprentice_of_15_is_not(self, scheme, lille):
        youth = YouthFactory(
            residence_commune=lille,
            birth_date=birth_date_for(15),
            first_contact_date=TODAY - datetime.timedelta(days=1),
        )
        SituationFactory(youth=youth, kind="apprenticeship")
        assert reasons_for(scheme, youth) == ["a 15 ans le jour de la demande (à partir de 18 ans)"]

    def test_an_ended_apprenticeship_does_not_count(self, scheme, lille):
        youth = YouthFactory(residence_commune=lille, birth_date=birth_date_for(17))
        SituationFactory(
            youth=youth,
            kind="apprenticeship",
            start_date=TODAY - datetime.timedelta(days=90),
            end_date=TODAY - datetime.timedelta(days=10),
        )
        assert reasons_for(scheme, youth)[0].startswith("a 17 ans le jour de la demande")


class TestResidence:
    def test_departement(self, youth, arras):
        scheme = AidSchemeFactory(departements=["59"])
        assert reasons_for(scheme, youth) == []
        youth.residence_commune = arras
        youth.save()
        assert reasons_for(scheme, youth) == ["réside hors du Nord"]
        scheme.departements = ["62"]
        scheme.save()
        assert reasons_for(scheme, youth) == []

    def test_pas_de_calais(self, youth):
        scheme = AidSchemeFactory(departements=["62"])
        assert reasons_for(scheme, youth) == ["réside hors du Pas-de-Calais"]

    def test_communes(self, youth, lille, arras):
        scheme = AidSchemeFactory()
        scheme.communes.add(lille)
        assert reasons_for(scheme, youth) == []
        youth.residence_commune = arras
        youth.save()
        assert reasons_for(scheme, youth) == ["réside à Arras, hors des communes du dispositif"]

    def test_departements_or_communes(self, youth, arras):
        scheme = AidSchemeFactory(departements=["62"])
        scheme.communes.add(CommuneFactory(insee_code="59512", name="Roubaix", departement="59"))
        assert reasons_for(scheme, youth) == ["réside à Lille, hors du territoire du dispositif"]
        youth.residence_commune = arras
        youth.save()
        assert reasons_for(scheme, youth) == []


class TestSituation:
    def test_required(self, youth):
        scheme = AidSchemeFactory(required_situations=["apprenticeship"])
        assert reasons_for(scheme, youth) == [
            "situation requise : apprentissage (actuellement : aucune situation en cours)"
        ]
        SituationFactory(youth=youth, kind="jobseeker")
        assert reasons_for(scheme, youth) == ["situation requise : apprentissage (actuellement : demandeur d'emploi)"]
        SituationFactory(youth=youth, kind="apprenticeship", start_date=TODAY)
        assert reasons_for(scheme, youth) == []

    def test_excluded(self, youth):
        scheme = AidSchemeFactory(excluded_situations=["job", "school"])
        SituationFactory(youth=youth, kind="job")
        assert reasons_for(scheme, youth) == ["situation exclue : emploi"]

    def test_the_situation_of_the_day_of_the_request(self, youth):
        scheme = AidSchemeFactory(excluded_situations=["job"])
        SituationFactory(youth=youth, kind="job", start_date=TODAY + datetime.timedelta(days=5))
        assert reasons_for(scheme, youth) == []


class TestLicence:
    def test_licence_holder(self, youth):
        scheme = AidSchemeFactory(requires_no_licence=True)
        assert reasons_for(scheme, youth) == []
        MobilityAssessmentFactory(youth=youth, licence_status=LicenceStatus.LICENCE_B)
        assert reasons_for(scheme, youth) == ["titulaire du permis B"]

    def test_the_latest_assessment_counts(self, youth):
        scheme = AidSchemeFactory(requires_no_licence=True)
        MobilityAssessmentFactory(
            youth=youth, licence_status=LicenceStatus.LICENCE_B, date=TODAY - datetime.timedelta(days=60)
        )
        MobilityAssessmentFactory(youth=youth, licence_status=LicenceStatus.THEORY_PASSED)
        assert reasons_for(scheme, youth) == []


class TestRsa:
    def test_declared_rsa(self, youth):
        scheme = AidSchemeFactory(excludes_rsa=True)
        assert reasons_for(scheme, youth, receives_rsa=True) == ["perçoit le RSA"]
        assert reasons_for(scheme, youth, receives_rsa=False) == []
        assert reasons_for(scheme, youth) == []
        assert conditions_to_check(scheme) == ["ne pas percevoir le RSA"]
        assert conditions_to_check(AidSchemeFactory()) == []


class TestCeilings:
    def test_per_youth(self, youth):
        scheme = AidSchemeFactory(default_amount=100000, max_amount=100000, max_per_youth=100000)
        AidRequestFactory(youth=youth, scheme=scheme, requested_on=TODAY - datetime.timedelta(days=800))
        assert reasons_for(scheme, youth) == ["plafond par jeune atteint (1\u202f000,00\u00a0€ demandés ou accordés)"]

    def test_refused_and_cancelled_requests_do_not_count(self, youth):
        scheme = AidSchemeFactory(default_amount=100000, max_amount=100000, max_per_youth=100000)
        AidRequestFactory(youth=youth, scheme=scheme, status=AidStatus.REFUSED, decision_reason="Dossier incomplet")
        AidRequestFactory(youth=youth, scheme=scheme, status=AidStatus.CANCELLED)
        assert reasons_for(scheme, youth) == []

    def test_twelve_months(self, youth):
        scheme = AidSchemeFactory(max_amount=40000, max_per_12_months=80000)
        AidRequestFactory(youth=youth, scheme=scheme, amount=40000, requested_on=TODAY - datetime.timedelta(days=400))
        AidRequestFactory(youth=youth, scheme=scheme, amount=40000, requested_on=TODAY - datetime.timedelta(days=200))
        assert reasons_for(scheme, youth) == []
        assert reasons_for(scheme, youth, amount=50000) == ["plafond de 12 mois dépassé : reste 400,00\u00a0€"]
        AidRequestFactory(youth=youth, scheme=scheme, amount=40000, requested_on=TODAY - datetime.timedelta(days=10))
        since = (
            TODAY.replace(year=TODAY.year - 1)
            if (TODAY.month, TODAY.day) != (2, 29)
            else TODAY.replace(year=TODAY.year - 1, day=28)
        )
        assert reasons_for(scheme, youth) == [
            f"plafond de 12 mois atteint (800,00\u00a0€ demandés ou accordés depuis le {since:%d/%m/%Y})"
        ]

    def test_a_lower_granted_amount_is_what_counts(self, youth):
        scheme = AidSchemeFactory(max_amount=40000, max_per_12_months=40000)
        AidRequestFactory(youth=youth, scheme=scheme, amount=40000, amount_granted=10000, status=AidStatus.REQUESTED)
        assert reasons_for(scheme, youth, amount=30000) == []
        assert reasons_for(scheme, youth, amount=30001) == ["plafond de 12 mois dépassé : reste 300,00\u00a0€"]

    def test_in_places(self, youth):
        scheme = AidSchemeFactory(unit=SchemeUnit.PLACES, default_amount=1, max_amount=1, max_per_12_months=1)
        AidRequestFactory(youth=youth, scheme=scheme)
        assert reasons_for(scheme, youth)[0].startswith("plafond de 12 mois atteint (1\u00a0place demandés")

    def test_a_request_can_be_left_out(self, youth):
        scheme = AidSchemeFactory(max_amount=40000, max_per_youth=15000)
        aid = AidRequestFactory(youth=youth, scheme=scheme, amount=15000)
        assert reasons_for(scheme, youth) != []
        assert reasons_for(scheme, youth, exclude_request=aid.pk) == []


class TestCombinations:
    def test_not_combinable_within_12_months(self, youth):
        fipj = AidSchemeFactory(name="FIPJ")
        faj = AidSchemeFactory(name="FAJ")
        fipj.not_combinable_with.add(faj)
        day = TODAY - datetime.timedelta(days=30)
        AidRequestFactory(youth=youth, scheme=faj, requested_on=day)
        assert reasons_for(fipj, youth) == [f"non cumulable avec FAJ (demande du {day:%d/%m/%Y})"]
        # symmetrical
        AidRequestFactory(youth=youth, scheme=fipj, requested_on=day)
        assert reasons_for(faj, youth) == [f"non cumulable avec FIPJ (demande du {day:%d/%m/%Y})"]

    def test_older_or_refused_requests_do_not_block(self, youth):
        fipj, faj = AidSchemeFactory(), AidSchemeFactory()
        fipj.not_combinable_with.add(faj)
        AidRequestFactory(youth=youth, scheme=faj, requested_on=TODAY - datetime.timedelta(days=400))
        AidRequestFactory(youth=youth, scheme=faj, status=AidStatus.REFUSED, decision_reason="Hors critères")
        assert reasons_for(fipj, youth) == []


class TestEveryReasonAtOnce:
    def test_reasons_come_in_order(self, arras):
        youth = YouthFactory(residence_commune=arras, birth_date=birth_date_for(26, days_after_birthday=3))
        MobilityAssessmentFactory(youth=youth, licence_status=LicenceStatus.LICENCE_B)
        scheme = AidSchemeFactory(
            valid_until=TODAY - datetime.timedelta(days=1),
            max_age=25,
            departements=["59"],
            required_situations=["training"],
            requires_no_licence=True,
            excludes_rsa=True,
        )
        assert reasons_for(scheme, youth, receives_rsa=True) == [
            f"dispositif fermé le {scheme.valid_until:%d/%m/%Y}",
            "a 26 ans le jour de la demande",
            "réside hors du Nord",
            "situation requise : formation (actuellement : aucune situation en cours)",
            "titulaire du permis B",
            "perçoit le RSA",
        ]


class TestOpenSchemes:
    def test_lists_open_schemes_with_their_reasons(self, youth):
        open_one = AidSchemeFactory(name="A ouvert")
        AidSchemeFactory(name="B fermé", valid_until=datetime.date(2011, 12, 31))
        limited = AidSchemeFactory(name="C Pas-de-Calais", departements=["62"], excludes_rsa=True)
        rows = open_schemes_for(youth, TODAY)
        assert [(row["scheme"], row["reasons"], row["to_check"]) for row in rows] == [
            (open_one, [], []),
            (limited, ["réside hors du Pas-de-Calais"], ["ne pas percevoir le RSA"]),
        ]

    @pytest.mark.parametrize("count", [1, 20])
    def test_fixed_number_of_queries(self, youth, lille, django_assert_num_queries, count):
        for _ in range(count):
            scheme = AidSchemeFactory(departements=["59"], max_per_12_months=40000)
            scheme.communes.add(lille)
            scheme.not_combinable_with.add(AidSchemeFactory(is_active=False))
            AidRequestFactory(youth=youth, scheme=scheme)
        youth = Youth.objects.get(pk=youth.pk)
        # commune, licence, requests, situation; the schemes with their combinations and whether they list
        # the commune
        with django_assert_num_queries(5):
            rows = open_schemes_for(youth, TODAY)
        assert len(rows) == count


class TestRealSchemes:
    def test_faj_for_a_minor_apprentice_of_arras(self, reference_data):
        arras = CommuneFactory(insee_code="62041")
        youth = YouthFactory(residence_commune=arras, birth_date=birth_date_for(17))
        faj = AidScheme.objects.get(code="faj-pas-de-calais")
        assert reasons_for(faj, youth)[0].startswith("a 17 ans le jour de la demande (à partir de 18 ans, ou de 16")
        SituationFactory(youth=youth, kind="apprenticeship")
        assert reasons_for(faj, youth) == []
        assert reasons_for(faj, youth, receives_rsa=True) == ["perçoit le RSA"]
        assert reasons_for(AidScheme.objects.get(code="fdaj-nord"), youth) == ["réside hors du Nord"]
        assert reasons_for(AidScheme.objects.get(code="lmcu-tickets"), youth) == [
            "réside à Arras, hors des communes du dispositif"
        ]

    def test_the_ten_thousand_licences_are_closed_today(self, reference_data):
        youth = YouthFactory(residence_commune=CommuneFactory(insee_code="59350"), birth_date=birth_date_for(20))
        scheme = AidScheme.objects.get(code="10000-permis")
        assert reasons_for(scheme, youth) == ["dispositif fermé le 31/12/2011"]
        codes = [row["scheme"].code for row in open_schemes_for(youth, TODAY)]
        assert "10000-permis" not in codes
        assert {"lmcu-tickets", "fdaj-nord", "fipj", "permis-apprentis", "mobilite-europeenne"} <= set(codes)
