"""`flask journeys eject` writes a module whose own test passes, ruff-clean and on the toolkit
only; the journey is read-only afterwards.  Ejected into a copy of the project, never into
this checkout's prototypes/."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from eservices.journeys import store
from eservices.journeys.cli import EXAMPLES
from tests.unit.test_imports import (
    imported_names,
    outside_the_toolkit,
    project_files,
    strongly_connected,
)

ROOT = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(".venv", ".git", "instance", "__pycache__", ".pytest_cache",
                                 ".ruff_cache", "*.egg-info", "test-results")


def run(args, cwd, tmp_path, timeout=300):
    env = {**os.environ, "PYTHONPATH": str(cwd), "ESERVICES_INSTANCE_PATH": str(tmp_path / "i"),
           "FLASK_APP": "wsgi"}
    env.pop("TEST_DATABASE_URL", None)  # the copy's own test run uses its own SQLite file
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_the_ejected_example_passes_its_own_test_and_the_journey_is_read_only(app, tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    runner = app.test_cli_runner()
    [example] = EXAMPLES.glob("*.yaml")
    assert runner.invoke(args=["journeys", "import", str(example)]).exit_code == 0
    assert runner.invoke(args=["journeys", "publish", "report-bin-problem", "--stage",
                               "prototype"]).exit_code == 0
    ejected = runner.invoke(args=["journeys", "eject", "report-bin-problem", "--into",
                                  str(copy / "prototypes")])
    assert ejected.exit_code == 0, ejected.output
    module = copy / "prototypes" / "report_bin_problem"
    assert (module / "translations" / "sv" / "LC_MESSAGES" / "messages.mo").is_file()
    views = (module / "views.py").read_text(encoding="utf-8")
    assert 'return answers.value("contact") == "yes"' in views
    assert 'id="report_bin_problem"' in (module / "__init__.py").read_text(encoding="utf-8")

    with app.test_request_context("/?lang=en"):
        record = store.by_slug("report-bin-problem")
        assert record.ejected_at is not None and record.ejected_version == 1
        with pytest.raises(store.JourneyRefused, match="code module"):
            store.save_draft(record, store.draft_of(record), "test")
    again = runner.invoke(args=["journeys", "publish", "report-bin-problem", "--stage", "pilot"])
    assert again.exit_code == 1 and "code module" in again.output
    twice = runner.invoke(args=["journeys", "eject", "report-bin-problem", "--into",
                                str(copy / "prototypes")])
    assert twice.exit_code == 1 and "already ejected" in twice.output

    linted = run([str(ROOT / ".venv" / "bin" / "ruff"), "check", str(module)], copy, tmp_path)
    assert linted.returncode == 0, linted.stdout
    files = project_files(copy, ("prototypes",), ())
    assert outside_the_toolkit(files, copy) == set()
    graph = {name: {target for target, _line in imported_names(name, path, set(files))
                    if target in files and target != name} for name, path in files.items()}
    assert strongly_connected(graph) == []

    tested = run([sys.executable, "-m", "pytest", "-q", "-n", "0", "-p", "no:cacheprovider",
                  "prototypes/report_bin_problem/tests"], copy, tmp_path, timeout=600)
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-2000:]
    assert "1 passed" in tested.stdout
