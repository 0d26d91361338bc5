"""One brief with a product photo (and the logo) on every provider that takes one: each request in its official
format (specs/reference-images.md), checked by a fake that refuses malformed ones, and one paid job per image."""

import base64
import json

import httpx
import pytest

from creative.providers.base import ProviderError
from tests.fakes.server import decoded_image, parse_form
from tests.providers.references import REFERENCE_MODELS, adapter, job, logo, product, reference_case, run

__all__ = ["reference_case"]  # the fixture, used by name


@pytest.mark.parametrize("reference_case", REFERENCE_MODELS, indirect=True, ids=[m[1] for m in REFERENCE_MODELS])
def test_every_reference_model_makes_one_paid_image_from_the_product_photo(reference_case):
    _, model, fake, provider_adapter = reference_case
    assert provider_adapter.takes_references_for(model)

    result = run(provider_adapter, job(model))

    assert decoded_image(result.data) is not None
    assert len(fake.paid) == 1  # one billed job for one image, whatever the uploads and polls around it
    assert len(fake.requests_to(fake.paid_path, "POST")) == 1


def test_openai_sends_each_reference_as_an_image_array_part_with_high_fidelity(fake_openai):
    result = adapter("openai", fake_openai).generate(job("gpt-image-1.5"))

    (request,) = fake_openai.requests
    fields, files = parse_form(request)
    assert (request.method, request.path) == ("POST", "/v1/images/edits")
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert [(f.name, f.content_type, f.data) for f in files] == [
        ("image[]", "image/jpeg", product().data), ("image[]", "image/png", logo().data)]
    assert fields["model"] == "gpt-image-1.5" and fields["input_fidelity"] == "high"
    assert "the first image is the product" in fields["prompt"] and "the second image is the brand logo" in fields[
        "prompt"]
    assert result.usage["input_image"] > 0  # the reference images are billed as input image tokens


def test_openai_mini_gets_no_input_fidelity_which_it_refuses(fake_openai):
    adapter("openai", fake_openai).generate(job("gpt-image-1-mini"))

    fields, _ = parse_form(fake_openai.requests[0])
    assert "input_fidelity" not in fields


def test_gemini_puts_inline_image_parts_before_the_text(fake_gemini):
    adapter("gemini", fake_gemini).generate(job("gemini-2.5-flash-image"))

    parts = fake_gemini.requests[0].json()["contents"][0]["parts"]
    assert [p["inlineData"]["mimeType"] for p in parts[:2]] == ["image/jpeg", "image/png"]
    assert base64.b64decode(parts[0]["inlineData"]["data"]) == product().data
    assert "image 1 is the product" in parts[2]["text"] and "image 2 is the brand logo" in parts[2]["text"]
    assert fake_gemini.paid[0]["usage"]["promptTokensDetails"][-1] == {"modality": "IMAGE", "tokenCount": 516}


def test_gemini_2_5_flash_image_is_sent_at_most_three_images(fake_gemini):
    many = (product(),) * 5
    adapter("gemini", fake_gemini).generate(job("gemini-2.5-flash-image", references=many))

    parts = fake_gemini.requests[0].json()["contents"][0]["parts"]
    assert len([p for p in parts if "inlineData" in p]) == 3


def test_imagen_recontext_sends_product_images_only(fake_imagen):
    adapter("imagen", fake_imagen).generate(job("imagen-product-recontext-preview-06-30"))

    body = fake_imagen.requests[0].json()
    (image,) = body["instances"][0]["productImages"]  # the logo is no product image
    assert image["image"] == {"bytesBase64Encoded": base64.b64encode(product().data).decode(),
                              "mimeType": "image/jpeg"}
    assert "aspectRatio" not in body["parameters"]


def test_imagen_subject_reference_is_named_in_the_prompt(fake_imagen):
    adapter("imagen", fake_imagen).generate(job("imagen-3.0-capability-001"))

    instance = fake_imagen.requests[0].json()["instances"][0]
    (reference,) = instance["referenceImages"]
    assert (reference["referenceId"], reference["referenceType"]) == (1, "REFERENCE_TYPE_SUBJECT")
    assert reference["subjectImageConfig"] == {"subjectType": "SUBJECT_TYPE_PRODUCT",
                                               "subjectDescription": "a red bottle of hot sauce"}
    assert instance["prompt"].startswith("Create an image of a red bottle of hot sauce [1] ")


