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
