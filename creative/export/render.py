"""Renditions: one approved image cropped around its focal point into every preset, encoded.

`render_sizes` is the fast path: presets sharing a crop share box-filtered intermediates, finished
with LANCZOS (an exact halving is a 2x2 average; crops below 2x from the source use a Hamming
filter, see DIRECT_FILTER), and the resizes and encodes run on a thread pool, since Pillow releases
the GIL for both. `render_sizes_submit` is the same without waiting, so a package can
queue the next image while this one encodes. `naive_render_sizes` is the plain loop it must
beat; bench/render.py and bench/export.py compare them.

Each rendition can be finished (overlay, watermark) after resizing, carries an XMP packet, and
can be sealed (C2PA) after encoding: `Finishing` holds those steps.
"""

from __future__ import annotations

import ctypes
import io
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PIL import Image, PngImagePlugin, features

from .crop import cover_box
from .presets import Preset

FORMATS: tuple[str, ...] = ("webp", "jpeg", "png") + (("avif",) if features.check("avif") else ())
MIME_TYPES = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png", "avif": "image/avif"}
EXTENSIONS = {"webp": "webp", "jpeg": "jpg", "png": "png", "avif": "avif"}
DEFAULT_QUALITY = 85

# After a box reduction, the final step always shrinks by at least this factor; the reduction does
# the rest (the rule of Pillow's own `reducing_gap`). At 2.0, 512 and 256 px come from shared
# 1024 and 512 px intermediates, within ~49 dB PSNR of resampling the full image (measured on a
# photo-like test image): no visible difference, and the same file sizes.
REDUCING_GAP = 2.0

# A crop resampled straight from the source (ratios below 2: 2048 -> 1080, 1920, 1200 px) uses a
# Hamming-windowed filter: within 48-50 dB PSNR of LANCZOS on photographs, far under WebP q85's own
# error (~40 dB), 0.7-3% fewer bytes, and half the resize cost, which is what brings the eight
# sizes to sharp's CPU time. After a box reduction, LANCZOS's sharper response stays: it restores
# what the box average softened.
DIRECT_FILTER = Image.Resampling.HAMMING



def _keep_image_buffers_out_of_the_heap() -> None:
    """Have glibc serve allocations of 1 MB and more (image buffers) from mmap, always.

    glibc raises its mmap threshold each time a large block is freed, so after the first images
    their buffers come from per-thread heaps that fragment and never shrink: an export's peak RSS
    then wandered from 160 to over 500 MB between identical runs. Fixing the threshold returns
    every freed image to the OS at once (measured: 113-124 MB for forty 2048 px images), for the
    cost of zeroing fresh pages, about 1% of the render time.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc (macOS, musl): their allocators do not grow the threshold
        return
    m_mmap_threshold = -3
    libc.mallopt(m_mmap_threshold, 1 << 20)


_keep_image_buffers_out_of_the_heap()

# One pool per process: renditions of one image run side by side on every core. WebP encoding of
# the 2048 px original is the longest single task, so the rest is scheduled around it.
_EXECUTOR = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1), thread_name_prefix="render")


@dataclass(frozen=True)
class Rendition:
    """One encoded output: exactly the preset's size, in one format."""

    preset: Preset
    width: int
    height: int
    format: str
    data: bytes

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


@dataclass(frozen=True)
class Finishing:
    """Steps around the encoder: `finish` draws on the resized image (overlay, watermark), `xmp` is
    embedded in every file, `seal(data, mime_type, preset_name)` rewrites the encoded bytes (C2PA)."""

    finish: Callable[[Image.Image, Preset], Image.Image] | None = None
    xmp: bytes = b""
    seal: Callable[[bytes, str, str], bytes] | None = None


NO_FINISHING = Finishing()


def render_sizes(
    image: Image.Image,
    *,
    presets: Sequence[Preset],
    focal: tuple[float, float] = (0.5, 0.5),
    format: str = "webp",
    quality: int = DEFAULT_QUALITY,
    finishing: Finishing = NO_FINISHING,
) -> list[Rendition]:
    """Every preset cover-cropped around `focal`, resized and encoded; in the order of `presets`."""
    futures = render_sizes_submit(
        image, presets=presets, focal=focal, formats=[format], quality=quality, finishing=finishing
    )
    return [future.result()[0] for future in futures]


