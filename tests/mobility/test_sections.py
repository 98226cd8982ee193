import datetime

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from config.access import staff_member_of
from mobility import sections
from mobility.enums import AidStatus
from tests.mobility.factories import (
    AidRequestFactory,
    AidSchemeFactory,
    EnvelopeFactory,
    JobRefusalFactory,
    MobilityAssessmentFactory,
)
from youths.models import Youth
from youths.sections import sections_for

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def request_of(staff):
    request = RequestFactory().get("/")
    request.user = staff.user
    staff_member_of(request.user)  # cached on the user, as on every page of a logged-in counsellor
    return request


def as_on_the_case_file(youth):
    """The youth as the case-file view loads it."""
    return Youth.objects.select_related("residence_commune", "mission_locale", "referent__user", "site").get(
        pk=youth.pk
    )


def render(key, request, youth):
    section = next(item for item in sections_for(request, youth) if item["section"].key == key)
    return render_to_string(section["section"].template, {"data": section["data"], "youth": youth}, request=request)


class TestRegistration:
    def test_three_sections_in_order(self, request_of, youth):
        items = [item["section"] for item in sections_for(request_of, youth)]
        keys = [section.key for section in items]
        assert keys.index("mobility") < keys.index("possible_aids") < keys.index("aid_passport")
        titles = {section.key: section.title for section in items}
        assert (titles["mobility"], titles["possible_aids"], titles["aid_passport"]) == (
            "Mobilité",
            "Aides possibles",
            "Passeport mobilité",
        )


class TestMobilitySection:
    def test_current_profile_history_and_refusals(self, request_of, youth):
        MobilityAssessmentFactory(youth=youth, date=datetime.date(2025, 1, 10), licence_status="none")
        MobilityAssessmentFactory(
            youth=youth,
            date=datetime.date(2025, 3, 14),
            licence_status="theory_passed",
            has_transport_pass=True,
            accepted_distance_km=20,
        )
        MobilityAssessmentFactory(
            youth=youth,
            date=datetime.date(2025, 5, 2),
            licence_status="theory_passed",
            has_transport_pass=True,
            accepted_distance_km=20,
            mobility_constraints=["childcare"],
            constraints_details="Crèche jusqu'à 18 h",
        )
        JobRefusalFactory(youth=youth, label="Cariste, Roncq", reason="distance", distance_km=31)
        JobRefusalFactory(youth=youth, label="Vendeuse, Lille", reason="hours", distance_km=None)
        html = render("mobility", request_of, youth)
        assert "bilan du 02/05/2025" in html
        assert "garde d&#x27;enfants — Crèche jusqu&#x27;à 18 h" in html
        assert "contraintes : aucune → garde d&#x27;enfants, 02/05/2025" in html
        assert (
            "permis : aucun → code obtenu ; abonnement : non → oui ; distance acceptée : non précisée → 20 km, "
            "14/03/2025" in html
        )
        assert "premier bilan, 10/01/2025" in html
        assert "— 2, dont 1 pour la distance" in html
        assert "Cariste, Roncq" in html and "31 km" in html

    def test_without_assessment(self, request_of, youth):
        html = render("mobility", request_of, youth)
        assert "Aucun bilan de mobilité" in html
        assert "Faire le bilan de mobilité" in html

    @pytest.mark.parametrize("count", [1, 20])
    def test_fixed_number_of_queries(self, request_of, youth, django_assert_num_queries, count):
        for n in range(count):
            MobilityAssessmentFactory(youth=youth, date=TODAY - datetime.timedelta(days=n))
            JobRefusalFactory(youth=youth)
        youth = as_on_the_case_file(youth)
        with django_assert_num_queries(2):  # assessments with their authors, refusals
            data = sections.fetch_mobility(request_of, youth)
        assert len(data["history"]) == count - 1
        assert len(data["refusals"]) == count


