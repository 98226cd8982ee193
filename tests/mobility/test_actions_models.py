import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mobility.actions import ActionSession, CollectiveAction, EuropeanMobility, Registration
from mobility.enums import ActionKind
from tests.missions.factories import SiteFactory
from tests.mobility.factories import ActionSessionFactory, CollectiveActionFactory, RegistrationFactory
from tests.youths.factories import ContactFactory

pytestmark = pytest.mark.django_db


def refused_by_the_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


class TestConstraints:
    def test_a_session_has_a_site_or_an_address_not_both(self, workshop, mission_locale):
        site = SiteFactory(mission_locale=mission_locale)
        refused_by_the_database(lambda: ActionSessionFactory(action=workshop, site=site))
        refused_by_the_database(lambda: ActionSessionFactory(action=workshop, address=""))
        assert ActionSessionFactory(action=workshop, site=site, address="").place == site.name

    def test_a_session_ends_after_it_starts_and_has_places(self, workshop):
        start = timezone.now()
        refused_by_the_database(lambda: ActionSessionFactory(action=workshop, starts_at=start, ends_at=start))
        refused_by_the_database(lambda: ActionSessionFactory(action=workshop, capacity=0))

    def test_the_french_messages(self, workshop, mission_locale):
        session = ActionSessionFactory.build(action=workshop, site=SiteFactory(mission_locale=mission_locale))
        session.capacity = 0
        session.ends_at = session.starts_at
        with pytest.raises(ValidationError) as error:
            session.full_clean()
        messages = error.value.messages
        assert "Une session compte au moins une place." in messages
        assert "La fin de la session doit suivre son début." in messages
        assert "Indiquez soit un lieu d'accueil, soit une autre adresse : l'un des deux, pas les deux." in messages

    def test_an_action_has_themes_and_a_known_kind(self, mission_locale, staff):
        action = CollectiveAction(
            kind="picnic", title="Pique-nique", mission_locale=mission_locale, created_by=staff, themes=[]
        )
        with pytest.raises(ValidationError) as error:
            action.full_clean()
        assert set(error.value.message_dict) == {"kind", "themes"}
        refused_by_the_database(lambda: CollectiveActionFactory(themes=[]))
        refused_by_the_database(lambda: CollectiveActionFactory(kind="picnic"))

    def test_a_stay_abroad_returns_after_it_leaves(self, workshop):
        day = datetime.date.today()
        refused_by_the_database(
            lambda: EuropeanMobility.objects.create(
                action=workshop,
                destination_country="PL",
                programme="erasmus_plus",
                departure_date=day,
                return_date=day - datetime.timedelta(days=1),
            )
        )
        stay = EuropeanMobility.objects.create(
            action=workshop, destination_country="PL", programme="other", departure_date=day, return_date=day
        )
        assert str(stay).startswith("Pologne, du ")

    def test_one_live_registration_per_young_person_and_session(self, workshop):
        registration = RegistrationFactory(session=ActionSessionFactory(action=workshop))
        again = {"session": registration.session, "youth": registration.youth}
        refused_by_the_database(lambda: RegistrationFactory(**again))
        refused_by_the_database(lambda: RegistrationFactory(**again, status="waiting", position=1))
        RegistrationFactory(**again, status="cancelled", cancelled_at=timezone.now())
        RegistrationFactory(**again, status="cancelled", cancelled_at=timezone.now())
        assert Registration.objects.count() == 3

    def test_waiting_positions(self, workshop):
        session = ActionSessionFactory(action=workshop)
        RegistrationFactory(session=session, status="waiting", position=1)
        refused_by_the_database(lambda: RegistrationFactory(session=session, status="waiting", position=1))
        refused_by_the_database(lambda: RegistrationFactory(session=session, status="waiting", position=None))
        refused_by_the_database(lambda: RegistrationFactory(session=session, status="registered", position=2))
        RegistrationFactory(session=ActionSessionFactory(action=workshop), status="waiting", position=1)

    def test_attendance_of_registered_only_and_a_contact_only_when_present(self, workshop):
        session = ActionSessionFactory(action=workshop)
        refused_by_the_database(
            lambda: RegistrationFactory(session=session, status="waiting", position=1, attendance="present")
        )
        refused_by_the_database(lambda: RegistrationFactory(session=session, attendance="late"))
        registration = RegistrationFactory(session=session, attendance="absent")
        contact = ContactFactory(youth=registration.youth)
        refused_by_the_database(lambda: Registration.objects.filter(pk=registration.pk).update(contact=contact))
        refused_by_the_database(lambda: RegistrationFactory(session=session, status="cancelled"))


class TestQuerysets:
    def test_counts_of_a_session(self, workshop, make_youths, mission_locale):
        session = ActionSessionFactory(action=workshop, capacity=2)
        for youth in make_youths(2):
            RegistrationFactory(session=session, youth=youth)
        RegistrationFactory(session=session, youth=make_youths(1)[0], status="waiting", position=1)
        RegistrationFactory(session=session, youth=make_youths(1)[0], status="cancelled", cancelled_at=timezone.now())
        counted = ActionSession.objects.with_counts(mission_locale.pk).get()
        assert (counted.registered_count, counted.waiting_count, counted.own_count, counted.places_left) == (
            2,
            1,
            3,
            0,
        )
        empty = ActionSessionFactory(action=workshop)
        assert ActionSession.objects.with_counts().get(pk=empty.pk).places_left == 12

    def test_visible_actions(self, workshop, staff, regional_user):
        event = CollectiveActionFactory(kind=ActionKind.INTER_ML_EVENT)
        CollectiveActionFactory()  # another mission locale's workshop
        assert set(CollectiveAction.objects.visible_to(staff.user)) == {workshop, event}
        assert not CollectiveAction.objects.visible_to(regional_user).exists()

    def test_organised_with(self, workshop, mission_locale):
        event = CollectiveActionFactory(kind=ActionKind.INTER_ML_EVENT, others=[mission_locale])
        CollectiveActionFactory(kind=ActionKind.INTER_ML_EVENT)
        assert set(CollectiveAction.objects.organised_with(mission_locale.pk)) == {workshop, event}
