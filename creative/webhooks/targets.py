"""Where a webhook may be sent: http(s) to a public address, so a workspace cannot make the server call its
own network (SSRF). Checked when the endpoint is saved and again before every delivery, since DNS changes."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


def _addresses(host: str, port: int) -> list[str]:
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})
    except (socket.gaierror, UnicodeError, ValueError):
        return []


def target_problem(url: str) -> str:
    """Why `url` may not receive webhooks ("" when it may)."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return "The URL is not valid."
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "The URL must start with http:// or https:// and name a host."
    if parts.username or parts.password:
        return "The URL must not carry a user name or password; the signature authenticates deliveries."
    addresses = _addresses(parts.hostname, port)
    if not addresses:
        return f"The host {parts.hostname} cannot be resolved."
    if settings.CREATIVE_WEBHOOK_ALLOW_PRIVATE:
        return ""
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return (f"{parts.hostname} resolves to {address}, a loopback, private or reserved address: webhooks "
                    "go to public addresses only (CREATIVE_WEBHOOK_ALLOW_PRIVATE allows others).")
    return ""