class TestPossibleAidsSection:
    def test_eligible_or_not_with_reasons_and_links(self, request_of, youth):
        AidSchemeFactory(code="fdaj", name="FDAJ Nord", departements=["59"])
        AidSchemeFactory(code="faj", name="FAJ Pas-de-Calais", departements=["62"], excludes_rsa=True)
        AidSchemeFactory(code="ferme", name="Dispositif fermé", valid_until=datetime.date(2011, 12, 31))
        html = render("possible_aids", request_of, youth)
        assert "Éligible aujourd'hui à 1 des 2 dispositifs ouverts." in html
        assert "FDAJ Nord" in html and "éligible" in html
        assert "<li>réside hors du Pas-de-Calais</li>" in html
        assert "Dispositif fermé" not in html
        assert f"/jeunes/{youth.public_id}/mobilite/aide/?dispositif=fdaj" in html
        assert "?dispositif=faj" not in html  # a counsellor cannot request what the young person is not eligible for

    def test_manager_may_request_by_override(self, manager, youth):
        AidSchemeFactory(code="faj", name="FAJ Pas-de-Calais", departements=["62"])
        request = RequestFactory().get("/")
        request.user = manager.user
        html = render("possible_aids", request, youth)
        assert "Demander par dérogation" in html

    def test_the_rsa_condition_is_to_check(self, request_of, youth):
        AidSchemeFactory(name="FAJ", excludes_rsa=True)
        html = render("possible_aids", request_of, youth)
        assert "À vérifier avec le jeune : ne pas percevoir le RSA." in html

    @pytest.mark.parametrize("count", [1, 20])
    def test_fixed_number_of_queries(self, request_of, youth, lille, django_assert_num_queries, count):
        for _ in range(count):
            scheme = AidSchemeFactory(max_per_12_months=40000)
            scheme.communes.add(lille)
            scheme.not_combinable_with.add(AidSchemeFactory(is_active=False))
            AidRequestFactory(youth=youth, scheme=scheme)
        youth = as_on_the_case_file(youth)
        # the file's situations, assessments and aid requests (each read once for the whole file), then the open
        # schemes with their combinations and whether they list the commune
        with django_assert_num_queries(4):
            data = sections.fetch_possible_aids(request_of, youth)
        assert len(data["rows"]) == count


class TestPassportSection:
    def test_every_aid_with_its_status_and_totals(self, request_of, youth, manager):
        scheme = AidSchemeFactory(name="FDAJ Nord")
        places = AidSchemeFactory(name="Mobilité européenne", unit="places", default_amount=1, max_amount=1)
        envelope = EnvelopeFactory(scheme=scheme, mission_locale=youth.mission_locale)
        AidRequestFactory(
            youth=youth,
            scheme=scheme,
            amount=20000,
            amount_granted=15000,
            status=AidStatus.PAID,
            envelope=envelope,
            decided_by=manager,
            paid_on=TODAY,
            payment_method="cheque",
        )
        AidRequestFactory(
            youth=youth,
            scheme=places,
            amount_granted=1,
            status=AidStatus.GRANTED,
            envelope=EnvelopeFactory(scheme=places),
            decided_by=manager,
        )
        AidRequestFactory(youth=youth, scheme=scheme, status=AidStatus.REFUSED, decision_reason="Hors critères")
        html = render("aid_passport", request_of, youth)
        assert "Accordé en tout : 150,00\u00a0€, 1\u00a0place." in html
        assert html.count("<tr>") == 4  # header and three aids
        assert f"versée le {TODAY:%d/%m/%Y}" in html
        assert "refusée" in html

    def test_aids_of_a_former_mission_locale_are_listed_without_link(self, request_of, youth):
        former = AidRequestFactory(youth=youth)
        former.mission_locale = AidRequestFactory().mission_locale
        former.save()
        html = render("aid_passport", request_of, youth)
        assert former.mission_locale.name in html
        assert former.get_absolute_url() not in html

    @pytest.mark.parametrize("count", [1, 20])
    def test_fixed_number_of_queries(self, request_of, youth, django_assert_num_queries, count):
        partner_scheme = AidSchemeFactory()
        for _ in range(count):
            AidRequestFactory(youth=youth, scheme=partner_scheme)
        youth = as_on_the_case_file(youth)
        with django_assert_num_queries(1):
            data = sections.fetch_passport(request_of, youth)
        assert len(data["aids"]) == count


class TestSubjectAccess:
    def test_everything_mobility_holds_on_the_young_person(self, youth):
        MobilityAssessmentFactory(youth=youth, licence_status="lessons", accepted_distance_km=12)
        JobRefusalFactory(youth=youth)
        AidRequestFactory(youth=youth, justification="Pour son permis")
        assessments = sections.subject_access_assessments(youth)
        assert assessments[0]["Permis de conduire"] == "leçons de conduite en cours"
        assert assessments[0]["Distance acceptée pour un emploi (km)"] == "12 km"
        assert sections.subject_access_refusals(youth)[0]["Motif principal"] == "distance, trajet"
        assert sections.subject_access_aids(youth)[0]["Motivation"] == "Pour son permis"
