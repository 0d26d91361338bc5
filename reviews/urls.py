"""The gallery and review pages, one group per object; everything here lives under /briefs/ (creative/urls.py
holds the brief form and prompts, also under /briefs/: one include per namespace is all Django allows)."""

from django.urls import include, path

from reviews import action_views, dashboard_views, export_views, guest_views, views

app_name = "reviews"

brief = [
    path("", views.gallery_page, name="gallery"),
    path("images/<int:generation_id>/", views.image_page, name="image"),
    path("compare/", views.compare_page, name="compare"),
    path("bulk/", views.bulk_review, name="bulk"),
    path("export/", export_views.export, name="export"),
    path("activity/", dashboard_views.activity_page, name="activity"),
    path("invites/", guest_views.invite, name="invite"),
]
image = [
    path("review/", views.review, name="review"),
    path("retry/", action_views.retry, name="retry"),
    path("more/", action_views.more_like_this, name="more"),
    path("promote/", action_views.promote, name="promote"),
]
# Public to whoever holds an unexpired invite token.
guest = [
    path("", guest_views.guest_gallery, name="guest"),
    path("images/<int:generation_id>/review/", guest_views.guest_review, name="guest_review"),
    path("images/<int:generation_id>/<str:kind>/", guest_views.guest_image, name="guest_image"),
]

urlpatterns = [
    path("briefs/", include([
        path("<int:brief_id>/", include(brief)),
        path("images/<int:generation_id>/", include(image)),
        path("invites/<int:invite_id>/revoke/", guest_views.revoke, name="revoke_invite"),
        path("guest/<str:token>/", include(guest)),
        path("dashboard/", dashboard_views.dashboard, name="dashboard"),
        path("workspaces/<int:workspace_id>/learning/", dashboard_views.learning_switch, name="learning_switch"),
    ])),
]
