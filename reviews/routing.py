from django.urls import path

from reviews.consumers import GalleryConsumer

websocket_urlpatterns = [path("ws/briefs/<int:brief_id>/", GalleryConsumer.as_asgi())]
