"""Briefs from a product feed: one brief per row with shared settings; a bad row is recorded with its line and
the rest go on (issue 18).

A row names a product (`name`, required), and may give `description`, `audience`, `colours` (separated by
`;` or `,`), `channels` (same) and `product_image`: the file name of the product photo that row's brief is
made with, found by the caller's `ProductImages` (files uploaded with the feed, or beside the feed file on the
command line). URLs are not fetched: the server does not reach out to addresses taken from a feed. CSV has a
header row; JSON is an array of objects.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.db import transaction

from creative import text_limits
from creative.analysis.schema import Requirements
from creative.models import Batch, BatchRow, ImageModel, Workspace
from creative.pipeline.references import brief_references_add, references_decode
from creative.pipeline.submission import BriefError, brief_submit
from creative.references import ReferenceImageError
from creative.references.decode import REFERENCE_MAX_BYTES

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


# A row's `product_image` to the photo's bytes; ValueError says why there is none (the row's reason).
ProductImages = Callable[[str], bytes]


def images_uploaded(files: Mapping[str, bytes]) -> ProductImages:
    """Photos uploaded with the feed, found by file name (a row may give a path: its last part counts)."""

    def find(name: str) -> bytes:
        data = files.get(PurePath(name.replace("\\", "/")).name)
        if data is None:
            raise ValueError(f"no uploaded photo is named {PurePath(name).name!r}")
        return data

    return find


def images_in_folder(folder: Path) -> ProductImages:
    """Photos on this machine, relative to the feed file's folder (the command line's feeds)."""

    def find(name: str) -> bytes:
        path = folder / name
        if not path.is_file():
            raise ValueError(f"no product photo at {path}")
        if path.stat().st_size > REFERENCE_MAX_BYTES:
            raise ValueError(f"{path} is larger than {REFERENCE_MAX_BYTES // (1024 * 1024)} MB")
        return path.read_bytes()

    return find


def _no_images(name: str) -> bytes:
    raise ValueError("product photos are not taken here")


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
                 images_per_prompt: int, budget_cents: int | None = None,
                 images: ProductImages = _no_images) -> Batch:
    """One brief per good row (each on the same rules as a brief from the form, with its product photo); every
    bad row recorded with its line and reason, none stopping the others."""
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
                photos = _row_photos(record.product_image, images)
                # One transaction: the brief's generations are queued on commit, with its photo stored.
                with transaction.atomic():
                    record.brief = brief_submit(workspace=workspace, author=author, text=text, models=models,
                                                images_per_prompt=images_per_prompt, budget_cents=budget_cents,
                                                requirements=requirements)
                    brief_references_add(brief=record.brief, photos=photos)
            except (ValueError, BriefError) as exc:  # BriefError is a ValueError; both read as the row's reason
                record.brief = None
                record.error = str(exc)[:500]
        record.data = json.loads(json.dumps(record.data, default=str))
        record.save()
    return batch


def _row_photos(product_image: str, images: ProductImages) -> list:
    """The row's product photo decoded within the upload limits, or none when the row names none."""
    if not product_image:
        return []
    if re.match(r"^[a-z][a-z0-9+.-]*://", product_image, re.IGNORECASE):
        raise ValueError("product_image is a URL: upload the photo with the feed and give its file name")
    try:
        return references_decode(uploads=[images(product_image)])
    except ReferenceImageError as exc:
        raise ValueError(f"product_image {PurePath(product_image).name}: {exc}") from None
