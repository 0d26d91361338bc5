from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("briefs/", include("reviews.urls")),
    path("", include("creative.urls")),
]
# Media is never served from MEDIA_URL: images and zips go through views that check membership.
urlpatterns += staticfiles_urlpatterns()
from creative import health  # noqa: E402  (probes for load balancers: process up, dependencies reachable)
urlpatterns += [path("healthz", health.healthz, name="healthz"), path("readyz", health.readyz, name="readyz")]
