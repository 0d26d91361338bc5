"""Provider names are the registry's: admin refuses a typo naming the valid ones, and so does the database."""

import pytest
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from creative.models import ImageModel, ProviderAccount

pytestmark = pytest.mark.django_db

IMAGE_PROVIDERS = "firefly, flux, gemini, imagen, local, midjourney, openai, stability"
ACCOUNT_PROVIDERS = "anthropic, firefly, flux, gemini, imagen, midjourney, openai, stability"


def test_admin_refuses_an_image_model_with_an_unknown_provider(client, superuser):
    response = client.post(reverse("admin:creative_imagemodel_add"), {
        "provider": "OpenAI", "name": "gpt-image-1-typo", "price_cents": "4", "max_concurrency": "4", "rpm": "60",
        "sizes": "[]",
    })

    assert response.status_code == 200
    assert f"“OpenAI” is not a provider; valid ones: {IMAGE_PROVIDERS}." in response.content.decode()
    assert not ImageModel.objects.filter(name="gpt-image-1-typo").exists()


def test_admin_refuses_a_provider_account_with_an_unknown_provider(client, superuser):
    response = client.post(reverse("admin:creative_provideraccount_add"), {"provider": "OpenAI", "extra": "{}"})

    assert response.status_code == 200
    assert f"“OpenAI” is not a provider; valid ones: {ACCOUNT_PROVIDERS}." in response.content.decode()
    assert not ProviderAccount.objects.exists()


def test_admin_saves_a_known_provider(client, superuser):
    response = client.post(reverse("admin:creative_provideraccount_add"), {"provider": "anthropic", "extra": "{}"})

    assert response.status_code == 302
    assert ProviderAccount.objects.get().provider == "anthropic"


def test_database_refuses_an_image_model_with_an_unknown_provider():
    with pytest.raises(IntegrityError):
        ImageModel.objects.create(provider="OpenAI", name="gpt-image-1-typo")


def test_database_refuses_a_provider_account_with_an_unknown_provider():
    with pytest.raises(IntegrityError):
        ProviderAccount.objects.create(provider="OpenAI")


def test_database_refuses_an_account_for_the_local_renderer_which_reads_none():
    with pytest.raises(IntegrityError):
        ProviderAccount.objects.create(provider="local")


@pytest.mark.django_db(transaction=True)
def test_migration_renames_near_misses_to_the_provider_they_meant():
    executor = MigrationExecutor(connection)
    executor.migrate([("creative", "0008_export_attempt")])
    old_apps = executor.loader.project_state([("creative", "0008_export_attempt")]).apps
    old_apps.get_model("creative", "ImageModel").objects.create(provider=" OpenAI", name="typo-model")
    old_apps.get_model("creative", "ProviderAccount").objects.create(provider="Anthropic")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert ImageModel.objects.get(name="typo-model").provider == "openai"
    assert ProviderAccount.objects.get().provider == "anthropic"
