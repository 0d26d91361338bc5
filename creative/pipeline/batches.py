"""Briefs from a product feed: one brief per row with shared settings; a bad row is recorded with its line and
the rest go on (issue 18).

A row names a product (`name`, required), and may give `description`, `audience`, `colours` (separated by
`;` or `,`), `channels` (same) and `product_image` (a path or URL, stored for the product-photo feature of
issue 17 and not used to generate yet). CSV has a header row; JSON is an array of objects.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from django.db import transaction

from creative import text_limits
from creative.analysis.schema import Requirements
from creative.models import Batch, BatchRow, ImageModel, Workspace
from creative.pipeline.submission import BriefError, brief_submit

MAX_ROWS = 500
COLUMNS = ("name", "description", "audience", "colours", "channels", "product_image")
_LIST = re.compile(r"[;,]")


@dataclass
class FeedRow:
    line: int
    data: dict = field(default_factory=dict)
    error: str = ""


class FeedError(ValueError):
    """A feed that cannot be read at all (not CSV or JSON, no name column, too many rows)."""


def feed_rows(*, text: str, kind: str) -> list[FeedRow]:
    """The feed's rows with their lines (CSV) or positions (JSON); FeedError when none can be read."""
    if kind == "json":
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FeedError(f"The feed is not JSON: {exc}") from None
        if not isinstance(items, list):
            raise FeedError("A JSON feed is an array of objects, one per product.")
        rows = [FeedRow(line=i, data=item) if isinstance(item, dict) else FeedRow(line=i, error="not an object")
                for i, item in enumerate(items, start=1)]
    elif kind == "csv":
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
            raise FeedError("A CSV feed starts with a header row naming at least a `name` column.")
        rows = []
        try:
            for record in reader:
                data = {(k or "").strip().lower(): v for k, v in record.items() if k is not None}
                # Fields beyond the header land under None: a comma too many in the row.
                error = "more fields than the header names" if None in record else ""
                rows.append(FeedRow(line=reader.line_num, data=data, error=error))
        except csv.Error as exc:
            raise FeedError(f"The CSV cannot be read at line {reader.line_num}: {exc}") from None
    else:
        raise FeedError("A feed is csv or json.")
    if not rows:
        raise FeedError("The feed has no rows.")
    if len(rows) > MAX_ROWS:
        raise FeedError(f"A feed has at most {MAX_ROWS} rows; this one has {len(rows)}.")
    return rows


def _text(data: dict, key: str, limit: int = 200) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text")
    if problem := text_limits.text_problem(value, limit=limit, what=key):
        raise ValueError(problem)
    return value.strip()


def _list(data: dict, key: str) -> list[str]:
    value = data.get(key) or []
    if isinstance(value, str):
        value = _LIST.split(value)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be text or a list of text")
    return [v.strip()[:60] for v in value if v.strip()][:20]


def _row_brief(row: FeedRow) -> tuple[str, Requirements, list[str], str]:
    name = _text(row.data, "name")
    if not name:
        raise ValueError("the product name is empty")
    description = _text(row.data, "description", limit=text_limits.BRIEF_TEXT - 300)
    audience = _text(row.data, "audience")
    requirements = Requirements(product=name, audience=audience, colours=_list(row.data, "colours"))
    text = ". ".join(part for part in (f"An ad image for {name}", description,
                                       f"Audience: {audience}" if audience else "") if part)
    return text, requirements, _list(row.data, "channels"), _text(row.data, "product_image", limit=500)


def batch_submit(*, workspace: Workspace, author, rows: list[FeedRow], source: str, models: list[ImageModel],
                 images_per_prompt: int, budget_cents: int | None = None) -> Batch:
    """One brief per good row (each on the same rules as a brief from the form); every bad row recorded with
    its line and reason, none stopping the others."""
    if not models:
        raise BriefError("Pick at least one image model.")
    with transaction.atomic():
        batch = Batch.objects.create(workspace=workspace, created_by=author, source=source, shared={
            "models": [m.name for m in models], "images_per_prompt": images_per_prompt, "budget_cents": budget_cents})
    for row in rows:
        record = BatchRow(batch=batch, line=row.line, data=row.data if isinstance(row.data, dict) else {},
                          error=row.error)
        if not row.error:
            try:
                text, requirements, record.channels, record.product_image = _row_brief(row)
                record.name = requirements.product
                record.brief = brief_submit(workspace=workspace, author=author, text=text, models=models,
                                            images_per_prompt=images_per_prompt, budget_cents=budget_cents,
                                            requirements=requirements)
            except (ValueError, BriefError) as exc:  # BriefError is a ValueError; both read as the row's reason
                record.error = str(exc)[:500]
        record.data = json.loads(json.dumps(record.data, default=str))
        record.save()
    return batch