def test_stability_relight_sends_the_photo_as_subject_image_then_polls_for_the_result(fake_stability):
    fake_stability.pending_polls = 2
    result = adapter("stability", fake_stability, poll_seconds=0.01).generate(job("replace-background-and-relight"))

    start, *polls = fake_stability.requests
    fields, files = parse_form(start)
    assert start.path == "/v2beta/stable-image/edit/replace-background-and-relight"
    assert [(f.name, f.data) for f in files] == [("subject_image", product().data)]
    assert fields["background_prompt"].startswith("the bottle on a marble")
    assert fields["foreground_prompt"] == "a red bottle of hot sauce"
    assert len(polls) == 3  # 202, 202, then 200 with the image
    assert all(p.method == "GET" and p.path.startswith("/v2beta/results/") for p in polls)
    assert result.meta["endpoint"] == "edit/replace-background-and-relight"


def test_flux_fills_input_image_slots_in_order_as_bare_base64(fake_flux):
    adapter("flux", fake_flux).submit(job("flux-kontext-pro"))

    body = fake_flux.requests[0].json()
    assert base64.b64decode(body["input_image"]) == product().data
    assert base64.b64decode(body["input_image_2"]) == logo().data
    assert "input_image_3" not in body and body["safety_tolerance"] <= 2
    assert "image 1 is the product" in body["prompt"]


def test_flux_2_bills_the_input_images(fake_flux):
    result = run(adapter("flux", fake_flux), job("flux-2-pro"))

    assert fake_flux.paid[0]["cost"] > 3.0  # the text-to-image price of one megapixel
    assert result.cost_cents == fake_flux.paid[0]["cost"]


def test_firefly_uploads_the_cutout_then_composites_it_by_upload_id(fake_firefly):
    run(adapter("firefly", fake_firefly), job("object-composite"))

    upload = fake_firefly.requests_to("/v2/storage/image", "POST")[0]
    composite = fake_firefly.requests_to("/generate-object-composite-async", "POST")[0]
    assert upload.headers["content-type"] == "image/png" and upload.body == product().cutout
    assert composite.json()["image"] == {"source": {"uploadId": next(iter(fake_firefly.uploads))}}
    assert "x-model-version" not in composite.headers
    assert fake_firefly.paid == [{}]  # the upload is no paid job


def test_firefly_composites_a_photo_without_cutout_when_the_output_is_larger(fake_firefly):
    photo_only = product().__class__(data=product().data, mime_type="image/jpeg", kind="product")

    run(adapter("firefly", fake_firefly), job("object-composite", references=(photo_only,)))

    assert fake_firefly.requests_to("/v2/storage/image")[0].headers["content-type"] == "image/jpeg"


def test_midjourney_sends_data_urls_that_the_relay_puts_before_the_prompt(fake_midjourney):
    job_id = adapter("midjourney", fake_midjourney).submit(job("midjourney"))

    body = fake_midjourney.requests[0].json()
    assert body["base64Array"] == [
        f"data:image/jpeg;base64,{base64.b64encode(product().data).decode()}",
        f"data:image/png;base64,{base64.b64encode(logo().data).decode()}",
    ]
    task = fake_midjourney.tasks[job_id.removeprefix("imagine:")]
    assert task["description"].startswith("/imagine https://cdn.discordapp.com/attachments/")


# Models that take no reference are used text-only: the photo never goes out, and the request is the usual one.
TEXT_ONLY = [
    ("openai", "dall-e-3", "fake_openai", "/v1/images/generations"),
    ("imagen", "imagen-4.0-generate-001", "fake_imagen", ":predict"),
    ("stability", "stable-image-core", "fake_stability", "/generate/core"),
    ("flux", "flux-pro-1.1", "fake_flux", "/v1/flux-pro-1.1"),
    ("firefly", "image3", "fake_firefly", "/v3/images/generate-async"),
]


@pytest.mark.parametrize(("provider", "model", "fixture", "path"), TEXT_ONLY, ids=[m[1] for m in TEXT_ONLY])
def test_a_model_that_takes_no_reference_is_used_text_only(request, provider, model, fixture, path):
    fake = request.getfixturevalue(fixture)
    provider_adapter = adapter(provider, fake)
    assert not provider_adapter.takes_references_for(model)

    run(provider_adapter, job(model))

    (paid,) = fake.requests_to(path, "POST")
    assert base64.b64encode(product().data)[:200] not in paid.body and product().data not in paid.body
    assert fake.requests_to("/v2/storage/") == []
    assert len(fake.paid) == 1


REFERENCE_ONLY = [("imagen", "imagen-product-recontext-preview-06-30", "fake_imagen"),
                  ("imagen", "imagen-3.0-capability-001", "fake_imagen"),
                  ("stability", "replace-background-and-relight", "fake_stability"),
                  ("firefly", "object-composite", "fake_firefly")]


@pytest.mark.parametrize(("provider", "model", "fixture"), REFERENCE_ONLY, ids=[m[1] for m in REFERENCE_ONLY])
def test_a_reference_only_model_without_a_product_photo_is_refused_before_any_call(request, provider, model,
                                                                                    fixture):
    fake = request.getfixturevalue(fixture)
    provider_adapter = adapter(provider, fake)
    assert provider_adapter.needs_references_for(model)

    with pytest.raises(ProviderError) as info:
        run(provider_adapter, job(model, references=(logo(),)))

    assert (info.value.kind, info.value.proves_not_billed) == ("bad_request", True)
    assert fake.paid == [] and fake.requests_to(fake.paid_path) == []


