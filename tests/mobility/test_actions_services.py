import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mobility import action_services as services
from mobility.actions import EuropeanMobility, Registration
from mobility.enums import ActionKind, Attendance, RegistrationStatus
from tests.missions.factories import MissionLocaleFactory, SiteFactory, StaffMemberFactory
from tests.mobility.factories import ActionSessionFactory, CollectiveActionFactory, RegistrationFactory
from tests.youths.factories import ContactFactory
from youths.enums import ContactKind, YouthStatus
from youths.models import Contact

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def register_all(session, youths, by):
    return [services.registration_create(session=session, youth=youth, by=by) for youth in youths]


def statuses(session):
    return list(
        Registration.objects.filter(session=session)
        .order_by("created_at", "pk")
        .values_list("youth__last_name", "status", "position")
    )


class TestCapacityAndWaitingList:
    def test_beyond_capacity_the_waiting_list_fills_in_order(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=3)
        youths = make_youths(6)
        registrations = register_all(session, youths, staff)
        assert [r.status for r in registrations] == ["registered"] * 3 + ["waiting"] * 3
        assert [r.position for r in registrations] == [None, None, None, 1, 2, 3]
        assert all(r.registered_by == staff for r in registrations)

    def test_the_same_young_person_twice(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=1)
        first, second = make_youths(2)
        register_all(session, [first, second], staff)
        with pytest.raises(services.AlreadyRegistered) as error:
            services.registration_create(session=session, youth=first, by=staff)
        assert error.value.message == f"{first} est déjà inscrite à cette session."
        with pytest.raises(services.AlreadyRegistered) as error:
            services.registration_create(session=session, youth=second, by=staff)
        assert error.value.message == f"{second} est déjà sur la liste d'attente de cette session."
        assert Registration.objects.count() == 2

    def test_cancelling_a_place_moves_the_first_waiting_up(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=2)
        youths = make_youths(5)
        registrations = register_all(session, youths, staff)
        cancelled, promoted = services.registration_cancel(
            registration=registrations[0], by=staff, reason="A trouvé un emploi."
        )
        assert (cancelled.status, cancelled.cancelled_by, cancelled.cancellation_reason) == (
            "cancelled",
            staff,
            "A trouvé un emploi.",
        )
        assert promoted == [registrations[2].pk]
        registrations[2].refresh_from_db()
        assert (registrations[2].status, registrations[2].position) == ("registered", None)
        assert registrations[2].promoted_at is not None
        waiting = Registration.objects.filter(session=session, status="waiting").order_by("position")
        assert [r.youth for r in waiting] == youths[3:]
        # The one moved up keeps their place; the next cancellation moves the next one up.
        services.registration_cancel(registration=registrations[1], by=staff)
        assert Registration.objects.get(pk=registrations[3].pk).status == "registered"
        assert Registration.objects.filter(session=session, status="registered").count() == 2

    def test_cancelling_a_waiting_registration_moves_nobody(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=1)
        registrations = register_all(session, make_youths(3), staff)
        _, promoted = services.registration_cancel(registration=registrations[1], by=staff)
        assert promoted == []
        assert [s for _, s, _ in statuses(session)] == ["registered", "cancelled", "waiting"]
        # A new registration goes after the last one waiting, whatever was cancelled.
        (late,) = register_all(session, make_youths(1), staff)
        assert late.position == 3

    def test_a_cancelled_young_person_may_register_again(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=2)
        (youth,) = make_youths(1)
        (first,) = register_all(session, [youth], staff)
        services.registration_cancel(registration=first, by=staff)
        (again,) = register_all(session, [youth], staff)
        assert again.status == "registered"
        with pytest.raises(services.ActionError, match="déjà annulée"):
            services.registration_cancel(registration=first, by=staff)

    def test_more_places_move_the_waiting_list_up(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=1)
        registrations = register_all(session, make_youths(4), staff)
        _, promoted = services.action_session_save(action=workshop, by=staff, session=session, capacity=3)
        assert promoted == [registrations[1].pk, registrations[2].pk]
        assert [s for _, s, _ in statuses(session)] == ["registered", "registered", "registered", "waiting"]

    def test_fewer_places_than_registered_is_refused(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop, capacity=3)
        register_all(session, make_youths(3), staff)
        with pytest.raises(ValidationError) as error:
            services.action_session_save(action=workshop, by=staff, session=session, capacity=2)
        assert error.value.message_dict["capacity"] == [
            "3 jeunes sont déjà inscrits : la session ne peut compter moins de places. "
            "Annulez d'abord des inscriptions."
        ]

    def test_registrations_close_at_the_deadline_and_the_start(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop, in_days=5)
        (youth,) = make_youths(1)
        after_deadline = session.starts_at - datetime.timedelta(hours=1)  # the morning of the session
        with pytest.raises(services.ActionError) as error:
            services.registration_create(session=session, youth=youth, by=staff, at=after_deadline)
        assert "sont closes depuis le" in error.value.message
        with pytest.raises(services.ActionError, match="a commencé"):
            services.registration_create(session=session, youth=youth, by=staff, at=session.starts_at)
        assert not Registration.objects.exists()

    def test_no_cancellation_once_the_session_started(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop)
        (registration,) = register_all(session, make_youths(1), staff)
        with pytest.raises(services.ActionError, match="notez plutôt l'absence"):
            services.registration_cancel(registration=registration, by=staff, at=session.starts_at)

    def test_an_anonymised_file_cannot_be_registered(self, workshop, staff, make_youths):
        (youth,) = make_youths(1)
        youth.status = YouthStatus.ANONYMISED
        with pytest.raises(services.ActionError, match="anonymisé"):
            services.registration_create(session=ActionSessionFactory(action=workshop), youth=youth, by=staff)


