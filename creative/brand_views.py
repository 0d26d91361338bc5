"""A workspace's brand kit: colours, logo, font and default words for export overlays."""

import io

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from PIL import Image

from creative import access
from creative.access import member_login_required
from creative.export.brand import LogoError, svg_supported
from creative.export.overlay import overlay_apply
from creative.export.presets import PRESETS_BY_NAME
from creative.models import BrandKit
from creative.pipeline import (
    brand_for,
    brand_kit_files,
    brand_kit_files_prune,
    brand_kit_font_set,
    brand_kit_for,
    brand_kit_logo_set,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PREVIEW_PRESETS = (
    "instagram_square",
    "facebook_post",
    "iab_leaderboard",
    "iab_wide_skyscraper",
    "instagram_story",
)


class BrandKitForm(forms.ModelForm):
    logo_upload = forms.FileField(
        required=False, label="Logo", help_text="PNG, JPEG, WebP or SVG, up to 5 MB."
    )
    font_upload = forms.FileField(required=False, label="Font", help_text="TrueType or OpenType, up to 5 MB.")
    clear_logo = forms.BooleanField(required=False, label="Remove the logo")
    clear_font = forms.BooleanField(required=False, label="Use the bundled font")

    class Meta:
        model = BrandKit
        fields = ("primary_colour", "secondary_colour", "text_colour", "headline", "call_to_action")
        widgets = {
            name: forms.TextInput(attrs={"type": "color"})
            for name in ("primary_colour", "secondary_colour", "text_colour")
        }

    def clean(self):
        data = super().clean()
        for name in ("logo_upload", "font_upload"):
            upload = data.get(name)
            if upload and upload.size > MAX_UPLOAD_BYTES:
                self.add_error(name, "Files up to 5 MB, please.")
        return data

    def save(self, commit=True):
        before = brand_kit_files(self.instance)
        kit = super().save(commit=False)
        if self.cleaned_data.get("clear_logo"):
            kit.logo, kit.logo_raster = "", ""
        if self.cleaned_data.get("clear_font"):
            kit.font = ""
        for field, setter in (("logo_upload", brand_kit_logo_set), ("font_upload", brand_kit_font_set)):
            upload = self.cleaned_data.get(field)
            if upload:
                try:
                    setter(kit=kit, data=upload.read(), filename=upload.name)
                except LogoError as exc:
                    self.add_error(field, str(exc))
                    return None
        kit.updated = timezone.now()
        if commit:
            kit.save()
            brand_kit_files_prune(kit=kit, before=before)
        return kit


@member_login_required
def brand_kit(request: HttpRequest, workspace_id: int) -> HttpResponse:
    # Designers and admins shape the brand; reviewers see it.
    if request.method == "POST":
        workspace = access.workspace_for_designer(request, workspace_id)
    else:
        workspace = access.workspace_for_member(request, workspace_id)
    can_edit = access.can_write_briefs(request.user, workspace.id)
    kit = brand_kit_for(workspace)
    form = BrandKitForm(request.POST or None, request.FILES or None, instance=kit)
    if request.method == "POST" and form.is_valid() and form.save() is not None:
        messages.success(request, "Brand kit saved.")
        return redirect("creative:brand_kit", workspace_id=workspace.id)
    context = {
        "workspace": workspace,
        "kit": kit,
        "form": form,
        "can_edit": can_edit,
        "svg": svg_supported(),
        "next": request.GET.get("next", ""),
    }
    return render(
        request, "creative/brand_kit.html", context, status=422 if request.method == "POST" else 200
    )


@require_GET
@member_login_required
def brand_preview(request: HttpRequest, workspace_id: int) -> HttpResponse:
    """A PNG contact sheet of the overlay on a sample picture in five presets, as exports would draw it."""
    workspace = access.workspace_for_member(request, workspace_id)
    kit = brand_kit_for(workspace)
    brand = brand_for(
        kit, headline=kit.headline or "Your headline here", call_to_action=kit.call_to_action or "Shop now"
    )
    sample = Image.merge(
        "RGB", [Image.linear_gradient("L").resize((600, 600)).rotate(angle) for angle in (0, 90, 45)]
    )
    tiles = []
    for name in PREVIEW_PRESETS:
        preset = PRESETS_BY_NAME[name]
        scale = 240 / max(preset.width, preset.height) if preset.height > 300 else 1
        size = (max(1, round(preset.width * scale)), max(1, round(preset.height * scale)))
        tile, _ = overlay_apply(sample.resize(size), brand=brand, preset=preset)
        tiles.append(tile)
    sheet = Image.new(
        "RGB", (sum(t.width for t in tiles) + 12 * len(tiles), max(t.height for t in tiles)), "white"
    )
    x = 0
    for tile in tiles:
        sheet.paste(tile, (x, 0))
        x += tile.width + 12
    buffer = io.BytesIO()
    sheet.save(buffer, "PNG")
    response = HttpResponse(buffer.getvalue(), content_type="image/png")
    response["Cache-Control"] = "private, no-cache"
    return response
