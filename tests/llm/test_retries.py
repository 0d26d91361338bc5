import pytest

from creative.llm.base import ChatRequest, LLMError, complete_with_retries, parse_model_spec
from creative.llm.registry import CLIENTS, build_chat_client, default_base_url

SCHEMA = {
    "type": "object",
    "properties": {"product": {"type": "string"}},
    "required": ["product"],
    "additionalProperties": False,
}
MODELS = {"openai": "gpt-4o-mini", "anthropic": "claude-sonnet-4-5", "gemini": "gemini-2.5-flash"}


def ask(**overrides):
    fields = {"system": "Extract JSON.", "user": "Trail shoes.", "json_schema": SCHEMA}
    return ChatRequest(**{**fields, **overrides})


def client_for(fake, provider, *, timeout=5.0):
    model = MODELS[provider]
    return build_chat_client(provider, api_key=fake.api_key, base_url=fake.base_url, timeout=timeout,
                             model=model)


class Sleeps(list):
    """A sleep that records how long it was asked to wait, instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_rate_limit_is_retried_after_its_retry_after_then_succeeds(fake_openai_chat):
    fake_openai_chat.rate_limit(retry_after="3")
    fake_openai_chat.answer_json({"product": "trail shoe"})
    sleeps = Sleeps()

    response = complete_with_retries(client_for(fake_openai_chat, "openai"), ask(), sleep=sleeps)

    assert response.data == {"product": "trail shoe"}
    assert sleeps == [3.0]
    assert len(fake_openai_chat.requests) == 2


def test_gives_up_after_the_attempts_with_the_last_error(fake_openai_chat):
    fake_openai_chat.rate_limit(retry_after="1", times=5)
    sleeps = Sleeps()

    with pytest.raises(LLMError) as info:
        complete_with_retries(client_for(fake_openai_chat, "openai"), ask(), attempts=3, sleep=sleeps)

    assert (info.value.kind, info.value.retryable) == ("rate_limited", True)
    assert len(fake_openai_chat.requests) == 3
    assert sleeps == [1.0, 1.0]


def test_overloaded_anthropic_is_retried_with_jittered_backoff(fake_anthropic):
    fake_anthropic.overloaded(times=2)
    sleeps = Sleeps()

    response = complete_with_retries(client_for(fake_anthropic, "anthropic"), ask(), sleep=sleeps)

    assert response.data is not None
    assert len(fake_anthropic.requests) == 3
    first, second = sleeps  # no Retry-After on 529: exponential from 1 s, jittered down to half
    assert 0.5 <= first <= 1.0 and 1.0 <= second <= 2.0


def test_gemini_server_error_is_retried(fake_gemini_chat):
    fake_gemini_chat.server_error(500)

    response = complete_with_retries(client_for(fake_gemini_chat, "gemini"), ask(), sleep=Sleeps())

    assert response.data == {"product": "fake"}
    assert len(fake_gemini_chat.requests) == 2


def test_timeout_is_retried_only_once(fake_openai_chat):
    fake_openai_chat.slow(3.0, times=3)
    sleeps = Sleeps()

    with pytest.raises(LLMError) as info:
        client = client_for(fake_openai_chat, "openai", timeout=0.3)
        complete_with_retries(client, ask(), attempts=3, sleep=sleeps)

    assert info.value.kind == "timeout"
    assert len(fake_openai_chat.requests) == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize("fault", ["malformed_output", "refuse"])
def test_answers_that_cannot_be_used_are_not_retried(fake_anthropic, fault):
    getattr(fake_anthropic, fault)()
    sleeps = Sleeps()

    with pytest.raises(LLMError) as info:
        complete_with_retries(client_for(fake_anthropic, "anthropic"), ask(), sleep=sleeps)

    assert info.value.kind in ("invalid_output", "refusal")
    assert len(fake_anthropic.requests) == 1
    assert sleeps == []


def test_bad_key_is_not_retried(fake_gemini_chat):
    client = build_chat_client("gemini", api_key="AIza-wrong-key-123456", base_url=fake_gemini_chat.base_url,
                               model="gemini-2.5-flash")

    with pytest.raises(LLMError) as info:
        complete_with_retries(client, ask(), sleep=Sleeps())

    assert info.value.kind == "auth"
    assert len(fake_gemini_chat.requests) == 1


def test_retry_after_longer_than_max_wait_is_raised_at_once(fake_gemini_chat):
    fake_gemini_chat.rate_limit(retry_delay="120s")
    sleeps = Sleeps()

    with pytest.raises(LLMError) as info:
        complete_with_retries(client_for(fake_gemini_chat, "gemini"), ask(), sleep=sleeps, max_wait=60.0)

    assert (info.value.kind, info.value.retry_after) == ("rate_limited", 120.0)
    assert sleeps == []
    assert len(fake_gemini_chat.requests) == 1


def test_model_spec_splits_at_the_first_colon():
    assert parse_model_spec("anthropic:claude-sonnet-4-5") == ("anthropic", "claude-sonnet-4-5")
    assert parse_model_spec(" OpenAI:ft:gpt-4o-mini:acme ") == ("openai", "ft:gpt-4o-mini:acme")


@pytest.mark.parametrize("spec", ["", "claude-sonnet-4-5", "openai:", ":gpt-4o"])
def test_malformed_model_spec_is_a_value_error(spec):
    with pytest.raises(ValueError):
        parse_model_spec(spec)


def test_registry_knows_the_three_providers_and_their_hosts():
    assert set(CLIENTS) == {"openai", "anthropic", "gemini"}
    assert default_base_url("openai") == "https://api.openai.com/v1"
    assert default_base_url("anthropic") == "https://api.anthropic.com"
    assert default_base_url("gemini") == "https://generativelanguage.googleapis.com"
    client = build_chat_client("anthropic", api_key="sk-ant-x", model="claude-sonnet-4-5")
    assert str(client.client.base_url) == "https://api.anthropic.com"
    assert client.client.timeout.read == 60.0 and client.client.timeout.connect == 10.0


def test_unknown_provider_is_a_bad_request():
    with pytest.raises(LLMError) as info:
        build_chat_client("mistral", api_key="k", model="m")

    assert info.value.kind == "bad_request"
