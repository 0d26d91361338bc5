import csv
import io

from creative.export.adplatforms import SheetContext, platform_sheets


def row(channel: str, preset: str, folder: str = "01-minimalist-local-g1", fmt: str = "webp") -> dict:
    return {
        "file": f"{folder}/{preset}.{fmt}",
        "channel": channel,
        "preset": preset,
        "width": 300,
        "height": 250,
        "format": fmt,
        "prompt": "A watch",
        "style": "flat_illustration",
    }


ROWS = [
    row("display", "iab_medium_rectangle"),
    row("display", "iab_leaderboard"),
    row("pinterest", "pinterest_pin"),
    row("pinterest", "pinterest_pin", folder="02-lifestyle-local-g2"),
    row("instagram", "instagram_square"),
    row("master", "original"),
    row("linkedin", "linkedin_post"),
]


def read(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_sheet_per_platform_with_files_for_it():
    sheets = platform_sheets(ROWS, context=SheetContext(campaign="Smartwatch"))

    assert set(sheets) == {"google_ads_editor.csv", "pinterest_bulk_pins.csv", "meta_ads_manager.csv"}
    assert [r["Image"] for r in read(sheets["google_ads_editor.csv"])] == [
        "01-minimalist-local-g1/iab_medium_rectangle.webp",
        "01-minimalist-local-g1/iab_leaderboard.webp",
    ]


def test_pinterest_sheet_has_pin_builder_columns_in_order_and_unique_titles():
    text = platform_sheets(ROWS, context=SheetContext(campaign="Smartwatch", headline="All week"))[
        "pinterest_bulk_pins.csv"
    ]

    header = text.splitlines()[0]
    assert header == "Title,Media URL,Pinterest board,Thumbnail,Description,Link,Publish date,Keywords"
    titles = [r["Title"] for r in read(text)]
    assert len(titles) == len(set(titles)) == 2 and all(len(t) <= 100 for t in titles)


def test_media_urls_can_point_at_a_share_link():
    context = SheetContext(campaign="Smartwatch", media_url=lambda path: f"https://example.test/s/{path}")

    rows = read(platform_sheets(ROWS, context=context)["pinterest_bulk_pins.csv"])

    assert rows[0]["Media URL"] == "https://example.test/s/01-minimalist-local-g1/pinterest_pin.webp"


def test_no_sheet_for_channels_without_a_public_bulk_layout():
    assert (
        platform_sheets(
            [row("linkedin", "linkedin_post"), row("tiktok", "tiktok_video")],
            context=SheetContext(campaign="x"),
        )
        == {}
    )
