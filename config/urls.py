"""Each app mounts at the root and groups its own URLs per object (creative/urls.py, reviews/urls.py)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path

from creative import health
from creative.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Probes for load balancers: process up, dependencies reachable.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("", include("creative.urls")),
    path("", include("reviews.urls")),
]
# Bad input names its reason on the 400 page (Django's own drops it).
handler400 = "creative.error_views.bad_request"

# Media is never served from MEDIA_URL: images and zips go through views that check membership.
urlpatterns += staticfiles_urlpatterns()
