"""docs/journey.schema.json is the schema the code validates with."""

from pathlib import Path

from eservices.journeys import yaml_io

PUBLISHED = Path(__file__).resolve().parents[2] / "docs" / "journey.schema.json"


def test_the_published_json_schema_is_current():
    assert PUBLISHED.read_text(encoding="utf-8") == yaml_io.schema_text(), (
        f"docs/journey.schema.json is out of date; regenerate it: {yaml_io.SCHEMA_COMMAND}")