def render_sizes_submit(
    image: Image.Image,
    *,
    presets: Sequence[Preset],
    focal: tuple[float, float] = (0.5, 0.5),
    formats: Sequence[str] = ("webp",),
    quality: int = DEFAULT_QUALITY,
    finishing: Finishing = NO_FINISHING,
) -> list[Future[list[Rendition]]]:
    """Queue every preset on the shared pool; each future holds that preset's renditions, one per format.

    A preset is resized (and finished) once, then encoded into each format: formats share the pixels.
    """
    formats = [normalise_format(format) for format in formats]
    source = _prepare(image)
    jobs = []
    for preset in presets:
        box = cover_box(src_size=source.size, dst_size=preset.size, focal=focal)
        jobs.append(_Job(preset=preset, box=box, factor=_reduce_factor(box=box, size=preset.size)))

    # Longest first, so the big encodes start at once and the small ones fill the gaps; the
    # shared intermediates are made here while the first jobs already run.
    futures: dict[int, Future[list[Rendition]]] = {}
    order = sorted(range(len(jobs)), key=lambda index: (jobs[index].factor > 1, -jobs[index].cost))
    intermediates: dict[tuple[tuple[int, int, int, int], int], Image.Image] = {}
    for index in order:
        job = jobs[index]
        start = _intermediate(source, box=job.box, factor=job.factor, cache=intermediates)
        futures[index] = _EXECUTOR.submit(
            _render_job, start, job=job, formats=formats, quality=quality, finishing=finishing
        )
    return [futures[index] for index in range(len(jobs))]


