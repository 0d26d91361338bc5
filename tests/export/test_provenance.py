import datetime
import io
import json

import pytest
from PIL import Image

from creative.export.presets import PRESETS_BY_NAME
from creative.export.provenance import (
    TRAINED_ALGORITHMIC_MEDIA,
    C2paCredentials,
    Provenance,
    c2pa_read,
    c2pa_sealer,
    xmp_packet,
)
from creative.export.render import FORMATS, MIME_TYPES, Finishing, render_sizes

PROVENANCE = Provenance(
    model="imagen-4",
    provider="imagen",
    prompt='A watch on a wrist, "blue" & silver',
    created="2025-01-02T03:04:05+00:00",
    approvals=({"reviewer": "ana", "stage": "", "at": "2025-01-03T00:00:00+00:00"},),
)


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_carries_the_ai_source_type_and_model_in_xmp(format):
    [rendition] = render_sizes(
        Image.new("RGB", (300, 300), "navy"),
        presets=[PRESETS_BY_NAME["medium"]],
        format=format,
        finishing=Finishing(xmp=xmp_packet(PROVENANCE)),
    )

    image = Image.open(io.BytesIO(rendition.data))
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp")
    xmp = xmp.decode() if isinstance(xmp, bytes) else xmp
    assert TRAINED_ALGORITHMIC_MEDIA in xmp
    assert 'Iptc4xmpExt:AISystemUsed="imagen-4"' in xmp


def test_xmp_is_well_formed_with_the_prompt_escaped():
    import xml.etree.ElementTree as ElementTree

    root = ElementTree.fromstring(xmp_packet(PROVENANCE))
    texts = [element.text for element in root.iter() if element.text and "wrist" in element.text]

    assert texts == ['A watch on a wrist, "blue" & silver']


def test_no_credentials_means_no_c2pa_signing():
    assert c2pa_sealer(None) is None
    assert c2pa_sealer(C2paCredentials(certificate_chain=b"", private_key=b"")) is None


def test_c2pa_manifest_is_signed_into_the_file_and_names_the_model(c2pa_credentials):
    [rendition] = render_sizes(
        Image.new("RGB", (256, 256), "teal"),
        presets=[PRESETS_BY_NAME["thumbnail"]],
        format="webp",
        finishing=Finishing(xmp=xmp_packet(PROVENANCE)),
    )
    seal = c2pa_sealer(c2pa_credentials)

    signed = seal(rendition.data, "image/webp", PROVENANCE, "01-test/thumbnail")

    store = c2pa_read(signed, mime_type=MIME_TYPES["webp"])
    manifest = store["manifests"][store["active_manifest"]]
    actions = next(a for a in manifest["assertions"] if a["label"].startswith("c2pa.actions"))["data"][
        "actions"
    ]
    assert actions[0]["digitalSourceType"] == TRAINED_ALGORITHMIC_MEDIA
    assert actions[0]["softwareAgent"]["name"] == "imagen-4"
    approvals = next(a for a in manifest["assertions"] if a["label"] == "com.creative-pipeline.approvals")
    assert approvals["data"]["approvals"][0]["reviewer"] == "ana"
    # Still a picture, still with its XMP; untrusted only because the test CA is nobody's root.
    image = Image.open(io.BytesIO(signed))
    assert image.size == (256, 256) and TRAINED_ALGORITHMIC_MEDIA.encode() in image.info["xmp"]
    codes = {status["code"] for status in store.get("validation_status", [])}
    assert codes <= {"signingCredential.untrusted"}, json.dumps(store.get("validation_status"))


def test_an_unsigned_file_has_no_c2pa_manifest():
    [rendition] = render_sizes(Image.new("RGB", (256, 256), "teal"), presets=[PRESETS_BY_NAME["thumbnail"]])

    assert c2pa_read(rendition.data, mime_type="image/webp") is None


def test_the_test_certificate_is_not_self_signed(c2pa_credentials):
    # C2PA refuses self-signed signers: the fixture's leaf is issued by a separate CA.
    from cryptography import x509

    leaf, ca = x509.load_pem_x509_certificates(c2pa_credentials.certificate_chain)
    assert leaf.issuer == ca.subject != leaf.subject
    assert leaf.not_valid_after_utc > datetime.datetime.now(datetime.UTC)
