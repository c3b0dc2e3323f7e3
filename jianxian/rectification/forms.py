"""Forms of the rectification ledger's pages. They check shapes only; the actions check
the rest (permissions, the workflow's gates, dates by kind) and their messages go on the
form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jianxian.core.forms import person_ref, resolve_person_ref
from jianxian.core.models import Person
from jianxian.rectification.models import (
    REVIEW_CYCLE_MAX,
    TITLE_MAX,
    Decision,
    Measure,
    Problem,
    ProblemKind,
    ProblemStatus,
    Severity,
    SourceKind,
)

BLANK: list[tuple[Any, Any]] = [("", "—")]
TEXT_MAX = 5000  # as the actions allow (description, measures, progress)
COMMENT_MAX = 2000  # acceptance standard, comments, reasons
LABEL_MAX = 200
OPEN = "open"  # the ledger's pseudo-status: everything not closed


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


# --- The ledger's filters -----------------------------------------------------


class LedgerFilterForm(forms.Form):
    """The ledger's search box and filters; a bad value drops that filter only."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Words in the problem's title")}),
    )
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[
            *BLANK,
            ("yes", _("Overdue")),
            ("soon", _("Due within 7 days")),
            ("no", _("Not overdue")),
        ],
    )
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + ProblemKind.choices, required=False)
    source_kind = forms.ChoiceField(
        label=_("Found through"), choices=BLANK + SourceKind.choices, required=False
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=BLANK + Severity.choices, required=False
    )
    owner = forms.CharField(
        label=_("Responsible person"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin or staff number")}),
    )
    due_from = forms.DateField(label=_("Due from"), required=False, widget=_date_input())
    due_to = forms.DateField(label=_("Due until"), required=False, widget=_date_input())

    # The selects shown in the filter bar, in order (the rest are inputs).
    SELECTS = ("unit", "status", "overdue", "category", "kind", "source_kind", "severity")

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]],
        categories: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = BLANK + units  # type: ignore[attr-defined]
        self.fields["category"].choices = BLANK + categories  # type: ignore[attr-defined]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            *BLANK,
            (OPEN, _("Open (not closed)")),
            *ProblemStatus.choices,
        ]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_owner(self) -> str:
        return " ".join(self.cleaned_data["owner"].split())


# --- The problem's record -----------------------------------------------------