def submit(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
    """Run on the rendering pool (a package decodes its next source there, between encodes)."""
    return _EXECUTOR.submit(function, *args, **kwargs)


def naive_render_sizes(
    image: Image.Image,
    *,
    presets: Sequence[Preset],
    focal: tuple[float, float] = (0.5, 0.5),
    format: str = "webp",
    quality: int = DEFAULT_QUALITY,
) -> list[Rendition]:
    """The baseline: each preset cropped from the full image, LANCZOS-resized and encoded, one by one."""
    format = normalise_format(format)
    source = _prepare(image)
    renditions = []
    for preset in presets:
        box = cover_box(src_size=source.size, dst_size=preset.size, focal=focal)
        resized = source.crop(box).resize(preset.size, Image.Resampling.LANCZOS)
        data = encode(resized, format=format, quality=quality)
        renditions.append(
            Rendition(preset=preset, width=preset.width, height=preset.height, format=format, data=data)
        )
    return renditions


def encode(image: Image.Image, *, format: str, quality: int = DEFAULT_QUALITY, xmp: bytes = b"") -> bytes:
    """Encode with each format's default effort; JPEG drops transparency onto white, PNG ignores quality.

    `xmp` is embedded as each format stores it: a WebP/AVIF chunk, a JPEG APP1 segment, a PNG iTXt.
    """
    format = normalise_format(format)
    buffer = io.BytesIO()
    if format == "jpeg":
        _flatten(image).save(buffer, "JPEG", quality=quality, **({"xmp": xmp} if xmp else {}))
    elif format == "png":
        info = None
        if xmp:
            info = PngImagePlugin.PngInfo()
            info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        image.save(buffer, "PNG", pnginfo=info)
    else:
        image.save(buffer, format.upper(), quality=quality, **({"xmp": xmp} if xmp else {}))
    return buffer.getvalue()


def normalise_format(format: str) -> str:
    """The canonical format name ("jpg" is "jpeg"); ValueError for formats this Pillow cannot write."""
    name = format.lower().strip()
    name = "jpeg" if name == "jpg" else name
    if name not in FORMATS:
        raise ValueError(f"unsupported format {format!r}; expected one of {', '.join(FORMATS)}")
    return name


@dataclass(frozen=True)
class _Job:
    """One preset's plan: its crop box and the box reduction applied before the final resize."""

    preset: Preset
    box: tuple[int, int, int, int]
    factor: int

    @property
    def cost(self) -> float:
        # Encoding dominates and grows with the output; resampling grows with what it reads.
        box_width, box_height = self.box[2] - self.box[0], self.box[3] - self.box[1]
        resampled = (box_width, box_height) != self.preset.size
        read = box_width * box_height / self.factor**2 if resampled else 0
        return self.preset.width * self.preset.height + 0.25 * read


def _prepare(image: Image.Image) -> Image.Image:
    """RGB, or RGBA when there is transparency; loaded, so worker threads only read it."""
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    image.load()
    return image


def _reduce_factor(*, box: tuple[int, int, int, int], size: tuple[int, int]) -> int:
    """The largest integer box reduction that still leaves the final resize REDUCING_GAP to do.

    One exception: a crop exactly twice the preset (2048 -> 1024) is a 2x2 average and nothing
    else. That is within ~49 dB PSNR of LANCZOS on photographs and 0.9% smaller as WebP, at a
    twelfth of the cost (5 ms instead of 64 ms, the most expensive resize of the seed eight).
    Deeper box-only reductions drift further (4x: 46 dB; 8x: 43 dB and 5% fewer bytes), so they
    keep a LANCZOS final step.
    """
    box_width, box_height = box[2] - box[0], box[3] - box[1]
    if (box_width, box_height) == (2 * size[0], 2 * size[1]):
        return 2
    return max(1, int(min(box_width / (REDUCING_GAP * size[0]), box_height / (REDUCING_GAP * size[1]))))


def _intermediate(
    source: Image.Image,
    *,
    box: tuple[int, int, int, int],
    factor: int,
    cache: dict[tuple[tuple[int, int, int, int], int], Image.Image],
) -> Image.Image:
    """The crop `box` box-reduced by `factor`, made from the smallest cached reduction that divides evenly."""
    if factor == 1:
        return source
    if (box, factor) in cache:
        return cache[(box, factor)]
    box_width, box_height = box[2] - box[0], box[3] - box[1]
    reduced = None
    # Reducing an exact reduction again gives the same averages as reducing the source at once.
    for smaller in range(factor - 1, 1, -1):
        divides = factor % smaller == 0 and box_width % factor == 0 and box_height % factor == 0
        if divides and (box, smaller) in cache:
            reduced = cache[(box, smaller)].reduce(factor // smaller)
            break
    if reduced is None:
        reduced = source.reduce(factor, box=box)
    cache[(box, factor)] = reduced
    return reduced


def _render_job(
    start: Image.Image, *, job: _Job, formats: Sequence[str], quality: int, finishing: Finishing
) -> list[Rendition]:
    preset = job.preset
    if job.factor > 1:
        # `start` is the crop already reduced; the box keeps the exact (fractional) crop edges.
        box_width, box_height = job.box[2] - job.box[0], job.box[3] - job.box[1]
        box = (0, 0, box_width / job.factor, box_height / job.factor)
    else:
        box = job.box
    if (box[2] - box[0], box[3] - box[1]) == preset.size:
        # A copy even when the box is the whole image: save() writes encoder state onto the image.
        resized = start.crop(box)
    else:
        final = Image.Resampling.LANCZOS if job.factor > 1 else DIRECT_FILTER
        resized = start.resize(preset.size, final, box=box)
    if finishing.finish is not None:
        resized = finishing.finish(resized, preset)
    renditions = []
    for format in formats:
        data = encode(resized, format=format, quality=quality, xmp=finishing.xmp)
        if finishing.seal is not None:
            data = finishing.seal(data, MIME_TYPES[format], preset.name)
        renditions.append(
            Rendition(preset=preset, width=preset.width, height=preset.height, format=format, data=data)
        )
    return renditions


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode == "RGB":
        return image
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        backdrop = Image.new("RGBA", rgba.size, "white")
        return Image.alpha_composite(backdrop, rgba).convert("RGB")
    return image.convert("RGB")
