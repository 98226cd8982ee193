import threading
import uuid

import pytest
from django.db import connection, connections

from mobility import services
from mobility.enums import AidStatus, SchemeUnit
from mobility.models import AidRequest, Envelope
from tests.missions.factories import MissionLocaleFactory, StaffMemberFactory
from tests.mobility.conftest import birth_date_for
from tests.mobility.factories import AidSchemeFactory, EnvelopeFactory, ManagerFactory
from tests.youths.factories import YouthFactory

THREADS = 20
PLACES_LEFT = 5


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
class TestManagersGrantingAtTheSameMoment:
    def test_twenty_managers_five_places_left(self):
        if connection.vendor != "postgresql":
            pytest.skip("Row locks and concurrent transactions need PostgreSQL; SQLite serialises every write.")
        ml = MissionLocaleFactory()
        scheme = AidSchemeFactory(unit=SchemeUnit.EUROS, default_amount=100000, max_amount=100000)
        envelope = EnvelopeFactory(scheme=scheme, mission_locale=ml, unit=SchemeUnit.PLACES, amount_total=12)
        Envelope.objects.filter(pk=envelope.pk).update(amount_granted=12 - PLACES_LEFT)
        counsellor = StaffMemberFactory(mission_locale=ml)
        managers = [ManagerFactory(mission_locale=ml) for _ in range(THREADS)]
        requests = []
        for _ in range(THREADS):
            youth = YouthFactory(mission_locale=ml, referent=counsellor, birth_date=birth_date_for(20))
            aid, _ = services.aid_request_create(
                youth=youth,
                scheme=scheme,
                amount=100000,
                requested_by=counsellor,
                justification="Permis B pour un emploi en horaires décalés.",
                idempotency_key=uuid.uuid4(),
            )
            requests.append(aid)

        barrier = threading.Barrier(THREADS)
        outcomes, unexpected = [], []
        lock = threading.Lock()

        def decide(aid, manager):
            try:
                barrier.wait(timeout=30)
                services.aid_request_grant(aid_request=aid, by=manager)
                result = "granted"
            except services.EnvelopeExhausted as refusal:
                result = refusal.message
            except Exception as error:  # noqa: BLE001 - anything else is the failure this test looks for
                with lock:
                    unexpected.append(repr(error))
                return
            finally:
                connections.close_all()
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=decide, args=pair) for pair in zip(requests, managers, strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert unexpected == []
        assert outcomes.count("granted") == PLACES_LEFT
        refusals = [outcome for outcome in outcomes if outcome != "granted"]
        assert len(refusals) == THREADS - PLACES_LEFT
        assert all(refusal.startswith("Enveloppe insuffisante : il reste 0\u00a0place sur") for refusal in refusals)
        envelope.refresh_from_db()
        assert (envelope.amount_total, envelope.amount_granted) == (12, 12)
        assert AidRequest.objects.filter(status=AidStatus.GRANTED).count() == PLACES_LEFT
        assert AidRequest.objects.filter(status=AidStatus.REQUESTED).count() == THREADS - PLACES_LEFT