class TestWhoMayRegister:
    def test_only_young_people_of_ones_own_mission_locale(self, workshop, staff, make_youths):
        other_ml = MissionLocaleFactory()
        (stranger,) = make_youths(1, ml=other_ml)
        with pytest.raises(PermissionDenied, match="que les jeunes de votre mission locale"):
            services.registration_create(session=ActionSessionFactory(action=workshop), youth=stranger, by=staff)

    def test_an_action_of_another_mission_locale_takes_none_of_ours(self, staff, make_youths):
        (youth,) = make_youths(1)
        elsewhere = ActionSessionFactory(action=CollectiveActionFactory())
        with pytest.raises(PermissionDenied, match="ne participe pas"):
            services.registration_create(session=elsewhere, youth=youth, by=staff)

    def test_an_inter_ml_event_takes_young_people_of_each_participating_ml(self, staff, make_youths, mission_locale):
        lead, third = MissionLocaleFactory(), MissionLocaleFactory()
        event = CollectiveActionFactory(kind=ActionKind.INTER_ML_EVENT, mission_locale=lead, others=[mission_locale])
        session = ActionSessionFactory(action=event, capacity=4)
        lead_counsellor = StaffMemberFactory(mission_locale=lead)
        (ours,) = make_youths(1)
        (theirs,) = make_youths(1, ml=lead, referent=lead_counsellor)
        assert services.registration_create(session=session, youth=ours, by=staff).status == "registered"
        assert services.registration_create(session=session, youth=theirs, by=lead_counsellor).status == "registered"
        # A third mission locale does not take part: its counsellors register nobody.
        outsider = StaffMemberFactory(mission_locale=third)
        (third_youth,) = make_youths(1, ml=third, referent=outsider)
        with pytest.raises(PermissionDenied, match="ne participe pas"):
            services.registration_create(session=session, youth=third_youth, by=outsider)
        # Nor may a participating counsellor register another mission locale's young person.
        with pytest.raises(PermissionDenied):
            services.registration_create(session=session, youth=third_youth, by=staff)

    def test_only_the_young_persons_mission_locale_cancels(self, staff, make_youths, mission_locale):
        lead = MissionLocaleFactory()
        event = CollectiveActionFactory(kind=ActionKind.INTER_ML_EVENT, mission_locale=lead, others=[mission_locale])
        (ours,) = make_youths(1)
        registration = services.registration_create(session=ActionSessionFactory(action=event), youth=ours, by=staff)
        with pytest.raises(PermissionDenied):
            services.registration_cancel(registration=registration, by=StaffMemberFactory(mission_locale=lead))


