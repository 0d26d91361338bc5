"""Images sent in JSON bodies: base64 text decoded, or a ValueError naming the field (a 422)."""

import base64
import binascii


def image_bytes(field: str, data: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{field} is not base64") from None
