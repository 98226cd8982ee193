import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from mobility import services
from mobility.enums import AidStatus, PaymentMethod, SchemeUnit
from mobility.models import AidRequest, Envelope
from tests.missions.factories import MissionLocaleFactory, PartnerFactory, StaffMemberFactory
from tests.mobility.factories import AidSchemeFactory, EnvelopeFactory, ManagerFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def create(youth, scheme, by, amount=None, **kwargs):
    kwargs.setdefault("justification", "Trajets vers une formation à Roubaix.")
    kwargs.setdefault("idempotency_key", uuid.uuid4())
    aid, _ = services.aid_request_create(
        youth=youth, scheme=scheme, amount=amount or scheme.default_amount, requested_by=by, **kwargs
    )
    return aid


def in_status(status, youth, scheme, staff, manager):
    """A request brought to `status` through the workflow itself."""
    aid = create(youth, scheme, staff)
    if status == AidStatus.ADJOURNED:
        services.aid_request_adjourn(aid_request=aid, by=manager, reason="Devis de l'auto-école attendu")
    elif status in (AidStatus.GRANTED, AidStatus.PAID):
        services.aid_request_grant(aid_request=aid, by=manager)
        if status == AidStatus.PAID:
            services.aid_request_pay(aid_request=aid, by=manager, paid_on=TODAY, method=PaymentMethod.CHEQUE)
    elif status == AidStatus.REFUSED:
        services.aid_request_refuse(aid_request=aid, by=manager, reason="Hors critères")
    elif status == AidStatus.CANCELLED:
        services.aid_request_cancel(aid_request=aid, by=staff, reason="Le jeune a trouvé un covoiturage")
    aid.refresh_from_db()
    assert aid.status == status
    return aid


def envelope_state(envelope):
    envelope.refresh_from_db()
    return envelope.amount_total, envelope.amount_granted, envelope.amount_paid


class TestCreate:
    def test_eligible_request_is_filed_with_its_first_event(self, youth, scheme, staff):
        partner = PartnerFactory(mission_locale=youth.mission_locale)
        aid = create(youth, scheme, staff, amount=12000, partner=partner)
        assert (aid.status, aid.amount, aid.requested_on, aid.mission_locale) == (
            AidStatus.REQUESTED,
            12000,
            TODAY,
            youth.mission_locale,
        )
        event = aid.events.get()
        assert (event.actor, event.from_status, event.to_status, event.amount) == (staff, "", "requested", 12000)

    def test_double_submit_creates_one_request(self, youth, scheme, staff):
        key = uuid.uuid4()
        first, created = services.aid_request_create(
            youth=youth, scheme=scheme, amount=100, requested_by=staff, justification="x", idempotency_key=key
        )
        second, created_again = services.aid_request_create(
            youth=youth, scheme=scheme, amount=100, requested_by=staff, justification="x", idempotency_key=key
        )
        assert (created, created_again) == (True, False)
        assert first == second
        assert AidRequest.objects.count() == 1

    def test_ineligible_request_is_refused_at_submission_with_reasons(self, youth, staff):
        scheme = AidSchemeFactory(departements=["62"], max_age=18)
        with pytest.raises(services.AidIneligible) as error:
            create(youth, scheme, staff)
        assert error.value.reasons == ["a 20 ans le jour de la demande", "réside hors du Pas-de-Calais"]
        assert error.value.message == (
            "Demande refusée au dépôt : a 20 ans le jour de la demande ; réside hors du Pas-de-Calais."
        )
        assert AidRequest.objects.count() == 0

    def test_manager_overrides_with_a_written_reason(self, youth, manager):
        scheme = AidSchemeFactory(departements=["62"])
        aid = create(youth, scheme, manager, override_reason="Déménage à Arras le mois prochain")
        assert (aid.overridden_by, aid.override_reason) == (manager, "Déménage à Arras le mois prochain")
        assert aid.events.get().comment == (
            "Dérogation (réside hors du Pas-de-Calais) : Déménage à Arras le mois prochain"
        )

    def test_counsellor_cannot_override(self, youth, staff):
        scheme = AidSchemeFactory(departements=["62"])
        with pytest.raises(PermissionDenied):
            create(youth, scheme, staff, override_reason="Je le souhaite")

    def test_closed_scheme_cannot_be_overridden(self, youth, manager):
        scheme = AidSchemeFactory(valid_from=datetime.date(2009, 1, 1), valid_until=datetime.date(2011, 12, 31))
        with pytest.raises(services.AidIneligible) as error:
            create(youth, scheme, manager, override_reason="Exception")
        assert error.value.reasons == ["dispositif fermé le 31/12/2011"]
        assert not error.value.overridable

    def test_declared_rsa_refuses_the_faj(self, youth, staff):
        scheme = AidSchemeFactory(excludes_rsa=True)
        with pytest.raises(services.AidIneligible) as error:
            create(youth, scheme, staff, receives_rsa=True)
        assert error.value.reasons == ["perçoit le RSA"]

    def test_amount_at_most_the_ceiling_even_with_an_override(self, youth, scheme, manager):
        with pytest.raises(services.AidError) as error:
            create(youth, scheme, manager, amount=40001, override_reason="Urgence")
        assert error.value.message == (
            "Le montant demandé dépasse le plafond par demande de ce dispositif : 400,00\u00a0€."
        )
        assert create(youth, scheme, manager, amount=40000).amount == 40000

    def test_justification_is_required(self, youth, scheme, staff):
        with pytest.raises(services.AidError, match="Motivez la demande"):
            create(youth, scheme, staff, justification="  ")

    def test_other_mission_locale_cannot_request(self, youth, scheme):
        with pytest.raises(PermissionDenied):
            create(youth, scheme, StaffMemberFactory())

    def test_partner_of_another_mission_locale_is_refused(self, youth, scheme, staff):
        with pytest.raises(services.AidError, match="autre mission locale"):
            create(youth, scheme, staff, partner=PartnerFactory(mission_locale=MissionLocaleFactory()))