class TestActionsAndSessions:
    def fields(self, **overrides):
        return {"kind": ActionKind.MOBILITY_WORKSHOP, "title": "Atelier", "themes": ["mobility"], **overrides}

    def test_create_in_the_staff_members_mission_locale(self, staff):
        action = services.collective_action_create(by=staff, fields=self.fields(funder="Région"))
        assert (action.mission_locale, action.created_by, action.funder) == (staff.mission_locale, staff, "Région")

    def test_only_an_inter_ml_event_has_other_mission_locales(self, staff):
        others = [MissionLocaleFactory()]
        with pytest.raises(ValidationError) as error:
            services.collective_action_create(by=staff, fields=self.fields(), other_mission_locales=others)
        assert (
            "une autre action a une seule mission locale porteuse"
            in error.value.message_dict["other_mission_locales"][0]
        )
        with pytest.raises(ValidationError) as error:
            services.collective_action_create(by=staff, fields=self.fields(kind=ActionKind.INTER_ML_EVENT))
        assert "réunit au moins deux missions locales" in error.value.message_dict["other_mission_locales"][0]
        event = services.collective_action_create(
            by=staff, fields=self.fields(kind=ActionKind.INTER_ML_EVENT), other_mission_locales=others
        )
        assert list(event.other_mission_locales.all()) == others

    def test_a_mission_locale_with_young_people_registered_stays(self, staff, make_youths, mission_locale):
        lead = StaffMemberFactory()
        event = services.collective_action_create(
            by=lead, fields=self.fields(kind=ActionKind.INTER_ML_EVENT), other_mission_locales=[mission_locale]
        )
        session = ActionSessionFactory(action=event)
        register_all(session, make_youths(1), staff)
        other = MissionLocaleFactory()
        with pytest.raises(ValidationError) as error:
            services.collective_action_update(
                action=event, by=lead, fields={"title": "Olympiades"}, other_mission_locales=[other]
            )
        assert "1 jeune(s) d'une mission locale retirée" in error.value.message_dict["other_mission_locales"][0]

    def test_only_the_organising_mission_locale_edits(self, workshop, staff):
        with pytest.raises(PermissionDenied):
            services.collective_action_update(action=workshop, by=StaffMemberFactory(), fields={"title": "x"})
        with pytest.raises(PermissionDenied):
            services.action_session_save(action=workshop, by=StaffMemberFactory(), capacity=3)

    def test_a_european_mobility_has_its_stay(self, staff):
        fields = self.fields(kind=ActionKind.EUROPEAN_MOBILITY)
        with pytest.raises(ValidationError, match="précise sa destination"):
            services.collective_action_create(by=staff, fields=fields)
        stay = {
            "destination_country": "ES",
            "programme": "erasmus_plus",
            "departure_date": TODAY,
            "return_date": TODAY - datetime.timedelta(days=1),
        }
        with pytest.raises(ValidationError) as error:
            services.collective_action_create(by=staff, fields=fields, european=stay)
        assert "Le retour ne peut précéder le départ." in error.value.messages
        stay["return_date"] = TODAY + datetime.timedelta(days=28)
        action = services.collective_action_create(by=staff, fields=fields, european=stay)
        assert action.european_mobility.get_destination_country_display() == "Espagne"
        # Another kind has no stay abroad.
        services.collective_action_update(action=action, by=staff, fields={"kind": ActionKind.ORIENTATION_WORKSHOP})
        assert not EuropeanMobility.objects.exists()

    def test_a_session_at_a_site_or_an_address(self, workshop, staff, mission_locale):
        site = SiteFactory(mission_locale=mission_locale)
        starts = timezone.now() + datetime.timedelta(days=3)
        common = {
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=2),
            "facilitator": "Plateforme mobilité",
            "capacity": 10,
            "registration_deadline": TODAY + datetime.timedelta(days=2),
        }
        session, _ = services.action_session_save(action=workshop, by=staff, site=site, **common)
        assert session.place == site.name
        with pytest.raises(ValidationError) as error:
            services.action_session_save(action=workshop, by=staff, site=site, address="Ailleurs", **common)
        assert "l'un des deux, pas les deux" in str(error.value)
        common["registration_deadline"] = TODAY + datetime.timedelta(days=5)
        with pytest.raises(ValidationError) as error:
            services.action_session_save(action=workshop, by=staff, address="Salle des fêtes", **common)
        assert "ne peut suivre le jour de la session" in error.value.message_dict["registration_deadline"][0]


def past_session(action, capacity=12, site=None, days_ago=2, hours=2):
    starts = timezone.now() - datetime.timedelta(days=days_ago)
    return ActionSessionFactory(
        action=action,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        registration_deadline=timezone.localdate(starts),
        capacity=capacity,
        site=site,
        address="" if site else "Salle des fêtes",
    )


