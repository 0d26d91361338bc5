"""Export and delivery (issue 7): brand kits, admin presets, share links, export options."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import creative.models.branding
import creative.models.sharing


class Migration(migrations.Migration):
    dependencies = [
        ("creative", "0004_seed_model_catalogue"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="export",
            name="approval_chain",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="export",
            name="call_to_action",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AddField(
            model_name="export",
            name="headline",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="export",
            name="overlay",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="export",
            name="signed",
            field=models.BooleanField(default=False, help_text="Renditions carry a signed C2PA manifest."),
        ),
        migrations.AddField(
            model_name="export",
            name="watermark",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text='{"text": "DRAFT", "position": "center", "opacity": 0.35, "logo": false}; empty for none',
            ),
        ),
        migrations.AddField(
            model_name="rendition",
            name="channel",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.CreateModel(
            name="BrandKit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "primary_colour",
                    models.CharField(
                        default="#3a5bd9",
                        help_text="Call-to-action buttons.",
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator("^#[0-9a-fA-F]{6}$", "A colour as #rrggbb.")
                        ],
                    ),
                ),
                (
                    "secondary_colour",
                    models.CharField(
                        default="#d9a21b",
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator("^#[0-9a-fA-F]{6}$", "A colour as #rrggbb.")
                        ],
                    ),
                ),
                (
                    "text_colour",
                    models.CharField(
                        default="#ffffff",
                        help_text="Headlines; a scrim is added behind them where the picture is too busy.",
                        max_length=7,
                        validators=[
                            django.core.validators.RegexValidator("^#[0-9a-fA-F]{6}$", "A colour as #rrggbb.")
                        ],
                    ),
                ),
                ("logo", models.FileField(blank=True, upload_to=creative.models.branding.brand_asset_path)),
                (
                    "logo_raster",
                    models.FileField(
                        blank=True, editable=False, upload_to=creative.models.branding.brand_asset_path
                    ),
                ),
                (
                    "font",
                    models.FileField(
                        blank=True,
                        help_text="A TrueType or OpenType file; empty for the bundled DejaVu Sans Bold.",
                        upload_to=creative.models.branding.brand_asset_path,
                    ),
                ),
                (
                    "headline",
                    models.CharField(blank=True, help_text="Default headline for overlays.", max_length=200),
                ),
                (
                    "call_to_action",
                    models.CharField(
                        blank=True, help_text="Default call-to-action, e.g. Shop now.", max_length=60
                    ),
                ),
                ("updated", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "workspace",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="brand_kit",
                        to="creative.workspace",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="ExportPreset",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=64,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z0-9_]+$",
                                "Lower-case letters, digits and underscores: it becomes a file name.",
                            )
                        ],
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        max_length=32, validators=[django.core.validators.RegexValidator("^[a-z0-9_]+$")]
                    ),
                ),
                (
                    "width",
                    models.PositiveIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(16),
                            django.core.validators.MaxValueValidator(8192),
                        ]
                    ),
                ),
                (
                    "height",
                    models.PositiveIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(16),
                            django.core.validators.MaxValueValidator(8192),
                        ]
                    ),
                ),
                ("enabled", models.BooleanField(default=True)),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "ordering": ["channel", "name"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("height__gte", 16),
                            ("height__lte", 8192),
                            ("width__gte", 16),
                            ("width__lte", 8192),
                        ),
                        name="export_preset_size",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ShareLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        default=creative.models.sharing.share_token_new,
                        editable=False,
                        max_length=64,
                        unique=True,
                    ),
                ),
                ("created", models.DateTimeField(default=django.utils.timezone.now)),
                ("expires_at", models.DateTimeField(default=creative.models.sharing.share_expiry_default)),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                ("downloads", models.PositiveIntegerField(default=0)),
                (
                    "watermark",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text='{"text": "DRAFT", "position": "center", "opacity": 0.35}; applied to what this link serves, never to the stored files',
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "export",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="share_links",
                        to="creative.export",
                    ),
                ),
            ],
            options={
                "ordering": ["-created"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("expires_at__gt", models.F("created"))),
                        name="share_link_expires_after_created",
                    )
                ],
            },
        ),
    ]