class TestGrant:
    def test_manager_grants_and_the_envelope_is_charged(self, youth, scheme, staff, manager, envelope):
        aid = create(youth, scheme, staff, amount=15000)
        services.aid_request_grant(aid_request=aid, by=manager, comment="Projet solide")
        aid.refresh_from_db()
        assert (aid.status, aid.amount_granted, aid.envelope, aid.decided_by) == ("granted", 15000, envelope, manager)
        assert envelope_state(envelope) == (100000, 15000, 0)
        event = aid.events.last()
        assert (event.actor, event.from_status, event.to_status, event.amount, event.comment) == (
            manager,
            "requested",
            "granted",
            15000,
            "Projet solide",
        )

    def test_a_lower_amount(self, youth, scheme, staff, manager, envelope):
        aid = create(youth, scheme, staff, amount=30000)
        services.aid_request_grant(aid_request=aid, by=manager, amount=20000)
        aid.refresh_from_db()
        assert aid.amount_granted == 20000
        assert envelope_state(envelope) == (100000, 20000, 0)

    @pytest.mark.parametrize("amount", [0, 30001])
    def test_never_more_than_requested_nor_nothing(self, youth, scheme, staff, manager, envelope, amount):
        aid = create(youth, scheme, staff, amount=30000)
        with pytest.raises(services.AidError, match="au plus égal au montant demandé"):
            services.aid_request_grant(aid_request=aid, by=manager, amount=amount)
        assert envelope_state(envelope) == (100000, 0, 0)

    def test_counsellor_cannot_decide(self, youth, scheme, staff, envelope):
        aid = create(youth, scheme, staff)
        with pytest.raises(PermissionDenied) as error:
            services.aid_request_grant(aid_request=aid, by=staff)
        assert str(error.value) == "Seule la direction de la mission locale décide des aides."

    def test_manager_of_another_mission_locale_cannot_decide(self, youth, scheme, staff, envelope):
        aid = create(youth, scheme, staff)
        with pytest.raises(PermissionDenied):
            services.aid_request_grant(aid_request=aid, by=ManagerFactory())

    def test_without_envelope_says_so(self, youth, scheme, staff, manager):
        aid = create(youth, scheme, staff)
        with pytest.raises(services.AidError) as error:
            services.aid_request_grant(aid_request=aid, by=manager)
        assert "Aucune enveloppe « FDAJ test » n'est ouverte" in error.value.message

    def test_regional_envelope_when_the_mission_locale_has_none(self, youth, scheme, staff, manager):
        regional = EnvelopeFactory(scheme=scheme, mission_locale=None, amount_total=50000)
        EnvelopeFactory(scheme=scheme, mission_locale=MissionLocaleFactory(), amount_total=50000)
        aid = create(youth, scheme, staff)
        services.aid_request_grant(aid_request=aid, by=manager)
        assert envelope_state(regional) == (50000, 15000, 0)

    def test_insufficient_envelope_is_a_french_refusal_and_the_request_stays_pending(
        self, youth, scheme, staff, manager
    ):
        envelope = EnvelopeFactory(scheme=scheme, mission_locale=youth.mission_locale, amount_total=20000)
        aid = create(youth, scheme, staff, amount=25000)
        with pytest.raises(services.EnvelopeExhausted) as error:
            services.aid_request_grant(aid_request=aid, by=manager)
        assert error.value.message.startswith("Enveloppe insuffisante : il reste 200,00\u00a0€ sur « FDAJ test")
        assert "cette aide demande 250,00\u00a0€" in error.value.message
        aid.refresh_from_db()
        assert aid.status == AidStatus.REQUESTED
        assert aid.events.count() == 1
        assert envelope_state(envelope) == (20000, 0, 0)
        services.aid_request_grant(aid_request=aid, by=manager, amount=20000)
        assert envelope_state(envelope) == (20000, 20000, 0)

    def test_a_places_envelope_counts_one_place_per_aid(self, youth, staff, manager):
        scheme = AidSchemeFactory(default_amount=100000, max_amount=100000)
        envelope = EnvelopeFactory(scheme=scheme, mission_locale=youth.mission_locale, unit="places", amount_total=2)
        services.aid_request_grant(aid_request=create(youth, scheme, staff), by=manager)
        assert envelope_state(envelope) == (2, 1, 0)


