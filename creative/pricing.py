"""What a call costs: the price in effect for a model (admin `ModelPrice` rows, dated), and the cost of one
finished image call from what its provider reported.

Image calls are priced, in order of trust: the provider's own charge (BFL `cost`, Stability credits); the
token counts it reported (OpenAI image `usage`, Gemini `usageMetadata`) at the model's per-token prices in
effect; else the estimate per image, marked as such. Chat calls are priced from their token counts, by a
`ModelPrice` row when one exists, else by CREATIVE_LLM_PRICES.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from creative.models import CostSource, ImageModel, ModelPrice
from creative.providers.base import ImageResult

MILLION = Decimal(1_000_000)


@dataclass(frozen=True)
class Cost:
    """A call's cost and where it comes from; `cents` None means the estimate recorded at the claim stands."""

    cents: Decimal | None
    source: str

    @property
    def is_actual(self) -> bool:
        return self.source in (CostSource.REPORTED, CostSource.USAGE)


def is_dated_version(spec: str, base: str) -> bool:
    """Whether `spec` names `base` or a dated version of it: "gpt-4o-2024-08-06" is gpt-4o, "gpt-4o-mini" is not."""
    if spec == base:
        return True
    rest = spec[len(base) + 1:] if spec.startswith(f"{base}-") else ""
    return bool(rest) and (rest[:1].isdigit() or rest == "latest")


def price_in_effect(*, provider: str, model: str, at: datetime | None = None) -> ModelPrice | None:
    """The latest price row for the model (or the longest model id it is a dated version of) in effect at `at`."""
    at = at or timezone.now()
    rows = ModelPrice.objects.filter(provider=provider, effective_from__lte=at).order_by("-effective_from")
    matching = [row for row in rows if is_dated_version(model, row.model)]
    if not matching:
        return None
    longest = max(len(row.model) for row in matching)
    return next(row for row in matching if len(row.model) == longest)


def image_estimate_cents(*, model: ImageModel, at: datetime | None = None) -> Decimal:
    """The estimate per image: the dated price's per-image figure when one is in effect, else the model row's."""
    price = price_in_effect(provider=model.provider, model=model.name, at=at)
    if price is not None and price.per_image_cents is not None:
        return price.per_image_cents
    return Decimal(model.price_cents)


def usage_cents(usage: dict, per_million: dict) -> Decimal | None:
    """Token counts times their prices; None when a kind that was used has no price (unknown is not free)."""
    used = {kind: count for kind, count in usage.items() if count}
    if not used or any(kind not in per_million for kind in used):
        return None
    return sum((Decimal(count) * Decimal(per_million[kind]) / MILLION for kind, count in used.items()), Decimal(0))


def image_cost(*, model: ImageModel, result: ImageResult, at: datetime | None = None) -> Cost:
    """What one image call cost, from what its provider reported, with where the figure comes from."""
    if result.cost_cents is not None and result.cost_source == CostSource.REPORTED:
        return Cost(Decimal(str(result.cost_cents)), CostSource.REPORTED)
    if result.usage:
        price = price_in_effect(provider=model.provider, model=model.name, at=at)
        cents = usage_cents(result.usage, price.per_million) if price is not None else None
        if cents is not None:
            return Cost(cents.quantize(Decimal("0.001")), CostSource.USAGE)
    # Nothing reported: the estimate recorded at the claim stands (an adapter's own guess does not replace it,
    # so the ledger, the limits and the gallery show one figure).
    return Cost(None, CostSource.ESTIMATE)


def chat_price(*, provider: str, model: str, at: datetime | None = None) -> tuple[Decimal, Decimal] | None:
    """A chat model's (input, output) cents per million tokens from a dated price row, or None for none."""
    price = price_in_effect(provider=provider, model=model, at=at)
    if price is None or price.input_text_cents is None or price.output_text_cents is None:
        return None
    return price.input_text_cents, price.output_text_cents
