"""Encryption of provider keys at rest: Fernet with a key derived from CREATIVE_ENCRYPTION_KEY.

Upgrade path: keys stored before CREATIVE_ENCRYPTION_KEY existed were encrypted with a key derived from
SECRET_KEY. That derivation stays readable as a fallback, and `provider_keys_reencrypt` (run by `manage.py up`)
moves such rows to the current key, so SECRET_KEY can rotate afterwards.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from creative.models import ProviderAccount


def _derived(material: str) -> Fernet:
    digest = hashlib.sha256(f"creative-provider-keys:{material}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _fernet() -> Fernet:
    return _derived(settings.CREATIVE_ENCRYPTION_KEY)


def _readers() -> MultiFernet:
    """The current key first, then the SECRET_KEY derivation older versions encrypted with."""
    keys = [_fernet()]
    if settings.SECRET_KEY != settings.CREATIVE_ENCRYPTION_KEY:
        keys.append(_derived(settings.SECRET_KEY))
    return MultiFernet(keys)


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def provider_keys_reencrypt() -> int:
    """Encrypt again with the current key every stored provider key still readable only by the fallback."""
    moved = 0
    current = _fernet()
    for account in ProviderAccount.objects.exclude(encrypted_key=""):
        token = account.encrypted_key.encode()
        try:
            current.decrypt(token)
            continue
        except InvalidToken:
            pass
        try:
            account.encrypted_key = _readers().rotate(token).decode()
        except InvalidToken:
            continue  # unreadable by any key: admin asks for it again
        account.save(update_fields=["encrypted_key"])
        moved += 1
    return moved


def decrypt(token: str) -> str:
    try:
        return _readers().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("stored provider key cannot be decrypted: was the encryption key changed?") from exc
