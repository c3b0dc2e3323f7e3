from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from jianxian.core.models import UnitKind


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


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong username or password. Note that repeated failures lock the account for a while."
        ),
        "inactive": _("This account is inactive."),
    }
