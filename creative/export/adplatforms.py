"""Bulk-upload sheets: one CSV per ad platform, in the column layout its bulk import reads.

Only platforms whose layout is public get a sheet:
- Google Ads Editor (Display image ads): Editor matches headers by name, ignoring case and spaces,
  and leaves blank cells unchanged ("Import a CSV file in Google Ads Editor", support.google.com).
- Pinterest Pin Builder bulk create: Title, Media URL, Pinterest board, Thumbnail, Description, Link,
  Publish date, Keywords, in that order.
- Meta Ads Manager bulk import: its spreadsheet template's ad-level columns.
LinkedIn, TikTok and X publish no bulk image sheet; their files ship in the zip and manifests only.
File and media cells hold the file's path in the zip; a share link's page serves the same sheets
with its public file URLs instead (Pinterest fetches images by URL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from .sheets import csv_text


@dataclass(frozen=True)
class Sheet:
    """One platform's sheet: which channels it takes and how a manifest row becomes a sheet row."""

    filename: str
    channels: tuple[str, ...]
    columns: tuple[str, ...]
    row: Callable[[dict[str, Any], SheetContext], dict[str, Any]]


@dataclass(frozen=True)
class SheetContext:
    campaign: str
    headline: str = ""
    call_to_action: str = ""
    link: str = ""
    media_url: Callable[[str], str] = str  # zip path -> what the platform should fetch


def _google_ads(row: dict[str, Any], context: SheetContext) -> dict[str, Any]:
    return {
        "Campaign": context.campaign,
        "Ad group": f"{row['preset']} {row['width']}x{row['height']}",
        "Ad type": "Image ad",
        "Ad name": PurePosixPath(row["file"]).with_suffix("").as_posix().replace("/", " "),
        "Image": context.media_url(row["file"]),
        "Final URL": context.link,
        "Display URL": "",
    }


def _pinterest(row: dict[str, Any], context: SheetContext) -> dict[str, Any]:
    # Pinterest rejects a sheet with repeated titles: the file's path keeps each one distinct.
    title = (context.headline or context.campaign)[:40]
    return {
        "Title": f"{title} ({row['file'].rsplit('.', 1)[0]}.{row['format']})"[:100],
        "Media URL": context.media_url(row["file"]),
        "Pinterest board": context.campaign,
        "Thumbnail": "",
        "Description": (row.get("prompt") or "")[:500],
        "Link": context.link,
        "Publish date": "",
        "Keywords": row.get("style", "").replace("_", " "),
    }


def _meta(row: dict[str, Any], context: SheetContext) -> dict[str, Any]:
    return {
        "Campaign Name": context.campaign,
        "Ad Set Name": row["channel"],
        "Ad Name": PurePosixPath(row["file"]).with_suffix("").as_posix().replace("/", " "),
        "Title": context.headline,
        "Body": "",
        "Link": context.link,
        "Call to Action": context.call_to_action,
        "Image File Name": context.media_url(row["file"]),
    }


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "google_ads_editor.csv",
        ("display",),
        ("Campaign", "Ad group", "Ad type", "Ad name", "Image", "Final URL", "Display URL"),
        _google_ads,
    ),
    Sheet(
        "pinterest_bulk_pins.csv",
        ("pinterest",),
        (
            "Title",
            "Media URL",
            "Pinterest board",
            "Thumbnail",
            "Description",
            "Link",
            "Publish date",
            "Keywords",
        ),
        _pinterest,
    ),
    Sheet(
        "meta_ads_manager.csv",
        ("facebook", "instagram"),
        (
            "Campaign Name",
            "Ad Set Name",
            "Ad Name",
            "Title",
            "Body",
            "Link",
            "Call to Action",
            "Image File Name",
        ),
        _meta,
    ),
)


def platform_sheets(rows: Iterable[dict[str, Any]], *, context: SheetContext) -> dict[str, str]:
    """Sheet file name -> CSV text, for every platform with at least one rendition in `rows`."""
    rows = list(rows)
    sheets = {}
    for sheet in SHEETS:
        chosen = [row for row in rows if row["channel"] in sheet.channels]
        if not chosen:
            continue
        sheets[sheet.filename] = csv_text((sheet.row(row, context) for row in chosen), fieldnames=sheet.columns)
    return sheets
