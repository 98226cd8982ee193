"""The collective actions journey in a real browser: register a young person, then take the attendance."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mobility.actions import ActionSession, Registration
from youths.models import Contact, Youth

pytestmark = [pytest.mark.browser]


def test_register_a_young_person_then_take_the_attendance(demo, journey):
    page = journey.page
    journey.login("conseillere.boulonnais")
    page.get_by_role("link", name="Actions collectives").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions collectives")
    journey.check("actions-collectives")

    # A coming session of the mission locale with places left; a young person of the mission locale not on it.
    now = timezone.now()
    session = next(
        session
        for session in ActionSession.objects.with_counts()
        .filter(action__mission_locale__code="ML-BOULONNAIS", starts_at__gt=now)
        .select_related("action")
        .order_by("starts_at")
        if session.places_left and session.registration_open(now)
    )
    youth = (
        Youth.objects.filter(mission_locale__code="ML-BOULONNAIS", status="active")
        .exclude(action_registrations__session=session)
        .order_by("last_name", "first_name")
        .first()
    )
    journey.goto(session.action.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(session.action.title)
    journey.check("action")

    # Search by name, choose the session, register in one click.
    form = page.get_by_role("search", name="Chercher un jeune de votre mission locale")
    if form.get_by_label("Session").count():
        form.get_by_label("Session").select_option(str(session.pk))
    form.get_by_label("Nom et prénom").fill(f"{youth.first_name} {youth.last_name}")
    form.get_by_role("button", name="Chercher").click()
    journey.check("recherche-jeune")
    page.get_by_role("button", name=re.compile(f"Inscrire {re.escape(str(youth))}")).first.click()
    expect(page.get_by_role("status")).to_contain_text(str(youth))
    journey.check("inscription")
    assert Registration.objects.filter(session=session, youth=youth).exclude(status="cancelled").exists()

    # A past session: its attendance sheet, "present" already ticked; one absence, the others come.
    past = (
        ActionSession.objects.filter(
            action__mission_locale__code="ML-BOULONNAIS",
            ends_at__lt=now,
            registrations__status="registered",
            registrations__youth__mission_locale__code="ML-BOULONNAIS",
        )
        .order_by("-starts_at")
        .first()
    )
    journey.goto(f"/actions-collectives/sessions/{past.pk}/presences/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feuille de présence")
    journey.check("feuille-de-presence")
    registrations = list(
        Registration.objects.filter(session=past, status="registered").select_related("youth").order_by("pk")
    )
    absent = registrations[0]
    page.get_by_role("group", name=f"Présence de {absent.youth}").get_by_role("radio", name="absent").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.get_by_role("status")).to_contain_text("Présences enregistrées")
    journey.check("presences-enregistrees")
    absent.refresh_from_db()
    assert absent.attendance == "absent" and absent.contact is None
    for registration in registrations[1:]:
        registration.refresh_from_db()
        assert registration.attendance in ("present", "absent", "excused")
        if registration.attendance == "present":
            assert Contact.objects.filter(pk=registration.contact_id, kind="workshop").exists()

    # The absence is on the young person's case file.
    journey.goto(absent.youth.get_absolute_url())
    section = page.get_by_role("region", name="Actions collectives")
    expect(section.get_by_text("absent", exact=True).first).to_be_visible()
    journey.check("dossier-absence")
    journey.logout()
