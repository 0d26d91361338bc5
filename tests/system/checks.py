"""What "nothing lost, nothing paid twice" means, checked in the database, storage and providers' logs."""

from __future__ import annotations

import hashlib
from collections import Counter

from tests.fakes.stability import parse_multipart
from tests.system.cluster import FINAL, Cluster

# What a paid request looks like at each provider, and where it carries the generation's seed: the
# seed is unique per generation in a brief, so the providers' own logs tell if one was paid twice.
PAID = {
    "imagen": (":predict", lambda request: request.json()["parameters"]["seed"]),
    "gemini": (":generateContent", lambda request: request.json()["generationConfig"]["seed"]),
    "stability": ("/stable-image/generate/", lambda request: int(parse_multipart(request)["seed"])),
    "flux": ("/v1/flux", lambda request: request.json()["seed"]),
}


def assert_nothing_lost(cluster: Cluster, brief_id: int, fakes: dict, *, expected: int, unknown_allowed: int,
                        read) -> list[dict]:
    """Every generation final, each paid at most once, every paid image kept; returns the generations.

    `read(name)` returns a stored file's bytes. The only failure allowed is `unknown_outcome`: a sync call
    that was in flight when its worker was killed. It may have been billed, so it is never resent,
    and its request reached the provider at most once.
    """
    generations = cluster.generations(brief_id)
    assert len(generations) == expected
    assert {g["status"] for g in generations} <= set(FINAL), Counter(g["status"] for g in generations)

    by_seed = {g["seed"]: g for g in generations}
    for provider, fake in fakes.items():
        paid = Counter(paid_seeds(provider, fake))
        assert set(paid) <= set(by_seed), f"{provider} was paid for images of no generation of this brief"
        twice = {by_seed[seed]["id"]: n for seed, n in paid.items() if n > 1}
        assert not twice, f"{provider} was paid more than once for generations {twice}"
    assert cluster.paid_twice() == [], "the ledger records two billed calls for one generation"

    failed = [g for g in generations if g["status"] == "failed"]
    kinds = [(g["id"], g["error_kind"]) for g in failed]
    assert {kind for _, kind in kinds} <= {"unknown_outcome"}, kinds
    assert len(failed) <= unknown_allowed, f"{unknown_allowed} unknown outcomes allowed: {kinds}"

    for generation in generations:
        if generation["status"] != "scored":
            continue
        data = read(generation["image"])
        assert hashlib.sha256(data).hexdigest() == generation["sha256"], f"image {generation['id']} differs"
        assert read(generation["thumbnail"]).startswith(b"RIFF"), f"thumbnail {generation['id']} is not WebP"
    return generations


def busiest_minute(times: list[float], *, slack: float = 0.5) -> int:
    """The most requests inside any window of a minute (less `slack`, for the hop from claim to arrival)."""
    times, most, start = sorted(times), 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 60 - slack:
            start += 1
        most = max(most, end - start + 1)
    return most


def paid_per_minute(provider: str, fake) -> int:
    return busiest_minute(paid_times(provider, fake))


def paid_seeds(provider: str, fake) -> list[int]:
    """The seed of every paid request the provider's fake received, in order."""
    path, seed_of = PAID[provider]
    return [seed_of(r) for r in list(fake.requests) if r.method == "POST" and path in r.path]


def paid_times(provider: str, fake) -> list[float]:
    """When each paid request arrived (the fleet fixture stamps the fake's request log)."""
    path, _ = PAID[provider]
    stamped = zip(list(fake.requests.times), list(fake.requests), strict=True)
    return [moment for moment, r in stamped if r.method == "POST" and path in r.path]
