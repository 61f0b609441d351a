"""Module APIs under /api/v1/<id>/ and module periodic jobs: the platform's side."""

from __future__ import annotations

import threading

from eservices import scheduler
from eservices.modules import PeriodicJob


def test_api_errors_are_problem_details_not_pages(client):
    response = client.get("/api/v1/collection-alerts/no-such-thing")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 404 and body["title"] == "Not Found"
    assert "<html" not in response.get_data(as_text=True)


def test_api_blueprints_are_mounted_by_id_and_need_no_csrf_token(app, client):
    rules = [rule.rule for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("collection_alerts_api.")]
    assert rules and all(r.startswith("/api/v1/collection-alerts/") for r in rules)
    # No CSRF token and no key: refused for the missing key (401), not for CSRF (400).
    response = client.post("/api/v1/collection-alerts/route-days/R1/2026-11-30/events",
                           json={"events": []})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


def test_periodic_jobs_are_listed_and_run_from_the_cli(app):
    assert "collection_alerts.reminders" in scheduler.jobs(app)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["eservices", "run-job", "collection_alerts.reminders"])
    assert result.exit_code == 0, result.output
    unknown = runner.invoke(args=["eservices", "run-job", "nothing"])
    assert unknown.exit_code != 0 and "known jobs" in unknown.output


def test_the_in_process_scheduler_runs_each_job_on_its_interval(app, monkeypatch):
    ran = threading.Event()
    job = PeriodicJob("test.job", "tests.app.test_module_apis_and_jobs:_job", 3600)
    monkeypatch.setattr(scheduler, "jobs", lambda _app: {"test.job": job})
    _job.ran = ran
    worker = scheduler.InProcessScheduler(app)
    worker.start()
    try:
        assert ran.wait(5), "the job did not run"
    finally:
        worker.stop()


def test_celery_beat_schedules_module_jobs(app):
    from eservices.tasks import beat_schedule

    entry = beat_schedule(app)["job-collection_alerts.reminders"]
    assert entry["task"] == "eservices.periodic" and entry["args"] == (
        "collection_alerts.reminders",)


def _job() -> None:
    _job.ran.set()
