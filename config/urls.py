from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from config.api import api
from jianxian.core import views as core_views
from jianxian.core.forms import LoginForm

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("jianxian.core.urls")),
    path("exemplars/", include("jianxian.exemplars.urls")),
    path("rectification/", include("jianxian.rectification.urls")),
    path("portal/", include("jianxian.portal.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
