"""Review operations and the approval rule: what approve, reject and comment do, and when an image counts as approved.

A workspace either needs N approvals from different reviewers, or runs approval stages in order
(e.g. creative lead, then client); a generation is approved when its last stage approves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from creative import events, text_limits
from creative.models import Generation, GenerationStatus, WebhookEvent, Workspace
from creative.webhooks import emit
from reviews.models import PAST_TENSE, Activity, ApprovalStage, Decision, Review


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user, or a guest named once through an invite (with the invite's stage)."""

    user: User | AnonymousUser | None = None  # views pass request.user, past member_login_required
    guest_name: str = ""
    guest_id: int | None = None  # the Guest row: decisions are keyed by it, not by the typed name
    guest_stage: str = ""

    @property
    def name(self) -> str:
        return self.user.get_username() if self.user is not None else f"{self.guest_name} (guest)"

    @property
    def member(self) -> User | None:
        """The signed-in user, None for a guest; an anonymous visitor is refused as the ORM would refuse it."""
        if isinstance(self.user, AnonymousUser):
            raise ValueError("an anonymous visitor cannot act: log in first")
        return self.user


@dataclass(frozen=True)
class Rules:
    """A workspace's approval rule, loaded once per page rather than once per card."""

    approvals_needed: int = 1
    stages: tuple[tuple[str, int, frozenset], ...] = ()  # (name, approvals needed, reviewer ids), in order

    def stage_for_user(self, user_id: int) -> str:
        for name, _, reviewer_ids in self.stages:
            if user_id in reviewer_ids:
                return name
        return self.stages[0][0] if self.stages else ""


ApprovalState = Literal["approved", "rejected", ""]


@dataclass
class Approval:
    state: ApprovalState = ""
    approvals: int = 0
    needed: int = 1
    stages: list[tuple[str, str]] = field(default_factory=list)  # (stage, its state)
    latest: list[Review] = field(default_factory=list)  # each reviewer's latest decision


def rules_for(workspace: Workspace) -> Rules:
    stages = tuple(
        (stage.name, stage.approvals_needed, frozenset(r.id for r in stage.reviewers.all()))
        for stage in ApprovalStage.objects.filter(workspace=workspace).prefetch_related("reviewers")
    )
    return Rules(approvals_needed=workspace.approvals_needed, stages=stages)


def _author_key(review: Review) -> str:
    if review.reviewer_id:
        return f"user:{review.reviewer_id}"
    if review.guest_id:
        return f"guest:{review.guest_id}"
    return f"guest-name:{review.guest_name.strip().lower()}"  # recorded before guests had an identity


def latest_reviews(generation: Generation) -> list[Review]:
    """Each author's latest approve or reject (comments alone do not change a decision)."""
    latest: dict[str, Review] = {}
    for review in generation.reviews.all():  # ordered by time, so later rows win
        if review.decision != Decision.COMMENT:
            latest[_author_key(review)] = review
    return list(latest.values())


def approval_of(generation: Generation, rules: Rules) -> Approval:
    latest = latest_reviews(generation)
    if not rules.stages:
        approvals = sum(1 for r in latest if r.decision == Decision.APPROVE)
        rejected = any(r.decision == Decision.REJECT for r in latest)
        state: ApprovalState = "approved" if approvals >= max(rules.approvals_needed, 1) else ("rejected" if rejected else "")
        return Approval(state, approvals, max(rules.approvals_needed, 1), [], latest)
    stage_states = []
    for name, needed, _ in rules.stages:
        in_stage = [r for r in latest if r.stage == name]
        if any(r.decision == Decision.REJECT for r in in_stage):
            stage_states.append((name, "rejected"))
        elif sum(1 for r in in_stage if r.decision == Decision.APPROVE) >= max(needed, 1):
            stage_states.append((name, "approved"))
        else:
            stage_states.append((name, ""))
    states = [s for _, s in stage_states]
    state = "rejected" if "rejected" in states else ("approved" if states[-1] == "approved" else "")
    approvals = sum(1 for r in latest if r.decision == Decision.APPROVE)
    return Approval(state, approvals, len(rules.stages), stage_states, latest)


