from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("<int:brief_id>/", views.gallery_page, name="gallery"),
    path("<int:brief_id>/export/", views.export, name="export"),
    path("images/<int:generation_id>/review/", views.review, name="review"),
]
