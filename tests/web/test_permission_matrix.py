"""Every URL pattern x every kind of visitor x GET and POST, against an explicit table of expected answers.

The patterns come from the URL conf itself (and the websocket routes), so a new view without a row here
fails `test_every_url_pattern_has_a_row`. Roles: an `outsider` is an admin of another workspace (powers
elsewhere must not leak in), `designer`/`reviewer`/`admin` are members of the brief's workspace, a `guest`
holds the brief's invite link and gave a name, `anonymous` holds nothing.

Answers: 404 for what is not yours to know of, 403 for a member whose role lacks the permission (and for
an anonymous POST), 302 to the login form for an anonymous page, 405 for the wrong method. The bodies
are empty posts: an allowed role gets past the door and is stopped by validation (400/422), or acts.
"""

import re

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reviews.routing import websocket_urlpatterns

ROLES = ("anonymous", "guest", "outsider", "designer", "reviewer", "admin")
METHODS = ("GET", "POST")


def _row(anonymous, guest, outsider, designer, reviewer, admin):
    return dict(zip(ROLES, (anonymous, guest, outsider, designer, reviewer, admin), strict=True))


def _same(status):
    return _row(*[status] * 6)


# Shapes that repeat: (GET row, POST row).
PUBLIC_GET = (_same(200), _same(405))
MEMBER_PAGE = (_row(302, 302, 404, 200, 200, 200), _same(405))
NOT_GET = _same(405)


def _action(designer, reviewer):
    """A POST-only action: who gets past the door and what they then get."""
    return NOT_GET, _row(403, 403, 404, designer, reviewer, reviewer)


