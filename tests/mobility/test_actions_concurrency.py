import threading

import pytest
from django.db import connection, connections

from mobility import action_services as services
from mobility.actions import Registration
from tests.missions.factories import MissionLocaleFactory, StaffMemberFactory
from tests.mobility.conftest import birth_date_for
from tests.mobility.factories import ActionSessionFactory, CollectiveActionFactory
from tests.youths.factories import YouthFactory

THREADS = 10
PLACES = 3


def race(calls):
    """Run the calls at the same moment, each in its own thread and connection; (results, unexpected errors)."""
    barrier = threading.Barrier(len(calls))
    results, unexpected = [], []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait(timeout=30)
            result = call()
        except services.ActionError as refusal:
            result = refusal
        except Exception as error:  # noqa: BLE001 - anything else is the failure these tests look for
            with lock:
                unexpected.append(repr(error))
            return
        finally:
            connections.close_all()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, unexpected


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
class TestCounsellorsRegisteringAtTheSameMoment:
    @pytest.fixture(autouse=True)
    def postgresql_only(self):
        if connection.vendor != "postgresql":
            pytest.skip("Row locks and concurrent transactions need PostgreSQL; SQLite serialises every write.")

    def test_ten_young_people_three_places(self):
        ml = MissionLocaleFactory()
        session = ActionSessionFactory(action=CollectiveActionFactory(mission_locale=ml), capacity=PLACES)
        counsellors = [StaffMemberFactory(mission_locale=ml) for _ in range(THREADS)]
        youths = [
            YouthFactory(mission_locale=ml, referent=counsellor, birth_date=birth_date_for(20))
            for counsellor in counsellors
        ]

        def register(youth, counsellor):
            return lambda: services.registration_create(session=session, youth=youth, by=counsellor)

        results, unexpected = race([register(y, c) for y, c in zip(youths, counsellors, strict=True)])

        assert unexpected == []
        assert len(results) == THREADS
        rows = list(Registration.objects.filter(session=session).order_by("created_at", "pk"))
        assert [row.status for row in rows] == ["registered"] * PLACES + ["waiting"] * (THREADS - PLACES)
        # The waiting list in a strict order: positions 1 to 7, in the order the registrations arrived.
        assert [row.position for row in rows[PLACES:]] == list(range(1, THREADS - PLACES + 1))
        assert len({row.youth_id for row in rows}) == THREADS

    def test_the_same_young_person_registered_twice_at_once(self):
        ml = MissionLocaleFactory()
        session = ActionSessionFactory(action=CollectiveActionFactory(mission_locale=ml), capacity=PLACES)
        counsellors = [StaffMemberFactory(mission_locale=ml) for _ in range(5)]
        youth = YouthFactory(mission_locale=ml, referent=counsellors[0], birth_date=birth_date_for(19))

        results, unexpected = race(
            [lambda c=c: services.registration_create(session=session, youth=youth, by=c) for c in counsellors]
        )

        assert unexpected == []
        assert sum(isinstance(result, Registration) for result in results) == 1
        assert sum(isinstance(result, services.AlreadyRegistered) for result in results) == 4
        assert Registration.objects.filter(session=session).count() == 1

    def test_cancellations_and_registrations_at_once_keep_the_capacity(self):
        ml = MissionLocaleFactory()
        session = ActionSessionFactory(action=CollectiveActionFactory(mission_locale=ml), capacity=PLACES)
        counsellor = StaffMemberFactory(mission_locale=ml)
        youths = [
            YouthFactory(mission_locale=ml, referent=counsellor, birth_date=birth_date_for(21)) for _ in range(9)
        ]
        first = [services.registration_create(session=session, youth=youth, by=counsellor) for youth in youths[:5]]
        calls = [lambda r=r: services.registration_cancel(registration=r, by=counsellor) for r in first[:2]]
        calls += [
            lambda y=y: services.registration_create(session=session, youth=y, by=counsellor) for y in youths[5:]
        ]

        results, unexpected = race(calls)

        assert unexpected == []
        registered = Registration.objects.filter(session=session, status="registered").count()
        waiting = list(
            Registration.objects.filter(session=session, status="waiting").values_list("position", flat=True)
        )
        assert registered == PLACES
        assert registered + len(waiting) == 7
        assert len(set(waiting)) == len(waiting)
