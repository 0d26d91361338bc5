from django.urls import path, re_path

from reviews.consumers import GalleryConsumer, NoSuchSocket

websocket_urlpatterns = [
    path("ws/briefs/<int:brief_id>/", GalleryConsumer.as_asgi()),
    re_path(r"", NoSuchSocket.as_asgi()),  # last: a path no route above matches
]
