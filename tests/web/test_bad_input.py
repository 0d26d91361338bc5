"""Bad input answers a clear 4xx (or CLI exit 2), never a 500: each case here answered 500 before."""

import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.contrib.staticfiles.views import serve
from django.core.files.base import ContentFile
from django.core.management.base import CommandError
from django.urls import re_path, reverse

from config import urls as config_urls
from creative import text_limits
from creative.export.adplatforms import SheetContext, platform_sheets
from creative.export.brand import LogoError, logo_rasterise
from creative.export.package import manifest_csv
from creative.export.sheets import sheet_cell
from creative.models import BrandKit, BriefStatus, GenerationStatus, Prompt, ProviderAccount, Role
from reviews.models import Review
from tests.factories import (
    LAUNCH_BRIEF,
    local_model,
    make_brief,
    make_generation,
    make_image_model,
    make_member,
    make_workspace,
    run_command,
)

pytestmark = pytest.mark.django_db(transaction=True)

HUGE = "99999999999999999999"
# The app's URLs plus the static files view as DEBUG serves it (`staticfiles_urlpatterns` adds it only then).
urlpatterns = [*config_urls.urlpatterns, re_path(r"^static/(?P<path>.*)$", serve)]


@pytest.fixture
def reviewer(client, workspace):
    user = make_member(workspace=workspace, role=Role.REVIEWER)
    client.force_login(user)
    return user


@pytest.fixture
def scored_image(workspace):
    return make_generation(brief=make_brief(workspace=workspace), status=GenerationStatus.SCORED, score=80)


