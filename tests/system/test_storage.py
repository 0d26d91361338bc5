"""Files on a real S3-compatible store (Swift with s3api) through django-storages, as settings set it up."""

import io
import json
import os
import subprocess
import sys
import zipfile

import botocore.exceptions
import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from creative import pipeline
from creative.models import Export, ExportStatus, GenerationStatus
from creative.pipeline import generation_store
from creative.providers.base import ImageResult
from tests.browser import REPO
from tests.factories import make_brief, make_generation, make_member, make_workspace
from tests.fakes.server import png_bytes

pytestmark = [pytest.mark.system, pytest.mark.django_db]


def storages_from_settings(env: dict) -> dict:
    """STORAGES exactly as config/settings.py builds it from this environment (in a fresh interpreter)."""
    code = ("import json, django; from django.conf import settings; django.setup(); "
            "print(json.dumps(settings.STORAGES))")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                            timeout=60, env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def s3_storages(swift_server):
    """Builds STORAGES for a bucket; settings are loaded once, since only the bucket name differs."""
    template = storages_from_settings(swift_server.storage_options("placeholder"))
    assert template["default"]["BACKEND"] == "storages.backends.s3.S3Storage"

    def for_bucket(bucket: str, **options) -> dict:
        chosen = template["default"]["OPTIONS"] | {"bucket_name": bucket, **options}
        default = template["default"] | {"OPTIONS": chosen}
        return template | {"default": default}
    return for_bucket


@pytest.fixture
def s3(settings, swift_server, s3_storages, bucket):
    """The app's default storage is the Swift bucket; returns a boto3 client to look behind its back."""
    settings.STORAGES = s3_storages(bucket)
    return swift_server.client()


@pytest.fixture
def member_client(client):
    def login(workspace):
        user = make_member(workspace=workspace)
        client.force_login(user)
        return client
    return login


def test_a_generation_image_is_stored_in_the_bucket_and_served_back(s3, bucket, member_client):
    workspace = make_workspace()
    brief = make_brief(workspace=workspace)
    generation = make_generation(brief=brief, status=GenerationStatus.REQUESTING, attempt=1)
    image = png_bytes(640, 480)

    generation_store(generation=generation, result=ImageResult(data=image, mime_type="image/png"))

    generation.refresh_from_db()
    assert generation.status == GenerationStatus.SCORED  # scoring read the image back from the bucket
    stored = s3.get_object(Bucket=bucket, Key=generation.image.name)["Body"].read()
    assert stored == image
    assert s3.head_object(Bucket=bucket, Key=generation.thumbnail.name)["ContentLength"] > 0
    response = member_client(workspace).get(f"/images/{generation.id}/full/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == image


def test_an_export_zip_is_written_to_the_bucket_and_downloads(s3, bucket, member_client,
                                                            django_capture_on_commit_callbacks):
    workspace = make_workspace()
    brief = make_brief(workspace=workspace)
    generation = make_generation(brief=brief, status=GenerationStatus.REQUESTING, attempt=1)
    result = ImageResult(data=png_bytes(800, 800), mime_type="image/png")
    generation_store(generation=generation, result=result)
    generation.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        export = pipeline.export_create(brief=brief, generations=[generation], presets=["thumbnail"])
    export = Export.objects.get(id=export.id)
    assert export.status == ExportStatus.DONE, export.error

    in_bucket = s3.get_object(Bucket=bucket, Key=export.zip.name)["Body"].read()
    response = member_client(workspace).get(f"/exports/{export.id}/download/")
    assert response.status_code == 200
    downloaded = b"".join(response.streaming_content)
    assert downloaded == in_bucket
    with zipfile.ZipFile(io.BytesIO(downloaded)) as archive:
        names = archive.namelist()
    assert "manifest.json" in names and any(name.endswith(".webp") for name in names)


def test_a_signed_url_is_honoured_and_a_tampered_or_unsigned_one_refused(s3, bucket):
    storage = storages["default"]
    name = storage.save("signed/check.png", ContentFile(png_bytes(64, 64)))
    url = storage.url(name)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=3600" in url

    assert httpx.get(url).content == png_bytes(64, 64)
    signature = url.split("X-Amz-Signature=")[1][:64]
    tampered = url.replace(signature, signature[::-1])
    assert httpx.get(tampered).status_code == 403
    unsigned = httpx.get(url.split("?")[0])  # objects are private: s3api hands it to Swift, which refuses
    assert unsigned.status_code >= 400 and unsigned.content != png_bytes(64, 64)


def test_the_store_refuses_a_wrong_secret(s3, bucket, settings, s3_storages):
    settings.STORAGES = s3_storages(bucket, secret_key="not-the-secret")
    with pytest.raises(botocore.exceptions.ClientError) as error:
        storages["default"].save("nope.txt", ContentFile(b"x"))
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_readyz_checks_the_bucket(s3, bucket, client, settings, s3_storages):
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json()
    assert ready.json()["checks"]["storage"] == {"ok": True, "backend": "S3Storage", "bucket": bucket,
                                                 "ms": ready.json()["checks"]["storage"]["ms"]}

    settings.STORAGES = s3_storages("no-such-bucket")
    missing = client.get("/readyz")
    assert missing.status_code == 503
    assert missing.json()["checks"]["storage"]["ok"] is False
    assert missing.json()["checks"]["database"]["ok"] is True
