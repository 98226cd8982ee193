"""Whether a young person may receive an aid on a given day, and if not, why, in words a counsellor reads aloud.

`eligibility(scheme, youth, day)` returns the reasons (empty: eligible). The rules are the scheme's data: validity
dates, age on the day, residence, current situation, driving licence, ceilings and combinations. What the case
file does not know (whether the young person receives the RSA) is declared on the request (`receives_rsa`).

The facts about the young person are read once (`youth_facts`) so that a list of schemes costs a fixed number of
queries, whatever its length.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Aggregate, CharField, Exists, OuterRef, Subquery

from missions.enums import Departement
from missions.models import Commune
from youths.enums import SituationKind
from youths.models import Situation, age_on

from .enums import LIVE_STATUSES, LicenceStatus
from .models import AidRequest, AidScheme, MobilityAssessment
from .units import format_amount

DEPARTEMENT_NAMES = {Departement.NORD: "du Nord", Departement.PAS_DE_CALAIS: "du Pas-de-Calais"}
SITUATION_LABELS = dict(SituationKind.choices)


class Reason(str):
    """One reason of ineligibility; `overridable` says whether a manager may pass over it with a written reason."""

    overridable: bool = True

    def __new__(cls, text, overridable=True):
        reason = super().__new__(cls, text)
        reason.overridable = overridable
        return reason


@dataclass
class LiveRequest:
    pk: int
    scheme_id: int
    scheme_name: str
    requested_on: datetime.date
    amount: int


@dataclass
class YouthFacts:
    """What the rules need to know about a young person on a day (see youth_facts)."""

    day: datetime.date
    age: int
    commune_name: str
    departement: str
    situation: str | None
    licence_status: str | None
    requests: list[LiveRequest] = field(default_factory=list)
    schemes_of_commune: set[int] = field(default_factory=set)


def one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def current_situation(youth, day, situations=None):
    """The kind of the latest situation started on or before `day` and not ended before it, or None.

    `situations`: every situation of the young person, the latest first, when already read (no query then)."""
    if situations is None:
        situation = (
            Situation.objects.filter(youth=youth, start_date__lte=day)
            .order_by("-start_date", "-id")
            .values_list("kind", "end_date")
            .first()
        )
    else:
        situation = next(
            ((item.kind, item.end_date) for item in situations if item.start_date <= day),
            None,
        )
    if situation is None or (situation[1] is not None and situation[1] < day):
        return None
    return situation[0]


def youth_facts(
    youth, day: datetime.date, *, situations=None, assessments=None, aid_requests=None, schemes_of_commune=None
) -> YouthFacts:
    """The facts, in up to four queries. What the case file already read spares its query: `situations` and
    `assessments` (every one of the young person's, the latest first), `aid_requests` (every one, with its scheme)
    and `schemes_of_commune` (ids of the schemes that list the young person's commune)."""
    if type(youth).residence_commune.is_cached(youth):
        commune_name, departement = youth.residence_commune.name, youth.residence_commune.departement
    else:
        commune_name, departement = Commune.objects.values_list("name", "departement").get(
            pk=youth.residence_commune_id
        )
    if assessments is None:
        licence_status = (
            MobilityAssessment.objects.filter(youth=youth, date__lte=day)
            .order_by("-date", "-id")
            .values_list("licence_status", flat=True)
            .first()
        )
    else:
        licence_status = next((item.licence_status for item in assessments if item.date <= day), None)
    if aid_requests is None:
        rows = AidRequest.objects.filter(youth=youth, status__in=LIVE_STATUSES, requested_on__lte=day).values_list(
            "pk", "scheme_id", "scheme__name", "requested_on", "amount", "amount_granted"
        )
    else:
        rows = [
            (aid.pk, aid.scheme_id, aid.scheme.name, aid.requested_on, aid.amount, aid.amount_granted)
            for aid in aid_requests
            if aid.status in LIVE_STATUSES and aid.requested_on <= day
        ]
    requests = [
        LiveRequest(pk, scheme_id, scheme_name, requested_on, amount_granted if amount_granted is not None else amount)
        for pk, scheme_id, scheme_name, requested_on, amount, amount_granted in rows
    ]
    if schemes_of_commune is None:
        schemes_of_commune = set(
            AidScheme.communes.through.objects.filter(commune_id=youth.residence_commune_id).values_list(
                "aidscheme_id", flat=True
            )
        )
    return YouthFacts(
        day=day,
        age=age_on(youth.birth_date, day),
        commune_name=commune_name,
        departement=departement,
        situation=current_situation(youth, day, situations),
        licence_status=licence_status,
        requests=requests,
        schemes_of_commune=schemes_of_commune,
    )


def _situation_list(kinds):
    labels = [str(SITUATION_LABELS.get(kind, kind)) for kind in kinds]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " ou " + labels[-1]


def _validity_reasons(scheme, day):
    if not scheme.is_active:
        return [Reason("dispositif suspendu par l'équipe régionale", overridable=False)]
    if day < scheme.valid_from:
        return [Reason(f"dispositif ouvert à partir du {scheme.valid_from:%d/%m/%Y}", overridable=False)]
    if scheme.valid_until is not None and day > scheme.valid_until:
        return [Reason(f"dispositif fermé le {scheme.valid_until:%d/%m/%Y}", overridable=False)]
    return []


def _age_reasons(scheme, facts):
    age = facts.age
    if scheme.max_age is not None and age > scheme.max_age:
        return [Reason(f"a {age} ans le jour de la demande")]
    if scheme.min_age is None or age >= scheme.min_age:
        return []
    if scheme.younger_from_age is not None and age >= scheme.younger_from_age:
        if facts.situation in scheme.younger_situations:
            return []
        return [
            Reason(
                f"a {age} ans le jour de la demande (à partir de {scheme.min_age} ans, ou de "
                f"{scheme.younger_from_age} ans en {_situation_list(scheme.younger_situations)})"
            )
        ]
    return [Reason(f"a {age} ans le jour de la demande (à partir de {scheme.min_age} ans)")]


def _residence_reasons(scheme, facts):
    has_communes = getattr(scheme, "has_communes", None)
    if has_communes is None:
        has_communes = scheme.communes.exists()
    if not scheme.departements and not has_communes:
        return []
    if facts.departement in scheme.departements or scheme.pk in facts.schemes_of_commune:
        return []
    if not has_communes:
        names = " et ".join(DEPARTEMENT_NAMES.get(code, code) for code in scheme.departements)
        return [Reason(f"réside hors {names}")]
    if not scheme.departements:
        return [Reason(f"réside à {facts.commune_name}, hors des communes du dispositif")]
    return [Reason(f"réside à {facts.commune_name}, hors du territoire du dispositif")]


def _situation_reasons(scheme, facts):
    reasons = []
    current = SITUATION_LABELS.get(facts.situation, "aucune situation en cours")
    if scheme.required_situations and facts.situation not in scheme.required_situations:
        reasons.append(
            Reason(f"situation requise : {_situation_list(scheme.required_situations)} (actuellement : {current})")
        )
    if facts.situation in scheme.excluded_situations:
        reasons.append(Reason(f"situation exclue : {current}"))
    return reasons


def _ceiling_reasons(scheme, facts, amount, exclude_request):
    reasons = []
    own = [
        request
        for request in facts.requests
        if request.scheme_id == scheme.pk and (exclude_request is None or request.pk != exclude_request)
    ]
    ceilings = [("plafond par jeune", scheme.max_per_youth, own, None)]
    since = one_year_before(facts.day)
    recent = [request for request in own if request.requested_on > since]
    ceilings.append(("plafond de 12 mois", scheme.max_per_12_months, recent, since))
    for label, ceiling, requests, window_start in ceilings:
        if ceiling is None:
            continue
        used = sum(request.amount for request in requests)
        if used >= ceiling:
            period = f" depuis le {window_start:%d/%m/%Y}" if window_start else ""
            reasons.append(
                Reason(f"{label} atteint ({format_amount(used, scheme.unit)} demandés ou accordés{period})")
            )
        elif amount is not None and used + amount > ceiling:
            reasons.append(Reason(f"{label} dépassé : reste {format_amount(ceiling - used, scheme.unit)}"))
    return reasons


def _not_combinable_ids(scheme) -> set[int]:
    if "not_combinable_ids" in scheme.__dict__:  # read with the scheme (schemes_with_rules)
        return {int(pk) for pk in (scheme.not_combinable_ids or "").split(",") if pk}
    return {other.pk for other in scheme.not_combinable_with.all()}


def _combination_reasons(scheme, facts, exclude_request):
    excluded = _not_combinable_ids(scheme)
    if not excluded:
        return []
    since = one_year_before(facts.day)
    return [
        Reason(f"non cumulable avec {request.scheme_name} (demande du {request.requested_on:%d/%m/%Y})")
        for request in sorted(facts.requests, key=lambda r: r.requested_on)
        if request.scheme_id in excluded
        and request.requested_on > since
        and (exclude_request is None or request.pk != exclude_request)
    ]


def eligibility(
    scheme,
    youth,
    day: datetime.date,
    amount: int | None = None,
    *,
    receives_rsa: bool | None = None,
    facts: YouthFacts | None = None,
    exclude_request: int | None = None,
) -> list[Reason]:
    """Every reason why `youth` may not receive `scheme` on `day` (for `amount`, if given); empty if eligible.

    `receives_rsa` is the counsellor's declaration; None means not declared yet (the condition is then shown
    by `conditions_to_check`). `exclude_request` leaves a request out of the ceilings and combinations.
    """
    if facts is None or facts.day != day:
        facts = youth_facts(youth, day)
    reasons = _validity_reasons(scheme, day)
    reasons += _age_reasons(scheme, facts)
    reasons += _residence_reasons(scheme, facts)
    reasons += _situation_reasons(scheme, facts)
    if scheme.requires_no_licence and facts.licence_status == LicenceStatus.LICENCE_B:
        reasons.append(Reason("titulaire du permis B"))
    if scheme.excludes_rsa and receives_rsa:
        reasons.append(Reason("perçoit le RSA"))
    reasons += _ceiling_reasons(scheme, facts, amount, exclude_request)
    reasons += _combination_reasons(scheme, facts, exclude_request)
    return reasons


def conditions_to_check(scheme) -> list[str]:
    """Conditions the case file cannot verify, which the counsellor checks with the young person."""
    conditions = []
    if scheme.excludes_rsa:
        conditions.append("ne pas percevoir le RSA")
    return conditions


class _JoinedIds(Aggregate):
    """Ids joined with commas: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite (Django 5.2 has no portable one)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(distinct)s%(expressions)s::text, ',')",
            **extra_context,
        )


def schemes_with_rules(commune_id=None):
    """Schemes with what the rules need, in the same query: whether they list communes, the ids of the schemes they
    do not combine with and, given a commune, whether they list it (`serves_commune`)."""
    communes = AidScheme.communes.through
    combinations = AidScheme.not_combinable_with.through.objects.filter(from_aidscheme_id=OuterRef("pk"))
    queryset = AidScheme.objects.annotate(
        has_communes=Exists(communes.objects.filter(aidscheme_id=OuterRef("pk"))),
        not_combinable_ids=Subquery(
            combinations.order_by()
            .values("from_aidscheme_id")
            .annotate(ids=_JoinedIds("to_aidscheme_id"))
            .values("ids")
        ),
    )
    if commune_id is not None:
        queryset = queryset.annotate(
            serves_commune=Exists(communes.objects.filter(aidscheme_id=OuterRef("pk"), commune_id=commune_id))
        )
    return queryset


def open_schemes_for(youth, day: datetime.date, *, situations=None, assessments=None, aid_requests=None):
    """Every scheme open on `day`, each with its reasons and the conditions to check: one query for the schemes,
    and up to three for the facts that were not given (see youth_facts)."""
    schemes = list(schemes_with_rules(youth.residence_commune_id).open_on(day).order_by("name"))
    facts = youth_facts(
        youth,
        day,
        situations=situations,
        assessments=assessments,
        aid_requests=aid_requests,
        schemes_of_commune={scheme.pk for scheme in schemes if scheme.serves_commune},
    )
    return [
        {
            "scheme": scheme,
            "reasons": eligibility(scheme, youth, day, facts=facts),
            "to_check": conditions_to_check(scheme),
        }
        for scheme in schemes
    ]


def describe_rules(scheme, commune_names, combinations, day: datetime.date) -> list[str]:
    """The scheme's rules in plain French, one sentence each, for its page."""
    rules = []
    if scheme.valid_until is None:
        rules.append(f"Ouvert depuis le {scheme.valid_from:%d/%m/%Y}, sans date de fin.")
    else:
        rules.append(f"Ouvert du {scheme.valid_from:%d/%m/%Y} au {scheme.valid_until:%d/%m/%Y}.")
    if not scheme.is_active:
        rules.append("Suspendu par l'équipe régionale : aucune nouvelle demande.")
    elif not scheme.is_open_on(day):
        rules.append("Fermé à ce jour : aucune nouvelle demande.")
    if scheme.min_age is not None and scheme.max_age is not None:
        age = f"de {scheme.min_age} à {scheme.max_age} ans"
    elif scheme.min_age is not None:
        age = f"{scheme.min_age} ans ou plus"
    elif scheme.max_age is not None:
        age = f"{scheme.max_age} ans au plus"
    else:
        age = None
    if age:
        sentence = f"Âge le jour de la demande : {age}"
        if scheme.younger_from_age is not None:
            sentence += (
                f" ; dès {scheme.younger_from_age} ans pour un jeune en {_situation_list(scheme.younger_situations)}"
            )
        rules.append(sentence + ".")
    places = []
    if scheme.departements:
        places.append("dans le " + " ou le ".join(DEPARTEMENT_NAMES[code][3:] for code in scheme.departements))
    if commune_names:
        shown = ", ".join(commune_names[:12])
        more = f" et {len(commune_names) - 12} autres" if len(commune_names) > 12 else ""
        places.append(f"dans l'une des {len(commune_names)} communes du dispositif ({shown}{more})")
    if places:
        rules.append("Résider " + ", ou ".join(places) + ".")
    if scheme.required_situations:
        rules.append(f"Situation requise : {_situation_list(scheme.required_situations)}.")
    if scheme.excluded_situations:
        rules.append(f"Exclu pour un jeune en {_situation_list(scheme.excluded_situations)}.")
    if scheme.requires_no_licence:
        rules.append("Réservé aux jeunes qui n'ont pas le permis B.")
    if scheme.excludes_rsa:
        rules.append("Ne pas percevoir le RSA (le conseiller le déclare à la demande).")
    amounts = [
        f"proposé : {scheme.format(scheme.default_amount)}",
        f"au plus {scheme.format(scheme.max_amount)} par demande",
    ]
    if scheme.max_per_12_months is not None:
        amounts.append(f"au plus {scheme.format(scheme.max_per_12_months)} par jeune sur 12 mois glissants")
    if scheme.max_per_youth is not None:
        amounts.append(f"au plus {scheme.format(scheme.max_per_youth)} par jeune en tout")
    rules.append("Montant " + " ; ".join(amounts) + ".")
    if combinations:
        rules.append(f"Non cumulable sur 12 mois avec : {', '.join(combinations)}.")
    return rules