def test_a_huge_page_number_is_a_400(client, reviewer, scored_image):
    url = reverse("reviews:gallery", args=[scored_image.prompt.brief_id])
    response = client.get(url, {"page": HUGE}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and b"Page" in response.content
    assert client.get(url, {"page": "-3"}).status_code == 400


def test_compare_with_huge_or_missing_ids_is_a_400(client, reviewer, scored_image):
    url = reverse("reviews:compare", args=[scored_image.prompt.brief_id])
    assert client.get(url, {"a": HUGE, "b": scored_image.id}).status_code == 400
    assert client.get(url, {"prompt": HUGE}).status_code == 400
    response = client.get(url)
    assert response.status_code == 400 and b"compare needs ?prompt=ID" in response.content


def test_bulk_review_with_huge_ids_is_a_400(client, reviewer, scored_image):
    response = client.post(reverse("reviews:bulk", args=[scored_image.prompt.brief_id]),
                           {"decision": "approve", "ids": [HUGE, str(scored_image.id)]})
    assert response.status_code == 400 and b"is not an image id" in response.content
    assert Review.objects.count() == 0


def test_a_huge_budget_is_a_form_error(client, designer, workspace):
    response = client.post(reverse("creative:brief_new"), {
        "text": LAUNCH_BRIEF, "models": [local_model().id], "images_per_prompt": 1, "workspace": workspace.id,
        "budget_cents": HUGE,
    })
    assert response.status_code == 422 and b"less than or equal to" in response.content


def test_the_estimate_refuses_models_that_are_not_ids(client, designer):
    local_model()
    for models in ("abc", HUGE, "-1"):
        response = client.get(reverse("creative:brief_estimate"), {"models": models})
        assert response.status_code == 422, models
        assert b'class="error"' in response.content


def test_a_huge_share_link_lifetime_is_refused(client, reviewer, workspace):
    from creative.models import Export, ExportStatus

    export = Export.objects.create(brief=make_brief(workspace=workspace), status=ExportStatus.DONE)
    for days in (HUGE, "abc", "0"):
        response = client.post(reverse("creative:share_create", args=[export.id]), {"days": days})
        assert response.status_code == 422, days


def test_a_guest_invite_with_a_huge_lifetime_is_a_400(client, reviewer, scored_image):
    response = client.post(reverse("reviews:invite", args=[scored_image.prompt.brief_id]), {"days": HUGE})
    assert response.status_code == 400 and b"Days" in response.content


def test_errors_never_echo_posted_markup(client, reviewer, scored_image):
    """The focal point's and the review's refusals are rendered through an escaped partial."""
    response = client.post(reverse("creative:focal_point", args=[scored_image.id]),
                           {"x": "<script>alert(1)</script>", "y": "0.5"})
    assert response.status_code == 422 and b"<script>" not in response.content
    response = client.post(reverse("reviews:review", args=[scored_image.id]),
                           {"decision": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 400 and b"<img" not in response.content


def _websocket_connects(path: str) -> tuple[bool, int | None]:
    from config.asgi import application  # built once Django is set up

    communicator = WebsocketCommunicator(application, path, headers=[(b"origin", b"http://127.0.0.1")])

    async def scenario():
        connected, code = await communicator.connect()
        await communicator.disconnect()
        return connected, code

    return async_to_sync(scenario)()


def test_a_websocket_to_no_such_route_closes_cleanly():
    assert _websocket_connects("/ws/briefs/abc/") == (False, 4404)
    assert _websocket_connects(f"/ws/briefs/{HUGE}/") == (False, 4404)


@pytest.mark.urls(__name__)
def test_a_static_path_that_climbs_out_is_not_a_500(client, settings):
    settings.DEBUG = True
    response = client.get("/static/..%2f..%2fconfig%2fsettings.py")
    assert response.status_code in (400, 404)


# Item 11: one limit per field, in the web, the CLI and the domain.


def test_a_megabyte_comment_is_refused(client, reviewer, scored_image):
    response = client.post(reverse("reviews:review", args=[scored_image.id]),
                           {"decision": "comment", "comment": "x" * 1_000_000}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and b"2,000" in response.content
    assert Review.objects.count() == 0


def test_the_domain_refuses_a_long_comment_too(scored_image, workspace):
    from reviews.decisions import Actor, review_record

    with pytest.raises(ValueError, match="the limit is 2,000"):
        review_record(generation=scored_image, actor=Actor(user=make_member(workspace=workspace)),
                      decision="comment", comment="y" * (text_limits.COMMENT + 1))


def test_a_two_megabyte_prompt_is_refused(client, designer, workspace):
    brief = make_brief(workspace=workspace, status=BriefStatus.DRAFT)
    prompt = Prompt.objects.create(brief=brief, style="minimalist", text="a watch")
    response = client.post(reverse("creative:brief_prompts", args=[brief.id]),
                           {f"text-{prompt.id}": "z" * 2_000_000})
    assert response.status_code == 422 and b"the limit is 2,000" in response.content
    assert Prompt.objects.get(id=prompt.id).text == "a watch"


def test_the_cli_refuses_a_brief_longer_than_the_form_allows():
    local_model()
    with pytest.raises(CommandError, match="the limit is 5,000") as excinfo:
        run_command("run", LAUNCH_BRIEF + " more" * 40_000)
    assert excinfo.value.returncode == 2


def test_the_cli_refuses_binary_input_with_a_reason_and_exit_2():
    """The real command line, with bytes that are not UTF-8 and bytes that are control characters."""
    for data in (b"Promote our watch \xff\xfe to runners", b"Promote our watch \x00\x01 to runners"):
        result = subprocess.run(
            [sys.executable, "manage.py", "creative", "run", "-"], input=data, capture_output=True,
            cwd=Path(settings.BASE_DIR), timeout=60,
            env={**os.environ, "DATABASE_URL": "sqlite:///:memory:", "DJANGO_SETTINGS_MODULE": "config.settings"},
        )
        assert result.returncode == 2, result.stderr
        assert b"Traceback" not in result.stderr
        assert b"not UTF-8 text" in result.stderr or b"control character" in result.stderr


# Item 14: a provider key that can no longer be decrypted.


def test_an_unreadable_provider_key_leaves_the_brief_form_working(client, designer, settings):
    make_image_model(name="paid-one", provider="openai", price_cents=4, enabled=True)
    account = ProviderAccount(provider="openai")
    account.set_key("sk-test-123456789")
    account.save()
    settings.SECRET_KEY = settings.CREATIVE_ENCRYPTION_KEY = "rotated-" + "k" * 50
    client.force_login(designer)  # the session's hash changed with SECRET_KEY

    response = client.get(reverse("creative:brief_new"))
    assert response.status_code == 200
    assert b"paid-one" not in response.content  # not configured any more

    admin = make_member(workspace=make_workspace(), role=Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:creative_provideraccount_changelist"))
    assert page.status_code == 200 and b"key unreadable: re-enter it" in page.content


# Item 17: CSV injection.

FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+SUM(1,2)", "-2+3", "@cmd", "\tx", "\rx"]


def test_every_formula_leading_cell_is_neutralised():
    for value in FORMULAS:
        assert sheet_cell(value) == "'" + value
    assert sheet_cell("Shop now") == "Shop now" and sheet_cell(-3) == -3


def test_manifest_and_platform_sheets_neutralise_user_text():
    row = {"file": "01-x/instagram_square.webp", "preset": "instagram_square", "channel": "instagram",
           "format": "webp", "width": 1080, "height": 1080, "prompt": "=HYPERLINK(\"http://evil\")",
           "style": "minimalist", "approvals": ["@ana"],
           "comments": [{"author": "+SUM(1)", "comment": "guest names are user text too"}]}
    manifest = list(csv.DictReader(io.StringIO(manifest_csv([row]))))
    assert manifest[0]["prompt"].startswith("'=") and manifest[0]["approvals"] == "'@ana"
    assert manifest[0]["comments"].startswith("'+SUM(1)")
    sheets = platform_sheets([row], context=SheetContext(campaign="=1+1", headline="+cmd", call_to_action="-x"))
    assert sheets
    for text in sheets.values():
        for cells in csv.reader(io.StringIO(text)):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells


# Item 12: SVG logos are drawn within a budget; replaced brand files are deleted.


def test_an_svg_with_too_many_shapes_is_refused_quickly():
    shapes = "".join(f'<rect x="{i % 100}" y="{i % 97}" width="1" height="1"/>' for i in range(68_000))
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">{shapes}</svg>'.encode()
    started = time.monotonic()
    with pytest.raises(LogoError, match="more than 5,000 shapes"):
        logo_rasterise(svg, filename="logo.svg")
    assert time.monotonic() - started < 2


def test_an_svg_that_repeats_a_group_through_use_is_counted_as_drawn():
    group = "".join(f'<rect x="{i}" y="0" width="1" height="1"/>' for i in range(100))
    uses = "".join('<use href="#g"/>' for _ in range(100))
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><g id="g">{group}</g>{uses}'
           "</svg>").encode()
    with pytest.raises(LogoError, match="shapes"):
        logo_rasterise(svg, filename="logo.svg")


def test_an_svg_with_a_megabyte_path_is_refused():
    path = "M0 0 " + " ".join(f"L{i % 100} {i % 37}" for i in range(150_000))
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><path d="{path}"/></svg>'.encode()
    with pytest.raises(LogoError, match="characters of points"):
        logo_rasterise(svg, filename="logo.svg")


def test_the_brand_kit_form_answers_a_huge_svg_with_422(client, designer, workspace):
    shapes = "".join('<circle cx="5" cy="5" r="1"/>' for _ in range(6_000))
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">{shapes}</svg>'.encode()
    response = client.post(reverse("creative:brand_kit", args=[workspace.id]), {
        "primary_colour": "#112233", "secondary_colour": "#445566", "text_colour": "#ffffff",
        "logo_upload": ContentFile(svg, name="logo.svg"),
    })
    assert response.status_code == 422 and b"more than 5,000 shapes" in response.content


def test_replacing_and_clearing_a_logo_deletes_the_old_files(client, designer, workspace):
    from tests.web.test_brand_kit import png_logo

    url = reverse("creative:brand_kit", args=[workspace.id])
    colours = {"primary_colour": "#112233", "secondary_colour": "#445566", "text_colour": "#ffffff"}
    client.post(url, {**colours, "logo_upload": ContentFile(png_logo(), name="first.png")})
    kit = BrandKit.objects.get(workspace=workspace)
    first = [kit.logo.name, kit.logo_raster.name]
    assert all(kit.logo.storage.exists(name) for name in first)

    client.post(url, {**colours, "logo_upload": ContentFile(png_logo(), name="second.png")})
    kit.refresh_from_db()
    assert not any(kit.logo.storage.exists(name) for name in first)
    second = [kit.logo.name, kit.logo_raster.name]

    client.post(url, {**colours, "clear_logo": "on"})
    kit.refresh_from_db()
    assert not kit.logo and not any(kit.logo.storage.exists(name) for name in second)
