from creative.models.brief import Brief, BriefStatus, Prompt
from creative.models.catalogue import ImageModel, ProviderAccount
from creative.models.export import Export, ExportStatus, Rendition
from creative.models.generation import FINAL_STATUSES, Generation, GenerationStatus
from creative.models.ledger import CallOutcome, ProviderCall
from creative.models.workspace import Membership, Role, Workspace

__all__ = [
    "Brief", "BriefStatus", "Prompt", "ImageModel", "ProviderAccount", "Export", "ExportStatus",
    "Rendition", "CallOutcome", "ProviderCall", "FINAL_STATUSES", "Generation", "GenerationStatus", "Membership", "Role", "Workspace",
]

from creative.models.judgment import LLMCall, LLMOutcome, LLMRole  # noqa: E402

__all__ += ["LLMCall", "LLMOutcome", "LLMRole"]

from creative.models.branding import BrandKit  # noqa: E402
from creative.models.export import ExportPreset  # noqa: E402
from creative.models.sharing import ShareLink, ShareState  # noqa: E402

__all__ += ["BrandKit", "ExportPreset", "ShareLink", "ShareState"]