class TestOtherDecisions:
    def test_refuse_requires_a_reason(self, youth, scheme, staff, manager):
        aid = create(youth, scheme, staff)
        with pytest.raises(services.AidError, match="Le motif du refus est obligatoire"):
            services.aid_request_refuse(aid_request=aid, by=manager, reason=" ")
        services.aid_request_refuse(aid_request=aid, by=manager, reason="Ressources suffisantes")
        aid.refresh_from_db()
        assert (aid.status, aid.decision_reason, aid.decided_by) == ("refused", "Ressources suffisantes", manager)

    def test_adjourn_then_grant(self, youth, scheme, staff, manager, envelope):
        aid = create(youth, scheme, staff)
        services.aid_request_adjourn(aid_request=aid, by=manager, reason="Devis attendu")
        services.aid_request_grant(aid_request=aid, by=manager)
        assert [(e.from_status, e.to_status) for e in aid.events.all()] == [
            ("", "requested"),
            ("requested", "adjourned"),
            ("adjourned", "granted"),
        ]

    def test_pay(self, youth, scheme, staff, manager, envelope):
        aid = in_status(AidStatus.GRANTED, youth, scheme, staff, manager)
        services.aid_request_pay(aid_request=aid, by=manager, paid_on=TODAY, method=PaymentMethod.TRANSFER_PARTNER)
        aid.refresh_from_db()
        assert (aid.status, aid.paid_on, aid.payment_method) == ("paid", TODAY, "transfer_partner")
        assert envelope_state(envelope) == (100000, 15000, 15000)
        assert aid.events.last().comment == f"virement au partenaire, le {TODAY:%d/%m/%Y}"

    def test_pay_in_the_future_or_before_the_grant_is_refused(self, youth, scheme, staff, manager, envelope):
        aid = in_status(AidStatus.GRANTED, youth, scheme, staff, manager)
        with pytest.raises(services.AidError, match="dans le futur"):
            services.aid_request_pay(
                aid_request=aid, by=manager, paid_on=TODAY + datetime.timedelta(days=1), method="cheque"
            )
        with pytest.raises(services.AidError, match="ne peut précéder l'accord"):
            services.aid_request_pay(
                aid_request=aid, by=manager, paid_on=TODAY - datetime.timedelta(days=1), method="cheque"
            )
        with pytest.raises(services.AidError, match="mode de versement"):
            services.aid_request_pay(aid_request=aid, by=manager, paid_on=TODAY, method="espèces")

    def test_counsellor_withdraws_their_own_pending_request(self, youth, scheme, staff):
        aid = create(youth, scheme, staff)
        services.aid_request_cancel(aid_request=aid, by=staff, reason="Plus nécessaire")
        aid.refresh_from_db()
        assert aid.status == AidStatus.CANCELLED

    def test_counsellor_cannot_cancel_someone_elses_request(self, youth, scheme, staff):
        aid = create(youth, scheme, staff)
        colleague = StaffMemberFactory(mission_locale=youth.mission_locale)
        with pytest.raises(PermissionDenied):
            services.aid_request_cancel(aid_request=aid, by=colleague, reason="Erreur")

    def test_counsellor_cannot_cancel_a_granted_aid(self, youth, scheme, staff, manager, envelope):
        aid = in_status(AidStatus.GRANTED, youth, scheme, staff, manager)
        with pytest.raises(PermissionDenied):
            services.aid_request_cancel(aid_request=aid, by=staff, reason="Erreur")
        assert envelope_state(envelope) == (100000, 15000, 0)

    @pytest.mark.parametrize(
        ("action", "kwargs"),
        [
            ("adjourn", {"reason": "r"}),
            ("refuse", {"reason": "r"}),
            ("pay", {"paid_on": TODAY, "method": "cheque"}),
        ],
    )
    def test_only_managers_decide(self, youth, scheme, staff, manager, envelope, action, kwargs):
        aid = in_status(AidStatus.GRANTED if action == "pay" else AidStatus.REQUESTED, youth, scheme, staff, manager)
        with pytest.raises(PermissionDenied):
            getattr(services, f"aid_request_{action}")(aid_request=aid, by=staff, **kwargs)


