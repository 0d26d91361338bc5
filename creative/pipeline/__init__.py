"""The state machine of DESIGN §1 and §3, split by what it drives: briefs, generations, exports."""

from creative.pipeline.actions import generation_more_like_this, generation_promote
from creative.pipeline.briefs import (
    BriefError,
    brief_advance,
    brief_analyse,
    brief_estimate_cents,
    brief_progress,
    briefs_progress,
    brief_submit,
    candidates_select,
    requirements_analyse,
)
from creative.pipeline.scoring import generation_score
from creative.pipeline.exports import export_create, export_run, exports_sweep
from creative.pipeline.generations import (
    generation_fail,
    generation_poll,
    generation_retry,
    generation_run,
    generations_sweep,
)

__all__ = [
    "generation_more_like_this", "generation_promote",
    "BriefError", "brief_advance", "brief_analyse", "brief_estimate_cents", "brief_progress", "briefs_progress", "brief_submit",
    "candidates_select", "requirements_analyse", "export_create", "export_run", "exports_sweep",
    "generation_fail", "generation_poll", "generation_retry", "generation_run", "generation_score",
    "generations_sweep",
]
