from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def dollars(cents) -> str:
    """Cents as dollars: 4 -> "$0.04", 0.35 -> "$0.0035" (fractions of a cent matter at scale)."""
    value = Decimal(str(cents or 0)) / 100
    return f"${value:.2f}" if value == value.quantize(Decimal("0.01")) or value >= 1 else f"${value:.4f}".rstrip("0")


@register.filter
def percent_of(part, whole) -> int:
    return round(100 * (part or 0) / whole) if whole else 0
