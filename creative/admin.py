from django import forms
from django.contrib import admin

from creative.models import Brief, Export, Generation, ImageModel, Membership, Prompt, ProviderAccount, Rendition, Workspace


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "approvals_needed", "created"]
    inlines = [MembershipInline]


@admin.register(ImageModel)
class ImageModelAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "price_cents", "max_concurrency", "rpm", "enabled"]
    list_editable = ["price_cents", "max_concurrency", "rpm", "enabled"]
    list_filter = ["provider", "enabled"]
    search_fields = ["name", "label"]


class ProviderAccountForm(forms.ModelForm):
    # Write-only: the stored key is never rendered back, only its last characters.
    api_key = forms.CharField(
        required=False, widget=forms.PasswordInput(render_value=False),
        help_text="Leave empty to keep the stored key. Stored encrypted; never shown again.",
    )
    clear_key = forms.BooleanField(required=False, help_text="Remove the stored key.")

    class Meta:
        model = ProviderAccount
        fields = ["provider", "base_url", "extra"]

    def save(self, commit=True):
        account = super().save(commit=False)
        if self.cleaned_data.get("clear_key"):
            account.set_key("")
        elif self.cleaned_data.get("api_key"):
            account.set_key(self.cleaned_data["api_key"])
        if commit:
            account.save()
        return account


@admin.register(ProviderAccount)
class ProviderAccountAdmin(admin.ModelAdmin):
    form = ProviderAccountForm
    list_display = ["provider", "key_hint", "base_url"]
    readonly_fields = ["key_hint"]


class PromptInline(admin.TabularInline):
    model = Prompt
    extra = 0
    fields = ["position", "style", "text", "negative_text", "source"]


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "workspace", "status", "created"]
    list_filter = ["status", "workspace"]
    search_fields = ["text"]
    inlines = [PromptInline]
    filter_horizontal = ["image_models"]


@admin.register(Generation)
class GenerationAdmin(admin.ModelAdmin):
    list_display = ["id", "prompt", "image_model", "status", "score", "candidate", "error_kind", "cost_cents"]
    list_filter = ["status", "candidate", "error_kind", "image_model"]
    readonly_fields = ["idempotency_key", "job_id", "requested_at", "finished_at", "sha256"]
    list_select_related = ["prompt", "image_model"]


class RenditionInline(admin.TabularInline):
    model = Rendition
    extra = 0
    fields = ["generation", "preset", "format", "width", "height", "bytes"]
    readonly_fields = fields


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["id", "brief", "status", "done_count", "total_count", "zip_bytes", "created"]
    list_filter = ["status"]
    inlines = [RenditionInline]


from creative.models import BrandKit, ExportPreset, ShareLink  # noqa: E402


@admin.register(ExportPreset)
class ExportPresetAdmin(admin.ModelAdmin):
    list_display = ["name", "channel", "width", "height", "enabled"]
    list_editable = ["enabled"]
    list_filter = ["channel", "enabled"]
    search_fields = ["name", "channel"]

    def get_readonly_fields(self, request, obj=None):
        # Exports record presets by name: renaming one would change what an old export meant.
        return ["name"] if obj else []

    def save_model(self, request, obj, form, change):
        from creative.export.presets import PRESETS_BY_NAME

        if obj.name in PRESETS_BY_NAME:
            from django.contrib import messages

            messages.warning(request, f"{obj.name} is built in; the built-in size is used.")
        super().save_model(request, obj, form, change)


class BrandKitAdminForm(forms.ModelForm):
    logo_upload = forms.FileField(required=False, label="Logo", help_text="PNG, JPEG, WebP or SVG.")

    class Meta:
        model = BrandKit
        fields = ["workspace", "primary_colour", "secondary_colour", "text_colour", "font", "headline",
                  "call_to_action"]

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            from creative.export.brand import LogoError, logo_rasterise

            data = upload.read()
            try:
                logo_rasterise(data, filename=upload.name)
            except LogoError as exc:
                raise forms.ValidationError(str(exc)) from exc
            upload.seek(0)
        return upload

    def save(self, commit=True):
        kit = super().save(commit=False)
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            from creative.pipeline.delivery import brand_kit_logo_set

            brand_kit_logo_set(kit=kit, data=upload.read(), filename=upload.name)
        if commit:
            kit.save()
        return kit


@admin.register(BrandKit)
class BrandKitAdmin(admin.ModelAdmin):
    form = BrandKitAdminForm
    list_display = ["workspace", "primary_colour", "text_colour", "headline", "call_to_action", "updated"]


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ["id", "export", "state", "expires_at", "revoked_at", "downloads", "created_by"]
    list_filter = ["revoked_at"]
    readonly_fields = ["export", "downloads", "created", "created_by", "share_url"]
    fields = ["export", "expires_at", "revoked_at", "watermark", "downloads", "created", "created_by", "share_url"]

    def has_add_permission(self, request):
        return False  # links are made from an export in the gallery

    @admin.display(description="Link")
    def share_url(self, obj):
        return obj.get_absolute_url()
