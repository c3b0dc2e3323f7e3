"""The Django admin shows the registry and writes through the actions."""

import pytest
from django.conf import settings
from django.urls import reverse

from jianxian.core.models import Event
from jianxian.core.tests.factories import make_tree, make_user
from jianxian.exemplars.models import Deed, Exemplar, Quality
from jianxian.exemplars.tests.factories import make_published, png_bytes

pytestmark = pytest.mark.django_db

NO_INLINES = {
    f"{prefix}-{field}": "0"
    for prefix in ("honours", "deeds", "photos")
    for field in ("TOTAL_FORMS", "INITIAL_FORMS")
}


@pytest.fixture
def admin_client(client):
    client.force_login(make_user("root", is_superuser=True))
    return client


def test_every_admin_page_opens_with_data(admin_client):
    from jianxian.exemplars import actions

    tree = make_tree()
    exemplar = make_published(tree.community)
    actions.add_honour(actor=None, exemplar=exemplar, title="标兵", level="unit", year=2020)
    actions.add_source(actor=None, exemplar=exemplar, title="报道", url="https://example.org/")
    actions.add_photo(actor=None, exemplar=exemplar, data=png_bytes())
    rows = {
        "exemplar": exemplar,
        "deed": exemplar.deeds.get(),
        "honour": exemplar.honours.get(),
        "source": exemplar.sources.get(),
        "photo": exemplar.photos.get(),
        "quality": Quality.objects.get(code="teamwork"),
    }
    for model, row in rows.items():
        listing = admin_client.get(reverse(f"admin:exemplars_{model}_changelist"))
        assert listing.status_code == 200, model
        page = admin_client.get(reverse(f"admin:exemplars_{model}_change", args=[row.pk]))
        assert page.status_code == 200, model


def test_creating_and_editing_in_the_admin_goes_through_the_actions(admin_client):
    tree = make_tree()
    quality = Quality.objects.get(code="innovation")
    form = {
        "kind": "practice",
        "owner_unit": tree.bureau.pk,
        "name": "一窗通办",
        "external_name": "",
        "field": "governance",
        "level": "city",
        "summary": "",
        "qualities": [quality.pk],
        **NO_INLINES,
    }
    response = admin_client.post(reverse("admin:exemplars_exemplar_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    exemplar = Exemplar.objects.get()
    assert (exemplar.name_pinyin, list(exemplar.qualities.all())) == (
        "yi chuang tong ban",
        [quality],
    )
    assert Event.objects.filter(verb="exemplar.create", target_id=exemplar.pk).exists()

    form |= {"name": "一窗通办+主题服务", "summary": "审批效率提升"}
    response = admin_client.post(
        reverse("admin:exemplars_exemplar_change", args=[exemplar.pk]), form
    )
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert (exemplar.name, exemplar.version) == ("一窗通办+主题服务", 2)
    assert Event.objects.filter(verb="exemplar.update").count() == 1

    response = admin_client.post(
        reverse("admin:exemplars_deed_add"),
        {"exemplar": exemplar.pk, "title": "窗口改革", "body": "<script>x</script><p>正文</p>"},
    )
    assert response.status_code == 302
    assert Deed.objects.get().body_html == "<p>正文</p>"


def test_an_action_refusal_in_the_admin_is_a_message_not_a_server_error(admin_client):
    from jianxian.exemplars import actions

    exemplar = make_published(make_tree().community)
    deed = exemplar.deeds.get()
    actions.archive_exemplar(actor=None, exemplar=exemplar)  # frozen: the action refuses edits
    url = reverse("admin:exemplars_deed_change", args=[deed.pk])
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = admin_client.post(
        url, {"title": "改写的标题", "date": "", "body": "改写"}, follow=True
    )
    assert response.status_code == 200
    assert "cannot be changed now" in response.content.decode()
    assert Deed.objects.get(pk=deed.pk).title == deed.title
