"""`flask journeys ...` and the demo's example journey, through the app's CLI runner."""

from pathlib import Path

import yaml

from eservices.journeys import store

from ._definitions import bin_problem


def _file(tmp_path, data, name="journey.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_import_publish_list_and_export(app, tmp_path):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["journeys", "import", str(_file(tmp_path, bin_problem()))])
    assert made.exit_code == 0, made.output
    assert "Created bin-problem" in made.output
    published = runner.invoke(args=["journeys", "publish", "bin-problem", "--stage",
                                    "prototype", "--note", "First"])
    assert published.exit_code == 0 and "version 1 as prototype" in published.output
    listed = runner.invoke(args=["journeys", "list"])
    assert "bin-problem" in listed.output and "prototype=v1" in listed.output
    draft = runner.invoke(args=["journeys", "export", "bin-problem"])
    version = runner.invoke(args=["journeys", "export", "bin-problem", "--version", "1"])
    assert draft.output == version.output and draft.output.startswith("schema_version: 1")

    copy = runner.invoke(args=["journeys", "import", str(_file(tmp_path, bin_problem())),
                               "--slug", "bin-problem-two"])
    assert copy.exit_code == 0, copy.output
    again = runner.invoke(args=["journeys", "import", str(_file(tmp_path, bin_problem()))])
    assert again.exit_code == 0 and "Replaced the draft of bin-problem" in again.output


def test_an_invalid_file_is_refused_with_its_lines_and_nothing_stored(app, tmp_path):
    data = bin_problem(colour="red")
    data["pages"][0]["question"]["type"] = "radio"
    result = app.test_cli_runner().invoke(args=["journeys", "import", str(_file(tmp_path, data))])
    assert result.exit_code == 1
    assert "journey.yaml:" in result.output and "colour" in result.output
    assert "pages[0].question.type" in result.output
    with app.app_context():
        assert store.by_slug("bin-problem") is None


def test_publishing_a_journey_with_problems_is_refused(app, tmp_path):
    runner = app.test_cli_runner()
    data = bin_problem()
    runner.invoke(args=["journeys", "import", str(_file(tmp_path, data))])
    with app.test_request_context():
        record = store.by_slug("bin-problem")
        store.save_draft(record, store.draft_of(record).replace(owner=""), "test")
        store.db.session.commit()
    result = runner.invoke(args=["journeys", "publish", "bin-problem", "--stage", "live"])
    assert result.exit_code == 1 and "team responsible" in result.output


def test_load_demo_publishes_the_example_once(app):
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)  # demo-accounts.txt
    runner = app.test_cli_runner()
    first = runner.invoke(args=["eservices", "load-demo"])
    assert first.exit_code == 0, first.output
    assert "/report-bin-problem/" in first.output
    second = runner.invoke(args=["eservices", "load-demo"])
    assert second.exit_code == 0 and "report-bin-problem" not in second.output
    with app.test_request_context():
        record = store.by_slug("report-bin-problem")
        assert [v.number for v in store.versions_of(record)] == [1]
        assert store.stage_versions(record) == {"prototype": 1}
        assert store.problems_of(store.draft_of(record)) == []
