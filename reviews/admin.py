from django.contrib import admin

from reviews.models import Activity, ApprovalStage, Guest, GuestInvite, Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("generation", "reviewer", "guest_name", "decision", "comment", "created")
    list_filter = ("decision",)


@admin.register(ApprovalStage)
class ApprovalStageAdmin(admin.ModelAdmin):
    list_display = ("workspace", "position", "name", "approvals_needed")
    list_filter = ("workspace",)
    filter_horizontal = ("reviewers",)


@admin.register(GuestInvite)
class GuestInviteAdmin(admin.ModelAdmin):
    list_display = ("id", "brief", "stage", "created_by", "created", "expires_at", "revoked_at")
    list_filter = ("revoked_at", "brief")
    list_select_related = ("brief", "stage", "created_by")
    # The token is the link itself: an admin may shorten or revoke an invite, not reissue its address.
    fields = ("brief", "stage", "created_by", "created", "expires_at", "revoked_at")
    readonly_fields = ("brief", "created_by", "created")

    def has_add_permission(self, request):
        return False  # reviewers invite from the gallery, which records who did


@admin.register(Guest)
class GuestAdmin(admin.ModelAdmin):
    """Who reviewed through an invite: read-only, since decisions are keyed to these rows."""

    list_display = ("name", "invite", "created")
    list_filter = ("invite__brief",)
    list_select_related = ("invite",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """The briefs' logs: read-only, so they keep saying what happened."""

    list_display = ("created", "brief", "actor_name", "verb", "generation", "detail")
    list_filter = ("verb", "brief")
    list_select_related = ("brief", "actor")
    search_fields = ("detail", "guest_name", "actor__username")
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
