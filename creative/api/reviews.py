"""Review decisions through the API: the gallery's rules and roles (reviews.decisions.review_record)."""

from django.http import HttpRequest
from ninja import Path, Router
from ninja.errors import HttpError

from creative.api.auth import CAN_REVIEW, generation_for, token_of
from creative.api.idempotency import OPENAPI, idempotent
from creative.api.responses import ERRORS, MAX_ID
from creative.api.schemas import ApprovalOut, ReviewIn, ReviewOut
from reviews.decisions import Actor, approval_of, review_record, rules_for

router = Router(tags=["reviews"])


@router.post("/generations/{generation_id}/reviews", response={201: ReviewOut, **ERRORS}, url_name="review_create",
             openapi_extra=OPENAPI)
@idempotent
def review_create(request: HttpRequest, payload: ReviewIn, generation_id: int = Path(ge=1, le=MAX_ID)):
    """Approve, reject or comment on a scored image, as the token's maker (approval stages apply)."""
    generation = generation_for(request, generation_id, CAN_REVIEW)
    rules = rules_for(generation.prompt.brief.workspace)
    try:
        review = review_record(generation=generation, actor=Actor(user=token_of(request).created_by),
                               decision=payload.decision, comment=payload.comment, shared=payload.shared, rules=rules)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None
    approval = approval_of(generation, rules)
    return 201, ReviewOut(
        id=review.id, generation_id=generation.id, decision=review.decision, comment=review.comment,
        stage=review.stage, created=review.created,
        approval=ApprovalOut(state=approval.state, approvals=approval.approvals, needed=approval.needed),
    )
