"""A fuzz pass: every view, as a logged-in reviewer and designer, gets huge, negative, non-numeric, unicode and
binary values in every form field and query parameter the app reads, and never answers 500.

Bounded (a few hundred requests in all) so it runs in well under a minute; hypothesis keeps the
failing example it finds smallest, and a 500 raises in the test client, so the traceback shows.
"""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.test_permission_matrix import OWN, URL_PATTERNS, _url

# Every name a view or form of ours reads from GET or POST.
PARAMETERS = (
    "page", "a", "b", "prompt", "show", "model", "style", "sort", "guest", "download",
    "text", "models", "images_per_prompt", "budget_cents", "review_prompts", "workspace",
    "decision", "comment", "ids", "days", "x", "y", "name",
    "options", "channels", "presets", "formats", "quality", "overlay", "headline", "call_to_action",
    "watermark_text", "watermark_position", "watermark_opacity",
    "primary_colour", "secondary_colour", "text_colour", "clear_logo", "clear_font",
    "text-1", "negative-1", "username", "password",
)
NASTY = st.one_of(
    st.sampled_from([
        "99999999999999999999", "-1", "0", "-99999999999999999999", "1e309", "nan", "inf", "-inf", "abc", "",
        " ", "1.5", "0x10", "١٢٣", "²", "approve", "comment", "reject", "#zzzzzz", "<script>alert(1)</script>",
        "=HYPERLINK(\"x\")", "../../etc/passwd", "\x00", "\x00\x01\xff", "🙂" * 50, "x" * 10_000,
    ]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=30),  # any unicode, control characters and NUL included
    st.binary(max_size=30).map(lambda b: b.decode("latin-1")),  # bytes, as a browser would send them
)
VALUES = st.one_of(NASTY, st.lists(NASTY, min_size=2, max_size=3))
FORMS = st.dictionaries(st.sampled_from(PARAMETERS), VALUES, max_size=6)
# POST-only and page views alike get both methods: the method check must come before any parsing.
CASES = st.tuples(st.sampled_from(OWN), st.sampled_from(("designer", "reviewer")), st.sampled_from(("GET", "POST")),
                  FORMS)


@pytest.fixture(autouse=True)
def _media_root():
    """The module's world keeps its files in the test run's media folder, not in one test's own."""


@pytest.mark.django_db
@settings(max_examples=250, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=CASES)
def test_no_input_makes_a_view_answer_500(world, case):
    name, role, method, data = case
    if name == "logout":
        return  # it ends the session the next examples rely on, and reads nothing
    client = Client()
    client.force_login(world["users"][role])
    url = _url(name, world["kwargs"])
    response = client.get(url, data) if method == "GET" else client.post(url, data)
    assert response.status_code < 500, (url, method, data)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(brief_id=st.integers(min_value=-(2**70), max_value=2**70), page=NASTY)
def test_no_id_in_a_path_or_page_makes_the_gallery_answer_500(world, brief_id, page):
    """Path converters accept any run of digits: a 20-digit brief id must be a 404, not an overflow."""
    client = Client()
    client.force_login(world["users"]["reviewer"])
    path = f"/briefs/{brief_id}/" if brief_id >= 0 else "/briefs/0/"
    assert client.get(path, {"page": page}).status_code < 500
    assert client.post(reverse("reviews:review", args=[abs(brief_id)]), {"decision": "approve"}).status_code < 500


assert set(OWN) <= set(URL_PATTERNS)
