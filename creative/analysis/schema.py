"""The requirements extracted from a brief, whichever analyzer produced them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

LIST_FIELDS = ("selling_points", "tone", "scenarios", "colours", "must_include", "avoid")


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

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Requirements:
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        for name in LIST_FIELDS:
            value = known.get(name, [])
            known[name] = [value] if isinstance(value, str) else [str(v) for v in value]
        return cls(**known)
