"""`python manage.py creative ...`: drive the pipeline from the command line."""

import json
import sys
import time
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from config.huey import start_embedded_consumer
from creative import pipeline, text_limits
from creative.analysis import llm
from creative.analysis.schema import FIELDS, Requirements, requirements_parse
from creative.export.presets import CHANNELS
from creative.judgment import brief_judgment
from creative.models import BatchSource, Brief, BriefStatus, ExportStatus, Generation, ImageModel, Workspace
from creative.pipeline import reference_models
from creative.prompting import STYLES_BY_KEY
from creative.providers.base import ProviderError
from creative.providers.credentials import is_configured
from creative.references import ReferenceImageError
from creative.scoring.heuristic import score_image
from creative.scoring.image_files import ImageFileError, image_open
from creative.scoring.similarity import group_duplicates, phashes
from creative.shapes import SHAPES, SQUARE, ShapeError, shapes_clean
from creative.site_address import site_url
from creative.templatetags.creative_tags import dollars
from reviews.decisions import approval_chain_for, approved_generations, comments_for


def usage_error(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _stdin_text() -> str:
    """Standard input as text, or a usage error saying why it is not (binary bytes, far too long)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # already text (a test's StringIO)
        return sys.stdin.read(text_limits.BRIEF_TEXT + 1)
    limit = text_limits.BRIEF_TEXT * 4  # UTF-8 takes at most 4 bytes a character
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise usage_error(f"The brief on standard input is longer than {text_limits.BRIEF_TEXT:,} characters.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise usage_error(f"Standard input is not UTF-8 text: byte 0x{data[exc.start]:02x} at position "
                          f"{exc.start}.") from None


class Command(BaseCommand):
    help = "Analyse briefs and run them end to end: analyse, run."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        analyse = sub.add_parser("analyse", help="Print a brief's requirements.")
        analyse.add_argument("brief", nargs="?", default="", help="Brief text, or - for standard input.")
        analyse.add_argument("--json", action="store_true", help="Print JSON (requirements.schema.json).")
        analyse.add_argument("--requirements", type=Path, default=None, metavar="FILE.json",
                             help="Requirements to check and print instead of analysing a brief.")

        run = sub.add_parser("run", help="Run a brief end to end and export its candidates.")

        run.add_argument("brief", help="Brief text, or - for standard input.")
        run.add_argument("--requirements", type=Path, default=None, metavar="FILE.json",
                         help="Requirements (creative/analysis/requirements.schema.json) to use instead of analysis.")
        default_models = ",".join(settings.CREATIVE_DEFAULT_MODELS)
        run.add_argument("--models", default="", help=f"Comma-separated model names (default: {default_models}).")
        run.add_argument("--images-per-prompt", type=int, default=settings.CREATIVE_IMAGES_PER_PROMPT)
        run.add_argument("--budget-cents", type=int, default=None)
        run.add_argument("--shapes", default=SQUARE, help=f"Comma-separated shapes each image is made in: "
                         f"{', '.join(SHAPES)} (default: {SQUARE}).")
        run.add_argument("--product-image", action="append", type=Path, default=[], dest="product_images",
                         metavar="PATH", help="A product photo every image shows (repeatable; PNG, JPEG, WebP).")
        run.add_argument("--reference-models-only", action="store_true",
                         help="With --product-image, skip the chosen models that take no product photo "
                              "(default: they run text-only).")
        run.add_argument("--output", default="", help="Folder for the exported candidates (default output/<brief id>/).")
        run.add_argument("--workspace", default="", help="Workspace name (default: the first one).")
        run.add_argument("--timeout", type=float, default=3600, help="Seconds to wait for the brief to finish.")
        run.add_argument("--no-worker", action="store_true",
                         help="Do not start worker threads here; rely on running `manage.py run_huey` workers.")

        batch = sub.add_parser("batch", help="Start one brief per row of a product feed (CSV or JSON).")
        batch.add_argument("feed", type=Path, help="CSV with a header row, or a JSON array of objects: name, "
                           "description, audience, colours, channels, product_image (a photo's path, "
                           "relative to the feed's folder).")
        batch.add_argument("--format", dest="feed_format", choices=["csv", "json"], default=None, help="Default: the file's extension.")
        batch.add_argument("--models", default="", help=f"Comma-separated model names (default: {default_models}).")
        batch.add_argument("--images-per-prompt", type=int, default=settings.CREATIVE_IMAGES_PER_PROMPT)
        batch.add_argument("--budget-cents", type=int, default=None, help="Per brief.")
        batch.add_argument("--workspace", default="", help="Workspace name (default: the first one).")
        batch.add_argument("--json", action="store_true", help="Print JSON.")

        score = sub.add_parser("score", help="Score image files: total, breakdown and focal point.")
        score.add_argument("images", nargs="+", type=Path, help="PNG, JPEG or WebP files.")
        score.add_argument("--colours", default="", help="Comma-separated colours the images should show.")
        score.add_argument("--json", action="store_true", help="Print JSON.")
        duplicates = sub.add_parser("duplicates", help="Group image files that show the same picture.")
        duplicates.add_argument("images", nargs="+", type=Path, help="PNG, JPEG or WebP files.")
        duplicates.add_argument("--json", action="store_true", help="Print JSON.")
        sub.add_parser("models", help="List every image model: configured or not, price and limits.")
        costs = sub.add_parser("costs", help="Estimate against actual spend per workspace, month, model and brief.")
        costs.add_argument("--workspace", default="", help="Workspace name (default: every workspace).")
        costs.add_argument("--month", default="", help="YYYY-MM: only calls made in that month.")
        costs.add_argument("--brief", type=int, default=None, help="Only this brief's calls.")
        costs.add_argument("--json", action="store_true", help="Print JSON.")
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

    def _read_brief(self, value: str, *, analysed: bool = True) -> str:
        text = _stdin_text() if value == "-" else value
        if problem := text_limits.text_problem(text, limit=text_limits.BRIEF_TEXT, what="The brief"):
            raise usage_error(problem)
        if not analysed:  # the requirements come from a file
            return text
        try:
            pipeline.requirements_analyse(text=text)
        except pipeline.BriefError as exc:
            raise usage_error(str(exc)) from None
        return text

    def _read_requirements(self, path: Path) -> Requirements:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            requirements = requirements_parse(data)
        except OSError as exc:
            raise usage_error(f"Cannot read {path}: {exc.strerror or exc}.") from None
        except (UnicodeDecodeError, ValueError) as exc:  # JSONDecodeError is a ValueError
            raise usage_error(f"{path}: {exc}") from None
        if not requirements.is_usable():
            raise usage_error(f"{path}: \"product\" is empty: say what is advertised.")
        return requirements

    def handle_analyse(self, *, brief, requirements=None, json: bool = False, **options):
        if requirements is not None:
            found, sources = self._read_requirements(requirements), dict.fromkeys(FIELDS, "file")
            source = f"requirements: {requirements}"
        elif brief:
            analysis = llm.analyse(text=self._read_brief(brief))
            found, sources = analysis.requirements, analysis.sources()
            source = f"analysis: {analysis.source}" + (f" ({analysis.note})" if analysis.note else "")
        else:
            raise usage_error("Give a brief (text, or - for standard input) or --requirements FILE.json.")
        if json:
            self.stderr.write(source)  # stdout stays one JSON document, for pipes
            self.stdout.write(_json(found.to_dict()))
            return
        self.stdout.write(source)
        self._requirements_lines(found.to_dict(), sources)

    def _requirements_lines(self, requirements: dict, sources: dict) -> None:
        """Each field, its value and where it came from (rules, llm, edited, file)."""
        for name, value in requirements.items():
            shown = ", ".join(value) if isinstance(value, list) else value
            origin = f"  ({sources[name]})" if sources.get(name) else ""
            self.stdout.write(f"{name.replace('_', ' '):>15}: {shown or '-'}{origin}")

    def handle_score(self, *, images, colours, json: bool = False, **options):
        wanted = [c.strip() for c in colours.split(",") if c.strip()]
        results: list[dict[str, Any]] = []
        for path, image in self._images(images):
            scored = score_image(image, colours=wanted)
            results.append({"file": str(path), "score": scored.total, "breakdown": scored.breakdown,
                            "focal_point": list(scored.focal_point)})
        if json:
            self.stdout.write(_json(results))
            return
        for result in results:
            details = ", ".join(f"{name} {value:g}" for name, value in result["breakdown"].items())
            x, y = result["focal_point"]
            self.stdout.write(f"{result['file']}: {result['score']:g} ({details}); focal point {x:g}, {y:g}")

    def handle_duplicates(self, *, images, json: bool = False, **options):
        loaded = self._images(images)
        signatures = {index: phashes(image) for index, (_, image) in enumerate(loaded)}
        representative = group_duplicates(signatures, scores={})
        groups: dict[int, list[str]] = {}
        for index, (path, _) in enumerate(loaded):
            groups.setdefault(representative[index], []).append(str(path))
        repeated = [files for files in groups.values() if len(files) > 1]
        if json:
            self.stdout.write(_json({"groups": repeated}))
            return
        for files in repeated:
            self.stdout.write("same picture: " + ", ".join(files))
        if not repeated:
            self.stdout.write("no near-duplicates")

    def _images(self, paths: list[Path]) -> list:
        try:
            return [(path, image_open(path)) for path in paths]
        except ImageFileError as exc:
            raise usage_error(str(exc)) from None

    def handle_models(self, **options):
        rows = [("model", "provider", "enabled", "configured", "price", "concurrency", "rpm", "notes")]
        for model in ImageModel.objects.order_by("provider", "name"):
            rows.append((model.name, model.provider, "yes" if model.enabled else "no",
                         "yes" if is_configured(model.provider) else "no", f"{model.price_cents:.2f}¢",
                         str(model.max_concurrency), str(model.rpm), model.notes))
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths)) + "  " + row[-1])

    def handle_costs(self, *, workspace, month, brief, json: bool = False, **options):
        spaces = [self._workspace(workspace)] if workspace else list(Workspace.objects.all())
        try:
            start = timezone.make_aware(datetime.strptime(month, "%Y-%m")) if month else None
        except ValueError:
            raise usage_error(f"--month {month!r} is not YYYY-MM.") from None
        report = pipeline.costs_report(workspaces=spaces, month=start, brief_id=brief)
        report["limits"] = {space.name: [{"name": limit.name, "cents": limit.cents, "committed_cents":
                                          limit.committed, "left_cents": limit.left}
                                         for limit in pipeline.workspace_limits(workspace=space)]
                            for space in spaces}
        if json:
            self.stdout.write(_json(report))
            return
        self.stdout.write("Cost sources: " + (", ".join(f"{n} {source}" for source, n in
                                                        sorted(report["sources"].items())) or "no calls"))
        for name, limits in report["limits"].items():
            for limit in limits:
                self.stdout.write(f"{name}: {limit['name']} limit {dollars(limit['cents'])}, "
                                  f"{dollars(limit['committed_cents'])} committed, {dollars(limit['left_cents'])} left")
        for title, key in (("Workspace", "by_workspace"), ("Month", "by_month"), ("Model", "by_model"),
                           ("Brief", "by_brief")):
            self.stdout.write("")
            self._cost_table(title, report[key], chat=key != "by_model")
        for name in report["over_estimate"]:
            self.stdout.write(self.style.WARNING(f"{name}: actual cost runs above its estimate; check its price."))

    def _cost_table(self, title: str, rows: list[dict], *, chat: bool) -> None:
        header = [title, "calls", "estimated", "cost", "reported", "actual/estimate"] + (["chat"] if chat else [])
        lines = [header]
        for row in rows:
            drift = f"{row['drift']:.2f}" + (" ABOVE" if row["over_estimate"] else "") if row["drift"] else "-"
            lines.append([str(row["key"]), str(row["calls"]), dollars(row["estimated_cents"]), dollars(row["cost_cents"]),
                          str(row["reported_calls"]), drift] + ([dollars(row["chat_cents"])] if chat else []))
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        for line in lines:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())

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

    def handle_batch(self, *, feed: Path, feed_format: str | None, models, images_per_prompt, budget_cents, workspace,
                     json: bool = False, **options):
        """The briefs are queued: workers (`creative run`'s or `run_huey`) generate them."""
        kind = feed_format or feed.suffix.lower().lstrip(".")
        try:
            text = feed.read_text(encoding="utf-8")
            rows = pipeline.feed_rows(text=text, kind=kind)
        except (OSError, UnicodeDecodeError) as exc:
            raise usage_error(f"Cannot read {feed}: {exc}") from None
        except pipeline.FeedError as exc:
            raise usage_error(str(exc)) from None
        if not 1 <= images_per_prompt <= 10:
            raise usage_error("--images-per-prompt must be between 1 and 10.")
        batch = pipeline.batch_submit(workspace=self._workspace(workspace), author=None, rows=rows,
                                      source=BatchSource.CLI, models=self._models(models), images_per_prompt=images_per_prompt,
                                      budget_cents=budget_cents, images=pipeline.images_in_folder(feed.parent))
        result = [{"line": r.line, "name": r.name, "brief_id": r.brief_id, "error": r.error} for r in batch.rows.all()]
        if json:
            self.stdout.write(_json({"batch_id": batch.id, "rows": result}))
            return
        for row in result:
            if row["error"]:
                self.stderr.write(f"line {row['line']}: {row['error']}")
            else:
                self.stdout.write(f"line {row['line']}: brief {row['brief_id']} {row['name']}")
        made = sum(1 for row in result if row["brief_id"])
        self.stdout.write(f"batch {batch.id}: {made} brief(s) queued, {len(result) - made} row(s) refused")

    def handle_run(self, *, brief, models, images_per_prompt, budget_cents, output, workspace, timeout, no_worker,
                   **options):
        given = self._read_requirements(options["requirements"]) if options.get("requirements") else None
        text = self._read_brief(brief, analysed=given is None)
        chosen = self._models(models)
        space = self._workspace(workspace)
        photos = self._product_images(options.get("product_images") or [])
        without_photo = reference_models.SKIP if options.get("reference_models_only") else reference_models.TEXT_ONLY
        try:
            skipped = pipeline.models_skipped(models=chosen, photos=bool(photos), without_photo=without_photo)
            chosen = pipeline.models_for_references(models=chosen, photos=bool(photos), without_photo=without_photo)
        except pipeline.BriefError as exc:
            raise usage_error(str(exc)) from None
        if skipped:
            self.stdout.write(f"Skipped (they take no product photo): {', '.join(m.name for m in skipped)}")
        try:
            shapes = shapes_clean((options.get("shapes") or SQUARE).split(","))
        except ShapeError as exc:
            raise usage_error(f"--shapes: {exc}") from None

        consumer = None
        if not HUEY.immediate and not no_worker:
            consumer = start_embedded_consumer(workers=settings.HUEY_WORKERS)
        try:
            self._run(text, chosen, space, images_per_prompt, budget_cents, output, timeout, given, photos, shapes)
        finally:
            if consumer is not None:
                consumer.stop(graceful=True)

    def _product_images(self, paths: list[Path]) -> list:
        """The --product-image files decoded within the upload limits; a bad one is exit 2 before anything runs."""
        try:
            return pipeline.references_decode(uploads=[path.read_bytes() for path in paths])
        except OSError as exc:
            raise usage_error(f"Cannot read the product image: {exc}") from None
        except ReferenceImageError as exc:
            raise usage_error(str(exc)) from None

    def _run(self, text, chosen, space, images_per_prompt, budget_cents, output, timeout, given=None, photos=(),
             shapes=None):
        deadline = time.monotonic() + timeout
        try:
            # One transaction: the generations are queued on commit, with the product photos stored.
            with transaction.atomic():
                brief = pipeline.brief_submit(workspace=space, author=None, text=text, models=chosen,
                                              images_per_prompt=images_per_prompt, budget_cents=budget_cents,
                                              requirements=given, shapes=shapes)
                pipeline.brief_references_add(brief=brief, photos=photos)
        except pipeline.BriefError as exc:
            raise usage_error(str(exc)) from None
        estimate = pipeline.brief_estimate_cents(models=chosen, images_per_prompt=images_per_prompt,
                                                 shapes=brief.shapes)
        self.stdout.write(f"Brief {brief.id}: {len(chosen)} model(s), {images_per_prompt} image(s) per prompt, "
                          f"shapes {', '.join(brief.shapes)}, estimated cost {dollars(estimate)}")
        brief = self._wait(brief, deadline, lambda b: b.status != BriefStatus.ANALYSING)
        if brief.status == BriefStatus.FAILED:
            raise CommandError(f"Analysis failed: {brief.error}")
        if brief.status == BriefStatus.CONFIRMING:
            raise usage_error(f"Brief {brief.id}: the analysis found no product. Write the requirements to a file "
                              "(creative analyse --json) and pass --requirements FILE.json, or confirm them at "
                              f"{site_url()}{reverse('creative:brief_requirements', args=[brief.id])}.")
        req = brief.requirements

        judged = brief_judgment(brief=brief)
        self.stdout.write(f"[1/5] Analysed: product {req['product']!r}, audience {req['audience'] or '-'!r}, "
                          f"colours {', '.join(req['colours']) or '-'}")
        self.stdout.write(f"      analysis: {judged['analysis']}")
        self._requirements_lines(req, brief.requirements_sources)
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
        self.stdout.write(f"Review in the gallery: {site_url()}{brief.get_absolute_url()}")

    def handle_export(self, *, brief_id, channels, presets, formats, quality, overlay, headline, cta, watermark,
                      candidates, output, **options):
        brief = Brief.objects.filter(id=brief_id).select_related("workspace").first()
        if brief is None:
            raise usage_error(f"No brief {brief_id}.")
        if candidates:
            chosen = list(Generation.objects.filter(prompt__brief=brief, candidate=True)
                          .select_related("prompt", "image_model").order_by("-score"))
            approvals, chain = {}, {}
            comments = comments_for([(generation, []) for generation in chosen])
        else:
            # The approval rule (stages, counts) lives with the reviews; ask it rather than guess.

            approved = approved_generations(brief)
            chosen = [generation for generation, _ in approved]
            approvals = {generation.id: names for generation, names in approved}
            chain = approval_chain_for(brief, approved)
            comments = comments_for(approved)
        if not chosen:
            raise usage_error("Nothing to export: no image of this brief is approved (--candidates exports the "
                              "top candidates instead).")
        wanted = [c.strip() for c in channels.split(",") if c.strip()]
        if wanted == ["all"]:
            wanted = sorted({p.channel for p in pipeline.presets_available()} | set(CHANNELS))
        try:
            export = pipeline.export_create(
                brief=brief, generations=chosen, approvals=approvals, approval_chain=chain, comments=comments,
                channels=wanted,
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
    return json.dumps(data, indent=2, ensure_ascii=False, default=_decimal)


def _decimal(value):
    """Money as a JSON number of cents (Decimal is not JSON); anything else is a bug worth a TypeError."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
