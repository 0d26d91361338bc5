"""The data model, one module per concept (ARCHITECTURE.md, "Data model")."""

from creative.models.automation import (
    ApiToken,
    Batch,
    BatchRow,
    BatchSource,
    DeliveryStatus,
    IdempotencyRecord,
    TokenScope,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from creative.models.branding import BrandKit
from creative.models.brief import Brief, BriefStatus, Prompt
from creative.models.catalogue import ImageModel, ModelPrice, ProviderAccount
from creative.models.export import Export, ExportPreset, ExportStatus, Rendition
from creative.models.generation import FINAL_STATUSES, Generation, GenerationStatus
from creative.models.judgment import LLMCall, LLMOutcome, LLMRole
from creative.models.learning import WorkspaceJudgment
from creative.models.ledger import CallOutcome, CostSource, ProviderCall
from creative.models.references import BriefReference, CutoutMethod, ReferenceKind
from creative.models.sharing import ShareLink, ShareState
from creative.models.workspace import ImageRequest, Membership, RequestKind, Role, Workspace

__all__ = [
    "FINAL_STATUSES",
    "ApiToken",
    "Batch",
    "BatchRow",
    "BatchSource",
    "BrandKit",
    "Brief",
    "BriefReference",
    "BriefStatus",
    "CallOutcome",
    "CostSource",
    "CutoutMethod",
    "DeliveryStatus",
    "Export",
    "ExportPreset",
    "ExportStatus",
    "Generation",
    "GenerationStatus",
    "IdempotencyRecord",
    "ImageModel",
    "ImageRequest",
    "LLMCall",
    "LLMOutcome",
    "LLMRole",
    "Membership",
    "ModelPrice",
    "Prompt",
    "ProviderAccount",
    "ProviderCall",
    "ReferenceKind",
    "Rendition",
    "RequestKind",
    "Role",
    "ShareLink",
    "ShareState",
    "TokenScope",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "Workspace",
    "WorkspaceJudgment",
]
