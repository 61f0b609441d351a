"""The fakes answer "which messages do you have?" as Twilio's list and 46elks' history do."""

import contextlib
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import requests

from tests.fakes import elks46_server, twilio_server

fake_twilio = twilio_server.fake_twilio
fake_elks46 = elks46_server.fake_elks46
FROM = "+46766860000"


def test_twilio_list_filters_by_to_newest_first_and_pages_through_the_sdk(fake_twilio):
    client = fake_twilio.client()
    sids = [client.messages.create(to=to, from_=FROM, body=f"Nr {i}").sid
            for i, to in enumerate(["+46701234567", "+46709999999", "+46701234567",
                                    "+46701234567"])]
    listed = client.messages.list(to="+46701234567")
    assert [m.sid for m in listed] == [sids[3], sids[2], sids[0]]
    assert listed[0].body == "Nr 3" and listed[0].direction == "outbound-api"
    assert [m.sid for m in client.messages.stream(to="+46701234567", page_size=1)] == \
        [sids[3], sids[2], sids[0]]  # three pages, linked by next_page_uri
    pages = [r for r in fake_twilio.requests if r.method == "GET"]
    assert "PageToken=PA" in pages[-1].path
    assert [m.sid for m in client.messages.list(from_=FROM, limit=2)] == [sids[3], sids[2]]
    assert fake_twilio.violations == []


def test_twilio_date_sent_filters_skip_messages_still_queued(fake_twilio):
    client = fake_twilio.client()
    queued = client.messages.create(to="+46701234567", from_=FROM, body="Kö").sid
    sent = client.messages.create(to="+46701234567", from_=FROM, body="Iväg",
                                  status_callback="http://127.0.0.1:9/cb").sid
    with contextlib.suppress(ConnectionError):  # nobody listens there; the status moves
        fake_twilio.send_status(sent, "sent")
    since = datetime.now(UTC) - timedelta(minutes=1)
    assert [m.sid for m in client.messages.list(date_sent_after=since)] == [sent]
    assert client.messages.list(date_sent_before=since) == []
    assert [m.sid for m in client.messages.list(to="+46701234567")] == [sent, queued]
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    url = (f"{fake_twilio.base_url}/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json?"
           + urlencode({"DateSent": today}))
    answer = requests.get(url, auth=(fake_twilio.account_sid, fake_twilio.auth_token),
                          timeout=5).json()
    assert [m["sid"] for m in answer["messages"]] == [sent]  # a date alone: that whole day
    assert answer["next_page_uri"] is None and answer["page_size"] == 50
    assert fake_twilio.violations == []


def test_twilio_list_refuses_what_the_spec_does_not_allow(fake_twilio):
    base = f"{fake_twilio.base_url}/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json"
    auth = (fake_twilio.account_sid, fake_twilio.auth_token)
    for query in ({"PageSize": "0"}, {"PageSize": "1001"}, {"Recipient": "+46701234567"},
                  {"DateSent>": "igår"}):
        answer = requests.get(f"{base}?{urlencode(query)}", auth=auth, timeout=5)
        assert answer.status_code == 400 and answer.json()["code"] == 70002, query
    assert len(fake_twilio.violations) == 4
    assert requests.get(base, timeout=5).status_code == 401
    fake_twilio.fail_all(status=503)
    assert requests.get(base, auth=auth, timeout=5).status_code == 503


def test_46elks_history_filters_pages_and_bounds_like_the_docs(fake_elks46):
    auth = (fake_elks46.username, fake_elks46.password)
    url = f"{fake_elks46.base_url}/sms"
    ids = [requests.post(url, data={"from": "Exempelkn", "to": to, "message": f"Nr {i}"},
                         auth=auth, timeout=5).json()["id"]
           for i, to in enumerate(["+46701234567", "+46709999999", "+46701234567"])]
    answer = requests.get(url, params={"to": "+46701234567"}, auth=auth, timeout=5).json()
    assert [sms["id"] for sms in answer["data"]] == [ids[2], ids[0]]
    assert "next" not in answer and answer["data"][0]["direction"] == "outgoing"
    assert answer["data"][0]["cost"] == 3500 and "whendelivered" not in answer["data"][0]

    first = requests.get(url, params={"limit": "2"}, auth=auth, timeout=5).json()
    assert [sms["id"] for sms in first["data"]] == [ids[2], ids[1]]
    rest = requests.get(url, params={"limit": "2", "start": first["next"]}, auth=auth,
                        timeout=5).json()
    assert [sms["id"] for sms in rest["data"]] == [ids[0]] and "next" not in rest
    newer = requests.get(url, params={"end": first["next"]}, auth=auth, timeout=5).json()
    assert [sms["id"] for sms in newer["data"]] == [ids[2]]

    assert requests.get(url, timeout=5).status_code == 401
    assert requests.get(url, params={"limit": "x"}, auth=auth, timeout=5).status_code == 400
    assert requests.get(url, params={"start": "igår"}, auth=auth, timeout=5).status_code == 400
    fake_elks46.respond_with(delay=0.0, status=500)  # scripts shape sending, not reading
    assert requests.get(url, auth=auth, timeout=5).status_code == 200
