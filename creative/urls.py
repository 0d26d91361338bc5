"""Creative's pages, one group per object; reviews/urls.py holds the gallery's (both mount at the root)."""

from django.urls import include, path

from creative import (
    automation_views,
    batch_views,
    brand_views,
    focal_views,
    prompt_views,
    reference_views,
    requirements_views,
    share_views,
    suggestion_views,
    views,
)

app_name = "creative"

briefs = [
    path("new/", views.brief_new, name="brief_new"),
    path("estimate/", views.brief_estimate, name="brief_estimate"),
    path("suggestions/", suggestion_views.brief_suggestions, name="brief_suggestions"),
    path("<int:brief_id>/requirements/", requirements_views.requirements_page, name="brief_requirements"),
    path("<int:brief_id>/prompts/", prompt_views.prompts_page, name="brief_prompts"),
    path("<int:brief_id>/prompts/start/", prompt_views.prompts_start, name="brief_prompts_start"),
    path("<int:brief_id>/prompts/regenerate/", prompt_views.prompts_regenerate,
         name="brief_prompts_regenerate"),
]
images = [
    path("<int:generation_id>/<str:kind>/", views.generation_image, name="generation_image"),
]
references = [
    path("<int:reference_id>/box/", reference_views.reference_box, name="reference_box"),
    path("<int:reference_id>/image.png", reference_views.reference_file, {"kind": "image"}, name="reference_image"),
    path("<int:reference_id>/cutout.png", reference_views.reference_file, {"kind": "cutout"},
         name="reference_cutout"),
]
exports = [
    path("<int:export_id>/download/", views.export_download, name="export_download"),
    path("<int:export_id>/share/", share_views.share_create, name="share_create"),
    path("<int:export_id>/share/<int:share_link_id>/revoke/", share_views.share_revoke, name="share_revoke"),
]
# Public: whoever holds the token, no account.
share = [
    path("<str:token>/", share_views.share_page, name="share_page"),
    path("<str:token>/files/<int:rendition_id>/", share_views.share_file, name="share_file"),
    path("<str:token>/zip/", share_views.share_zip, name="share_zip"),
    path("<str:token>/sheets/<str:name>", share_views.share_sheet, name="share_sheet"),
]
workspaces = [
    path("<int:workspace_id>/brand/", brand_views.brand_kit, name="brand_kit"),
    path("<int:workspace_id>/brand/preview.png", brand_views.brand_preview, name="brand_preview"),
    path("<int:workspace_id>/batches/new/", batch_views.batch_new, name="batch_new"),
    path("<int:workspace_id>/tokens/", automation_views.tokens_page, name="tokens"),
    path("<int:workspace_id>/tokens/<int:token_id>/revoke/", automation_views.token_revoke, name="token_revoke"),
    path("<int:workspace_id>/webhooks/", automation_views.webhook_create, name="webhook_create"),
    path("<int:workspace_id>/webhooks/<int:endpoint_id>/delete/", automation_views.webhook_delete,
         name="webhook_delete"),
    path("<int:workspace_id>/webhooks/deliveries/<int:delivery_id>/redeliver/",
         automation_views.webhook_redeliver_view, name="webhook_redeliver"),
]

urlpatterns = [
    path("", views.brief_list, name="brief_list"),
    path("briefs/", include(briefs)),
    path("images/", include(images)),
    path("references/", include(references)),
    path("exports/", include(exports)),
    path("share/", include(share)),
    path("workspaces/", include(workspaces)),
    path("batches/<int:batch_id>/", batch_views.batch_page, name="batch"),
    path("batches/<int:batch_id>/export/", batch_views.batch_export, name="batch_export"),
    path("batches/<int:batch_id>/zip/", batch_views.batch_zip, name="batch_zip"),
    path("focal-point/<int:generation_id>/", focal_views.focal_point, name="focal_point"),
]