ACTIONS = {
    "adjourn": {"reason": "Pièce manquante"},
    "grant": {},
    "refuse": {"reason": "Hors critères"},
    "pay": {"paid_on": TODAY, "method": PaymentMethod.CHEQUE},
    "cancel": {"reason": "Erreur de saisie"},
}
FORBIDDEN = [
    (status, action) for status in AidStatus.values for action in ACTIONS if status not in services.TRANSITIONS[action]
]


class TestTransitions:
    @pytest.mark.parametrize(("status", "action"), FORBIDDEN)
    def test_forbidden_transitions_raise_a_french_error(self, youth, scheme, staff, manager, envelope, status, action):
        aid = in_status(status, youth, scheme, staff, manager)
        before = envelope_state(envelope), aid.events.count()
        with pytest.raises(services.AidTransitionError) as error:
            getattr(services, f"aid_request_{action}")(aid_request=aid, by=manager, **ACTIONS[action])
        assert error.value.message.startswith(f"Impossible {services.ACTION_PHRASES[action]} : elle est ")
        aid.refresh_from_db()
        assert aid.status == status
        assert (envelope_state(envelope), aid.events.count()) == before

    def test_messages(self, youth, scheme, staff, manager, envelope):
        paid = in_status(AidStatus.PAID, youth, scheme, staff, manager)
        with pytest.raises(
            services.AidTransitionError, match="^Impossible d'accorder cette aide : elle est déjà versée.$"
        ):
            services.aid_request_grant(aid_request=paid, by=manager)
        pending = in_status(AidStatus.REQUESTED, youth, scheme, staff, manager)
        with pytest.raises(
            services.AidTransitionError,
            match="^Impossible d'enregistrer le versement de cette aide : elle est en attente de décision.$",
        ):
            services.aid_request_pay(aid_request=pending, by=manager, paid_on=TODAY, method="cheque")

    @pytest.mark.parametrize(
        ("status", "manager_actions", "author_actions"),
        [
            (AidStatus.REQUESTED, ["adjourn", "grant", "refuse", "cancel"], ["cancel"]),
            (AidStatus.ADJOURNED, ["grant", "refuse", "cancel"], ["cancel"]),
            (AidStatus.GRANTED, ["refuse", "pay", "cancel"], []),
            (AidStatus.PAID, [], []),
            (AidStatus.REFUSED, [], []),
            (AidStatus.CANCELLED, [], []),
        ],
    )
    def test_allowed_actions(self, youth, scheme, staff, manager, envelope, status, manager_actions, author_actions):
        aid = in_status(status, youth, scheme, staff, manager)
        assert services.allowed_actions(manager, aid) == manager_actions
        assert services.allowed_actions(staff, aid) == author_actions
        assert services.allowed_actions(StaffMemberFactory(mission_locale=youth.mission_locale), aid) == []
        assert services.allowed_actions(ManagerFactory(), aid) == []