# URL name -> (expected GET by role, expected POST by role).
EXPECTED = {
    "login": (_same(200), _same(200)),
    "logout": (NOT_GET, _same(302)),
    "healthz": PUBLIC_GET,
    "readyz": PUBLIC_GET,
    # Briefs: designers and admins write them; an outsider writes in their own workspace, never in this one.
    "creative:brief_list": (_row(302, 302, 200, 200, 200, 200), NOT_GET),
    "creative:brief_new": (_row(302, 302, 200, 200, 403, 200), _row(403, 403, 422, 422, 403, 422)),
    "creative:brief_estimate": (_row(302, 302, 200, 200, 403, 200), NOT_GET),
    # What the team approves most, for a workspace the visitor writes briefs in (the outsider: their own).
    "creative:brief_suggestions": (_row(302, 302, 200, 200, 403, 200), NOT_GET),
    "creative:brief_requirements": (_row(302, 302, 404, 200, 403, 200), _row(403, 403, 404, 422, 403, 422)),
    "creative:brief_prompts": (_row(302, 302, 404, 200, 403, 200), _row(403, 403, 404, 302, 403, 302)),
    "creative:brief_prompts_start": (NOT_GET, _row(403, 403, 404, 302, 403, 302)),
    "creative:brief_prompts_regenerate": (NOT_GET, _row(403, 403, 404, 302, 403, 302)),
    "creative:generation_image": (_row(302, 302, 404, 200, 200, 200), NOT_GET),
    # A brief's product photos: its members see them, its designers and admins draw the box round the product.
    "creative:reference_image": (_row(302, 302, 404, 200, 200, 200), NOT_GET),
    "creative:reference_cutout": (_row(302, 302, 404, 200, 200, 200), NOT_GET),
    "creative:reference_box": (_row(302, 302, 404, 200, 403, 200), _row(403, 403, 404, 422, 403, 422)),
    "creative:export_download": (_row(302, 302, 404, 200, 200, 200), NOT_GET),
    # What leaves the building is the reviewers' call.
    "creative:share_create": _action(designer=403, reviewer=200),
    "creative:share_revoke": _action(designer=403, reviewer=200),
    # Share links: whoever holds the token.
    "creative:share_page": PUBLIC_GET,
    "creative:share_file": PUBLIC_GET,
    "creative:share_zip": PUBLIC_GET,
    "creative:share_sheet": PUBLIC_GET,
    "creative:brand_kit": (_row(302, 302, 404, 200, 200, 200), _row(403, 403, 404, 422, 403, 422)),
    "creative:brand_preview": (_row(302, 302, 404, 200, 200, 200), NOT_GET),
    "creative:focal_point": _action(designer=403, reviewer=422),
    # The gallery: every member sees it; reviewers act on it.
    "reviews:gallery": MEMBER_PAGE,
    "reviews:image": MEMBER_PAGE,
    "reviews:compare": MEMBER_PAGE,
    "reviews:activity": MEMBER_PAGE,
    "reviews:dashboard": (_row(302, 302, 200, 200, 200, 200), NOT_GET),
    # Whether the shortlist learns from the team is the reviewers' call.
    "reviews:learning_switch": _action(designer=403, reviewer=400),
    "reviews:bulk": _action(designer=403, reviewer=400),
    "reviews:export": _action(designer=403, reviewer=200),
    "reviews:invite": _action(designer=403, reviewer=200),
    "reviews:revoke_invite": _action(designer=403, reviewer=200),
    "reviews:review": _action(designer=403, reviewer=400),
    "reviews:retry": _action(designer=403, reviewer=422),  # may pay twice: a reviewer decides
    "reviews:more": _action(designer=403, reviewer=303),  # pays for a new image
    "reviews:promote": _action(designer=403, reviewer=422),
    # The invite link: the guest who gave a name sees the brief; anyone else is asked for a name.
    "reviews:guest": (_same(200), _same(200)),
    "reviews:guest_review": (NOT_GET, _row(404, 400, 404, 404, 404, 404)),
    "reviews:guest_image": (_row(404, 200, 404, 404, 404, 404), NOT_GET),
    # Automation: a workspace's admins hold its API tokens and webhooks; designers start batches.
    "creative:tokens": (_row(302, 302, 404, 403, 403, 200), _row(403, 403, 404, 403, 403, 422)),
    "creative:token_revoke": (NOT_GET, _row(403, 403, 404, 403, 403, 302)),
    "creative:webhook_create": (NOT_GET, _row(403, 403, 404, 403, 403, 422)),
    "creative:webhook_delete": (NOT_GET, _row(403, 403, 404, 403, 403, 302)),
    "creative:webhook_redeliver": (NOT_GET, _row(403, 403, 404, 403, 403, 302)),
    "creative:batch_new": (_row(302, 302, 404, 200, 403, 200), _row(403, 403, 404, 422, 403, 422)),
    "creative:batch": (_row(302, 302, 404, 200, 200, 200), NOT_GET),
    # Reviewers export a batch; every member downloads it (404 here: the world's batch has no export yet).
    "creative:batch_export": _action(designer=403, reviewer=422),
    "creative:batch_zip": (_row(302, 302, 404, 404, 404, 404), NOT_GET),
}
# Django's admin: staff only (a workspace admin is staff, as `manage.py up` makes them); every other
# visitor is sent to the admin's login. Its own answers to staff (lists, forms, redirects) are Django's.
ADMIN_SITE = {
    "admin:login": (_row(200, 200, 200, 200, 200, 302), _same(200)),  # staff are sent on to the index
    "admin:logout": (_row(302, 302, 302, 302, 302, 405), _same(302)),
}
# Query strings for pages that need one to show anything.
QUERIES = {"reviews:compare": "a={generation_id}&b={other_generation_id}"}
WEBSOCKET = _row(False, True, False, True, True, True)  # connected?


