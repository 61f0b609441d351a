"""Importing exports through the CLI: all or nothing, every problem with its line, idempotent."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

from sqlalchemy import func, select

from eservices import toolkit as tk
from eservices.db import db
from eservices.staff.models import AuditEvent
from services.collection_alerts.keys import find_api_key
from services.collection_alerts.models import (
    Address,
    ApiKey,
    Route,
    RouteStop,
    Truck,
)

MODELS = (Address, Route, RouteStop, Truck)  # and the register's holiday shifts
ADDRESSES = """external_id,street,number,postal_code,city,latitude,longitude
A1,Storgatan,1,93131,Exempelby,64.7501,20.9501
A2,Storgatan,2,931 31,Exempelby,64.7502,20.9502
A3,Kyrkogatan,1B,93131,Exempelby,64.7510,20.9520
"""
ROUTES = """code,name,weekday,weeks,season_start,season_end,start_time,truck
M1,Måndag,måndag,every,,,07:00,T1
T2,Tisdag udda,2,udda,,,6.30,T1
F4,Fredag var fjärde,Friday,every 4th from week 3,,,07:15,T2
S1,Sommar,tors,even,05-01,09-30,08:00,
"""
STOPS = """route_code,position,address_external_id,fractions,planned_offset_minutes
M1,1,A1,"restavfall,matavfall",0
M1,2,A2,restavfall|matavfall,2
M1,3,A3,fyrfack_1|fyrfack_2,5
F4,1,A3,tradgardsavfall,0
"""
SHIFTS = """original_date,new_date,note
2026-12-25,2026-12-28,Juldagen
2027-01-01,2027-01-04,Nyårsdagen
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["collection-alerts", *args])


def counts(app) -> list[int]:
    with app.app_context():
        return [*(db.session.scalar(select(func.count()).select_from(m)) for m in MODELS),
                len(shifts())]


def shifts() -> list:
    return tk.waste_register().holiday_shifts(date.min, date.max, include_proposed=True)


def import_all(app, tmp_path: Path) -> None:
    for command, name, text in (("import-addresses", "addresses.csv", ADDRESSES),
                                ("import-routes", "routes.csv", ROUTES),
                                ("import-stops", "stops.csv", STOPS),
                                ("import-holiday-shifts", "shifts.csv", SHIFTS)):
        result = run(app, command, write(tmp_path, name, text))
        assert result.exit_code == 0, result.output


def test_good_csv_files_import(app, tmp_path):
    import_all(app, tmp_path)
    assert counts(app) == [3, 4, 4, 2, 2]
    with app.app_context():
        a2 = db.session.scalar(select(Address).where(Address.external_id == "A2"))
        assert (a2.street, a2.number, a2.postal_code, a2.latitude) == (
            "Storgatan", "2", "93131", 64.7502)
        assert a2.search_text == "storgatan 2 93131 exempelby"
        routes = {r.code: r for r in db.session.scalars(select(Route))}
        assert (routes["M1"].weekday, routes["M1"].week_cycle, routes["M1"].week_offset) == (
            0, 1, 0)
        assert (routes["T2"].weekday, routes["T2"].week_cycle, routes["T2"].week_offset,
                routes["T2"].start_time) == (1, 2, 1, time(6, 30))
        assert (routes["F4"].weekday, routes["F4"].week_cycle, routes["F4"].week_offset) == (
            4, 4, 3)
        assert (routes["S1"].season_start, routes["S1"].season_end, routes["S1"].truck) == (
            "05-01", "09-30", None)
        assert routes["M1"].truck.code == "T1" and routes["F4"].truck.code == "T2"
        m1 = routes["M1"].stops
        assert [(s.address.external_id, s.fractions, s.planned_offset_minutes) for s in m1] == [
            ("A1", ["restavfall", "matavfall"], 0), ("A2", ["restavfall", "matavfall"], 2),
            ("A3", ["fyrfack_1", "fyrfack_2"], 5)]
        shift = shifts()[0]
        assert (shift.original_date, shift.new_date, shift.note) == (
            date(2026, 12, 25), date(2026, 12, 28), "Juldagen")
        actions = db.session.scalars(select(AuditEvent.action)
                                     .where(AuditEvent.module_id == "collection_alerts")).all()
        assert sorted(actions) == ["addresses_imported", "holiday_shifts_imported",
                                   "routes_imported", "stops_imported"]


