from django.urls import path

from reviews import action_views, dashboard_views, export_views, guest_views, views

app_name = "reviews"
urlpatterns = [
    path("<int:brief_id>/", views.gallery_page, name="gallery"),
    path("<int:brief_id>/images/<int:generation_id>/", views.image_page, name="image"),
    path("<int:brief_id>/compare/", views.compare_page, name="compare"),
    path("<int:brief_id>/bulk/", views.bulk_review, name="bulk"),
    path("<int:brief_id>/export/", export_views.export, name="export"),
    path("<int:brief_id>/activity/", dashboard_views.activity_page, name="activity"),
    path("<int:brief_id>/invites/", guest_views.invite, name="invite"),
    path("invites/<int:invite_id>/revoke/", guest_views.revoke, name="revoke_invite"),
    path("images/<int:generation_id>/review/", views.review, name="review"),
    path("images/<int:generation_id>/retry/", action_views.retry, name="retry"),
    path("images/<int:generation_id>/more/", action_views.more_like_this, name="more"),
    path("images/<int:generation_id>/promote/", action_views.promote, name="promote"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("guest/<str:token>/", guest_views.guest_gallery, name="guest"),
    path("guest/<str:token>/images/<int:generation_id>/review/", guest_views.guest_review, name="guest_review"),
    path("guest/<str:token>/images/<int:generation_id>/<str:kind>/", guest_views.guest_image, name="guest_image"),
]
