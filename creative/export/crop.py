"""Cover-fit crops around a focal point."""

from __future__ import annotations


def cover_box(
    *, src_size: tuple[int, int], dst_size: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of the destination's aspect ratio inside the source, centred on the focal point
    as far as the edges allow; (left, top, right, bottom) in source pixels.

    The box spans the source fully in one direction and is clamped, never shifted past the focal
    point, in the other, so the focal point is always inside it.
    """
    src_width, src_height = src_size
    dst_width, dst_height = dst_size
    if min(src_width, src_height, dst_width, dst_height) <= 0:
        raise ValueError(f"sizes must be positive: {src_size} -> {dst_size}")
    # Compare aspect ratios in integers so equal ratios stay exactly full-size.
    if src_width * dst_height > src_height * dst_width:
        height = src_height
        width = min(src_width, max(1, round(src_height * dst_width / dst_height)))
    else:
        width = src_width
        height = min(src_height, max(1, round(src_width * dst_height / dst_width)))
    focal_x = min(1.0, max(0.0, focal[0])) * src_width
    focal_y = min(1.0, max(0.0, focal[1])) * src_height
    left = _clamp(round(focal_x - width / 2), 0, src_width - width)
    top = _clamp(round(focal_y - height / 2), 0, src_height - height)
    return (left, top, left + width, top + height)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
