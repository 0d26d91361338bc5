from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from creative.export.brand import LogoError, logo_rasterise
from creative.export.presets import PRESETS_BY_NAME
from creative.models import (
    ApiToken,
    Batch,
    BatchRow,
    BrandKit,
    Brief,
    BriefReference,
    Export,
    ExportPreset,
    Generation,
    IdempotencyRecord,
    ImageModel,
    ImageRequest,
    LLMCall,
    Membership,
    ModelPrice,
    Prompt,
    ProviderAccount,
    ProviderCall,
    Rendition,
    ShareLink,
    WebhookDelivery,
    WebhookEndpoint,
    Workspace,
    WorkspaceJudgment,
)
from creative.providers.credentials import account_key


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ("name", "approvals_needed", "monthly_limit_cents", "daily_limit_cents", "created")
    fieldsets = (
        (None, {"fields": ("name", "approvals_needed", "created")}),
        ("Spend limits", {
            "fields": ("monthly_limit_cents", "daily_limit_cents"),
            "description": "Checked as each image is claimed: one that would cross a limit fails as budget.",
        }),
        ("Each member's allowance", {
            "fields": ("member_briefs_per_hour", "member_images_per_day"),
            "description": "A membership below may set its own; empty means no limit.",
        }),
    )
    inlines = (MembershipInline,)


def _provider_error_messages(model) -> dict:
    """A select's own message names no valid value; someone who typed a provider needs them all."""
    names = ", ".join(value for value, _ in model._meta.get_field("provider").flatchoices)
    return {"provider": {"invalid_choice": f"“%(value)s” is not a provider; valid ones: {names}."}}


class ImageModelForm(forms.ModelForm):
    class Meta:
        model = ImageModel
        fields = "__all__"
        error_messages = _provider_error_messages(ImageModel)


@admin.register(WorkspaceJudgment)
class WorkspaceJudgmentAdmin(admin.ModelAdmin):
    """What each workspace learnt from its decisions: fitted by the pipeline, switched on or off here."""

    list_display = ("workspace", "enabled", "decisions", "auc_plain", "auc_learned", "fitted_at")
    list_filter = ("enabled",)
    list_select_related = ("workspace",)
    fields = ("workspace", "enabled", "decisions", "auc_plain", "auc_learned", "fitted_at", "model")
    readonly_fields = ("workspace", "decisions", "auc_plain", "auc_learned", "fitted_at", "model")

    def has_add_permission(self, request):
        return False  # a workspace's row is made by its first fit


@admin.register(ImageModel)
class ImageModelAdmin(admin.ModelAdmin):
    form = ImageModelForm
    list_display = ["name", "provider", "price_cents", "quality", "max_concurrency", "rpm", "enabled"]
    list_editable = ["price_cents", "quality", "max_concurrency", "rpm", "enabled"]
    list_filter = ["provider", "enabled"]
    search_fields = ["name", "label"]


@admin.register(ImageRequest)
class ImageRequestAdmin(admin.ModelAdmin):
    """The images each member asked for, counted against their allowance: read-only, as the ledgers are."""

    list_display = ("created", "workspace", "user", "kind", "images", "brief")
    list_filter = ("workspace", "kind")
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModelPrice)
class ModelPriceAdmin(admin.ModelAdmin):
    """Dated prices: a price change is a new row from its date, so past calls keep the price they were made at."""

    list_display = ["provider", "model", "effective_from", "per_image_cents", "input_text_cents",
                    "input_image_cents", "output_text_cents", "output_image_cents"]
    list_filter = ["provider"]
    search_fields = ["model"]
    date_hierarchy = "effective_from"


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
        error_messages = _provider_error_messages(ProviderAccount)

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
    list_display = ["provider", "key_state", "base_url"]
    readonly_fields = ["key_state"]

    @admin.display(description="Key")
    def key_state(self, account: ProviderAccount) -> str:
        if not account.encrypted_key:
            return "none stored"
        if account_key(account) is None:
            return "key unreadable: re-enter it"
        return account.key_hint or "stored"


class PromptInline(admin.TabularInline):
    model = Prompt
    extra = 0
    fields = ("position", "style", "text", "negative_text", "source")


@admin.register(Brief)
class BriefAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "workspace", "status", "created")
    list_filter = ("status", "workspace")
    search_fields = ("text",)
    inlines = (PromptInline,)
    filter_horizontal = ("image_models",)


@admin.register(Generation)
class GenerationAdmin(admin.ModelAdmin):
    list_display = ("id", "prompt", "image_model", "status", "score", "candidate", "error_kind", "cost_cents")
    list_filter = ("status", "candidate", "error_kind", "image_model")
    readonly_fields = ("idempotency_key", "job_id", "requested_at", "finished_at", "sha256")
    list_select_related = ("prompt", "image_model")


class RenditionInline(admin.TabularInline):
    model = Rendition
    extra = 0
    fields = ("generation", "preset", "format", "width", "height", "bytes")
    readonly_fields = fields


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ("id", "brief", "status", "done_count", "total_count", "zip_bytes", "created")
    list_filter = ("status",)
    inlines = (RenditionInline,)