class TestEnvelopeAccounting:
    def test_grant_refuse_cancel_pay(self, youth, scheme, staff, manager, envelope):
        aids = [create(youth, scheme, staff, amount=10000) for _ in range(4)]
        for aid in aids:
            services.aid_request_grant(aid_request=aid, by=manager)
        assert envelope_state(envelope) == (100000, 40000, 0)
        services.aid_request_refuse(aid_request=aids[0], by=manager, reason="Justificatifs faux")
        assert envelope_state(envelope) == (100000, 30000, 0)
        services.aid_request_cancel(aid_request=aids[1], by=manager, reason="Le jeune a renoncé")
        assert envelope_state(envelope) == (100000, 20000, 0)
        services.aid_request_pay(aid_request=aids[2], by=manager, paid_on=TODAY, method="cheque")
        assert envelope_state(envelope) == (100000, 20000, 10000)
        envelope.refresh_from_db()
        assert envelope.remaining == 80000

    def test_never_negative_never_beyond_the_total(self, youth, scheme, staff, manager):
        envelope = EnvelopeFactory(scheme=scheme, mission_locale=youth.mission_locale, amount_total=30000)
        aids = [create(youth, scheme, staff, amount=10000) for _ in range(4)]
        outcomes = []
        for aid in aids:
            try:
                services.aid_request_grant(aid_request=aid, by=manager)
                outcomes.append("granted")
            except services.EnvelopeExhausted:
                outcomes.append("exhausted")
        assert outcomes == ["granted", "granted", "granted", "exhausted"]
        assert envelope_state(envelope) == (30000, 30000, 0)
        for aid in aids[:3]:
            services.aid_request_cancel(aid_request=aid, by=manager, reason="Annulation")
        assert envelope_state(envelope) == (30000, 0, 0)
        services.aid_request_grant(aid_request=aids[3], by=manager)
        assert envelope_state(envelope) == (30000, 10000, 0)

    def test_tickets(self, youth, staff, manager):
        scheme = AidSchemeFactory(unit=SchemeUnit.TICKETS, default_amount=10, max_amount=20)
        envelope = EnvelopeFactory(scheme=scheme, mission_locale=youth.mission_locale, amount_total=25)
        aid = create(youth, scheme, staff, amount=20)
        services.aid_request_grant(aid_request=aid, by=manager, amount=15)
        services.aid_request_pay(aid_request=aid, by=manager, paid_on=TODAY, method="voucher")
        assert envelope_state(envelope) == (25, 15, 15)
        assert Envelope.objects.get().format(10) == "10\u00a0titres"


class TestAssessmentAndRefusal:
    def test_record_an_assessment(self, youth, staff):
        assessment = services.assessment_record(
            youth=youth,
            recorded_by=staff,
            date=TODAY,
            licence_status="theory_passed",
            vehicle="bicycle",
            public_transport_use="regular",
            has_transport_pass=True,
            accepted_distance_km=25,
            accepted_travel_minutes=45,
            mobility_constraints=["childcare"],
            constraints_details="Crèche jusqu'à 18 h",
        )
        assert youth.mobility_assessments.get() == assessment

    def test_assessment_in_the_future_or_of_another_ml(self, youth, staff):
        values = {"licence_status": "none", "vehicle": "none", "public_transport_use": "never"}
        with pytest.raises(services.AidError, match="dans le futur"):
            services.assessment_record(
                youth=youth, recorded_by=staff, date=TODAY + datetime.timedelta(days=1), **values
            )
        with pytest.raises(PermissionDenied):
            services.assessment_record(youth=youth, recorded_by=StaffMemberFactory(), date=TODAY, **values)

    def test_record_a_refusal(self, youth, staff):
        refusal = services.job_refusal_record(
            youth=youth,
            recorded_by=staff,
            date=TODAY,
            label="Préparateur de commandes, Lesquin",
            kind="offer",
            reason="distance",
            distance_km=32,
        )
        assert youth.job_refusals.get() == refusal


class TestEventTimes:
    def test_events_carry_the_given_time(self, youth, scheme, staff, manager, envelope):
        at = timezone.now() - datetime.timedelta(days=3)
        aid = create(youth, scheme, staff, at=at)
        assert aid.requested_on == timezone.localdate(at)
        assert aid.events.get().at == at