def test_good_json_files_import(app, tmp_path):
    files = {
        "addresses.json": [{"external_id": "J1", "street": "Sjövägen", "number": "",
                            "postal_code": "93291", "city": "Sjöviken", "latitude": 64.8,
                            "longitude": 21.1}],
        "routes.json": [{"code": "R9", "name": "Sommar", "weekday": 4, "week_cycle": 2,
                         "week_offset": 1, "season_start": "10-01", "season_end": "04-30"}],
        "stops.json": [{"route_code": "R9", "position": 1, "address_external_id": "J1",
                        "fractions": ["restavfall"], "planned_offset_minutes": 0}],
        "shifts.json": [{"original_date": "2027-06-25", "new_date": "2027-06-24"}],
    }
    for command, name in (("import-addresses", "addresses.json"),
                          ("import-routes", "routes.json"), ("import-stops", "stops.json"),
                          ("import-holiday-shifts", "shifts.json")):
        result = run(app, command, write(tmp_path, name, json.dumps(files[name])))
        assert result.exit_code == 0, result.output
        assert "1 new" in result.output
    with app.app_context():
        route = db.session.scalar(select(Route))
        # weekday 4 in the file is Thursday (1 = Monday); the model counts from 0.
        assert (route.weekday, route.week_cycle, route.week_offset, route.start_time) == (
            3, 2, 1, time(7))
        assert (route.season_start, route.season_end) == ("10-01", "04-30")
        assert route.stops[0].address.number == "" and route.stops[0].fractions == [
            "restavfall"]


def test_every_problem_is_reported_and_nothing_imported(app, tmp_path):
    import_all(app, tmp_path)
    before = counts(app)
    bad = write(tmp_path, "bad.csv", (
        "external_id,street,number,postal_code,city,latitude,longitude\n"
        "B1,Nygatan,1,93131,Exempelby,64.75,20.95\n"  # line 2: fine
        "B2,,2,9313,Exempelby,64.75,20.95\n"  # line 3: no street, bad postal code
        "B3,Nygatan,3,93131,Exempelby,59.0,2.0\n"  # line 4: not in Sweden
        "B1,Nygatan,4,93131,Exempelby,64.75,20.95\n"  # line 5: duplicate id
        "B5,Nygatan,5,93131,Exempelby,20.95,64.75\n"  # line 6: swapped
        "B6,Storgatan,1,93131,Exempelby,64.75,20.95\n"  # line 7: that is A1
        "B7,Nygatan,7,93131,Exempelby,norr,20.95\n"))  # line 8: not a number
    result = run(app, "import-addresses", bad)
    assert result.exit_code != 0
    out = result.output
    assert "bad.csv, line 3: street is missing" in out
    assert "bad.csv, line 3: postal_code '9313': expected 5 digits" in out
    assert "bad.csv, line 4: 59.0, 2.0 is not in Sweden" in out
    assert "bad.csv, line 5: external_id 'B1' is also on line 2" in out
    assert "bad.csv, line 6: 20.95, 64.75 is not in Sweden (latitude and longitude swapped?)" \
        in out
    assert "bad.csv, line 7: Storgatan 1 93131 is already address 'A1'" in out
    assert "bad.csv, line 8: latitude 'norr': expected a decimal number" in out
    assert "line 2" not in out.replace("also on line 2", "")
    assert "nothing imported: 7 problem(s) in bad.csv" in out
    assert counts(app) == before


