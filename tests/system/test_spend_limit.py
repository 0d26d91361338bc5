"""Twenty briefs at once against a workspace's monthly spend limit: two Huey processes on Redis and PostgreSQL."""

import pytest

from tests.system.checks import paid_seeds
from tests.system.cluster import provider_env, wait_until

pytestmark = pytest.mark.system

LIMIT = 100  # cents a month
BRIEFS = 20
# name: (provider, estimate per image in cents). BFL charges flux-pro-1.1 4 credits: above this estimate, so
# the reported cost of calls still in flight can lift the total over what the claims committed.
MODELS = {"imagen-4.0-generate-001": ("imagen", 4), "flux-pro-1.1": ("flux", 3)}
THREADS = 4


def test_twenty_briefs_at_once_never_spend_past_the_workspace_limit(cluster, fleet, capsys):
    """Spend never passes the limit by more than the calls in flight when it was reached, and every image
    refused for it fails as `budget`, naming the limit; no refused image reached a provider."""
    cluster.env.update(provider_env(fleet))
    for name, (_, price) in MODELS.items():
        cluster.limit(name, concurrency=4)
        cluster.execute("UPDATE creative_imagemodel SET price_cents = %s WHERE name = %s", price, name)
    cluster.python(
        "from creative.models import Workspace\n"
        "Workspace.objects.create(name='System tests', monthly_limit_cents=values['limit'])\n"
        "print(1)", limit=LIMIT)
    cluster.start_worker("worker-a", threads=THREADS)
    cluster.start_worker("worker-b", threads=THREADS)
    cluster.python(
        "from creative import pipeline\n"
        "from creative.models import ImageModel, Workspace\n"
        "from tests.factories import LAUNCH_BRIEF\n"
        "workspace = Workspace.objects.get(name='System tests')\n"
        "models = [ImageModel.objects.get(name=name) for name in values['models']]\n"
        "ids = [pipeline.brief_submit(workspace=workspace, author=None, text=LAUNCH_BRIEF, models=models,\n"
        "                             images_per_prompt=1).id for _ in range(values['briefs'])]\n"
        "print(json.dumps(ids))",
        models=list(MODELS), briefs=BRIEFS)
    expected = BRIEFS * len(MODELS) * 5

    def final() -> int:
        return cluster.rows("SELECT count(*) FROM creative_generation WHERE status IN ('scored', 'failed')")[0][0]

    wait_until(lambda: final() == expected, timeout=300, pause=1, what=f"{expected} generations to be final",
               details=cluster.logs)
    wait_until(lambda: not cluster.rows("SELECT 1 FROM creative_providercall WHERE outcome = 'in_flight'"),
               timeout=60, what="every call settled", details=cluster.logs)

    statuses = dict(cluster.rows("SELECT status, count(*) FROM creative_generation GROUP BY status"))
    failures = cluster.rows("SELECT error_kind, error_detail FROM creative_generation WHERE status = 'failed'")
    assert {kind for kind, _ in failures} <= {"budget"}, failures[:5]
    assert all("System tests's monthly spend limit of $1.00" in detail for _, detail in failures), failures[:3]
    assert failures, "no image was refused: the limit was never reached"

    calls = cluster.rows("SELECT requested_at, finished_at, estimated_cents, coalesce(reported_cents, "
                         "estimated_cents), cost_source FROM creative_providercall WHERE outcome <> 'not_billed'")
    committed = sum(estimate for _, _, estimate, _, _ in calls)
    spent = sum(cost for _, _, _, cost, _ in calls)
    # The moment the limit was reached: the first refusal. Calls in flight then may still report more than
    # their estimates; nothing claimed after may take the total past the limit by more than those.
    reached = cluster.rows("SELECT min(finished_at) FROM creative_generation WHERE error_kind = 'budget'")[0][0]
    in_flight = [cost for requested, finished, _, cost, _ in calls
                 if requested <= reached and (finished is None or finished > reached)]
    assert committed <= LIMIT, f"the claims committed {committed} cents against a limit of {LIMIT}"
    assert spent <= LIMIT + sum(in_flight), f"spent {spent} cents; limit {LIMIT} + in flight {sum(in_flight)}"
    assert committed > LIMIT - max(price for _, price in MODELS.values()), "the limit was not used up"

    # Every billed call reached its provider once, and no refused image reached one.
    sent = sum(len(paid_seeds(provider, fleet[provider])) for provider, _ in MODELS.values())
    assert sent == len(calls) == statuses.get("scored", 0)
    sources = {source for *_, source in calls}
    assert sources == {"reported", "estimate"}  # BFL reports its charge; Imagen reports none
    with capsys.disabled():
        print(f"\nspend limit: {BRIEFS} briefs, {expected} images asked, limit {LIMIT}¢: {len(calls)} calls "
              f"made ({statuses}), committed {committed}¢ at estimate, spent {spent}¢, {len(in_flight)} calls "
              f"in flight when the limit was reached ({sum(in_flight)}¢), {len(failures)} refused as budget")
