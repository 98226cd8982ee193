"""Mobility journeys in a real browser: update a young person's mobility assessment, request an aid and have the
manager grant it, with the envelope charged on /dispositifs/."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mobility.eligibility import eligibility
from mobility.enums import AidStatus, LicenceStatus, MobilityConstraint
from mobility.models import AidRequest, AidScheme, Envelope, MobilityAssessment
from mobility.units import to_stored
from youths.models import Youth

pytestmark = [pytest.mark.browser]

ML = "ML-BOULONNAIS"


def latest_assessments():
    """The current mobility profile of each active young person of the mission locale, by name."""
    latest = {}
    for assessment in (
        MobilityAssessment.objects.filter(youth__mission_locale__code=ML, youth__status="active")
        .select_related("youth")
        .order_by("youth__last_name", "youth__first_name", "youth_id", "-date", "-id")
    ):
        latest.setdefault(assessment.youth_id, assessment)
    return list(latest.values())


def test_record_a_mobility_assessment_prefilled_from_the_latest(demo, journey):
    page = journey.page
    # A young person still without the driving licence, whose latest assessment is not today's.
    latest = next(
        assessment
        for assessment in latest_assessments()
        if assessment.licence_status in (LicenceStatus.NONE, LicenceStatus.THEORY_IN_PROGRESS)
        and assessment.date < timezone.localdate()
    )
    youth = latest.youth
    journey.login("conseillere.boulonnais")
    journey.goto(youth.get_absolute_url())
    mobility = page.get_by_role("region", name="Mobilité", exact=True)
    expect(mobility).to_contain_text(f"bilan du {latest.date:%d/%m/%Y}")
    journey.check("dossier")

    # The form starts from the latest assessment: the counsellor changes only what moved.
    mobility.get_by_role("link", name="Mettre à jour le bilan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bilan de mobilité")
    expect(page.get_by_text(f"Dernier bilan : {latest.date:%d/%m/%Y}.")).to_be_visible()
    expect(page.get_by_label("Date du bilan")).to_have_value(timezone.localdate().isoformat())
    expect(page.get_by_label("Permis de conduire")).to_have_value(latest.licence_status)
    expect(page.get_by_label("Moyen de locomotion")).to_have_value(latest.vehicle)
    expect(page.get_by_label("Utilisation des transports en commun")).to_have_value(latest.public_transport_use)
    expect(page.get_by_label("A un abonnement de transport")).to_be_checked(checked=latest.has_transport_pass)
    expect(page.get_by_label("Distance acceptée pour un emploi (km)")).to_have_value(
        str(latest.accepted_distance_km or "")
    )
    for value, label in MobilityConstraint.choices:
        expect(page.get_by_role("checkbox", name=label, exact=True)).to_be_checked(
            checked=value in latest.mobility_constraints
        )
    journey.check("bilan-prerempli")

    # A date in the future is refused: the error is announced at the top, linked to its field and tied to it.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Date du bilan").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Enregistrer le bilan").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Rien n'a été enregistré")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Erreur : "))
    summary.get_by_role("link", name="Date du bilan").click()
    date_field = page.get_by_label("Date du bilan")
    expect(date_field).to_be_focused()
    expect(date_field).to_have_attribute("aria-invalid", "true")
    expect(date_field).to_have_accessible_description(re.compile("ne peut être dans le futur"))
    expect(page.get_by_label("Permis de conduire")).to_have_value(latest.licence_status)
    journey.check("bilan-erreur")

    # The code is passed and the accepted distance grows: the new assessment becomes the current profile.
    date_field.fill(timezone.localdate().isoformat())
    page.get_by_label("Permis de conduire").select_option(LicenceStatus.THEORY_PASSED)
    page.get_by_label("Distance acceptée pour un emploi (km)").fill("35")
    page.get_by_role("button", name="Enregistrer le bilan").click()
    expect(page.get_by_role("status")).to_contain_text("Bilan de mobilité enregistré")
    expect(page).to_have_url(re.compile(rf"{youth.get_absolute_url()}#section-mobility$"))
    mobility = page.get_by_role("region", name="Mobilité", exact=True)
    expect(mobility).to_contain_text(f"bilan du {timezone.localdate():%d/%m/%Y}")
    expect(mobility).to_contain_text("code obtenu")
    expect(mobility).to_contain_text("35 km")
    expect(mobility.get_by_role("list").first).to_contain_text(
        f"{LicenceStatus(latest.licence_status).label} → code obtenu"
    )
    journey.check("bilan-enregistre")

    current = MobilityAssessment.objects.filter(youth=youth).order_by("-date", "-id").first()
    assert current.pk != latest.pk
    assert (current.licence_status, current.accepted_distance_km) == (LicenceStatus.THEORY_PASSED, 35)
    assert (current.vehicle, current.public_transport_use, current.mobility_constraints) == (
        latest.vehicle,
        latest.public_transport_use,
        latest.mobility_constraints,
    )
    journey.logout()


def eligible_request():
    """A young person of the mission locale, a scheme they may have today, and the envelope that would pay for it."""
    today = timezone.localdate()
    schemes = list(AidScheme.objects.open_on(today).order_by("name"))
    for youth in Youth.objects.filter(mission_locale__code=ML, status="active").order_by("last_name", "first_name"):
        for scheme in schemes:
            envelope = Envelope.objects.for_grant(scheme, youth.mission_locale_id, today.year)
            if envelope is None or eligibility(scheme, youth, today):
                continue
            envelope.scheme = scheme
            if envelope.remaining >= envelope.units_for(scheme.default_amount):
                return youth, scheme, envelope
    raise AssertionError("La démo n'a aucune demande d'aide possible à accorder.")


def remaining_on_scheme_page(page, scheme, envelope):
    """The "reste à accorder" of an envelope, as /dispositifs/ shows it, in the envelope's stored unit."""
    section = page.get_by_role("region", name=scheme.name)
    row = section.get_by_role("row").filter(has=page.get_by_role("rowheader", name=envelope.owner_label, exact=True))
    text = row.get_by_role("cell").nth(3).inner_text()
    return to_stored(re.sub(r"[^\d,]", "", text), envelope.unit)


