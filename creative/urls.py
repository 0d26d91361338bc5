from django.urls import path

from creative import views

app_name = "creative"
urlpatterns = [
    path("", views.brief_list, name="brief_list"),
    path("briefs/new/", views.brief_new, name="brief_new"),
    path("briefs/estimate/", views.brief_estimate, name="brief_estimate"),
    path("images/<int:generation_id>/<str:kind>/", views.generation_image, name="generation_image"),
    path("exports/<int:export_id>/download/", views.export_download, name="export_download"),
]

from creative import prompt_views  # noqa: E402

urlpatterns += [
    path("briefs/<int:brief_id>/prompts/", prompt_views.prompts_page, name="brief_prompts"),
    path("briefs/<int:brief_id>/prompts/start/", prompt_views.prompts_start, name="brief_prompts_start"),
    path("briefs/<int:brief_id>/prompts/regenerate/", prompt_views.prompts_regenerate,
         name="brief_prompts_regenerate"),
]

from creative import brand_views, focal_views, sharing  # noqa: E402

urlpatterns += [
    path("share/<str:token>/", sharing.share_page, name="share_page"),
    path("share/<str:token>/files/<int:rendition_id>/", sharing.share_file, name="share_file"),
    path("share/<str:token>/zip/", sharing.share_zip, name="share_zip"),
    path("share/<str:token>/sheets/<str:name>", sharing.share_sheet, name="share_sheet"),
    path("exports/<int:export_id>/share/", sharing.share_create, name="share_create"),
    path("exports/<int:export_id>/share/<int:share_link_id>/revoke/", sharing.share_revoke, name="share_revoke"),
    path("workspaces/<int:workspace_id>/brand/", brand_views.brand_kit, name="brand_kit"),
    path("workspaces/<int:workspace_id>/brand/preview.png", brand_views.brand_preview, name="brand_preview"),
    path("focal-point/<int:generation_id>/", focal_views.focal_point, name="focal_point"),
]
