"""The review pages' input, parsed at the view edge: bounded numbers, known choices, limited text."""

from django import forms

from creative import text_limits
from creative.forms import MAX_ID, EdgeForm, LimitedCharField
from reviews.models import Decision

MAX_PAGE = 10_000  # 24 cards a page: far beyond any brief, and the offset stays a small integer
MAX_BULK = 1_000


class PageForm(EdgeForm):
    page = forms.IntegerField(min_value=1, max_value=MAX_PAGE, required=False)


class ReviewForm(EdgeForm):
    decision = forms.ChoiceField(choices=Decision.choices)
    comment = LimitedCharField(limit=text_limits.COMMENT, what="The comment", required=False)
    shared = forms.BooleanField(required=False)  # a team comment the client's guests may read


class IdsField(forms.Field):
    """Several ids under one name (checkboxes), each a whole number within the database's range."""

    def to_python(self, value):
        value = value or []
        if len(value) > MAX_BULK:
            raise forms.ValidationError(f"select at most {MAX_BULK} images at once")
        ids = []
        for item in value:
            if not str(item).isdecimal() or not 1 <= int(item) <= MAX_ID:
                raise forms.ValidationError(f"{str(item)[:20]!r} is not an image id")
            ids.append(int(item))
        return ids


class BulkReviewForm(EdgeForm):
    decision = forms.ChoiceField(choices=[(Decision.APPROVE, "approve"), (Decision.REJECT, "reject")],
                                 error_messages={"required": "bulk decision must be approve or reject",
                                                 "invalid_choice": "bulk decision must be approve or reject"})
    ids = IdsField(error_messages={"required": "select at least one image"})

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        if data is not None:
            # Checkboxes post the same name many times; QueryDict.get would keep only the last.
            self.data = {"decision": data.get("decision", ""), "ids": data.getlist("ids")}

    def clean_ids(self):
        if not self.cleaned_data["ids"]:
            raise forms.ValidationError("select at least one image")
        return self.cleaned_data["ids"]


class CompareForm(EdgeForm):
    prompt = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    a = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    b = forms.IntegerField(min_value=1, max_value=MAX_ID, required=False)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("prompt") and not (data.get("a") and data.get("b")):
            raise forms.ValidationError("compare needs ?prompt=ID, or two images as ?a=ID&b=ID")
        return data


class InviteForm(EdgeForm):
    days = forms.IntegerField(min_value=1, max_value=90, required=False)
