"""The built-in renderer's drawings are algorithmic media; a trained model's images are trained algorithmic media."""

from creative.export.provenance import ALGORITHMIC_MEDIA, TRAINED_ALGORITHMIC_MEDIA, Provenance, xmp_packet


def test_the_local_renderer_is_labelled_algorithmic_media_not_ai_generated():
    xmp = xmp_packet(Provenance(model="local", provider="local")).decode()
    assert f'Iptc4xmpExt:DigitalSourceType="{ALGORITHMIC_MEDIA}"' in xmp and TRAINED_ALGORITHMIC_MEDIA not in xmp


def test_a_trained_model_is_labelled_trained_algorithmic_media():
    xmp = xmp_packet(Provenance(model="imagen-4", provider="imagen")).decode()
    assert f'Iptc4xmpExt:DigitalSourceType="{TRAINED_ALGORITHMIC_MEDIA}"' in xmp