@admin.register(ExportPreset)
class ExportPresetAdmin(admin.ModelAdmin):
    list_display = ("name", "channel", "width", "height", "enabled")
    list_editable = ("enabled",)
    list_filter = ("channel", "enabled")
    search_fields = ("name", "channel")

    def get_readonly_fields(self, request, obj=None):
        # Exports record presets by name: renaming one would change what an old export meant.
        return ["name"] if obj else []

    def save_model(self, request, obj, form, change):
        if obj.name in PRESETS_BY_NAME:
            messages.warning(request, f"{obj.name} is built in; the built-in size is used.")
        super().save_model(request, obj, form, change)


class BrandKitAdminForm(forms.ModelForm):
    logo_upload = forms.FileField(required=False, label="Logo", help_text="PNG, JPEG, WebP or SVG.")

    class Meta:
        model = BrandKit
        fields = ("workspace", "primary_colour", "secondary_colour", "text_colour", "font", "headline",
                  "call_to_action")

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
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
            from creative.pipeline import brand_kit_logo_set

            brand_kit_logo_set(kit=kit, data=upload.read(), filename=upload.name)
        if commit:
            kit.save()
        return kit


@admin.register(BrandKit)
class BrandKitAdmin(admin.ModelAdmin):
    form = BrandKitAdminForm
    list_display = ("workspace", "primary_colour", "text_colour", "headline", "call_to_action", "updated")


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):
    list_display = ("id", "export", "state", "expires_at", "revoked_at", "downloads", "created_by")
    list_filter = ("revoked_at",)
    readonly_fields = ("export", "downloads", "created", "created_by", "share_url")
    fields = ("export", "expires_at", "revoked_at", "watermark", "downloads", "created", "created_by",
              "share_url")

    def has_add_permission(self, request):
        return False  # links are made from an export in the gallery

    @admin.display(description="Link")
    def share_url(self, obj):
        return obj.get_absolute_url()


class LedgerAdmin(admin.ModelAdmin):
    """A record of calls already made: it can be read and filtered, never written from here."""

    change_list_template = "admin/ledger_change_list.html"
    date_hierarchy = "requested_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def totals(self, queryset) -> list[tuple[str, object, str]]:
        """(label, value, format) rows shown above the list, over the rows the filters select."""
        raise NotImplementedError

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            response.context_data["ledger_totals"] = self.totals(response.context_data["cl"].queryset)
        return response


@admin.register(ProviderCall)
class ProviderCallAdmin(LedgerAdmin):
    list_display = ("id", "requested_at", "brief", "image_model", "generation", "attempt", "outcome",
                    "estimated_cents", "reported_cents", "cost_source", "error_kind")
    list_filter = ("outcome", "cost_source", "image_model__provider", "image_model", "generation__prompt__brief",
                   "error_kind")
    list_select_related = ("generation__prompt", "image_model")

    @admin.display(description="Brief", ordering="generation__prompt__brief")
    def brief(self, obj):
        return obj.generation.prompt.brief_id

    def totals(self, queryset):
        sums = queryset.aggregate(
            calls=Count("id"), estimated=Sum("estimated_cents"), reported=Sum("reported_cents"),
            cost=Sum(Coalesce("reported_cents", "estimated_cents")),
        )
        return [("Calls", sums["calls"], "count"), ("Estimated", sums["estimated"], "cents"),
                ("Reported by providers", sums["reported"], "cents"),
                ("Cost (reported, else estimated)", sums["cost"], "cents")]


@admin.register(LLMCall)
class LLMCallAdmin(LedgerAdmin):
    list_display = ("id", "requested_at", "brief", "role", "provider", "model", "outcome", "input_tokens",
                    "output_tokens", "cost_cents", "latency_ms", "error_kind")
    list_filter = ("outcome", "role", "provider", "model", "brief")
    list_select_related = ("brief",)

    def totals(self, queryset):
        sums = queryset.aggregate(
            calls=Count("id"), unpriced=Count("id", filter=Q(cost_cents__isnull=True)),
            input_tokens=Sum("input_tokens"), output_tokens=Sum("output_tokens"), cost=Sum("cost_cents"),
        )
        return [("Calls", sums["calls"], "count"), ("Input tokens", sums["input_tokens"], "count"),
                ("Output tokens", sums["output_tokens"], "count"),
                ("Estimated cost of priced calls", sums["cost"], "cents"),
                ("Unpriced calls", sums["unpriced"], "count")]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the app writes itself: admins look, the app's own pages change them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BriefReference)
class BriefReferenceAdmin(ReadOnlyAdmin):
    list_display = ("brief", "kind", "cutout_method", "width", "height", "created")
    list_filter = ("kind", "cutout_method")
    list_select_related = ("brief",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Made on the workspace's tokens page, which shows the secret once; only its hash is stored."""

    list_display = ("name", "workspace", "scope", "prefix", "created_by", "expires_at", "revoked_at")
    list_filter = ("scope", "workspace")
    exclude = ("secret_hash",)


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(ReadOnlyAdmin):
    list_display = ("token", "key", "status_code", "created")
    list_select_related = ("token",)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ("url", "workspace", "enabled", "disabled_reason", "created")
    list_filter = ("enabled", "workspace")
    exclude = ("secret",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("message_id", "endpoint", "event", "status", "attempts", "last_status_code", "created")
    list_filter = ("status", "event")
    list_select_related = ("endpoint",)


class BatchRowInline(admin.TabularInline):
    model = BatchRow
    fields = ("line", "name", "brief", "error")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdmin):
    list_display = ("id", "workspace", "source", "created_by", "created")
    list_filter = ("source", "workspace")
    inlines = [BatchRowInline]
