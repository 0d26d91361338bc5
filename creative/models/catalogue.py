"""What can be generated, at what price and pace: admin data, not code, since providers retire models often."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from creative.llm import registry as chat_registry
from creative.providers import registry

# Providers an account row may hold credentials for: every image adapter or chat client that reads any.
ACCOUNT_PROVIDERS = tuple(sorted({*registry.ENVIRONMENT, *chat_registry.ENVIRONMENT}))


# Callables, so the choices follow the registry without a migration; the constraints below do need one.
def image_provider_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in registry.NAMES]


def account_provider_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in ACCOUNT_PROVIDERS]


# The `quality` values each model family takes, and the sizes where the family has a fixed list: an admin value the
# provider would refuse is refused in admin, not at call time. A family missing here takes no quality parameter.
FAMILY_QUALITIES = {
    "gpt-image": ("low", "medium", "high", "auto"),
    "dall-e-3": ("standard", "hd"),
    "dall-e-2": ("standard",),
}
FAMILY_SIZES = {
    "gpt-image": ("1024x1024", "1536x1024", "1024x1536", "auto"),
    "dall-e-3": ("1024x1024", "1792x1024", "1024x1792"),
    "dall-e-2": ("256x256", "512x512", "1024x1024"),
}


def model_family(*, provider: str, name: str) -> str:
    """The family whose parameters a model takes ("gpt-image", "dall-e-3"), or "" for one without rules here."""
    if provider != "openai":
        return ""
    return next((family for family in FAMILY_QUALITIES if name.startswith(family)), "")


class ImageModel(models.Model):
    provider = models.CharField(max_length=32, choices=image_provider_choices,
                                help_text="Adapter name in creative.providers.registry.")
    name = models.CharField(max_length=100, unique=True, help_text="The model id the provider expects.")
    label = models.CharField(max_length=100, blank=True)
    price_cents = models.DecimalField(
        max_digits=8, decimal_places=3, default=0,
        help_text="Estimated price per image, at the quality and size below; a dated model price overrides it.",
    )
    quality = models.CharField(
        max_length=16, blank=True,
        help_text="Sent with every request, so the price holds: gpt-image low/medium/high/auto, DALL-E 3 "
                  "standard/hd; empty for models that take none (the provider's default).",
    )
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

    def clean(self):
        family = model_family(provider=self.provider, name=self.name)
        allowed = FAMILY_QUALITIES.get(family, ())
        errors = {}
        if self.quality and self.quality not in allowed:
            errors["quality"] = (f"{self.name} takes the quality {', '.join(allowed)}, or empty." if allowed
                                 else f"{self.name} takes no quality setting: leave it empty.")
        if family in FAMILY_SIZES and (bad := [s for s in self.sizes or [] if s not in FAMILY_SIZES[family]]):
            errors["sizes"] = f"{self.name} makes only {', '.join(FAMILY_SIZES[family])}; not {', '.join(bad)}."
        if errors:
            raise ValidationError(errors)


def price_provider_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted({*registry.NAMES, *chat_registry.ENVIRONMENT})]


class ModelPrice(models.Model):
    """What an image or chat model costs from a date on: per image, or per million tokens of each kind the
    provider reports. The latest row in effect prices a call; a new price is a new row, so past calls keep
    the price they were made at."""

    provider = models.CharField(max_length=32, choices=price_provider_choices)
    model = models.CharField(max_length=100, help_text="The model id; a chat price also covers its dated versions.")
    effective_from = models.DateTimeField(default=timezone.now)
    per_image_cents = models.DecimalField(max_digits=8, decimal_places=3, null=True, blank=True,
                                          help_text="The estimate per image; empty keeps the image model's.")
    # Cents per million tokens, as providers publish them; empty when the model bills no such tokens.
    input_text_cents = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True,
                                           verbose_name="input text (¢ per million tokens)")
    input_image_cents = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True,
                                            verbose_name="input image (¢ per million tokens)")
    output_text_cents = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True,
                                            verbose_name="output text (¢ per million tokens)")
    output_image_cents = models.DecimalField(max_digits=10, decimal_places=3, null=True, blank=True,
                                             verbose_name="output image (¢ per million tokens)")
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["provider", "model", "-effective_from"]
        constraints = [
            # Also the index the price lookup reads: a model's rows, latest first.
            models.UniqueConstraint(fields=["provider", "model", "effective_from"], name="modelprice_once_per_date"),
        ]

    def __str__(self):
        return f"{self.provider}:{self.model} from {self.effective_from:%Y-%m-%d}"

    @property
    def per_million(self) -> dict:
        """Token kind (as `ImageResult.usage` names it) -> cents per million, for the kinds this row prices."""
        kinds = {"input_text": self.input_text_cents, "input_image": self.input_image_cents,
                 "output_text": self.output_text_cents, "output_image": self.output_image_cents}
        return {kind: cents for kind, cents in kinds.items() if cents is not None}


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
