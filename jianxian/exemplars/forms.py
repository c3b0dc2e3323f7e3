"""Forms of the signed-in exemplar pages. They check shapes only; the actions check the
rest (permissions, consent, years, links) and their messages go on the form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jianxian.core.forms import resolve_person_ref
from jianxian.core.models import Person, Unit
from jianxian.core.text import to_simplified
from jianxian.exemplars.models import Deed, Exemplar, ExemplarField, Level, Quality

BLANK: list[tuple[Any, Any]] = [("", "—")]


def quality_choices(current: Exemplar | None = None) -> forms.ModelMultipleChoiceField:
    """The qualities in use, plus retired ones the exemplar already has (kept)."""
    chosen = Q(is_active=True)
    if current is not None and current.pk:
        chosen |= Q(exemplars=current)
    return forms.ModelMultipleChoiceField(
        label=_("Qualities"),
        queryset=Quality.objects.filter(chosen).distinct(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )


class ExemplarSearchForm(forms.Form):
    """The list's search box and filters; bad values are ignored, never an error page."""

    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, pinyin, initials or a story")}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + Exemplar.Kind.choices, required=False)
    field = forms.ChoiceField(
        label=_("Field"), choices=BLANK + ExemplarField.choices, required=False
    )
    level = forms.ChoiceField(label=_("Level"), choices=BLANK + Level.choices, required=False)
    quality = forms.TypedChoiceField(label=_("Quality"), coerce=int, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=BLANK + Exemplar.Status.choices, required=False
    )
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qualities = Quality.objects.filter(is_active=True)
        self.fields["quality"].choices = BLANK + [(q.pk, q.label) for q in qualities]  # type: ignore[attr-defined]
        self.fields["unit"].choices = BLANK + units  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())


class ExemplarForm(forms.Form):
    """Create (with ``owner_unit``) or edit (with ``version``) an exemplar's record."""

    owner_unit = forms.TypedChoiceField(label=_("Owning unit"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind"), choices=Exemplar.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    person_ref = forms.CharField(
        label=_("Person on the platform"),
        max_length=50,
        required=False,
        help_text=_(
            "For a person: their staff number, or their name when only one person you can "
            "see has it."
        ),
    )
    unit_ref = forms.CharField(
        label=_("Unit on the platform"),
        max_length=100,
        required=False,
        help_text=_(
            "For a collective, a unit or a practice from inside the city: the unit's code, "
            "or its name when it is unique."
        ),
    )
    external_name = forms.CharField(
        label=_("Name outside the platform"),
        max_length=100,
        required=False,
        help_text=_(
            "For a person, team or unit not on the platform; for a practice, where it "
            "comes from. Left empty, the name above is used."
        ),
    )
    field = forms.ChoiceField(label=_("Field"), choices=ExemplarField.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        user: Any,
        units: list[tuple[int, str]] | None = None,
        exemplar: Exemplar | None = None,
        **kwargs: Any,
    ) -> None:
        if exemplar is not None:  # the links it has, shown by the reference one types
            kwargs.setdefault("initial", {}).update(
                person_ref=_person_ref(exemplar.person), unit_ref=_unit_ref(exemplar.subject_unit)
            )
        super().__init__(*args, **kwargs)
        self.user = user
        self.exemplar = exemplar
        self.fields["qualities"] = quality_choices(exemplar)
        if exemplar is None:  # creating: the unit is chosen, there is no version yet
            self.fields["owner_unit"].choices = units or []  # type: ignore[attr-defined]
            del self.fields["version"]
        else:  # editing: the owning unit never changes
            del self.fields["owner_unit"]

    def clean_person_ref(self) -> Person | None:
        """The person a staff number or a name points to, among those the user sees
        (the person already linked is kept even when outside the user's sight)."""
        current = self.exemplar.person if self.exemplar else None
        return resolve_person_ref(self.user, self.cleaned_data["person_ref"], current=current)

    def clean_unit_ref(self) -> Unit | None:
        ref = " ".join(self.cleaned_data["unit_ref"].split())
        if not ref:
            return None
        current = self.exemplar.subject_unit if self.exemplar else None
        if current is not None and ref == _unit_ref(current):
            return current
        units = Unit.objects.visible_to(self.user)
        found = list(units.filter(code=ref)[:1]) or list(
            units.filter(name__in={ref, to_simplified(ref)})[:2]
        )
        if not found:
            raise forms.ValidationError(_("No unit you can see has this code or name."))
        if len(found) > 1:
            raise forms.ValidationError(
                _("Several units you can see are called %(name)s; give the unit code.")
                % {"name": ref}
            )
        return found[0]


def _person_ref(person: Person | None) -> str:
    return (person.staff_no or person.name) if person else ""


def _unit_ref(unit: Unit | None) -> str:
    return (unit.code or unit.name) if unit else ""


class DeedForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    body = forms.CharField(
        label=_("Story"),
        max_length=50_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Plain text (a blank line between paragraphs) or simple HTML."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HonourForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    conferred_by = forms.CharField(label=_("Conferring body"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    year = forms.IntegerField(label=_("Year"))


def deed_choice(exemplar: Exemplar, label: Any) -> forms.TypedChoiceField:
    deeds = Deed.objects.filter(exemplar=exemplar).values_list("pk", "title")
    return forms.TypedChoiceField(
        label=label, coerce=int, required=False, choices=BLANK + list(deeds)
    )


class SourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.CharField(label=_("Link"), max_length=500, required=False)

    def __init__(self, *args: Any, exemplar: Exemplar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deed"] = deed_choice(exemplar, _("Deed (optional)"))


class QualitiesForm(forms.Form):
    def __init__(self, *args: Any, exemplar: Exemplar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualities"] = quality_choices(exemplar)


class RightsForm(forms.Form):
    public_use = forms.BooleanField(label=_("Consent to public use"), required=False)
    school_use = forms.BooleanField(label=_("Consent to use in schools"), required=False)
    is_public = forms.BooleanField(label=_("Show on the public portal"), required=False)
    consent_note = forms.CharField(
        label=_("Consent record"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the consent was given, e.g. a signed form kept on file."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PhotoForm(forms.Form):
    # A plain file field: whether it is an image is decided by its content
    # (core.uploads.process_image), not by Django's ImageField or the file name.
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def __init__(self, *args: Any, exemplar: Exemplar, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deed"] = deed_choice(exemplar, _("Deed (optional)"))


class MoveForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)
