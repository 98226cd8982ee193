"""Writes of the mobility app: profiles, job refusals and the aid workflow with its envelopes.

Every function is keyword-only and runs in one transaction. An aid consumes its envelope with a conditional
UPDATE (`… WHERE amount_total >= amount_granted + n`), so two managers granting at the same moment can never
take the envelope below zero: the second one gets `EnvelopeExhausted`, a refusal in French, not an error.
Every change of an aid request writes an `AidRequestEvent`: who, when, from which status to which, why.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .eligibility import eligibility
from .enums import PENDING_STATUSES, AidStatus, PaymentMethod
from .models import AidRequest, AidRequestEvent, Envelope, JobRefusal, MobilityAssessment


class AidError(Exception):
    """A request the workflow cannot honour; `message` says why, in French, to show as is."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class AidIneligible(AidError):
    def __init__(self, reasons, overridable=True):
        self.reasons = list(reasons)
        self.overridable = overridable
        super().__init__("Demande refusée au dépôt : " + " ; ".join(self.reasons) + ".")


class EnvelopeExhausted(AidError):
    pass


class AidTransitionError(AidError):
    pass


# action → statuses it may start from
TRANSITIONS = {
    "adjourn": (AidStatus.REQUESTED,),
    "grant": (AidStatus.REQUESTED, AidStatus.ADJOURNED),
    "refuse": (AidStatus.REQUESTED, AidStatus.ADJOURNED, AidStatus.GRANTED),
    "pay": (AidStatus.GRANTED,),
    "cancel": (AidStatus.REQUESTED, AidStatus.ADJOURNED, AidStatus.GRANTED),
}
ACTION_PHRASES = {
    "adjourn": "d'ajourner cette demande",
    "grant": "d'accorder cette aide",
    "refuse": "de refuser cette aide",
    "pay": "d'enregistrer le versement de cette aide",
    "cancel": "d'annuler cette aide",
}
STATUS_PHRASES = {
    AidStatus.REQUESTED: "en attente de décision",
    AidStatus.ADJOURNED: "ajournée",
    AidStatus.GRANTED: "déjà accordée",
    AidStatus.REFUSED: "refusée",
    AidStatus.PAID: "déjà versée",
    AidStatus.CANCELLED: "annulée",
}


def allowed_actions(staff, aid_request) -> list[str]:
    """What `staff` may do to this request now: managers decide; a counsellor may withdraw their pending request."""
    if staff is None or staff.mission_locale_id != aid_request.mission_locale_id:
        return []
    possible = [action for action, statuses in TRANSITIONS.items() if aid_request.status in statuses]
    if staff.is_manager:
        return possible
    if aid_request.requested_by_id == staff.pk and aid_request.status in PENDING_STATUSES and "cancel" in possible:
        return ["cancel"]
    return []


def _require_same_mission_locale(staff, mission_locale_id):
    if staff is None or staff.mission_locale_id != mission_locale_id:
        raise PermissionDenied("Ce dossier relève d'une autre mission locale.")


def _require_manager(staff, aid_request):
    _require_same_mission_locale(staff, aid_request.mission_locale_id)
    if not staff.is_manager:
        raise PermissionDenied("Seule la direction de la mission locale décide des aides.")


def _lock(aid_request):
    """The request's row, locked until the end of the transaction (the envelope row is not locked here)."""
    return (
        AidRequest.objects.select_for_update(of=("self",)).select_related("scheme", "envelope").get(pk=aid_request.pk)
    )


def _check_transition(locked, action):
    if locked.status not in TRANSITIONS[action]:
        raise AidTransitionError(
            f"Impossible {ACTION_PHRASES[action]} : elle est {STATUS_PHRASES[AidStatus(locked.status)]}."
        )


def _event(aid_request, actor, from_status, to_status, at, amount=None, comment=""):
    return AidRequestEvent.objects.create(
        aid_request=aid_request,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        amount=amount,
        comment=comment,
        at=at,
    )


def _release(locked):
    """Give back to the envelope what a granted, unpaid aid took from it."""
    envelope = locked.envelope
    envelope.scheme = locked.scheme
    units = envelope.units_for(locked.amount_granted)
    released = Envelope.objects.filter(pk=envelope.pk, amount_granted__gte=F("amount_paid") + units).update(
        amount_granted=F("amount_granted") - units, updated_at=timezone.now()
    )
    if not released:
        raise AidError(f"L'enveloppe « {envelope} » ne peut rendre {envelope.format(units)} : ses comptes sont faux.")


def _required_text(value, message):
    value = (value or "").strip()
    if not value:
        raise AidError(message)
    return value


