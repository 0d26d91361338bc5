"""What the tests need from the machine, and how its absence is reported."""

import os

import pytest

IN_CI = os.getenv("CI", "").lower() == "true"


def require(ok: bool, reason: str) -> None:
    """A missing service is a clear skip on a laptop and a failure in CI, never a silent pass."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"{reason} (required when CI=true)")
    pytest.skip(reason)