def _walk(resolver, prefix="", namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or prefix + str(pattern.pattern), (prefix + str(pattern.pattern), pattern)


URL_PATTERNS = dict(_walk(get_resolver()))
# The JSON API answers tokens, not sessions: tests/api/test_scopes.py holds its matrix, generated from its
# own schema, so an operation without a row fails there.
API = ("api:", "api/")
OWN = sorted(name for name in URL_PATTERNS
             if not name.startswith(("admin:", "admin/", *API)))
ADMIN = sorted(name for name in URL_PATTERNS if name.startswith(("admin:", "admin/")))


def test_every_url_pattern_has_a_row():
    assert sorted(set(OWN) - set(EXPECTED)) == [], "a view without a row in the permission matrix"
    assert sorted(set(EXPECTED) - set(OWN)) == [], "a row for a URL that no longer exists"
    assert [str(p.pattern) for p in websocket_urlpatterns] == ["ws/briefs/<int:brief_id>/", ""]


@pytest.fixture(autouse=True)
def _media_root():
    """The module's world keeps its files in the test run's media folder, not in one test's own."""


def _url(name: str, kwargs: dict) -> str:
    route, _ = URL_PATTERNS[name]
    wanted = {}
    for key in re.findall(r"<(?:\w+:)?(\w+)>", route):
        if key == "token":
            wanted[key] = kwargs["share_token" if name.startswith("creative:share") else "guest_token"]
        else:
            wanted[key] = kwargs[key]
    url = reverse(name, kwargs=wanted)
    return f"{url}?{QUERIES[name].format(**kwargs)}" if name in QUERIES else url


def _client(role: str, world) -> Client:
    client = Client()
    if role == "guest":
        client.post(reverse("reviews:guest", args=[world["kwargs"]["guest_token"]]), {"name": "Gail"})
    elif role != "anonymous":
        client.force_login(world["users"][role])
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("name", OWN)
def test_each_role_gets_its_answer(name, world):
    url = _url(name, world["kwargs"])
    expected_get, expected_post = EXPECTED[name]
    got, wanted = {}, {}
    for role in ROLES:
        for method, expected in zip(METHODS, (expected_get, expected_post), strict=True):
            client = _client(role, world)
            response = client.get(url) if method == "GET" else client.post(url)
            got[role, method], wanted[role, method] = response.status_code, expected[role]
            if response.status_code == 302 and expected[role] == 302 and role == "anonymous" and method == "GET":
                assert response["Location"].startswith("/login/"), url
    assert got == wanted, url


@pytest.mark.django_db
def test_the_admin_site_is_for_staff_only(world):
    """Every admin URL sends non-staff to the admin's login; staff get Django's own answers, never a 500."""
    for name in ADMIN:
        _, pattern = URL_PATTERNS[name]
        if name in ADMIN_SITE or not pattern.name:
            continue
        values = {"app_label": "creative", "object_id": "1", "content_type_id": "1", "url": "x"}
        url = reverse(name, kwargs={key: values.get(key, "1") for key in pattern.pattern.regex.groupindex})
        for role in ROLES:
            for method in METHODS:
                response = getattr(_client(role, world), method.lower())(url)
                if role == "admin":
                    # Object ids the matrix makes up need not exist, autocomplete wants its query: 4xx is fine.
                    assert response.status_code < 500, (url, method, response.status_code)
                else:
                    assert response.status_code == 302, (url, role, method)
                    assert response["Location"].startswith("/admin/login/"), (url, role, method)
    for name, (expected_get, expected_post) in ADMIN_SITE.items():
        for role in ROLES:
            assert _client(role, world).get(reverse(name)).status_code == expected_get[role], (name, role)
            assert _client(role, world).post(reverse(name)).status_code == expected_post[role], (name, role)


def _websocket(role: str, world) -> WebsocketCommunicator:
    kwargs = world["kwargs"]
    session = SessionStore()
    query = ""
    if role == "guest":
        client = _client("guest", world)
        session = SessionStore(session_key=client.cookies["sessionid"].value)
        query = f"?guest={kwargs['guest_token']}"
    elif role != "anonymous":
        user = world["users"][role]
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
    from config.asgi import application  # the ASGI app is built once Django is set up

    return WebsocketCommunicator(
        application, f"/ws/briefs/{kwargs['brief_id']}/{query}",
        headers=[(b"cookie", f"sessionid={session.session_key}".encode()), (b"origin", b"http://127.0.0.1")],
    )


@pytest.mark.django_db(transaction=True)
def test_each_role_may_or_may_not_watch_the_gallery_websocket(world):
    async def connects(communicator: WebsocketCommunicator) -> bool:
        connected, _ = await communicator.connect()
        await communicator.disconnect()
        return connected

    got = {role: async_to_sync(connects)(_websocket(role, world)) for role in ROLES}
    assert got == WEBSOCKET