def aid_request_create(
    *,
    youth,
    scheme,
    amount: int,
    requested_by,
    justification: str,
    idempotency_key,
    partner=None,
    receives_rsa: bool = False,
    override_reason: str = "",
    day: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> tuple[AidRequest, bool]:
    """File a request; (request, created). The same `idempotency_key` twice gives back the first request.

    An ineligible request is refused at submission (`AidIneligible`, with its reasons) unless a manager writes
    an `override_reason`; a closed or suspended scheme, or an amount above the scheme's ceiling, is never accepted.
    """
    existing = AidRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    _require_same_mission_locale(requested_by, youth.mission_locale_id)
    at = at or timezone.now()
    day = day or timezone.localdate(at)
    if amount is None or amount <= 0:
        raise AidError("Le montant demandé doit être positif.")
    if amount > scheme.max_amount:
        raise AidError(
            f"Le montant demandé dépasse le plafond par demande de ce dispositif : {scheme.format(scheme.max_amount)}."
        )
    justification = _required_text(justification, "Motivez la demande : à quoi servira l'aide ?")
    if partner is not None and partner.mission_locale_id not in (None, youth.mission_locale_id):
        raise AidError("Ce partenaire relève d'une autre mission locale.")
    reasons = eligibility(scheme, youth, day, amount, receives_rsa=receives_rsa)
    override_reason = (override_reason or "").strip()
    if reasons:
        hard = [reason for reason in reasons if not reason.overridable]
        if hard:
            raise AidIneligible(hard, overridable=False)
        if not override_reason:
            raise AidIneligible(reasons)
        if not requested_by.is_manager:
            raise PermissionDenied("Seule la direction peut passer outre l'inéligibilité d'un jeune.")
    else:
        override_reason = ""
    try:
        with transaction.atomic():
            aid_request = AidRequest.objects.create(
                youth=youth,
                mission_locale_id=youth.mission_locale_id,
                scheme=scheme,
                amount=amount,
                partner=partner,
                justification=justification,
                receives_rsa=receives_rsa,
                requested_on=day,
                requested_by=requested_by,
                override_reason=override_reason,
                overridden_by=requested_by if override_reason else None,
                idempotency_key=idempotency_key,
            )
            comment = ""
            if override_reason:
                comment = f"Dérogation ({' ; '.join(reasons)}) : {override_reason}"
            _event(aid_request, requested_by, "", AidStatus.REQUESTED, at, amount=amount, comment=comment)
    except IntegrityError:
        # The same form sent twice at the same moment: the other submission won, give its request back.
        existing = AidRequest.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    return aid_request, True


def aid_request_grant(*, aid_request, by, amount: int | None = None, comment: str = "", at=None) -> AidRequest:
    """A manager grants the request, possibly for less than asked, and the envelope of the year is charged."""
    _require_manager(by, aid_request)
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock(aid_request)
        _check_transition(locked, "grant")
        amount = locked.amount if amount is None else amount
        if not 0 < amount <= locked.amount:
            raise AidError(
                f"Le montant accordé est positif et au plus égal au montant demandé ({locked.format(locked.amount)})."
            )
        year = timezone.localdate(at).year
        envelope = Envelope.objects.for_grant(locked.scheme, locked.mission_locale_id, year)
        if envelope is None:
            raise AidError(
                f"Aucune enveloppe « {locked.scheme.name} » n'est ouverte pour cette mission locale ni pour la région "
                f"en {year} : l'équipe régionale doit en créer une."
            )
        envelope.scheme = locked.scheme
        units = envelope.units_for(amount)
        charged = Envelope.objects.filter(pk=envelope.pk, amount_total__gte=F("amount_granted") + units).update(
            amount_granted=F("amount_granted") + units, updated_at=timezone.now()
        )
        if not charged:
            total, granted = Envelope.objects.values_list("amount_total", "amount_granted").get(pk=envelope.pk)
            raise EnvelopeExhausted(
                f"Enveloppe insuffisante : il reste {envelope.format(total - granted)} sur « {envelope} » et cette "
                f"aide demande {envelope.format(units)}. La demande reste en attente : ajournez-la ou refusez-la."
            )
        previous = locked.status
        locked.status = AidStatus.GRANTED
        locked.amount_granted = amount
        locked.envelope = envelope
        locked.decided_by = by
        locked.decided_at = at
        locked.decision_reason = (comment or "").strip()
        locked.save(
            update_fields=[
                "status",
                "amount_granted",
                "envelope",
                "decided_by",
                "decided_at",
                "decision_reason",
                "updated_at",
            ]
        )
        _event(locked, by, previous, AidStatus.GRANTED, at, amount=amount, comment=locked.decision_reason)
    return locked


def aid_request_refuse(*, aid_request, by, reason: str, at=None) -> AidRequest:
    """A manager refuses, with a reason; an aid already granted gives its share of the envelope back."""
    _require_manager(by, aid_request)
    reason = _required_text(
        reason, "Le motif du refus est obligatoire : le jeune et son conseiller doivent le connaître."
    )
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock(aid_request)
        _check_transition(locked, "refuse")
        previous = locked.status
        if previous == AidStatus.GRANTED:
            _release(locked)
        locked.status = AidStatus.REFUSED
        locked.decided_by = by
        locked.decided_at = at
        locked.decision_reason = reason
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"])
        _event(locked, by, previous, AidStatus.REFUSED, at, comment=reason)
    return locked


def aid_request_adjourn(*, aid_request, by, reason: str, at=None) -> AidRequest:
    """A manager puts the decision off (a missing document, the next committee), saying why."""
    _require_manager(by, aid_request)
    reason = _required_text(reason, "Indiquez pourquoi la décision est ajournée.")
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock(aid_request)
        _check_transition(locked, "adjourn")
        previous = locked.status
        locked.status = AidStatus.ADJOURNED
        locked.decision_reason = reason
        locked.save(update_fields=["status", "decision_reason", "updated_at"])
        _event(locked, by, previous, AidStatus.ADJOURNED, at, comment=reason)
    return locked


def aid_request_pay(*, aid_request, by, paid_on: datetime.date, method: str, at=None) -> AidRequest:
    """A manager records the payment of a granted aid: the envelope's paid amount grows by as much."""
    _require_manager(by, aid_request)
    at = at or timezone.now()
    if method not in PaymentMethod.values:
        raise AidError("Choisissez un mode de versement.")
    if paid_on is None or paid_on > timezone.localdate(at):
        raise AidError("La date de versement ne peut être dans le futur.")
    with transaction.atomic():
        locked = _lock(aid_request)
        _check_transition(locked, "pay")
        if paid_on < timezone.localdate(locked.decided_at):
            raise AidError(
                f"La date de versement ne peut précéder l'accord du {timezone.localdate(locked.decided_at):%d/%m/%Y}."
            )
        locked.envelope.scheme = locked.scheme
        units = locked.envelope.units_for(locked.amount_granted)
        paid = Envelope.objects.filter(pk=locked.envelope_id, amount_granted__gte=F("amount_paid") + units).update(
            amount_paid=F("amount_paid") + units, updated_at=timezone.now()
        )
        if not paid:
            raise AidError(f"L'enveloppe « {locked.envelope} » ne peut verser plus qu'elle n'a accordé.")
        locked.status = AidStatus.PAID
        locked.paid_on = paid_on
        locked.payment_method = method
        locked.save(update_fields=["status", "paid_on", "payment_method", "updated_at"])
        _event(
            locked,
            by,
            AidStatus.GRANTED,
            AidStatus.PAID,
            at,
            amount=locked.amount_granted,
            comment=f"{PaymentMethod(method).label}, le {paid_on:%d/%m/%Y}",
        )
    return locked


def aid_request_cancel(*, aid_request, by, reason: str, at=None) -> AidRequest:
    """Withdraw a request (its author or a manager) or cancel a granted aid (a manager), which frees the envelope."""
    _require_same_mission_locale(by, aid_request.mission_locale_id)
    reason = _required_text(reason, "Indiquez pourquoi l'aide est annulée.")
    at = at or timezone.now()
    with transaction.atomic():
        locked = _lock(aid_request)
        _check_transition(locked, "cancel")
        if "cancel" not in allowed_actions(by, locked):
            raise PermissionDenied(
                "Seule la direction peut annuler une aide accordée ou la demande d'un autre conseiller."
            )
        previous = locked.status
        if previous == AidStatus.GRANTED:
            _release(locked)
        locked.status = AidStatus.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        _event(locked, by, previous, AidStatus.CANCELLED, at, comment=reason)
    return locked


def assessment_record(*, youth, recorded_by, **values) -> MobilityAssessment:
    """A new mobility assessment: it becomes the current profile; the previous ones stay as its history."""
    _require_same_mission_locale(recorded_by, youth.mission_locale_id)
    if values["date"] > timezone.localdate():
        raise AidError("La date du bilan ne peut être dans le futur.")
    with transaction.atomic():
        assessment = MobilityAssessment(youth=youth, recorded_by=recorded_by, **values)
        assessment.full_clean()
        assessment.save()
    return assessment


def job_refusal_record(*, youth, recorded_by, **values) -> JobRefusal:
    _require_same_mission_locale(recorded_by, youth.mission_locale_id)
    if values["date"] > timezone.localdate():
        raise AidError("La date du refus ne peut être dans le futur.")
    with transaction.atomic():
        refusal = JobRefusal(youth=youth, recorded_by=recorded_by, **values)
        refusal.full_clean()
        refusal.save()
    return refusal
