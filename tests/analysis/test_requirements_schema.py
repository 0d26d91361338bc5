"""The published requirements schema describes what analysis produces, and the CLI's check agrees with it."""

import jsonschema
import pytest

from creative.analysis import rules
from creative.analysis.schema import Requirements, requirements_parse, requirements_schema
from tests.factories import LAUNCH_BRIEF

GERMAN = "Produkt: Hafermilch\nZielgruppe: junge Familien\nFarben: Blau und Weiß"


@pytest.mark.parametrize("text", [LAUNCH_BRIEF, GERMAN, "make it pop"])
def test_analysed_requirements_match_the_schema(text):
    jsonschema.validate(rules.analyse(text).to_dict(), requirements_schema())


def test_the_schema_is_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(requirements_schema())


@pytest.mark.parametrize("data", [
    {"product": "tea", "tone": "calm"},
    {"product": "tea", "extra": 1},
    {"audience": "people"},
    {"product": "tea", "colours": [""]},
    {"product": "tea", "avoid": ["x"] * 13},
    {"product": "x" * 201},
    {"product": "tea", "language": "English"},
])
def test_what_the_schema_refuses_the_cli_check_refuses(data):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, requirements_schema())
    with pytest.raises(ValueError):
        requirements_parse(data)


def test_a_valid_file_becomes_requirements():
    assert requirements_parse({"product": "tea", "colours": ["green"]}) == Requirements(product="tea",
                                                                                          colours=["green"])
