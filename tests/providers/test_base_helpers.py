"""The helpers every adapter shares: base64 image payloads, and which HTTP answers to a paid POST may retry."""

import base64

import httpx
import pytest

from creative.providers.base import ProviderError, decode_base64_image, paid_error_for_response
from tests.fakes.server import png_bytes

# Bytes whose base64 differs between the alphabets (they encode to '+' and '/' in the standard one).
IMAGE = png_bytes(33, 17) + b"\xfb\xff\xfe"


@pytest.mark.parametrize("encode", [base64.b64encode, base64.urlsafe_b64encode], ids=["standard", "url-safe"])
def test_both_base64_alphabets_decode(encode):
    text = encode(IMAGE).decode()

    assert decode_base64_image(text) == IMAGE


def test_unpadded_and_wrapped_base64_decodes():
    text = base64.urlsafe_b64encode(IMAGE).decode().rstrip("=")
    wrapped = "\n".join(text[i:i + 76] for i in range(0, len(text), 76))

    assert decode_base64_image(wrapped) == IMAGE


@pytest.mark.parametrize("text", ["not base64!", "ab+c-d==", "", None, "data:image/png;base64,iVBO"])
def test_anything_else_is_invalid_image(text):
    with pytest.raises(ProviderError) as info:
        decode_base64_image(text)

    assert info.value.kind == "invalid_image"


def answer(status: int, headers=None) -> httpx.Response:
    return httpx.Response(status, json={"error": {"message": "no"}}, headers=headers)


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504, 529])
def test_a_5xx_or_408_on_a_paid_post_is_unknown_outcome_whatever_the_retry_list(status):
    error = paid_error_for_response(answer(status), retry_statuses=(408, 429, 500, 502, 503, 504, 529))

    assert (error.kind, error.retryable, error.proves_not_billed) == ("unknown_outcome", False, False)


def test_429_on_a_paid_post_retries_after_the_wait_asked_for():
    error = paid_error_for_response(answer(429, {"retry-after": "3"}))

    assert (error.kind, error.retryable, error.retry_after) == ("rate_limited", True, 3.0)
    assert error.proves_not_billed


@pytest.mark.parametrize("status, kind", [(400, "bad_request"), (401, "auth"), (403, "auth"), (422, "bad_request"),
                                          (410, "model_retired")])
def test_refusals_before_any_work_are_final_and_not_billed(status, kind):
    error = paid_error_for_response(answer(status))

    assert (error.kind, error.retryable, error.proves_not_billed) == (kind, False, True)
