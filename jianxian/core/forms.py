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