def test_route_stop_and_shift_problems(app, tmp_path):
    import_all(app, tmp_path)
    before = counts(app)
    routes = write(tmp_path, "routes.json", json.dumps([
        {"code": "X1", "name": "X", "weekday": "fredagen", "weeks": "ibland"},
        {"code": "X2", "name": "X", "weekday": 8, "start_time": "25:00"},
        {"code": "X3", "name": "X", "weekday": 1, "season_start": "05-01"},
        {"code": "X4", "name": "X", "weekday": 1, "week_cycle": 4, "week_offset": 4},
        {"code": "X5", "weekday": 1, "season_start": "02-30", "season_end": "03-01"}]))
    result = run(app, "import-routes", routes)
    assert result.exit_code != 0
    for expected in (
            "routes.json, item [0]: weekday 'fredagen': expected 1-7 (1 = Monday)",
            "routes.json, item [0]: weeks 'ibland': expected",
            "routes.json, item [1]: weekday '8'", "routes.json, item [1]: start_time '25:00'",
            "routes.json, item [2]: give both season_start and season_end",
            "routes.json, item [3]: week_cycle must be 1-52",
            "routes.json, item [4]: name is missing",
            "routes.json, item [4]: season_start '02-30': expected MM-DD"):
        assert expected in result.output
    stops = write(tmp_path, "stops.csv", STOPS + (
        "NOPE,1,A1,restavfall,0\n"  # line 6
        "M1,4,A9,restavfall,7\n"  # line 7
        "M1,5,A1,glas,1\n"  # line 8
        "M1,2,A2,restavfall,3\n"  # line 9
        "M1,6,A2,restavfall,x\n"))  # line 10
    result = run(app, "import-stops", stops)
    assert result.exit_code != 0
    for expected in (
            "stops.csv, line 6: unknown route 'NOPE' (import routes first)",
            "stops.csv, line 7: unknown address 'A9' (import addresses first)",
            "stops.csv, line 8: fractions 'glas': unknown fraction 'glas'",
            "stops.csv, line 9: route and position ('M1', 2) is also on line 3",
            "stops.csv, line 9: route and address ('M1', 'A2') is also on line 3",
            "stops.csv, line 10: planned_offset_minutes 'x': expected whole minutes"):
        assert expected in result.output
    shifts = write(tmp_path, "shifts.csv", SHIFTS + (
        "2027-06-25,2027-09-01,too far\n"  # line 4
        "2026-12-24,2026-12-25,onto a moved day\n"  # line 5
        "2026-13-01,2026-12-01,\n"))  # line 6
    result = run(app, "import-holiday-shifts", shifts)
    assert result.exit_code != 0
    for expected in (
            "shifts.csv, line 4: a shift may move collections at most 31 days",
            "shifts.csv, line 5: new_date 2026-12-25 is itself moved, to 2026-12-28",
            "shifts.csv, line 6: original_date '2026-13-01': expected a date YYYY-MM-DD"):
        assert expected in result.output
    assert counts(app) == before


def test_stop_offsets_must_not_go_backwards(app, tmp_path):
    import_all(app, tmp_path)
    stops = write(tmp_path, "stops.csv", STOPS.replace("M1,3,A3,fyrfack_1|fyrfack_2,5",
                                                       "M1,3,A3,fyrfack_1|fyrfack_2,1"))
    result = run(app, "import-stops", stops)
    assert result.exit_code != 0
    assert ("stops.csv, line 4: planned_offset_minutes 1 is earlier than position 2's 2"
            in result.output)


def test_reimport_changes_nothing_then_updates(app, tmp_path):
    import_all(app, tmp_path)
    before = counts(app)
    result = run(app, "import-addresses", write(tmp_path, "addresses.csv", ADDRESSES))
    assert result.exit_code == 0
    assert "3 addresses from addresses.csv: 0 new, 0 changed, 3 unchanged" in result.output
    result = run(app, "import-stops", write(tmp_path, "stops.csv", STOPS))
    assert "0 new, 0 changed, 4 unchanged" in result.output
    assert counts(app) == before
    moved = ADDRESSES.replace("A3,Kyrkogatan,1B", "A3,Kyrkogatan,3") + (
        "A4,Kyrkogatan,5,93131,Exempelby,64.7511,20.9521\n")
    result = run(app, "import-addresses", write(tmp_path, "addresses.csv", moved))
    assert "1 new, 1 changed, 2 unchanged" in result.output
    with app.app_context():
        a3 = db.session.scalar(select(Address).where(Address.external_id == "A3"))
        assert a3.number == "3" and a3.search_text == "kyrkogatan 3 93131 exempelby"
    assert counts(app)[0] == before[0] + 1


