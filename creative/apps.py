from django.apps import AppConfig


class CreativeConfig(AppConfig):
    name = "creative"
    default_auto_field = "django.db.models.BigAutoField"
