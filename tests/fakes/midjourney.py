"""Fake midjourney-proxy relay (specs/midjourney-relay.md): imagine, change/action upscale, fetch, queue.

`plus = True` adds the plus variant's `buttons[]` and `/mj/submit/action`; the default is upstream novicezk.
Image prompts (specs/reference-images.md section 7): every `base64Array` entry must be a data URL (code 4
"base64格式错误" otherwise); each becomes a CDN URL put before the prompt, as the proxy does.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import re
import time

from .server import GARBAGE_IMAGE, FakeServer, Fault, Reply, Request, json_reply, png_bytes

FETCH = re.compile(r"^/mj/task/([^/]+)/fetch$")
DATA_URL = re.compile(r"^data:(image/[a-z+.-]+);base64,(.+)$", re.DOTALL)


def submit_result(code: int, description: str, result=None, **properties) -> Reply:
    body = {"code": code, "description": description, "result": result, "properties": properties}
    return json_reply(200, body)


class FakeMidjourney(FakeServer):
    api_key = "mj-test-secret-0123456789"
    paid_path = "/mj/submit/imagine"

    def reset_state(self):
        self.tasks: dict[str, dict] = {}
        self.pending_polls = 1  # fetches answered IN_PROGRESS before a task succeeds
        # If set: seconds a task stays IN_PROGRESS, however often fetched; upscales use their own if set.
        self.ready_after: float | None = None
        self.upscale_ready_after: float | None = None
        self.plus = False
        self.garbage_results = False
        self.number_ids = False  # New-API style: `result` as a JSON number
        self._next_outcomes: list[tuple[str, str]] = []
        self._ids = itertools.count(1)

    # Faults in the relay's shapes (HTTP 200 with a code, or a task FAILURE).
    def queue_full(self):
        self.inject(Fault(path="/mj/submit/", reply=submit_result(23, "队列已满，请稍后尝试", None)))

    def ban_prompt(self, word: str = "gore"):
        self.inject(Fault(path="/mj/submit/imagine", reply=submit_result(
            24, "可能包含敏感词", None, promptEn="...", bannedWord=word)))

    def gateway_error(self, status: int = 502, retry_after: str | None = None):
        headers = {"Retry-After": retry_after} if retry_after else None
        self.respond_with(status, "Bad Gateway" if status != 429 else "Too Many Requests", headers=headers,
                          path="/mj/submit/")

    # The names every fake shares, in this relay's terms.
    rate_limit = queue_full
    refuse = ban_prompt

    def server_error(self, status: int = 500):
        self.gateway_error(status)

    def overloaded(self, status: int = 503):
        self.gateway_error(status)

    def garbage_image(self):
        self.garbage_results = True

    def next_task_outcome(self, status: str, fail_reason: str = ""):
        """The next task created (imagine or upscale) ends so: SUCCESS, FAILURE (with a reason), or
        IN_PROGRESS (never finishes)."""
        self._next_outcomes.append((status, fail_reason))

    def never_finish(self):
        self.next_task_outcome("IN_PROGRESS")

    def fail_next_job(self, reason: str = "任务超时"):
        self.next_task_outcome("FAILURE", reason)

    def handle(self, request: Request) -> Reply:
        if request.path.startswith("/attachments/"):
            return self._attachment(request)
        if request.headers.get("mj-api-secret") != self.api_key:
            return Reply(401)  # the proxy's interceptor only sets the status
        if request.method == "GET" and request.path == "/mj/task/queue":
            queued = [t for t in self.tasks.values() if t["status"] in ("NOT_START", "SUBMITTED")]
            return json_reply(200, queued)
        if request.method == "GET" and (match := FETCH.match(request.path)):
            return self._fetch(match[1])
        if request.method == "POST" and request.path == "/mj/submit/imagine":
            return self._imagine(request)
        if request.method == "POST" and request.path == "/mj/submit/change":
            return self._change(request)
        if request.method == "POST" and request.path == "/mj/submit/action" and self.plus:
            return self._action(request)
        return json_reply(404, {"timestamp": "2025-01-01T00:00:00", "status": 404, "error": "Not Found",
                                "path": request.path})

    def _new_task(self, action: str, prompt: str, description: str, state: str, ratio: tuple) -> str:
        task_id = f"{int(time.time() * 1000)}{next(self._ids):03d}"
        status, reason = self._next_outcomes.pop(0) if self._next_outcomes else ("SUCCESS", "")
        self.tasks[task_id] = {
            "id": task_id, "action": action, "status": "SUBMITTED", "outcome": status, "failReason": reason,
            "progress": "0%", "prompt": prompt, "promptEn": prompt, "description": description,
            "state": state,
            "submitTime": int(time.time() * 1000), "ratio": ratio, "polls": 0, "created": time.monotonic(),
        }
        return task_id

    def _submitted(self, task_id: str) -> Reply:
        result = int(task_id) if self.number_ids else task_id
        return submit_result(1, "成功", result, discordInstanceId="1118138338562560102")

    def _imagine(self, request: Request) -> Reply:
        try:
            body = request.json()
        except ValueError:
            return submit_result(4, "参数错误")
        prompt = str(body.get("prompt") or "").strip()
        if not prompt:
            return submit_result(4, "prompt不能为空")
        ratio = (1, 1)
        if match := re.search(r"--ar\s+(\d+):(\d+)", prompt):
            ratio = (int(match[1]), int(match[2]))
        images = list(body.get("base64Array") or [])
        if body.get("base64"):
            images.append(body["base64"])
        urls = []
        for number, entry in enumerate(images, 1):
            match = DATA_URL.match(entry) if isinstance(entry, str) else None
            try:
                base64.b64decode(match[2], validate=True) if match else None
            except (binascii.Error, ValueError):
                match = None
            if match is None:
                return submit_result(4, "base64格式错误")
            extension = match[1].split("/")[1]
            urls.append(f"https://cdn.discordapp.com/attachments/1/{number}/upload.{extension}?ex=1&is=1&hm=fake")
        if urls:  # TaskServiceImpl.submitImagine: the uploaded images' URLs go before the prompt
            prompt = " ".join(urls) + " " + prompt
        task_id = self._new_task("IMAGINE", prompt, f"/imagine {prompt}", body.get("state", ""), ratio)
        self.record_paid()  # GPU minutes of the subscription; the relay reports no charge
        return self._submitted(task_id)

    def _upscale(self, grid_id: str, index: int) -> Reply:
        grid = self.tasks.get(grid_id)
        if grid is None:
            return submit_result(3, "关联任务不存在或已失效")
        if grid["status"] != "SUCCESS" or grid["action"] != "IMAGINE":
            return submit_result(4, "关联任务状态错误")
        description = f"/up {grid_id} U{index}"
        for task in self.tasks.values():
            if task["description"] == description:
                return submit_result(
                    21, "任务已存在", task["id"], status=task["status"], imageUrl=task.get("imageUrl")
                )
        task_id = self._new_task("UPSCALE", grid["prompt"], description, grid["state"], grid["ratio"])
        return self._submitted(task_id)

    def _change(self, request: Request) -> Reply:
        body = request.json()
        if body.get("action") != "UPSCALE" or body.get("index") not in (1, 2, 3, 4):
            return submit_result(4, "参数错误")
        return self._upscale(str(body.get("taskId")), body["index"])

    def _action(self, request: Request) -> Reply:
        body = request.json()
        match = re.match(r"MJ::JOB::upsample::(\d)::", str(body.get("customId", "")))
        if not match:
            return submit_result(4, "customId 无效")
        return self._upscale(str(body.get("taskId")), int(match[1]))

    def _fetch(self, task_id: str) -> Reply:
        task = self.tasks.get(task_id)
        if task is None:
            return Reply(200, b"", {"Content-Type": "application/json"})  # Spring's answer for null
        task["polls"] += 1
        if task["status"] in ("SUBMITTED", "IN_PROGRESS"):
            if task["outcome"] == "IN_PROGRESS" or self._still_pending(task):
                task.update(status="IN_PROGRESS", progress="46%")
            elif task["outcome"] == "FAILURE":
                task.update(status="FAILURE", progress="")
            else:
                kind = "grid" if task["action"] == "IMAGINE" else "upscaled"
                task.update(status="SUCCESS", progress="100%", finishTime=int(time.time() * 1000),
                            imageUrl=f"{self.url}/attachments/{task_id}/{kind}_0.png?ex=67&is=66&hm=abc")
        shown = {k: v for k, v in task.items() if k not in ("outcome", "ratio", "polls", "created")}
        shown["properties"] = {"finalPrompt": task["prompt"], "messageHash": f"hash-{task_id}"}
        if self.plus and task["status"] == "SUCCESS" and task["action"] == "IMAGINE":
            shown["buttons"] = [{"customId": f"MJ::JOB::upsample::{i}::hash-{task_id}", "label": f"U{i}",
                                 "type": 2,
                                 "style": 2, "emoji": ""} for i in range(1, 5)]
        return json_reply(200, shown)

    def _still_pending(self, task: dict) -> bool:
        ready_after = self.ready_after
        if task["action"] == "UPSCALE" and self.upscale_ready_after is not None:
            ready_after = self.upscale_ready_after
        if ready_after is not None:
            return time.monotonic() - task["created"] < ready_after
        return task["polls"] <= self.pending_polls

    def _attachment(self, request: Request) -> Reply:
        task = self.tasks.get(request.path.split("/")[2])
        if task is None or "hm" not in request.query:
            return Reply(404, b"This content is no longer available.")
        if self.garbage_results:
            return Reply(200, GARBAGE_IMAGE, {"Content-Type": "image/png"})
        w, h = task["ratio"]
        scale = 512 / max(w, h)
        width, height = max(1, round(w * scale)), max(1, round(h * scale))
        if task["action"] == "IMAGINE":
            width, height = width * 2, height * 2  # a 2x2 grid
        return Reply(200, png_bytes(width, height), {"Content-Type": "image/png"})
