"""The pipeline: a brief's life from submission to export (ARCHITECTURE.md, "Flow").

This package is the one entry point for everything outside it: views, the CLI, admin, template tags
and tests call `pipeline.<entity>_<action>` (or import those names from `creative.pipeline`). Inside,
one module per stage; state changes go through `transitions`, tasks are sent only by `queue`.
"""

from creative.pipeline.actions import generation_more_like_this, generation_promote, generation_retry
from creative.pipeline.allowances import AllowanceError, allowance_left
from creative.pipeline.analysis import brief_analyse
from creative.pipeline.batch_exports import batch_briefs, batch_export_state, batch_zip_write
from creative.pipeline.batches import FeedError, batch_submit, feed_rows, images_in_folder, images_uploaded
from creative.pipeline.brand_kits import (
    brand_for,
    brand_kit_files,
    brand_kit_files_prune,
    brand_kit_font_set,
    brand_kit_for,
    brand_kit_logo_set,
)
from creative.pipeline.export_options import watermark_options_clean
from creative.pipeline.export_presets import presets_available, presets_resolve
from creative.pipeline.exports import export_create, export_run
from creative.pipeline.focal_point import focal_point_set
from creative.pipeline.generations import (
    generation_fail,
    generation_poll,
    generation_run,
    generation_store,
    provider_for,
)
from creative.pipeline.progress import brief_progress, briefs_progress
from creative.pipeline.prompt_editing import brief_prompts_regenerate, brief_start, prompt_update
from creative.pipeline.reference_models import models_for_references, models_skipped
from creative.pipeline.references import (
    brief_reference_box_set,
    brief_references_add,
    references_decode,
)
from creative.pipeline.requirements import brief_requirements_confirm, requirements_changed
from creative.pipeline.scoring import generation_score
from creative.pipeline.selection import brief_advance, candidates_select
from creative.pipeline.share_links import (
    share_file_bytes,
    share_file_name,
    share_link_count_download,
    share_link_create,
    share_link_find,
    share_link_revoke,
    share_zip_stream,
)
from creative.pipeline.spend import costs_report, workspace_limits
from creative.pipeline.submission import (
    BriefError,
    Estimate,
    brief_estimate,
    brief_estimate_cents,
    brief_submit,
    requirements_analyse,
)
from creative.pipeline.sweeps import exports_sweep, generations_sweep

__all__ = [
    "AllowanceError", "BriefError", "Estimate", "FeedError", "allowance_left", "batch_briefs", "batch_export_state", "batch_submit", "batch_zip_write", "brand_for", "brand_kit_files",
    "brand_kit_files_prune", "brand_kit_font_set", "brand_kit_for", "brand_kit_logo_set", "brief_advance", "brief_analyse", "brief_estimate",
    "brief_estimate_cents", "brief_progress", "brief_prompts_regenerate", "brief_reference_box_set", "brief_references_add", "brief_requirements_confirm", "brief_start",
    "brief_submit",
    "briefs_progress", "candidates_select", "costs_report", "export_create", "export_run", "exports_sweep",
    "feed_rows", "focal_point_set", "generation_fail", "generation_more_like_this", "generation_poll", "generation_promote",
    "generation_retry", "generation_run", "generation_score", "generation_store", "generations_sweep",
    "images_in_folder", "images_uploaded", "models_for_references", "models_skipped",
    "presets_available", "presets_resolve", "prompt_update", "provider_for", "references_decode", "requirements_analyse", "requirements_changed",
    "share_file_bytes", "share_file_name", "share_link_count_download", "share_link_create", "share_link_find",
    "share_link_revoke", "share_zip_stream", "watermark_options_clean", "workspace_limits",
]
