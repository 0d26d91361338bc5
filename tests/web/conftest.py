"""The world the permission matrix and the fuzz pass knock on: one brief run end to end, committed once."""

import pytest
from django.contrib.auth import get_user_model

from creative import pipeline
from creative.api.tokens import api_token_create
from creative.export.adplatforms import SheetContext, platform_sheets
from creative.models import Batch, Generation, Role, WebhookDelivery, WebhookEndpoint, Workspace
from reviews.decisions import Actor, approval_chain_for, approved_generations, review_record
from reviews.guests import invite_create
from tests.factories import LAUNCH_BRIEF, local_model, make_member, make_workspace
from tests.product_photos import bottle_photo


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One brief run end to end (five scored images, one approved and exported, shared, a guest invited),
    committed once for the module; each test's own changes roll back with its transaction."""
    with django_db_blocker.unblock():
        workspace, elsewhere = make_workspace(), make_workspace()
        users = {
            "outsider": make_member(workspace=elsewhere, role=Role.ADMIN),
            "designer": make_member(workspace=workspace, role=Role.DESIGNER),
            "reviewer": make_member(workspace=workspace, role=Role.REVIEWER),
            "admin": make_member(workspace=workspace, role=Role.ADMIN, is_staff=True, is_superuser=True),
        }
        brief = pipeline.brief_submit(workspace=workspace, author=users["designer"], text=LAUNCH_BRIEF,
                                      models=[local_model()], images_per_prompt=1)
        (reference,) = pipeline.brief_references_add(
            brief=brief, photos=pipeline.references_decode(uploads=[bottle_photo()]))
        candidate = Generation.objects.filter(prompt__brief=brief, candidate=True).first()
        other = Generation.objects.filter(prompt__brief=brief).exclude(id=candidate.id).first()
        review_record(generation=candidate, actor=Actor(user=users["reviewer"]), decision="approve")
        approved = approved_generations(brief)
        export = pipeline.export_create(
            brief=brief, generations=[g for g, _ in approved], requested_by=users["reviewer"],
            approvals={g.id: names for g, names in approved}, approval_chain=approval_chain_for(brief, approved),
        )
        export.refresh_from_db()
        link = pipeline.share_link_create(export=export, created_by=users["reviewer"])
        invite = invite_create(brief=brief, created_by=users["reviewer"])
        token = api_token_create(workspace=workspace, created_by=users["admin"], name="ci", scope="reviewer").token
        # Port 9 (discard) on loopback: a redelivery in the matrix fails at once, reaching nothing.
        endpoint = WebhookEndpoint.objects.create(workspace=workspace, url="http://127.0.0.1:9/hook",
                                                  secret="whsec_" + "A" * 32, events=["brief.failed"])
        delivery = WebhookDelivery.objects.create(endpoint=endpoint, message_id="msg_matrix", event="brief.failed",
                                                  body="{}", status="failed")
        batch = Batch.objects.create(workspace=workspace, created_by=users["designer"], source="app")
        kwargs = {
            "brief_id": brief.id, "generation_id": candidate.id, "other_generation_id": other.id,
            "kind": "thumb", "export_id": export.id, "share_link_id": link.id, "invite_id": invite.id,
            "workspace_id": workspace.id, "reference_id": reference.id, "token_id": token.id,
            "endpoint_id": endpoint.id, "delivery_id": delivery.id, "batch_id": batch.id,
            "rendition_id": export.renditions.first().id,
            "name": sorted(platform_sheets(export.manifest, context=SheetContext(campaign="x")))[0],
            "share_token": link.signed_token, "guest_token": invite.token,
        }
        yield {"users": users, "kwargs": kwargs}
        # Delete what this world made, not the whole database: a flush would also drop the rows the
        # migrations seed (the built-in renderer, the catalogue) that later tests in this worker read.
        Workspace.objects.filter(id__in=[workspace.id, elsewhere.id]).delete()
        get_user_model().objects.filter(id__in=[u.id for u in users.values()]).delete()
