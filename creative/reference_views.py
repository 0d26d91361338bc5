"""A brief's reference images: served to its workspace's members only, and the box a designer draws round
the product when no cutout could be made."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from creative import access, pipeline
from creative.access import member_login_required
from creative.forms import ReferenceBoxForm
from creative.models import BriefReference
from creative.references import ReferenceImageError


def _reference(request: HttpRequest, reference_id: int, *, designer: bool) -> BriefReference:
    """The reference, after the same checks as its brief: 404 outside the workspace, 403 for a lacking role."""
    brief_id = BriefReference.objects.filter(id=reference_id).values_list("brief_id", flat=True).first()
    if brief_id is None:
        raise Http404("No such reference")
    brief = (access.brief_for_designer if designer else access.brief_for_member)(request, brief_id)
    return BriefReference.objects.select_related("brief").get(id=reference_id, brief=brief)


@require_GET
@member_login_required
def reference_file(request: HttpRequest, reference_id: int, kind: str) -> FileResponse:
    reference = _reference(request, reference_id, designer=False)
    field = reference.cutout if kind == "cutout" else reference.image
    if not field:
        raise Http404("No such file")
    response = FileResponse(field.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
@member_login_required
def reference_box(request: HttpRequest, reference_id: int) -> HttpResponse:
    """Drag (or type) a box round the product; the cutout is made from it."""
    reference = _reference(request, reference_id, designer=True)
    form = ReferenceBoxForm(request.POST or None, initial=dict(zip("x0 y0 x1 y1".split(), reference.box or
                                                                   [0.1, 0.1, 0.9, 0.9], strict=True)))
    if request.method == "POST" and form.is_valid():
        box = tuple(form.cleaned_data[k] for k in ("x0", "y0", "x1", "y1"))
        try:
            pipeline.brief_reference_box_set(reference=reference, box=box)
        except ReferenceImageError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(reference.brief.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "creative/reference_box.html", {"reference": reference, "form": form}, status=status)
