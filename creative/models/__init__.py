"""The data model, one module per concept (ARCHITECTURE.md, "Data model")."""

from creative.models.branding import BrandKit
from creative.models.brief import Brief, BriefStatus, Prompt
from creative.models.catalogue import ImageModel, ProviderAccount
from creative.models.export import Export, ExportPreset, ExportStatus, Rendition
from creative.models.generation import FINAL_STATUSES, Generation, GenerationStatus
from creative.models.judgment import LLMCall, LLMOutcome, LLMRole
from creative.models.ledger import CallOutcome, ProviderCall
from creative.models.sharing import ShareLink, ShareState
from creative.models.workspace import Membership, Role, Workspace

__all__ = [
    "BrandKit", "Brief", "BriefStatus", "Prompt", "ImageModel", "ProviderAccount", "Export", "ExportPreset",
    "ExportStatus", "Rendition", "FINAL_STATUSES", "Generation", "GenerationStatus", "LLMCall", "LLMOutcome",
    "LLMRole", "CallOutcome", "ProviderCall", "ShareLink", "ShareState", "Membership", "Role", "Workspace",
]
