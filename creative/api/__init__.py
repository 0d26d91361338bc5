"""The JSON API at /api/v1/ (issue 18): django-ninja routers over the same domain functions as the pages."""