class TestAttendance:
    def test_presences_become_workshop_contacts_of_the_timeline(self, workshop, staff, make_youths, mission_locale):
        workshop.themes = ["mobility", "work"]
        workshop.save()
        site = SiteFactory(mission_locale=mission_locale)
        session = past_session(workshop, site=site)
        there, away, excused = [RegistrationFactory(session=session, youth=y) for y in make_youths(3)]
        taker = StaffMemberFactory(mission_locale=mission_locale)
        counts = services.attendance_record(
            session=session,
            by=taker,
            marks={there.pk: Attendance.PRESENT, away.pk: Attendance.ABSENT, excused.pk: Attendance.EXCUSED},
        )
        assert counts == {"present": 1, "absent": 1, "excused": 1, "contacts_created": 1, "contacts_removed": 0}
        contact = Contact.objects.get()
        assert (contact.youth, contact.kind, contact.themes, contact.date, contact.counsellor, contact.site) == (
            there.youth,
            ContactKind.WORKSHOP,
            ["mobility", "work"],
            session.day,
            taker,
            site,
        )
        assert contact.duration_minutes == 120
        assert contact.notes == "Action collective « Atelier mobilité »."
        there.refresh_from_db()
        assert (there.attendance, there.contact, there.attendance_recorded_by) == ("present", contact, taker)
        there.youth.refresh_from_db()
        assert there.youth.last_contact_date == session.day
        away.refresh_from_db()
        assert (away.attendance, away.contact) == ("absent", None)

    def test_recording_again_creates_no_second_contact(self, workshop, staff, make_youths):
        session = past_session(workshop)
        registration = RegistrationFactory(session=session, youth=make_youths(1)[0])
        for _ in range(3):
            services.attendance_record(session=session, by=staff, marks={registration.pk: Attendance.PRESENT})
        assert Contact.objects.filter(youth=registration.youth).count() == 1
        counts = services.attendance_record(session=session, by=staff, marks={registration.pk: Attendance.PRESENT})
        assert counts["contacts_created"] == 0

    def test_a_presence_corrected_to_an_absence_leaves_the_timeline(self, workshop, staff, make_youths):
        session = past_session(workshop, days_ago=1)
        youth = make_youths(1)[0]
        ContactFactory(youth=youth, counsellor=staff, date=TODAY - datetime.timedelta(days=20))
        registration = RegistrationFactory(session=session, youth=youth)
        services.attendance_record(session=session, by=staff, marks={registration.pk: Attendance.PRESENT})
        counts = services.attendance_record(session=session, by=staff, marks={registration.pk: Attendance.ABSENT})
        assert counts["contacts_removed"] == 1
        assert Contact.objects.filter(youth=youth).count() == 1
        youth.refresh_from_db()
        assert youth.last_contact_date == TODAY - datetime.timedelta(days=20)

    def test_a_presence_wakes_a_dormant_file(self, workshop, staff, make_youths):
        youth = make_youths(1)[0]
        youth.status = YouthStatus.DORMANT
        youth.save()
        session = past_session(workshop)
        registration = RegistrationFactory(session=session, youth=youth)
        services.attendance_record(session=session, by=staff, marks={registration.pk: Attendance.PRESENT})
        youth.refresh_from_db()
        assert youth.status == YouthStatus.ACTIVE

    def test_a_long_event_gives_a_contact_without_duration(self, workshop, staff, make_youths):
        session = past_session(workshop, days_ago=3, hours=32)
        registration = RegistrationFactory(session=session, youth=make_youths(1)[0])
        services.attendance_record(session=session, by=staff, marks={registration.pk: Attendance.PRESENT})
        assert Contact.objects.get().duration_minutes is None

    def test_not_before_the_session_starts(self, workshop, staff, make_youths):
        session = ActionSessionFactory(action=workshop)
        registration = RegistrationFactory(session=session, youth=make_youths(1)[0])
        with pytest.raises(services.ActionError, match="s'ouvre au début de la session"):
            services.attendance_record(session=session, by=staff, marks={registration.pk: Attendance.PRESENT})

    def test_only_ones_own_young_people(self, staff, make_youths, mission_locale):
        lead = MissionLocaleFactory()
        event = CollectiveActionFactory(kind=ActionKind.INTER_ML_EVENT, mission_locale=lead, others=[mission_locale])
        session = past_session(event)
        lead_counsellor = StaffMemberFactory(mission_locale=lead)
        theirs = RegistrationFactory(session=session, youth=make_youths(1, ml=lead, referent=lead_counsellor)[0])
        with pytest.raises(services.ActionError, match="rechargez la page"):
            services.attendance_record(session=session, by=staff, marks={theirs.pk: Attendance.PRESENT})
        with pytest.raises(PermissionDenied):
            services.attendance_record(session=session, by=StaffMemberFactory(), marks={theirs.pk: Attendance.PRESENT})
        assert not Contact.objects.exists()

    def test_waiting_or_cancelled_registrations_have_no_attendance(self, workshop, staff, make_youths):
        session = past_session(workshop)
        waiting = RegistrationFactory(session=session, youth=make_youths(1)[0], status="waiting", position=1)
        with pytest.raises(services.ActionError):
            services.attendance_record(session=session, by=staff, marks={waiting.pk: Attendance.PRESENT})
        with pytest.raises(services.ActionError, match="présent, absent ou excusé"):
            services.attendance_record(session=session, by=staff, marks={waiting.pk: "maybe"})
        assert RegistrationStatus.WAITING == Registration.objects.get().status
