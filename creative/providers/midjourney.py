"""Midjourney through a `midjourney-proxy` relay (specs/midjourney-relay.md).

IMAGINE makes a 2x2 grid; the adapter then asks for upscale U1 and returns that single image.
Job id, by stage:
  "imagine:<grid task id>"                    grid not finished (or upscale not yet asked for)
  "upscale:<grid task id>:<upscale task id>"  upscale asked for; poll that task
`poll` returns the new id in `PollResult.job_id` when the stage changes. Should a worker die before storing
it, polling the grid again asks for U1 again, which the proxy answers with code 21 and the existing task.

Product photos (and the logo) go as image prompts: `base64Array` of data URLs
(`data:image/png;base64,...`) on the one IMAGINE; the relay uploads each to Discord and puts its URL before
the prompt text. Source: novicezk/midjourney-proxy `SubmitController.imagine`, `ConvertUtils.convertBase64Array`
(`DataUrlSerializer`) and `TaskServiceImpl.submitImagine`, commit 0be95a91 (2025-08-03), per
specs/reference-images.md section 7.

The relay reports no cost (a subscription pays for it): the recorded cost is the per-image estimate. A 5xx
from a gateway in front of the paid IMAGINE may come after the task was queued: `unknown_outcome`.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from .base import (
    ImageJob,
    ImageProvider,
    ImageResult,
    PollResult,
    ProviderError,
    closest_aspect_ratio,
    download_image,
    error_for_response,
    paid_error_for_response,
    read_json,
    send,
)

ASPECT_RATIOS = ("1:1", "4:5", "5:4", "2:3", "3:2", "3:4", "4:3", "9:16", "16:9", "1:2", "2:1", "4:7", "7:4",
                 "9:21", "21:9")
MAX_REFERENCES = 5
ASPECT_FLAG = re.compile(r"\s*--(?:ar|aspect)\s+\d+:\d+")
ACCEPTED = {1, 22, 21}  # submitted, queued, already exists (the existing task is the one to follow)
PENDING = {"NOT_START", "SUBMITTED", "IN_PROGRESS", "MODAL"}
# failReason is free text from Discord/Midjourney or the proxy; these mark a refusal rather than a fault.
BANNED = re.compile(r"banned|blocked|moderat|community guidelines|敏感|违禁|违规", re.IGNORECASE)


class Midjourney(ImageProvider):
    name = "midjourney"
    label = "Midjourney"
    is_async = True
    default_base_url = "http://127.0.0.1:8080"  # self-hosted; every path carries the /mj context path
    key_variable = "MIDJOURNEY_RELAY_SECRET"
    base_url_variable = "MIDJOURNEY_RELAY_URL"
    # A relay may run without a secret; its URL is what matters.
    needs_key = False
    needs_base_url = True
    prompt_family = "midjourney"
    terms_warning = "Midjourney's terms forbid automated use: only with a relay you are entitled to use"
    takes_references = True

    def _headers(self) -> dict[str, str]:
        if self.config.extra.get("auth") == "bearer":  # New API / one-api gateways
            return {"Authorization": f"Bearer {self.config.api_key}"}
        return {"mj-api-secret": self.config.api_key}

    def _prompt(self, job: ImageJob) -> str:
        # The job's size is the shape asked for: it replaces an --ar the prompt was written with (prompts are
        # written once per family, before the brief's shapes fan out). --ar W:H per the relay's `prompt` field
        # (specs/midjourney-relay.md) and Midjourney's "Aspect Ratios" parameter page.
        ratio = closest_aspect_ratio(job.width, job.height, ASPECT_RATIOS)
        prompt = ASPECT_FLAG.sub("", job.prompt).strip() + f" --ar {ratio}"
        if job.negative_prompt:
            prompt += " --no " + job.negative_prompt.replace("--", " ").strip()
        if job.seed and "--seed" not in prompt:
            prompt += f" --seed {job.seed % 4294967296}"
        return prompt

    def _post(self, path: str, payload: dict[str, Any], *, idempotent: bool) -> dict[str, Any]:
        secrets = [self.config.api_key]
        headers = self._headers()
        response = send(
            self.http, "POST", path, json=payload, headers=headers, idempotent=idempotent, secrets=secrets
        )
        if response.is_error:  # only a wrong secret (401, empty body) or a gateway in front
            if not idempotent:  # a gateway 5xx on the paid IMAGINE may come after the task was queued
                raise paid_error_for_response(response, retry_statuses=(429,), secrets=secrets)
            # The U1 request is repeatable (code 21 returns the existing task): a 5xx means "poll again".
            raise error_for_response(response, retry_statuses=(429, 500, 502, 503, 504), secrets=secrets)
        return read_json(response, kind="provider_error" if idempotent else "unknown_outcome")

    @staticmethod
    def _task_id(body: dict[str, Any]) -> str:
        """The task id from a submit answer; codes per the upstream proxy (other relays differ, see spec)."""
        code = body.get("code")
        description = str(body.get("description", ""))[:200]
        if code in ACCEPTED and body.get("result") not in (None, ""):
            return str(body["result"])  # a string upstream, a number on New API
        if code == 23:
            raise ProviderError("rate_limited", f"relay queue full: {description}", retryable=True)
        if code == 24:
            banned = (body.get("properties") or {}).get("bannedWord", "")
            raise ProviderError("content_policy", f"banned word {banned!r}: {description}")
        if code == 4:
            raise ProviderError("bad_request", f"code 4: {description}")
        raise ProviderError("provider_error", f"code {code}: {description}")

    def submit(self, job: ImageJob) -> str:
        # No documented limit; a handful keeps the Discord uploads (one message each) quick.
        references = self.references_for(job, limit=MAX_REFERENCES)
        images = [f"data:{r.mime_type};base64,{base64.b64encode(r.data).decode()}" for r in references]
        payload: dict[str, Any] = {"prompt": self._prompt(job), "base64Array": images}
        if job.idempotency_key:
            payload["state"] = job.idempotency_key  # echoed on the task, so a duplicate can be recognised
        return f"imagine:{self._task_id(self._post('mj/submit/imagine', payload, idempotent=False))}"

    def poll(self, job_id: str) -> PollResult:
        """Polling is free: a failure to reach the relay raises a retryable error meaning "poll again"."""
        stage, _, rest = job_id.partition(":")
        if stage == "imagine" and rest:
            return self._poll_grid(rest)
        if stage == "upscale" and ":" in rest:
            grid_id, upscale_id = rest.split(":", 1)
            return self._poll_upscale(grid_id, upscale_id)
        raise ProviderError("provider_error", f"not a Midjourney job id: {job_id[:100]!r}")

    def _fetch(self, task_id: str) -> dict[str, Any]:
        secrets = [self.config.api_key]
        path = f"mj/task/{task_id}/fetch"
        response = send(self.http, "GET", path, idempotent=True, headers=self._headers(), secrets=secrets)
        if response.is_error:
            raise error_for_response(response, retry_statuses=(429, 500, 502, 503, 504), secrets=secrets)
        if not response.content.strip() or response.content.strip() == b"null":
            # The proxy answers an unknown or expired id with an empty 200.
            raise ProviderError("provider_error", f"task {task_id} unknown or expired")
        return read_json(response)

    @staticmethod
    def _raise_if_failed(task: dict[str, Any]) -> None:
        status = task.get("status")
        if status == "FAILURE":
            reason = str(task.get("failReason") or "")[:300]
            kind = "content_policy" if BANNED.search(reason) else "provider_error"
            raise ProviderError(kind, f"task failed: {reason}")
        if status == "CANCEL":
            raise ProviderError("provider_error", "task cancelled")

    def _poll_grid(self, grid_id: str) -> PollResult:
        task = self._fetch(grid_id)
        self._raise_if_failed(task)
        if task.get("status") != "SUCCESS":
            return PollResult(done=False)
        if self.config.extra.get("upscale") is False:
            return PollResult(done=True, result=self._download(task, grid_id, None))
        # Asking twice for U1 of one grid returns code 21 and the same task, so this call is safe to repeat.
        custom_id = next(
            (b.get("customId") for b in task.get("buttons") or []
             if isinstance(b, dict) and "upsample::1" in str(b.get("customId", ""))),
            None,
        )
        if custom_id:  # plus / New API variants
            body = self._post("mj/submit/action", {"taskId": grid_id, "customId": custom_id}, idempotent=True)
        else:
            change = {"taskId": grid_id, "action": "UPSCALE", "index": 1}
            body = self._post("mj/submit/change", change, idempotent=True)
        return PollResult(done=False, job_id=f"upscale:{grid_id}:{self._task_id(body)}")

    def _poll_upscale(self, grid_id: str, upscale_id: str) -> PollResult:
        task = self._fetch(upscale_id)
        self._raise_if_failed(task)
        if task.get("status") != "SUCCESS":
            return PollResult(done=False)
        return PollResult(done=True, result=self._download(task, grid_id, upscale_id))

    def _download(self, task: dict[str, Any], grid_id: str, upscale_id: str | None) -> ImageResult:
        if not task.get("imageUrl"):
            raise ProviderError("provider_error", "task SUCCESS without imageUrl")
        properties = task.get("properties") or {}
        return download_image(
            self.http,
            task["imageUrl"],  # Discord CDN, signed and expiring; no relay secret goes there
            idempotent=True,
            revised_prompt=properties.get("finalPrompt") or task.get("promptEn") or "",
            meta={
                "grid_task": grid_id,
                "upscale_task": upscale_id or "",
                "description": task.get("description", ""),
            },
        )

    def check(self) -> str:
        secrets = [self.config.api_key]
        response = send(
            self.http, "GET", "mj/task/queue", idempotent=True, headers=self._headers(), secrets=secrets
        )
        if response.is_error:
            raise error_for_response(response, retry_statuses=(429, 502, 503), secrets=secrets)
        try:
            queue = response.json()
        except ValueError as exc:
            raise ProviderError("provider_error", "queue answer is not JSON") from exc
        return f"ok relay reachable, {len(queue) if isinstance(queue, list) else '?'} tasks queued"

