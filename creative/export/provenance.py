"""Provenance: every rendition says it is AI-generated, by which model, in XMP; optionally C2PA-signed.

XMP carries the IPTC digital source type (what Google, Meta and the EU AI Act labelling rules read):
`trainedAlgorithmicMedia` for a trained model's image, `algorithmicMedia` for the built-in renderer's
drawings, which no trained model made; and the IPTC 2025.1 AI properties (system used, prompt). When a
signing certificate and key are configured, each encoded file also gets a C2PA manifest through
`c2pa-python`, the Content Authenticity Initiative's own binding; without them, XMP alone.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

logger = logging.getLogger(__name__)

TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"
# Providers whose pictures are drawn by a program rather than made by a trained model.
ALGORITHMIC_PROVIDERS = frozenset({"local"})
SOFTWARE = "Creative Pipeline"


@dataclass(frozen=True)
class Provenance:
    """What is known about how one image was made and approved."""

    model: str
    provider: str = ""
    prompt: str = ""
    created: str = ""  # ISO 8601, when the model returned the image
    approvals: tuple[dict[str, Any], ...] = field(default=())  # {"reviewer": ..., "at": ...}

    @property
    def digital_source_type(self) -> str:
        return ALGORITHMIC_MEDIA if self.provider in ALGORITHMIC_PROVIDERS else TRAINED_ALGORITHMIC_MEDIA


def xmp_packet(provenance: Provenance) -> bytes:
    """An XMP packet: IPTC digital source type, AI system and prompt, creator tool and date."""
    attributes = {
        "Iptc4xmpExt:DigitalSourceType": provenance.digital_source_type,
        "Iptc4xmpExt:AISystemUsed": provenance.model,
        "xmp:CreatorTool": SOFTWARE,
    }
    if provenance.provider:
        attributes["Iptc4xmpExt:AISystemVersionUsed"] = f"{provenance.provider}/{provenance.model}"
    if provenance.created:
        attributes["xmp:CreateDate"] = provenance.created
    rendered = "".join(f"\n    {name}={quoteattr(value)}" for name, value in attributes.items())
    prompt = ""
    if provenance.prompt:
        # A language alternative, as IPTC defines AI Prompt Information: a plain attribute would do
        # for readers, but validators expect the rdf:Alt form.
        prompt = (
            '\n   <Iptc4xmpExt:AIPromptInformation><rdf:Alt><rdf:li xml:lang="x-default">'
            f"{escape(provenance.prompt)}</rdf:li></rdf:Alt></Iptc4xmpExt:AIPromptInformation>"
        )
    packet = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"\n'
        '    xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        f"{rendered}>{prompt}\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>"
    )
    return packet.encode()


@dataclass(frozen=True)
class C2paCredentials:
    """A PEM certificate chain (signer first, no root) and its PEM private key."""

    certificate_chain: bytes
    private_key: bytes
    algorithm: str = "es256"
    timestamp_url: str = ""


def c2pa_available() -> bool:
    try:
        import c2pa  # noqa: F401
    except ImportError:
        return False
    return True


def c2pa_sealer(credentials: C2paCredentials | None) -> Callable[[bytes, str, Provenance, str], bytes] | None:
    """A function signing encoded bytes with a C2PA manifest, or None when there is nothing to sign with."""
    if credentials is None or not credentials.certificate_chain or not credentials.private_key:
        return None
    if not c2pa_available():
        logger.warning("C2PA credentials are set but c2pa-python is not installed: renditions carry XMP only")
        return None

    def seal(data: bytes, mime_type: str, provenance: Provenance, title: str) -> bytes:
        return c2pa_sign(
            data, mime_type=mime_type, provenance=provenance, title=title, credentials=credentials
        )

    return seal


def c2pa_sign(
    data: bytes, *, mime_type: str, provenance: Provenance, title: str, credentials: C2paCredentials
) -> bytes:
    """The same image with a signed C2PA manifest: created by the model, then cropped and resized here."""
    import c2pa

    manifest = {
        "claim_generator_info": [{"name": SOFTWARE, "version": "1"}],
        "title": title,
        "format": mime_type,
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": provenance.digital_source_type,
                            "softwareAgent": {"name": provenance.model},
                        },
                        {"action": "c2pa.resized", "softwareAgent": {"name": SOFTWARE}},
                    ]
                },
            },
            {
                # Who approved it and when: the approval chain travels with the file.
                "label": "com.creative-pipeline.approvals",
                "data": {
                    "model": provenance.model,
                    "provider": provenance.provider,
                    "approvals": list(provenance.approvals),
                },
            },
        ],
    }
    # A signer per call: Builder and Signer are single-use handles, and renditions sign on many threads.
    info = c2pa.C2paSignerInfo(
        credentials.algorithm.encode(),
        credentials.certificate_chain,
        credentials.private_key,
        credentials.timestamp_url.encode() if credentials.timestamp_url else None,
    )
    signer = c2pa.Signer.from_info(info)
    try:
        builder = c2pa.Builder(manifest)
        output = io.BytesIO()
        builder.sign(signer, mime_type, io.BytesIO(data), output)
    finally:
        signer.close()
    return output.getvalue()


def c2pa_read(data: bytes, *, mime_type: str) -> dict[str, Any] | None:
    """The active C2PA manifest store as a dict, or None when the file carries none."""
    import json

    import c2pa

    try:
        reader = c2pa.Reader(mime_type, io.BytesIO(data))
    except c2pa.C2paError:
        return None
    manifest: dict[str, Any] = json.loads(reader.json())
    return manifest