def _stage_of(actor: Actor, rules: Rules) -> str:
    if (member := actor.member) is not None:
        return rules.stage_for_user(member.id)
    return actor.guest_stage or (rules.stages[-1][0] if rules.stages else "")


def review_record(*, generation: Generation, actor: Actor, decision: str, comment: str = "",
                  shared: bool = False, rules: Rules | None = None) -> Review:
    """Record a decision (or a comment alone) by a reviewer or guest; everyone watching sees it live.

    `shared` shows a team member's comment to the client's guests; a guest's own words are always theirs to see.
    """
    if decision not in Decision.values:
        raise ValueError(f"unknown decision {decision!r}")
    if generation.status != GenerationStatus.SCORED:
        raise ValueError("only finished, scored images can be reviewed")
    comment = comment.strip()
    if decision == Decision.COMMENT and not comment:
        raise ValueError("a comment needs text")
    if problem := text_limits.text_problem(comment, limit=text_limits.COMMENT, what="The comment"):
        raise ValueError(problem)
    brief = generation.prompt.brief
    rules = rules or rules_for(brief.workspace)
    stage = _stage_of(actor, rules)
    if decision == Decision.APPROVE and rules.stages:
        names = [name for name, _, _ in rules.stages]
        if names.index(stage) > 0:
            before = names[names.index(stage) - 1]
            if dict(approval_of(generation, rules).stages).get(before) != "approved":
                raise ValueError(f"waiting for the {before} stage to approve first")
    with transaction.atomic():
        review = Review.objects.create(generation=generation, reviewer=actor.member, guest_name=actor.guest_name,
                                       guest_id=actor.guest_id, stage=stage, decision=decision, comment=comment,
                                       shared=bool(shared and comment and actor.user is not None))
        activity_record(brief_id=brief.id, actor=actor, verb=PAST_TENSE[decision],
                        generation=generation, detail=comment[:300])
        events.publish_on_commit(brief.id, "generation_changed", generation_id=generation.id)
        if decision != Decision.COMMENT:
            emit.event_emit(event=WebhookEvent.REVIEW_DECIDED, brief_id=brief.id, generation_id=generation.id,
                            review_id=review.id, decision=decision, reviewer=actor.name, stage=stage)
    return review


def activity_record(*, brief_id: int, actor: Actor | None, verb: str, generation: Generation | None = None,
                    detail: str = "") -> Activity:
    return Activity.objects.create(
        brief_id=brief_id, actor=actor.member if actor else None, guest_name=actor.guest_name if actor else "",
        verb=verb, generation=generation, detail=detail,
    )


def approved_generations(brief) -> list[tuple[Generation, list[str]]]:
    """Approved generations of a brief, each with the names of those whose approval counts."""
    from reviews.gallery import generations_for

    rules = rules_for(brief.workspace)
    approved = []
    for generation in generations_for(brief).filter(status=GenerationStatus.SCORED):
        approval = approval_of(generation, rules)
        if approval.state == "approved":
            names = sorted(r.author_name for r in approval.latest if r.decision == Decision.APPROVE)
            approved.append((generation, names))
    return approved


def comments_for(approved) -> dict[int, list[dict]]:
    """Every comment written on each approved image, oldest first (for manifests)."""
    return {
        generation.id: [
            {"author": review.author_name, "decision": review.decision, "comment": review.comment,
             "shared": review.shared, "at": review.created.isoformat()}
            for review in generation.reviews.all() if review.comment
        ]
        for generation, _ in approved
    }


def approval_chain_for(brief, approved) -> dict[int, list[dict]]:
    """Each approved image's approvals that count: who, at which stage, when (for manifests and C2PA)."""
    rules = rules_for(brief.workspace)
    chain = {}
    for generation, _ in approved:
        chain[generation.id] = [
            {"reviewer": review.author_name, "stage": review.stage, "at": review.created.isoformat()}
            for review in approval_of(generation, rules).latest
            if review.decision == Decision.APPROVE
        ]
    return chain
