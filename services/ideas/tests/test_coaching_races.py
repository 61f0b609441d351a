"""Two coaches at the same moment: one status change and one prototype, never two, and
the other is told (real concurrent requests; on PostgreSQL real concurrent transactions)."""

from __future__ import annotations

import re
import threading

from sqlalchemy import func, select

from eservices.db import db
from eservices.journeys.models import JourneyRecord
from eservices.testing import sign_in
from services.ideas import statuses as st

from ._coaching import BASE, changes_of, idea_of, make_idea, messages


def _at_once(app, create_staff, reference: str, action: str, forms: list[dict[str, str]]):
    """Two signed-in coaches post ``forms`` to ``action`` together; their answers."""
    create_staff("cilla", "idecoach", "tjanstedesigner")
    create_staff("bo", "idecoach", "tjanstedesigner")
    clients = []
    for username, form in zip(("cilla", "bo"), forms, strict=True):
        client = app.test_client()
        sign_in(client, username)
        html = client.get(f"{BASE}/i/{reference}").get_data(as_text=True)
        prefix = next(iter(form)).split("-")[0]
        token = re.search(rf'name="{prefix}-csrf_token"[^>]*value="([^"]+)"', html).group(1)
        clients.append((client, {**form, f"{prefix}-csrf_token": token}))
    barrier, answers = threading.Barrier(2), []

    def press(client, data):
        barrier.wait()
        answer = client.post(f"{BASE}/i/{reference}/{action}", data=data)
        answers.append(client.get(answer.headers["Location"]).get_data(as_text=True))

    threads = [threading.Thread(target=press, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_two_status_changes_at_once_one_wins_and_the_other_is_told(app, create_staff):
    reference = make_idea(app)
    forms = [{"status-from_status": st.SUBMITTED, "status-status": status,
              "status-public_answer": answer, "status-notify": "yes"}
             for status, answer in ((st.SCREENED, "Vi bedömer den."),
                                    (st.PARKED, "Vi väntar med den."))]
    pages = _at_once(app, create_staff, reference, "status", forms)
    assert sum("Someone else changed the status" in page or "Någon annan ändrade" in page
               for page in pages) == 1
    [change] = changes_of(app, reference)
    assert idea_of(app, reference).status == change.to_status
    assert len(messages(app, reference)) == 1


def test_two_prototype_clicks_at_once_start_one_journey(app, create_staff):
    reference = make_idea(app, status=st.COACHED)
    pages = _at_once(app, create_staff, reference, "prototype",
                     [{"prototype-submit": "1"}, {"prototype-submit": "1"}])
    assert sum("only be started once" in page or "bara startas en gång" in page
               for page in pages) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JourneyRecord)) == 1
        record = db.session.scalar(select(JourneyRecord))
    assert idea_of(app, reference).prototype_module_id == record.module_id
