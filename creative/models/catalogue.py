"""What can be generated, at what price and pace: admin data, not code, since providers retire models often."""

from django.db import models
from django.db.models import Q

from creative.llm import registry as chat_registry
from creative.providers import registry

# Providers an account row may hold credentials for: every image adapter or chat client that reads any.
ACCOUNT_PROVIDERS = tuple(sorted({*registry.ENVIRONMENT, *chat_registry.ENVIRONMENT}))


# Callables, so the choices follow the registry without a migration; the constraints below do need one.
def image_provider_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in registry.NAMES]


def account_provider_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in ACCOUNT_PROVIDERS]


class ImageModel(models.Model):
    provider = models.CharField(max_length=32, choices=image_provider_choices,
                                help_text="Adapter name in creative.providers.registry.")
    name = models.CharField(max_length=100, unique=True, help_text="The model id the provider expects.")
    label = models.CharField(max_length=100, blank=True)
    price_cents = models.DecimalField(max_digits=8, decimal_places=3, default=0, help_text="Estimated price per image.")
    max_concurrency = models.PositiveSmallIntegerField(default=4)
    rpm = models.PositiveIntegerField(default=60, help_text="Requests per minute across all workers.")
    enabled = models.BooleanField(default=True)
    sizes = models.JSONField(default=list, blank=True, help_text="Native sizes, e.g. [\"1024x1024\"]; empty for any.")
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["provider", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(price_cents__gte=0), name="imagemodel_price_non_negative"),
            # A name no adapter has ("OpenAI") would hide the model from every brief without a word.
            models.CheckConstraint(condition=Q(provider__in=registry.NAMES), name="imagemodel_provider_known"),
        ]

    def __str__(self):
        return self.label or self.name


class ProviderAccount(models.Model):
    """Credentials for one provider; the key is encrypted at rest and never rendered back."""

    provider = models.CharField(max_length=32, unique=True, choices=account_provider_choices)
    encrypted_key = models.TextField(blank=True, editable=False)
    key_hint = models.CharField(max_length=16, blank=True, editable=False, help_text="Last characters, for recognition.")
    base_url = models.URLField(blank=True, help_text="Override, e.g. an OpenAI-compatible relay.")
    extra = models.JSONField(default=dict, blank=True, help_text="Non-secret settings: project, location, client id.")

    class Meta:
        constraints = [
            # Credentials under a name no provider reads would be ignored without a word.
            models.CheckConstraint(condition=Q(provider__in=ACCOUNT_PROVIDERS), name="provideraccount_provider_known"),
        ]

    def __str__(self):
        return self.provider

    def set_key(self, key: str) -> None:
        from creative.secrets import encrypt

        self.encrypted_key = encrypt(key) if key else ""
        self.key_hint = f"…{key[-4:]}" if len(key) >= 8 else ("…" if key else "")

    def get_key(self) -> str:
        from creative.secrets import decrypt

        return decrypt(self.encrypted_key) if self.encrypted_key else ""
