"""The requirements extracted from a brief, whichever analyzer produced them."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

LIST_FIELDS = ("selling_points", "tone", "scenarios", "colours", "must_include", "avoid")
FIELDS = ("product", "audience", *LIST_FIELDS)  # the eight a designer checks; `language` is detected


@dataclass
class Requirements:
    product: str = ""
    audience: str = ""
    selling_points: list[str] = field(default_factory=list)
    tone: list[str] = field(default_factory=list)
    scenarios: list[str] = field(default_factory=list)
    colours: list[str] = field(default_factory=list)
    must_include: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    language: str = "en"

    def is_usable(self) -> bool:
        """A brief is usable when it names something to advertise."""
        return bool(self.product.strip())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Requirements:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        for name in LIST_FIELDS:
            value = known.get(name, [])
            known[name] = [value] if isinstance(value, str) else [str(v) for v in value]
        return cls(**known)


SCHEMA_PATH = Path(__file__).with_name("requirements.schema.json")


@cache
def requirements_schema() -> dict[str, Any]:
    """The published JSON schema of requirements (creative/analysis/requirements.schema.json)."""
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema


def requirements_parse(data: object) -> Requirements:
    """Requirements from decoded JSON that the schema accepts; ValueError naming the first problem otherwise.

    Only the keywords the schema uses are checked (type, required, additionalProperties, maxItems,
    minLength, maxLength, pattern), so the CLI needs no JSON-schema package.
    """
    _check(data, requirements_schema(), "requirements")
    assert isinstance(data, dict)  # _check refused anything else
    return Requirements.from_dict(data)


_TYPES = {"object": dict, "array": list, "string": str}


def _check(value: object, schema: dict[str, Any], where: str) -> None:
    if not isinstance(value, _TYPES[schema["type"]]):
        raise ValueError(f"{where} must be a JSON {schema['type']}.")
    if isinstance(value, dict):
        if missing := [name for name in schema.get("required", []) if name not in value]:
            raise ValueError(f"{where} lacks {', '.join(missing)}.")
        if schema.get("additionalProperties") is False and (extra := sorted(set(value) - set(schema["properties"]))):
            raise ValueError(f"{where} has unknown keys: {', '.join(extra)}.")
        for name, item in value.items():
            _check(item, schema["properties"][name], name)
    elif isinstance(value, list):
        if len(value) > schema.get("maxItems", len(value)):
            raise ValueError(f"{where} has {len(value)} items; at most {schema['maxItems']}.")
        for index, item in enumerate(value):
            _check(item, schema["items"], f"{where}[{index}]")
    else:
        if not schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", len(value)):
            raise ValueError(f"{where} must be {schema.get('minLength', 0)} to {schema['maxLength']} characters.")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            raise ValueError(f"{where} {value[:20]!r} does not match {schema['pattern']}.")
