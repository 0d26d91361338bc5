"""Where people open the app: SITE_URL when it is set, else the address `manage.py up` serves on.

The command line runs in another process than the server, so `up` records its address in a file beside the
installation's data (settings.KEY_DIR, with its generated keys); links printed by the CLI then point at
the port actually in use rather than at the default.
"""

from pathlib import Path

from django.conf import settings

DEFAULT_SITE_URL = "http://127.0.0.1:8000"
_FILE_NAME = "server_url"
_ANY_ADDRESS = ("0.0.0.0", "::", "")  # listening everywhere: this machine is reached on the loopback


def _recorded() -> Path:
    return Path(settings.KEY_DIR) / _FILE_NAME


def site_address_record(*, host: str, port: int) -> str:
    """Remember the address this installation serves on; returns it."""
    host = "127.0.0.1" if host in _ANY_ADDRESS else (f"[{host}]" if ":" in host else host)
    url = f"http://{host}:{port}"
    try:
        _recorded().write_text(url + "\n")
    except OSError:
        pass  # a read-only data folder: links fall back to SITE_URL's default
    return url


def site_url() -> str:
    """The base URL for links printed outside a request, without a trailing slash."""
    if settings.SITE_URL.rstrip("/") != DEFAULT_SITE_URL:
        return settings.SITE_URL.rstrip("/")
    try:
        recorded = _recorded().read_text().strip()
    except OSError:
        recorded = ""
    return recorded.rstrip("/") or DEFAULT_SITE_URL
