"""Encryption of provider keys at rest: Fernet with a key derived from settings."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    # A dedicated key may be set so SECRET_KEY can rotate without losing stored provider keys.
    material = getattr(settings, "CREATIVE_ENCRYPTION_KEY", "") or settings.SECRET_KEY
    digest = hashlib.sha256(f"creative-provider-keys:{material}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("stored provider key cannot be decrypted: was the encryption key changed?") from exc