def test_request_an_aid_then_the_manager_grants_it(demo, journey):
    page = journey.page
    youth, scheme, envelope = eligible_request()

    # The counsellor asks from the case file's "Aides possibles": the form comes with the scheme and its amount.
    journey.login("conseillere.boulonnais")
    journey.goto(youth.get_absolute_url())
    possible = page.get_by_role("region", name="Aides possibles")
    journey.check("dossier-aides-possibles")
    possible.get_by_role("link", name=f"Demander « {scheme.name} »", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Demande d'aide")
    expect(page.get_by_label("Dispositif")).to_have_value(str(scheme.pk))
    journey.check("demande-formulaire")
    page.get_by_label("Motivation de la demande").fill("Inscription à l'auto-école pour un CDI à 25 km.")
    page.get_by_role("button", name="Envoyer la demande").click()
    expect(page.get_by_role("status")).to_contain_text("elle attend la décision de la direction")
    expect(page.get_by_role("heading", level=1)).to_have_text(scheme.name)
    aid_url = page.url
    aid = AidRequest.objects.get(youth=youth, scheme=scheme, status=AidStatus.REQUESTED)
    assert aid_url.endswith(f"/aides/{aid.public_id}/")
    journey.check("demande-envoyee")
    journey.logout()

    # The manager reads the envelope, finds the request among those to decide, and grants it.
    journey.login("direction.boulonnais")
    journey.check("accueil-direction")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Dispositifs").click()
    before = remaining_on_scheme_page(page, scheme, envelope)
    assert before == Envelope.objects.get(pk=envelope.pk).remaining
    journey.check("dispositifs-avant")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Aides").click()
    page.get_by_role("link", name=f"Décider la demande de {youth} du {aid.requested_on:%d/%m/%Y}").click()
    expect(page).to_have_url(aid_url)
    journey.check("demande-a-decider")
    grant = page.get_by_role("region", name="Accorder l'aide")
    grant.get_by_label("Commentaire de la décision").fill("Accordé en commission du jour.")
    grant.get_by_role("button", name="Accorder").click()
    expect(page.get_by_role("status")).to_contain_text("Aide accordée : l'enveloppe est débitée.")
    aid.refresh_from_db()
    assert aid.status == AidStatus.GRANTED and aid.envelope_id == envelope.pk
    expect(page.get_by_role("region", name="La demande")).to_contain_text(aid.amount_granted_display)
    journey.check("aide-accordee")

    # The envelope went down by what was granted.
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Dispositifs").click()
    after = remaining_on_scheme_page(page, scheme, envelope)
    assert before - after == envelope.units_for(aid.amount_granted) > 0
    assert after == Envelope.objects.get(pk=envelope.pk).remaining
    journey.check("dispositifs-apres")
    journey.logout()