def test_bom_semicolons_and_decimal_commas(app, tmp_path):
    text = ("External_ID;Street;Number;Postal_Code;City;Latitude;Longitude\r\n"
            "S1;Skolvägen;4;93132;Exempelby;64,7521;20,9412\r\n"
            "S2;Björkstigen;;93133;Exempelby;64,7531;20,9422\r\n")
    path = write(tmp_path, "adresser.csv", text, encoding="utf-8-sig")
    assert Path(path).read_bytes().startswith(b"\xef\xbb\xbf")
    result = run(app, "import-addresses", path)
    assert result.exit_code == 0, result.output
    with app.app_context():
        s1 = db.session.scalar(select(Address).where(Address.external_id == "S1"))
        assert (s1.street, s1.latitude, s1.longitude) == ("Skolvägen", 64.7521, 20.9412)
        assert db.session.scalar(select(Address.number).where(Address.external_id == "S2")) == ""


def test_unreadable_files(app, tmp_path):
    latin1 = write(tmp_path, "latin1.csv", "external_id,street\nX,Ängsvägen\n",
                   encoding="latin-1")
    result = run(app, "import-addresses", latin1)
    assert result.exit_code != 0 and "latin1.csv, line 2: the file is not UTF-8" in result.output
    missing = write(tmp_path, "few.csv", "external_id,street\nX,Y\n")
    result = run(app, "import-addresses", missing)
    assert "few.csv, line 1: missing column(s): number, postal_code, city" in result.output
    result = run(app, "import-routes", write(tmp_path, "routes.json", '{"code": "X"}'))
    assert "routes.json: expected a JSON list of objects" in result.output
    result = run(app, "import-routes", write(tmp_path, "routes.json", "[1,"))
    assert "routes.json, line 1: not valid JSON" in result.output
    result = run(app, "import-routes", write(tmp_path, "routes.xlsx", "x"))
    assert "routes.xlsx: expected a .csv or .json file" in result.output
    assert counts(app) == [0, 0, 0, 0, 0]


def test_large_files_show_progress(app, tmp_path):
    lines = ["external_id;street;number;postal_code;city;latitude;longitude"]
    lines += [f"L{n};Långgatan;{n};93140;Exempelby;{64.7 + n / 100000:.5f};20.95"
              for n in range(1, 1501)]
    result = run(app, "import-addresses", write(tmp_path, "many.csv", "\n".join(lines)))
    assert result.exit_code == 0, result.output
    assert "Checking many.csv" in result.output and "Importing many.csv" in result.output
    assert "1500 new" in result.output
    assert counts(app)[0] == 1500
    small = run(app, "import-addresses", write(tmp_path, "few.csv", ADDRESSES))
    assert "Checking" not in small.output


def test_api_keys_are_created_shown_once_and_revoked(app):
    result = run(app, "create-api-key", "Ruttsystemet")
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    assert key.startswith("ca_")
    prefix = key.split("_")[1]
    with app.app_context():
        assert find_api_key(key).name == "Ruttsystemet"
    listed = run(app, "list-api-keys")
    assert prefix in listed.output and key not in listed.output
    assert run(app, "revoke-api-key", "nope").exit_code != 0
    result = run(app, "revoke-api-key", prefix)
    assert result.exit_code == 0 and f"Revoked API key {prefix}" in result.output
    assert "already revoked" in run(app, "revoke-api-key", prefix).output
    with app.app_context():
        assert find_api_key(key) is None
        assert db.session.scalar(select(ApiKey)).revoked_at is not None
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.subject == prefix)
                                    .order_by(AuditEvent.id)).all()
        assert [e.action for e in events] == ["api_key_created", "api_key_revoked"]
        assert events[0].actor_name == "system"


def test_a_constraint_the_checks_miss_still_writes_nothing(app, tmp_path):
    import_all(app, tmp_path)
    before = counts(app)
    swapped = ADDRESSES.replace("A1,Storgatan,1", "A1,Storgatan,X").replace(
        "A2,Storgatan,2", "A2,Storgatan,1").replace("A1,Storgatan,X", "A1,Storgatan,2")
    result = run(app, "import-addresses", write(tmp_path, "swap.csv", swapped))
    assert result.exit_code != 0
    assert "swap.csv: the database refused the import" in result.output
    assert counts(app) == before
    with app.app_context():
        assert db.session.scalar(select(Address.number)
                                 .where(Address.external_id == "A1")) == "1"
