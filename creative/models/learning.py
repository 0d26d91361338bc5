"""What a workspace's ranking has learnt from its own reviewers' approvals and rejections.

One row per workspace, made on first use: the switch a reviewer turns learning off with, and the last
fitted model of approval (creative/scoring/learned.py) with how well it did on later decisions.
"""

from django.db import models
from django.utils import timezone


class WorkspaceJudgment(models.Model):
    workspace = models.OneToOneField("creative.Workspace", models.CASCADE, related_name="judgment")
    enabled = models.BooleanField(default=True, help_text="Blend the learned model into the shortlist's ranking.")
    # The fitted model as learned.Model.as_json(): feature names, coefficients, intercept; empty until
    # the workspace has enough decisions of both kinds.
    model = models.JSONField(default=dict, blank=True)
    decisions = models.PositiveIntegerField(default=0, help_text="Decisions the model was fitted on.")
    # ROC AUC of the plain and the learned score on the newer decisions, fitted on the older ones.
    auc_plain = models.FloatField(null=True, blank=True)
    auc_learned = models.FloatField(null=True, blank=True)
    fitted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Judgment of workspace {self.workspace_id} ({self.decisions} decisions)"
