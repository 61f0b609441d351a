"""Journeys as YAML: a round trip keeps the definition; a bad file names every problem's line."""

import pytest

from eservices.journeys import yaml_io
from eservices.journeys.cli import EXAMPLES
from eservices.journeys.schema import JourneyDefinition

from ._definitions import bin_problem


def _lines(problems) -> dict[int, str]:
    return {problem.line: problem.message for problem in problems}


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), start=1)
                if fragment in line)


def test_export_then_import_gives_the_same_definition(app):
    definition = JourneyDefinition.model_validate(bin_problem())
    text = yaml_io.dump(definition)
    assert text.startswith("schema_version: 1\nslug: bin-problem\nname:\n  sv: Anmäl")
    with app.test_request_context():
        assert yaml_io.load(text) == definition
        assert yaml_io.load(text, slug="bin-problem-copy").slug == "bin-problem-copy"


def test_a_syntax_error_is_on_its_line():
    with pytest.raises(yaml_io.ImportRefused) as refused:
        yaml_io.load("slug: x\nname:\n  sv: [unclosed\n", check=False)
    [problem] = refused.value.problems
    assert problem.line == 4 and problem.message.startswith("YAML:")


def test_unknown_keys_bad_values_and_refused_conditions_name_their_lines(app):
    text = yaml_io.dump(JourneyDefinition.model_validate(bin_problem()))
    bad = (text.replace("category: waste", "category: waste\ncolour: red")
               .replace("date_rule: past", "date_rule: yesterday")
               .replace("    op: is\n    value: missed", "    op: iss\n    value: missed"))
    with pytest.raises(yaml_io.ImportRefused) as refused:
        yaml_io.load(bad, check=False)
    found = _lines(refused.value.problems)
    assert len(found) == 3, refused.value.problems
    assert "colour" in found[line_of(bad, "colour: red")]
    assert "date_rule" in found[line_of(bad, "date_rule: yesterday")]
    assert "condition.op" in found[line_of(bad, "op: iss")]

    later = text.replace("question: problem\n    op: is\n    value: missed",
                         "question: contact\n    op: is\n    value: 'yes'")
    with app.test_request_context("/?lang=en"), \
            pytest.raises(yaml_io.ImportRefused) as refused:
        yaml_io.load(later)
    [problem] = refused.value.problems
    assert "contact" in problem.message and "after this page" in problem.message
    assert problem.line == line_of(later, "question: contact")


def test_anchors_and_oversized_files_are_refused():
    with pytest.raises(yaml_io.ImportRefused, match="aliases"):
        yaml_io.load("a: &x [1, 2]\nb: *x\n", check=False)
    with pytest.raises(yaml_io.ImportRefused, match="at most"):
        yaml_io.load("a: " + "x" * yaml_io.MAX_YAML_BYTES, check=False)
    with pytest.raises(yaml_io.ImportRefused, match="mapping"):
        yaml_io.load("- just a list\n", check=False)


def test_the_example_journey_has_no_problems(app):
    [file] = EXAMPLES.glob("*.yaml")
    with app.test_request_context():
        definition = yaml_io.load(file.read_bytes())  # refused on any problem
    assert definition.slug == "report-bin-problem"
    assert len(definition.pages) >= 6 and definition.receipts[0].channel == "sms"
