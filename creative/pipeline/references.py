"""A brief's reference images: product photos (cut out on upload) and the workspace logo, stored privately,
and handed to every generation's job (ImageJob.references)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from creative.models import Brief, BriefReference, CutoutMethod, ReferenceKind
from creative.pipeline.brand_kits import brand_logo
from creative.providers.base import Reference
from creative.references import ReferenceImageError, cutout_from_box, cutout_make, reference_decode
from creative.references.decode import png_bytes

MAX_PRODUCT_PHOTOS = 4  # every provider's image input takes at least this many (ImageJob.references)


def references_decode(*, uploads: Sequence[bytes]) -> list[Image.Image]:
    """Each uploaded product photo decoded within the limits; ReferenceImageError names the first bad one."""
    if len(uploads) > MAX_PRODUCT_PHOTOS:
        raise ReferenceImageError(f"Upload at most {MAX_PRODUCT_PHOTOS} product photos.")
    images = []
    for number, data in enumerate(uploads, 1):
        try:
            images.append(reference_decode(data))
        except ReferenceImageError as exc:
            raise ReferenceImageError(f"Photo {number}: {exc}" if len(uploads) > 1 else str(exc)) from None
    return images


def brief_references_add(*, brief: Brief, photos: Sequence[Image.Image], logo: bool = False) -> list[BriefReference]:
    """Store decoded product photos with their cutouts (when one can be made) and, when asked, the workspace's
    logo. Call it in the transaction that creates the brief, so its generations never start without them."""
    added = []
    with transaction.atomic():
        for photo in photos:
            reference = BriefReference(brief=brief, kind=ReferenceKind.PRODUCT, width=photo.width,
                                       height=photo.height)
            reference.image.save("product.png", ContentFile(png_bytes(photo)), save=False)
            if (cut := cutout_make(photo)) is not None:
                reference.cutout.save("cutout.png", ContentFile(png_bytes(cut.image)), save=False)
                reference.cutout_method = cut.method
            reference.save()
            added.append(reference)
        kit = getattr(brief.workspace, "brand_kit", None) if logo else None
        if (mark := brand_logo(kit)) is not None:
            reference = BriefReference(brief=brief, kind=ReferenceKind.LOGO, width=mark.width, height=mark.height,
                                       cutout_method=CutoutMethod.ALPHA)
            reference.image.save("logo.png", ContentFile(png_bytes(mark)), save=False)
            reference.cutout.save("logo-cutout.png", ContentFile(png_bytes(mark)), save=False)
            reference.save()
            added.append(reference)
    return added


def brief_reference_box_set(*, reference: BriefReference, box: tuple[float, float, float, float]) -> None:
    """Cut the product out of the designer's box (fractions of the photo) and keep that as its cutout."""
    x0, y0, x1, y1 = box
    if not (0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1) or (x1 - x0) * (y1 - y0) < 0.0025:
        raise ReferenceImageError("Draw a box inside the photo, around the product.")
    with reference.image.open("rb") as fh:
        photo = Image.open(io.BytesIO(fh.read())).convert("RGBA")
    cut = cutout_from_box(photo, box)
    old = reference.cutout.name
    reference.cutout.save("cutout.png", ContentFile(png_bytes(cut.image)), save=False)
    reference.box = [round(v, 4) for v in box]
    reference.cutout_method = CutoutMethod.BOX
    reference.save(update_fields=["cutout", "box", "cutout_method"])
    if old and old != reference.cutout.name:
        reference.cutout.storage.delete(old)


def references_for_job(*, brief_id: int) -> tuple[Reference, ...]:
    """The brief's references as the providers take them: PNG bytes, the cutout when there is one."""
    out = []
    for reference in BriefReference.objects.filter(brief_id=brief_id):
        with reference.image.open("rb") as fh:
            data = fh.read()
        cutout = None
        if reference.cutout:
            with reference.cutout.open("rb") as fh:
                cutout = fh.read()
        out.append(Reference(data=data, mime_type="image/png", kind=reference.kind, cutout=cutout))
    return tuple(out)


def product_cutouts(*, brief_id: int) -> list[bytes]:
    """The PNG cutouts (or, without one, the photos) a generated image is checked against for fidelity."""
    return [r.cutout or r.data for r in references_for_job(brief_id=brief_id) if r.kind == ReferenceKind.PRODUCT]
