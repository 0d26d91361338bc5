"""HTTP and websocket entry point: daphne serves both from one process."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_asgi_app = get_asgi_application()

# Imported only now: these import models, which need Django set up by the line above.
from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator

from reviews.routing import websocket_urlpatterns

application = ProtocolTypeRouter(
    {
        # Static files come from WhiteNoise's middleware, with DEBUG on or off.
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
