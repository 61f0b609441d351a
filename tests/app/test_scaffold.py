"""`flask eservices new-prototype` makes a module whose own journey test passes at once."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IGNORED = shutil.ignore_patterns(".venv", ".git", "instance", "__pycache__", ".pytest_cache",
                                 ".ruff_cache", "*.egg-info", "test-results")


def run(args, cwd, tmp_path, timeout=300):
    env = {**os.environ, "PYTHONPATH": str(cwd), "ESERVICES_INSTANCE_PATH": str(tmp_path / "i"),
           "FLASK_APP": "wsgi"}
    env.pop("TEST_DATABASE_URL", None)  # the copy's own test run uses its own SQLite file
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture
def project_copy(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=IGNORED)
    return copy


def test_refuses_bad_and_clashing_slugs(app):
    runner = app.test_cli_runner()
    for slug, message in (("Bad-Name", "not a valid identifier"),
                          ("class", "not a valid identifier"),
                          ("accessibility_report", "already installed")):
        result = runner.invoke(args=["eservices", "new-prototype", slug])
        assert result.exit_code != 0 and message in result.output, result.output


@pytest.mark.browser
def test_scaffolded_prototype_is_registered_and_its_test_passes(project_copy, tmp_path):
    made = run(["-m", "flask", "eservices", "new-prototype", "idea_box", "--name-sv",
                "Idélåda", "--name-en", "Idea box"], project_copy, tmp_path)
    assert made.returncode == 0, made.stderr
    module = project_copy / "prototypes" / "idea_box"
    assert (module / "tests" / "test_journey.py").is_file()
    assert (module / "translations" / "sv" / "LC_MESSAGES" / "messages.mo").is_file()

    listed = run(["-m", "flask", "eservices", "modules"], project_copy, tmp_path)
    assert "idea_box" in listed.stdout and "prototype" in listed.stdout, listed.stdout

    again = run(["-m", "flask", "eservices", "new-prototype", "idea_box"], project_copy,
                tmp_path)
    assert again.returncode != 0 and "already" in again.stderr + again.stdout

    tested = run(["-m", "pytest", "-q", "-p", "no:cacheprovider", "prototypes/idea_box/tests"],
                 project_copy, tmp_path, timeout=600)
    assert tested.returncode == 0, tested.stdout[-3000:] + tested.stderr[-2000:]
    assert "1 passed" in tested.stdout
