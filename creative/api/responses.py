"""The error answers every operation documents, so a client (and the schema fuzz) knows each status."""

from creative.api.schemas import ErrorOut
from creative.forms import MAX_ID

__all__ = ["ERRORS", "MAX_ID", "binary"]

# 400: a body that is not JSON (ninja's own answer).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def binary(media_type: str, description: str) -> dict:
    """openapi_extra for an operation answering a file."""
    return {"responses": {200: {"description": description,
                                "content": {media_type: {"schema": {"type": "string", "format": "binary"}}}}}}