# The fakes refuse what the official format does not allow, in the provider's own error shape.
def post(fake, path, **kwargs) -> httpx.Response:
    headers = kwargs.pop("headers", {})
    with httpx.Client(base_url=fake.url, timeout=5.0) as client:
        return client.post(path, headers=headers, **kwargs)


def test_fake_openai_refuses_json_on_edits_and_more_than_sixteen_images(fake_openai):
    auth = {"Authorization": f"Bearer {fake_openai.api_key}"}
    as_json = post(fake_openai, "/v1/images/edits", json={"prompt": "x", "model": "gpt-image-1.5"}, headers=auth)
    files = [("image[]", ("p.png", logo().data, "image/png"))] * 17
    too_many = post(fake_openai, "/v1/images/edits", data={"prompt": "x", "model": "gpt-image-1.5"}, files=files,
                    headers=auth)

    for response in (as_json, too_many):
        assert response.status_code == 400
        assert set(response.json()["error"]) == {"message", "type", "param", "code"}
    assert fake_openai.paid == []


def test_fake_gemini_refuses_an_image_part_that_is_not_an_image(fake_gemini):
    body = {"contents": [{"parts": [{"inline_data": {"mime_type": "image/png", "data": "bm90IGFuIGltYWdl"}},
                                    {"text": "x"}]}],
            "generationConfig": {"responseModalities": ["IMAGE"]}}
    response = post(fake_gemini, "/v1beta/models/gemini-3.1-flash-image:generateContent", json=body,
                    headers={"x-goog-api-key": fake_gemini.api_key})

    assert response.status_code == 400 and response.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert fake_gemini.paid == []


def test_fake_imagen_refuses_a_reference_the_prompt_does_not_name(fake_imagen):
    image = {"bytesBase64Encoded": base64.b64encode(logo().data).decode(), "mimeType": "image/png"}
    body = {"instances": [{"prompt": "a bottle", "referenceImages": [
        {"referenceImage": image, "referenceId": 1, "referenceType": "REFERENCE_TYPE_SUBJECT",
         "subjectImageConfig": {"subject_type": "SUBJECT_TYPE_PRODUCT"}}]}], "parameters": {"sampleCount": 1}}
    path = "/v1/projects/ad-project/locations/us-central1/publishers/google/models/imagen-3.0-capability-001:predict"
    response = post(fake_imagen, path, json=body, headers={"Authorization": f"Bearer {fake_imagen.api_key}"})

    assert response.status_code == 400 and response.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert fake_imagen.paid == []


def test_fake_flux_refuses_a_gap_in_the_input_image_slots_and_images_for_flux_pro(fake_flux):
    image = base64.b64encode(logo().data).decode()
    gap = post(fake_flux, "/v1/flux-2-pro", json={"prompt": "x", "input_image": image, "input_image_3": image},
               headers={"x-key": fake_flux.api_key})
    text_only = post(fake_flux, "/v1/flux-pro-1.1", json={"prompt": "x", "input_image": image},
                     headers={"x-key": fake_flux.api_key})

    for response in (gap, text_only):
        assert response.status_code == 422 and response.json()["detail"][0]["loc"][0] == "body"
    assert fake_flux.paid == []


def test_fake_stability_relight_refuses_a_start_without_subject_image(fake_stability):
    response = post(fake_stability, "/v2beta/stable-image/edit/replace-background-and-relight",
                    data={"background_prompt": "a beach"}, files={"none": ""},
                    headers={"Authorization": f"Bearer {fake_stability.api_key}"})

    assert response.status_code == 400 and set(response.json()) == {"id", "name", "errors"}
    assert fake_stability.paid == []


def test_fake_firefly_storage_refuses_a_gif(fake_firefly):
    firefly = adapter("firefly", fake_firefly)
    auth = {"x-api-key": fake_firefly.client_id, "Authorization": f"Bearer {firefly._access_token()}"}
    response = post(fake_firefly, "/v2/storage/image", content=b"GIF89a", headers={**auth, "Content-Type": "image/gif"})

    assert (response.status_code, response.json()["error_code"]) == (415, "invalid_content_type")


def test_fake_midjourney_refuses_base64_that_is_not_a_data_url(fake_midjourney):
    response = post(fake_midjourney, "/mj/submit/imagine", json={"prompt": "x", "base64Array": ["iVBORw0KGgo="]},
                    headers={"mj-api-secret": fake_midjourney.api_key})

    assert json.loads(response.text)["code"] == 4 and fake_midjourney.paid == []
