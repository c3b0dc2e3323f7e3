from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jianxian.core.models import Gender, Person, PersonCategory, UnitKind
from jianxian.core.text import to_simplified


def person_ref(person: Person | None) -> str:
    """How a form shows a chosen person: the staff number, else the name."""
    return (person.staff_no or person.name) if person else ""


def resolve_person_ref(user: Any, ref: str, *, current: Person | None = None) -> Person | None:
    """The person a staff number or a name points to, among those ``user`` sees (the
    ``current`` person is kept even when outside the user's sight). Empty: None; no
    match or an ambiguous name: a ``ValidationError`` for the form field."""
    ref = " ".join((ref or "").split())
    if not ref:
        return None
    if current is not None and ref == person_ref(current):
        return current
    people = Person.objects.visible_to(user)
    found = list(people.filter(staff_no=ref)[:1]) or list(
        people.filter(name__in={ref, to_simplified(ref)})[:2]
    )
    if not found:
        raise forms.ValidationError(_("No one you can see has this staff number or name."))
    if len(found) > 1:
        raise forms.ValidationError(
            _("Several people you can see are called %(name)s; give the staff number.")
            % {"name": ref}
        )
    return found[0]


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, pinyin or initials"),
        max_length=50,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. 李正峰, lizhengfeng or lzf"), "autocomplete": "off"}
        ),
    )

    min_pinyin_letters = 2

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        if query.isascii() and len(query.replace(" ", "")) < self.min_pinyin_letters:
            # One letter matches a quarter of a city: ask for a second one.
            raise forms.ValidationError(_("Type at least two letters of pinyin."))
        return query


class UnitPeopleSearchForm(PersonSearchForm):
    """Inside one unit a single letter narrows enough."""

    min_pinyin_letters = 1


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=80)


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Unit name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    code = forms.CharField(label=_("Unit code"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class PersonFields(forms.Form):
    """What a unit admin writes about a person; the actions check the rest."""

    name = forms.CharField(label=_("Name"), max_length=50)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, required=False)
    categories = forms.MultipleChoiceField(
        label=_("Categories"),
        choices=PersonCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


class PersonCreateForm(PersonFields):
    staff_no = forms.CharField(label=_("Staff number"), max_length=40, required=False)
    post = forms.CharField(label=_("Post"), max_length=100, required=False)

    field_order = ["name", "staff_no", "post", "gender", "categories", "phone", "email"]


class PersonEditForm(PersonFields):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PostAssignForm(forms.Form):
    """A new post; ``unit`` is one of the units the user manages (the view checks it)."""

    unit = forms.IntegerField(label=_("Unit"), min_value=1)
    post = forms.CharField(label=_("Post"), max_length=100, required=False)


class PostEndForm(forms.Form):
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_end_date(self) -> date:
        end_date: date = self.cleaned_data["end_date"]
        if end_date > timezone.localdate():
            raise forms.ValidationError(_("The end date cannot be in the future."))
        return end_date


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong username or password. Note that repeated failures lock the account for a while."
        ),
        "inactive": _("This account is inactive."),
    }
