"""`python manage.py creative ...`: drive the pipeline from the command line."""

import json
import sys
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Sum
from huey.contrib.djhuey import HUEY

from config.huey import start_embedded_consumer
from creative import pipeline
from creative.analysis import llm
from creative.export.presets import CHANNELS
from creative.judgment import brief_judgment
from creative.models import Brief, BriefStatus, ExportStatus, Generation, ImageModel, Workspace
from creative.prompting import STYLES_BY_KEY
from creative.providers.base import ProviderError
from creative.providers.credentials import is_configured
from creative.templatetags.creative_tags import dollars
from reviews.decisions import approval_chain_for, approved_generations


def usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Analyse briefs and run them end to end: analyse, run."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        analyse = sub.add_parser("analyse", help="Print a brief's requirements.")
        analyse.add_argument("brief", help="Brief text, or - for standard input.")
        analyse.add_argument("--json", action="store_true", help="Print JSON.")

        run = sub.add_parser("run", help="Run a brief end to end and export its candidates.")

        run.add_argument("brief", help="Brief text, or - for standard input.")
        run.add_argument("--models", default="", help="Comma-separated model names (default: %s)."
                         % ",".join(settings.CREATIVE_DEFAULT_MODELS))
        run.add_argument("--images-per-prompt", type=int, default=settings.CREATIVE_IMAGES_PER_PROMPT)
        run.add_argument("--budget-cents", type=int, default=None)
        run.add_argument("--output", default="", help="Folder for the exported candidates (default output/<brief id>/).")
        run.add_argument("--workspace", default="", help="Workspace name (default: the first one).")
        run.add_argument("--timeout", type=float, default=3600, help="Seconds to wait for the brief to finish.")
        run.add_argument("--no-worker", action="store_true",
                         help="Do not start worker threads here; rely on running `manage.py run_huey` workers.")

        sub.add_parser("models", help="List every image model: configured or not, price and limits.")
        providers = sub.add_parser("providers", help="Provider accounts.")
        providers.add_argument("check", choices=["check"], help="Make the cheapest authenticated call to each.")

        export = sub.add_parser("export", help="Export a brief's approved images into channel sizes and formats.")
        export.add_argument("brief_id", type=int)
        export.add_argument("--channels", default="", help="Comma-separated channels (default: master, instagram, "
                            "facebook, twitter); `all` for every channel.")
        export.add_argument("--presets", default="", help="Comma-separated preset names, besides the channels.")
        export.add_argument("--formats", default="webp", help="Comma-separated: webp, jpeg, png, avif.")
        export.add_argument("--quality", type=int, default=85)
        export.add_argument("--overlay", action="store_true", help="Draw the brand kit's logo, headline and CTA.")
        export.add_argument("--headline", default=None)
        export.add_argument("--cta", default=None, help="Call-to-action text.")
        export.add_argument("--watermark", default="", help="Watermark text, e.g. DRAFT.")
        export.add_argument("--candidates", action="store_true",
                            help="Export the top candidates instead of the approved images.")
        export.add_argument("--output", default="", help="Folder for the files (default output/<brief id>/).")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def _read_brief(self, value: str) -> str:
        text = sys.stdin.read() if value == "-" else value
        try:
            pipeline.requirements_analyse(text=text)
        except pipeline.BriefError as exc:
            raise usage_error(str(exc)) from None
        return text

    def handle_analyse(self, *, brief, json: bool = False, **options):
        analysis = llm.analyse(text=self._read_brief(brief))
        requirements = analysis.requirements
        source = f"analysis: {analysis.source}" + (f" ({analysis.note})" if analysis.note else "")
        if json:
            self.stderr.write(source)  # stdout stays one JSON document, for pipes
            self.stdout.write(_json(requirements.to_dict()))
            return
        self.stdout.write(source)
        for name, value in requirements.to_dict().items():
            self.stdout.write(f"{name.replace('_', ' '):>15}: {', '.join(value) if isinstance(value, list) else value}")

    def handle_models(self, **options):
        rows = [("model", "provider", "enabled", "configured", "price", "concurrency", "rpm", "notes")]
        for model in ImageModel.objects.order_by("provider", "name"):
            rows.append((model.name, model.provider, "yes" if model.enabled else "no",
                         "yes" if is_configured(model.provider) else "no", f"{model.price_cents:.2f}¢",
                         str(model.max_concurrency), str(model.rpm), model.notes))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])

    def handle_providers(self, **options):
        failures = 0
        names = sorted(set(ImageModel.objects.values_list("provider", flat=True)))
        for name in names:
            if not is_configured(name):
                self.stdout.write(f"{name:<11} not configured")
                continue
            try:
                with pipeline.provider_for(name) as provider:
                    status = provider.check()
            except ProviderError as exc:
                failures += 1
                self.stdout.write(f"{name:<11} FAILED {exc.kind}: {exc.detail}")
            else:
                self.stdout.write(f"{name:<11} {status}")
        if failures:
            raise CommandError(f"{failures} provider(s) failed the check")

    def handle_run(self, *, brief, models, images_per_prompt, budget_cents, output, workspace, timeout, no_worker,
                   **options):
        text = self._read_brief(brief)
        chosen = self._models(models)
        space = self._workspace(workspace)

        consumer = None
        if not HUEY.immediate and not no_worker:
            consumer = start_embedded_consumer(workers=settings.HUEY_WORKERS)
        try:
            self._run(text, chosen, space, images_per_prompt, budget_cents, output, timeout)
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)

    def _run(self, text, chosen, space, images_per_prompt, budget_cents, output, timeout):
        deadline = time.monotonic() + timeout
        try:
            brief = pipeline.brief_submit(workspace=space, author=None, text=text, models=chosen,
                                          images_per_prompt=images_per_prompt, budget_cents=budget_cents)
        except pipeline.BriefError as exc:
            raise usage_error(str(exc)) from None
        estimate = pipeline.brief_estimate_cents(models=chosen, images_per_prompt=images_per_prompt)
        self.stdout.write(f"Brief {brief.id}: {len(chosen)} model(s), {images_per_prompt} image(s) per prompt, "
                          f"estimated cost {dollars(estimate)}")
        brief = self._wait(brief, deadline, lambda b: b.status != BriefStatus.ANALYSING)
        if brief.status == BriefStatus.FAILED:
            raise CommandError(f"Analysis failed: {brief.error}")
        req = brief.requirements

        judged = brief_judgment(brief=brief)
        self.stdout.write(f"[1/5] Analysed: product {req['product']!r}, audience {req['audience'] or '-'!r}, "
                          f"colours {', '.join(req['colours']) or '-'}")
        self.stdout.write(f"      analysis: {judged['analysis']}")
        prompts = list(brief.prompts.all())
        styles = ", ".join(dict.fromkeys(STYLES_BY_KEY[p.style].label for p in prompts))
        targets = sorted({p.target for p in prompts} - {""})
        worded = f", worded also for {', '.join(targets)}" if targets else ""
        self.stdout.write(f"[2/5] Prompts made: {len(prompts)} ({styles}{worded})")
        self.stdout.write(f"      prompts: {judged['prompts']}")
        last = None
        while True:
            time.sleep(0.2)  # the workers do the work; this loop only reports it
            brief = self._wait(brief, deadline, lambda b: True)
            progress = pipeline.brief_progress(brief=brief)
            line = f"      images {progress['succeeded']}/{progress['total']} generated, {progress['failed']} failed"
            if line != last:
                self.stdout.write(line)
                last = line
            if brief.status in (BriefStatus.REVIEWING, BriefStatus.FAILED, BriefStatus.EXPORTED):
                break
        self.stdout.write(f"[3/5] Images generated: {progress['succeeded']} of {progress['total']} "
                          f"({progress['failed']} failed), cost {dollars(progress['cost'])}")
        self._cost_lines(brief)
        for generation in Generation.objects.filter(prompt__brief=brief, status="failed").select_related("image_model"):
            self.stderr.write(f"      failed: {generation.image_model.name}: {generation.error_kind}: "
                              f"{generation.error_detail[:200]}")
        candidates = list(Generation.objects.filter(prompt__brief=brief, candidate=True)
                          .select_related("prompt", "image_model").order_by("-score"))
        scores = ", ".join(f"{g.score:.0f}" for g in candidates)
        self.stdout.write(f"[4/5] Candidates selected: {len(candidates)} (scores {scores or '-'})")
        folder = Path(output or Path(settings.BASE_DIR) / "output" / str(brief.id))
        if candidates:
            export = pipeline.export_create(brief=brief, generations=candidates)
            export = self._wait(export, deadline, lambda e: e.status in (ExportStatus.DONE, ExportStatus.FAILED))
            if export.status == ExportStatus.FAILED:
                raise CommandError(f"Export failed: {export.error}")
            folder.mkdir(parents=True, exist_ok=True)
            with export.zip.open("rb") as fh, zipfile.ZipFile(fh) as archive:
                archive.extractall(folder)
            self.stdout.write(f"[5/5] Output folder: {folder} ({len(candidates)} candidates x "
                              f"{len(export.presets)} sizes, manifest.json, manifest.csv)")
        else:
            self.stdout.write("[5/5] Nothing to export: no image was generated.")
        self.stdout.write(f"Review in the gallery: {settings.SITE_URL.rstrip('/')}{brief.get_absolute_url()}")

    def handle_export(self, *, brief_id, channels, presets, formats, quality, overlay, headline, cta, watermark,
                      candidates, output, **options):
        brief = Brief.objects.filter(id=brief_id).select_related("workspace").first()
        if brief is None:
            raise usage_error(f"No brief {brief_id}.")
        if candidates:
            chosen = list(Generation.objects.filter(prompt__brief=brief, candidate=True)
                          .select_related("prompt", "image_model").order_by("-score"))
            approvals, chain = {}, {}
        else:
            # The approval rule (stages, counts) lives with the reviews; ask it rather than guess.

            approved = approved_generations(brief)
            chosen = [generation for generation, _ in approved]
            approvals = {generation.id: names for generation, names in approved}
            chain = approval_chain_for(brief, approved)
        if not chosen:
            raise usage_error("Nothing to export: no image of this brief is approved (--candidates exports the "
                              "top candidates instead).")
        wanted = [c.strip() for c in channels.split(",") if c.strip()]
        if wanted == ["all"]:
            wanted = sorted({p.channel for p in pipeline.presets_available()} | set(CHANNELS))
        try:
            export = pipeline.export_create(
                brief=brief, generations=chosen, approvals=approvals, approval_chain=chain, channels=wanted,
                presets=[p.strip() for p in presets.split(",") if p.strip()],
                formats=[f.strip() for f in formats.split(",") if f.strip()], quality=quality, overlay=overlay,
                headline=headline, call_to_action=cta, watermark={"text": watermark} if watermark else None,
            )
        except ValueError as exc:
            raise usage_error(str(exc)) from None
        # Rendered here and now; the queued task finds it claimed and does nothing (or, if a worker
        # claimed it first, this waits for that worker).
        pipeline.export_run(export_id=export.id)
        export = self._wait(export, time.monotonic() + 3600,
                            lambda e: e.status in (ExportStatus.DONE, ExportStatus.FAILED), pause=0.5)
        if export.status != ExportStatus.DONE:
            raise CommandError(f"Export failed: {export.error}")
        folder = Path(output or Path(settings.BASE_DIR) / "output" / str(brief.id))
        folder.mkdir(parents=True, exist_ok=True)
        with export.zip.open("rb") as fh, zipfile.ZipFile(fh) as archive:
            archive.extractall(folder)
        self.stdout.write(f"Export {export.id}: {len(chosen)} image(s) x {len(export.presets)} size(s) x "
                          f"{len(export.formats)} format(s) = {len(export.manifest)} files "
                          f"({', '.join(export.channels)}), zip {export.zip_bytes:,} bytes")
        self.stdout.write(f"Output folder: {folder} (manifest.json, manifest.csv and the ad platforms' bulk-upload sheets)")

    def _cost_lines(self, brief):
        rows = (Generation.objects.filter(prompt__brief=brief, cost_cents__isnull=False)
                .values("image_model__name").annotate(images=Count("id"), cost=Sum("cost_cents"))
                .order_by("image_model__name"))
        for row in rows:
            each = row["cost"] / row["images"]
            self.stdout.write(f"      {row['image_model__name']}: {row['images']} image(s), {dollars(row['cost'])} "
                              f"({dollars(each)} per image)")

    def _wait(self, obj, deadline, done, pause=0.1):
        while True:
            obj = type(obj).objects.get(id=obj.id)
            if done(obj):
                return obj
            if time.monotonic() > deadline:
                raise CommandError(f"Timed out waiting for {obj}; its progress is kept in the database.")
            time.sleep(pause)

    def _models(self, names: str) -> list[ImageModel]:
        wanted = [n.strip() for n in (names or ",".join(settings.CREATIVE_DEFAULT_MODELS)).split(",") if n.strip()]
        found = {m.name: m for m in ImageModel.objects.filter(name__in=wanted)}
        problems = []
        for name in wanted:
            model = found.get(name)
            if model is None:
                problems.append(f"{name}: no such model (see `manage.py creative models`)")
            elif not model.enabled:
                problems.append(f"{name}: disabled in admin")
            elif not is_configured(model.provider):
                problems.append(f"{name}: provider {model.provider} has no key configured")
        if problems or not wanted:
            raise usage_error("Cannot use these models:\n  " + "\n  ".join(problems or ["none given"]))
        return [found[n] for n in wanted]

    def _workspace(self, name: str) -> Workspace:
        if name:
            try:
                return Workspace.objects.get(name=name)
            except Workspace.DoesNotExist:
                raise usage_error(f"No workspace named {name!r}.") from None
        return Workspace.objects.order_by("id").first() or Workspace.objects.create(name="Default workspace")


def _json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
