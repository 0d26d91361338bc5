import concurrent.futures

import httpx
import pytest

from creative.llm.registry import ENVIRONMENT as CHAT_ENVIRONMENT
from creative.providers.base import ImageJob, ImageProvider, ProviderConfig, ProviderError
from creative.providers.imagen import Imagen
from creative.providers.openai import OpenAIImages
from creative.providers.registry import (
    ENVIRONMENT,
    KEYLESS,
    NAMES,
    PROMPT_FAMILIES,
    PROVIDERS,
    TERMS_WARNINGS,
    build_client,
    get_provider,
)

REMOTE = ["openai", "imagen", "gemini", "stability", "flux", "firefly", "midjourney"]


def test_registry_names_every_provider():
    assert set(PROVIDERS) == {"local", *REMOTE}
    assert len(PROVIDERS) == 8


@pytest.mark.parametrize("name", REMOTE)
def test_each_remote_adapter_is_an_image_provider_named_as_registered(name):
    provider_cls = PROVIDERS[name]

    assert issubclass(provider_cls, ImageProvider)
    assert provider_cls.name == name
    assert provider_cls.default_base_url.startswith("http")


def test_async_providers_say_so():
    assert {name for name in REMOTE if PROVIDERS[name].is_async} == {"flux", "firefly", "midjourney"}


def test_local_renderer_is_registered():
    local = PROVIDERS["local"]
    assert issubclass(local, ImageProvider)
    assert local.name == "local"


def test_unknown_provider_is_bad_request():
    with pytest.raises(ProviderError) as info:
        get_provider("dall-e-nine")

    assert info.value.kind == "bad_request"
    assert "openai" in info.value.detail


def test_get_provider_uses_the_given_client_and_config():
    config = ProviderConfig(api_key="k", base_url="http://relay.example/v1")
    client = httpx.Client()

    provider = get_provider("openai", config=config, client=client)

    assert isinstance(provider, OpenAIImages)
    assert provider.client is client
    assert provider.config is config


def test_get_provider_builds_a_client_on_the_default_base_url():
    provider = get_provider("stability")

    assert str(provider.client.base_url) == "https://api.stability.ai"
    assert provider.client.timeout.read == 120.0
    assert provider.client.timeout.connect == 10.0


def test_build_client_prefers_the_config_base_url_and_sets_the_timeout():
    client = build_client(OpenAIImages, ProviderConfig(base_url="http://relay.example/v1"), timeout=30.0)

    assert str(client.base_url) == "http://relay.example/v1/"
    assert (client.timeout.read, client.timeout.connect) == (30.0, 10.0)
    assert client.follow_redirects is False


def test_build_client_short_timeouts_also_bound_connect():
    client = build_client(OpenAIImages, ProviderConfig(), timeout=2.0)

    assert (str(client.base_url), client.timeout.connect) == ("https://api.openai.com/v1/", 2.0)


def test_build_client_roots_imagen_at_the_region_host():
    config = ProviderConfig(extra={"project": "p", "location": "europe-west4"})

    client = build_client(Imagen, config, timeout=5)

    assert str(client.base_url) == "https://europe-west4-aiplatform.googleapis.com"


def test_an_adapter_from_the_registry_reaches_its_fake(fake_openai):
    provider = get_provider("openai", config=fake_openai.config())

    assert provider.check().startswith("ok ")
    assert fake_openai.requests[0].path == "/v1/models"


def test_one_client_serves_parallel_calls(fake_stability):
    fake_stability.latency = 0.5
    provider = get_provider("stability", config=fake_stability.config())
    jobs = [ImageJob(model="stable-image-core", prompt=f"poster {i}") for i in range(4)]

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(provider.generate, jobs))

    assert all(r.meta["width"] == 1024 for r in results)
    assert len(fake_stability.requests) == 4
    assert fake_stability.max_concurrent == 4


def test_every_adapter_class_in_the_package_is_registered():
    named = {cls for cls in ImageProvider.__subclasses__() if cls.name}

    assert named == set(PROVIDERS.values())
    assert NAMES == tuple(sorted(PROVIDERS))


def test_environment_is_read_from_each_class():
    assert {name: (env.key, env.base_url, dict(env.extra)) for name, env in ENVIRONMENT.items()} == {
        "openai": ("OPENAI_API_KEY", "OPENAI_BASE_URL", {}),
        "gemini": ("GEMINI_API_KEY", "GEMINI_BASE_URL", {}),
        "imagen": ("VERTEX_ACCESS_TOKEN", "VERTEX_BASE_URL",
                   {"project": "VERTEX_PROJECT", "location": "VERTEX_LOCATION"}),
        "stability": ("STABILITY_API_KEY", "STABILITY_BASE_URL", {}),
        "flux": ("BFL_API_KEY", "BFL_BASE_URL", {}),
        "firefly": ("FIREFLY_CLIENT_SECRET", "FIREFLY_BASE_URL",
                    {"client_id": "FIREFLY_CLIENT_ID", "ims_url": "FIREFLY_IMS_URL"}),
        "midjourney": ("MIDJOURNEY_RELAY_SECRET", "MIDJOURNEY_RELAY_URL", {}),
    }


def test_only_the_local_renderer_runs_with_nothing_configured():
    assert KEYLESS == {"local"}
    assert (PROVIDERS["midjourney"].needs_key, PROVIDERS["midjourney"].needs_base_url) == (False, True)


def test_prompt_families_and_terms_warnings_come_from_the_classes():
    assert PROMPT_FAMILIES == {"local": "", "openai": "natural", "imagen": "", "gemini": "natural",
                               "stability": "stability", "flux": "natural", "firefly": "", "midjourney": "midjourney"}
    assert set(TERMS_WARNINGS) == {"midjourney"}
    assert "terms forbid automated use" in TERMS_WARNINGS["midjourney"]


def test_chat_clients_name_the_same_variables_as_the_image_adapter_of_their_provider():
    shared = set(CHAT_ENVIRONMENT) & set(ENVIRONMENT)

    assert shared == {"openai", "gemini"}
    assert all(CHAT_ENVIRONMENT[name][:2] == ENVIRONMENT[name][:2] for name in shared)
    assert CHAT_ENVIRONMENT["anthropic"][:2] == ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL")
