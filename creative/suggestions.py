"""What the new-brief form suggests for the workspace a brief is written in: the image models and styles its
reviewers approve most (pipeline.learning.suggestions_for), and the models ticked when the designer asks.

Only the chosen workspace's decisions are read, and a workspace is chosen only among those the person
writes briefs in, so one team's taste never shows up on another team's form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django import forms

from creative.forms import BoundedModelChoiceField, EdgeForm, configured_models
from creative.models import ImageModel, Workspace
from creative.pipeline import learning
from creative.prompting import STYLES_BY_KEY


@dataclass(frozen=True)
class Suggestions:
    workspace: Workspace | None
    models: list[tuple[ImageModel, int]] = field(default_factory=list)  # model, approval mean in percent
    styles: list[tuple[str, int]] = field(default_factory=list)  # style label, approval mean in percent

    @property
    def model_ids(self) -> list[int]:
        return [model.id for model, _ in self.models]


class SuggestionsForm(EdgeForm):
    """The workspace the form is for (a query parameter), and whether to tick the suggested models."""

    workspace = BoundedModelChoiceField(queryset=Workspace.objects.none(), required=False)
    suggested = forms.BooleanField(required=False)

    def __init__(self, *args, workspaces: list[Workspace], **kwargs):
        super().__init__(*args, **kwargs)
        self.workspaces = workspaces
        cast(forms.ModelChoiceField, self.fields["workspace"]).queryset = Workspace.objects.filter(id__in=[w.id for w in workspaces])

    def chosen_workspace(self) -> Workspace | None:
        """The workspace asked for, else the form's default (the first)."""
        return self.cleaned_data.get("workspace") or (self.workspaces[0] if self.workspaces else None)


def suggestions_for(*, workspace: Workspace | None) -> Suggestions:
    """The workspace's winning models that a brief may use now (enabled and configured) and winning styles."""
    if workspace is None:
        return Suggestions(workspace=None)
    rows = learning.suggestions_for(workspace_id=workspace.id)
    means = {row["key"]: row["mean"] for row in rows["model"]}
    usable = {model.name: model for model in configured_models().filter(name__in=means)}
    models = [(usable[name], mean) for name, mean in means.items() if name in usable]
    styles = [(STYLES_BY_KEY[row["key"]].label if row["key"] in STYLES_BY_KEY else row["key"], row["mean"])
              for row in rows["style"]]
    return Suggestions(workspace=workspace, models=models, styles=styles)


def form_suggestions(data, *, workspaces: list[Workspace]) -> tuple[Suggestions, dict]:
    """The suggestions for the workspace `data` names (a bad or foreign one: the default workspace), and the
    brief form's initial values: that workspace, and the suggested models when `suggested` is set."""
    form = SuggestionsForm(data, workspaces=workspaces)
    workspace = form.chosen_workspace() if form.is_valid() else (workspaces[0] if workspaces else None)
    suggestions = suggestions_for(workspace=workspace)
    initial: dict = {"workspace": workspace} if workspace is not None else {}
    if form.is_valid() and form.cleaned_data["suggested"] and suggestions.models:
        initial["models"] = suggestions.model_ids
    return suggestions, initial