class ProblemForm(forms.Form):
    """Create (with ``unit``) or edit (with ``version`` and ``note``) a problem."""

    unit = forms.TypedChoiceField(label=_("Responsible unit"), coerce=int)
    title = forms.CharField(label=_("Problem"), max_length=TITLE_MAX)
    responsible_ref = forms.CharField(
        label=_("Responsible person"),
        max_length=50,
        help_text=_("Their staff number, or their name when only one person you can see has it."),
    )
    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    source_kind = forms.ChoiceField(label=_("Found through"), choices=SourceKind.choices)
    source_label = forms.CharField(
        label=_("Where it was found"),
        max_length=LABEL_MAX,
        help_text=_("For example: the district's thematic seminar of March 2024."),
    )
    kind = forms.ChoiceField(label=_("Kind of rectification"), choices=ProblemKind.choices)
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        widget=_date_input(),
        help_text=_("Needed unless it is an ongoing effort."),
    )
    review_cycle_days = forms.IntegerField(
        label=_("Review cycle (days)"),
        min_value=1,
        max_value=REVIEW_CYCLE_MAX,
        required=False,
        help_text=_("Only for an ongoing effort: how often a verifier reviews it."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=TEXT_MAX, required=False, widget=_textarea(5)
    )
    acceptance_standard = forms.CharField(
        label=_("Acceptance standard"),
        max_length=COMMENT_MAX,
        required=False,
        widget=_textarea(3),
        help_text=_("What must be true to close it. Needed before the plan is made."),
    )
    note = forms.CharField(
        label=_("Reason for the change"),
        max_length=COMMENT_MAX,
        required=False,
        help_text=_("Needed when the due date moves after the plan was made."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    # The fields side by side on the page, row by row.
    ROWS = (
        ("unit",),
        ("title",),
        ("responsible_ref", "category", "severity"),
        ("source_kind", "source_label"),
        ("kind", "due_date", "review_cycle_days"),
        ("description",),
        ("acceptance_standard",),
        ("note",),
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        categories: list[tuple[int, str]],
        units: list[tuple[int, str]] | None = None,
        problem: Problem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.problem = problem
        self.fields["category"].choices = categories  # type: ignore[attr-defined]
        if problem is None:  # creating: the unit is chosen, there is no version yet
            self.fields["unit"].choices = units or []  # type: ignore[attr-defined]
            del self.fields["version"]
            del self.fields["note"]
        else:  # editing: the unit stays (the import and the API may move it)
            del self.fields["unit"]

    def rows(self) -> list[list[forms.BoundField]]:
        return [[self[name] for name in row if name in self.fields] for row in self.ROWS]

    def clean_responsible_ref(self) -> Person:
        current = self.problem.responsible if self.problem else None
        person = resolve_person_ref(
            self.user, self.cleaned_data["responsible_ref"], current=current
        )
        if person is None:
            raise forms.ValidationError(_("Name the responsible person."))
        return person

    def clean(self) -> dict[str, Any]:
        """Keep only the date the kind uses, so switching the kind leaves no stray
        value behind; the action then says what is missing."""
        data: dict[str, Any] = super().clean() or {}
        if data.get("kind") == ProblemKind.ONGOING:
            data["due_date"] = None
        elif "kind" in data:
            data["review_cycle_days"] = None
        return data

    @staticmethod
    def initial_for(problem: Problem) -> dict[str, Any]:
        return {
            "title": problem.title,
            "responsible_ref": person_ref(problem.responsible),
            "category": problem.category_id,
            "severity": problem.severity,
            "source_kind": problem.source_kind,
            "source_label": problem.source_label,
            "kind": problem.kind,
            "due_date": problem.due_date,
            "review_cycle_days": problem.review_cycle_days,
            "description": problem.description,
            "acceptance_standard": problem.acceptance_standard,
            "version": problem.version,
        }


# --- Measures and progress ----------------------------------------------------


class MeasureForm(forms.Form):
    description = forms.CharField(label=_("Measure"), max_length=TEXT_MAX, widget=_textarea(3))
    owner_ref = forms.CharField(
        label=_("Owner"),
        max_length=50,
        required=False,
        help_text=_("Optional: staff number or name of who carries it out."),
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=_date_input())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, measure: Measure | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.measure = measure
        if measure is None:
            del self.fields["version"]

    def clean_owner_ref(self) -> Person | None:
        current = self.measure.owner if self.measure else None
        return resolve_person_ref(self.user, self.cleaned_data["owner_ref"], current=current)

    @staticmethod
    def initial_for(measure: Measure) -> dict[str, Any]:
        return {
            "description": measure.description,
            "owner_ref": person_ref(measure.owner),
            "due_date": measure.due_date,
            "version": measure.version,
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; whether each is acceptable is decided by its
    content in the action (``check_evidence``), never by its name."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Progress"), max_length=TEXT_MAX, widget=_textarea(5))
    evidence = MultipleFileField(
        label=_("Evidence"),
        required=False,
        widget=MultipleFileInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp,application/pdf,.xlsx,.docx",
                "multiple": True,
            }
        ),
        help_text=_(
            "Photos (JPEG, PNG, WebP), PDF, Excel (.xlsx) or Word (.docx); several at once."
        ),
    )


# --- Verifiers' judgements ----------------------------------------------------


class MoveForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=COMMENT_MAX, required=False)


class CloseForm(forms.Form):
    score = forms.IntegerField(
        label=_("Effectiveness score"),
        min_value=0,
        max_value=100,
        help_text=_("From 0 to 100."),
    )
    comment = forms.CharField(
        label=_("Acceptance comment"), max_length=COMMENT_MAX, widget=_textarea(3)
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it goes back"), max_length=COMMENT_MAX, widget=_textarea(3)
    )


class RecheckForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Finding of the re-check"),
        choices=[
            (Decision.CONFIRMED, _("No recurrence: it stays closed")),
            (Decision.REOPENED, _("It came back: reopen it")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=COMMENT_MAX,
        required=False,
        widget=_textarea(3),
        help_text=_("Needed when reopening: say how it came back."),
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Review comment"), max_length=COMMENT_MAX, widget=_textarea(3)
    )
    score = forms.IntegerField(
        label=_("Effectiveness score"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("Optional, from 0 to 100."),
    )
