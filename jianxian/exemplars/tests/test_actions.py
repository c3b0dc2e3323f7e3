"""Editing the registry: permission, validation, events, stale edits, sanitized stories,
sources, photos, the vocabulary and what goes to the search index."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from jianxian.core.errors import ActionError, StaleEdit
from jianxian.core.models import Event
from jianxian.core.tests.factories import make_person
from jianxian.core.uploads import UploadRejected
from jianxian.exemplars import actions
from jianxian.exemplars.models import Deed, Exemplar, Honour, Photo, Quality, Source
from jianxian.exemplars.tests.factories import (
    make_cast,
    make_exemplar,
    make_published,
    make_ready,
    png_bytes,
    with_status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    return make_cast()


def last_event(verb: str) -> Event:
    return Event.objects.filter(verb=verb).latest("id")


# --- Creating and editing the record -----------------------------------------


@pytest.mark.parametrize("who", ["organizer", "unit_admin", "district_admin", "city_admin"])
def test_editors_create_exemplars_in_their_units(cast, who):
    user = getattr(cast, who)
    quality = Quality.objects.get(name="担当精神")
    exemplar = make_exemplar(cast.unit, "赵晓颖", actor=user, qualities=[quality])
    assert (exemplar.created_by, exemplar.status) == (user, Exemplar.Status.DRAFT)
    assert list(exemplar.qualities.all()) == [quality]
    event = last_event("exemplar.create")
    assert (event.actor, event.target, event.to_status) == (user, exemplar, "draft")


@pytest.mark.parametrize(
    "who", ["verifier", "member", "viewer", "other_organizer", "district_staff", "team_member"]
)
def test_others_cannot_create_exemplars(cast, who):
    with pytest.raises(PermissionDenied):
        make_exemplar(cast.unit, actor=getattr(cast, who))
    assert not Exemplar.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "hero"}, "Unknown exemplar kind"),
        ({"field": "sports"}, "Unknown field"),
        ({"level": "galaxy"}, "Unknown level"),
        ({"external_name": ""}, "Choose the person"),
        ({"kind": "unit", "external_name": ""}, "Choose the unit"),
        ({"name": "长" * 101}, "too long"),
        ({"summary": "长" * 5001}, "too long"),
    ],
)
def test_create_refuses_bad_input_with_a_message(cast, kwargs, message):
    fields = {"kind": "person", "field": "governance", "level": "city", "external_name": "某人"}
    with pytest.raises(ActionError, match=message):
        actions.create_exemplar(
            actor=cast.organizer, owner_unit=cast.unit, **({"name": "某人"} | fields | kwargs)
        )


def test_links_follow_the_kind_and_the_actor_s_scope(cast):
    person = make_person("李正峰", cast.unit)
    stranger = make_person("冯晓红", cast.tree.village)
    exemplar = actions.create_exemplar(
        actor=cast.organizer,
        owner_unit=cast.unit,
        kind="person",
        person=person,
        field="governance",
        level="city",
    )
    assert exemplar.name == "李正峰"  # the display name defaults to the linked person's
    with pytest.raises(PermissionDenied, match="outside your scope"):
        make_exemplar(cast.unit, actor=cast.organizer, person=stranger)
    with pytest.raises(PermissionDenied, match="outside your scope"):
        make_exemplar(cast.unit, kind="unit", actor=cast.organizer, subject_unit=cast.tree.bureau)
    with pytest.raises(ActionError, match="not linked to a person"):
        make_exemplar(cast.unit, kind="collective", actor=cast.organizer, person=person)
    with pytest.raises(ActionError, match="not both"):
        make_exemplar(
            cast.unit,
            "最多跑一次",
            kind="practice",
            actor=cast.organizer,
            subject_unit=cast.unit,
            external_name="南方某市",
        )
    team = make_exemplar(cast.unit, "", kind="collective", subject_unit=cast.tree.team)
    assert team.name == "网格一组"


def test_update_is_a_compare_and_set(cast, search_index):
    exemplar = make_exemplar(cast.unit, "赵晓颖", actor=cast.organizer)
    fields: dict[str, Any] = {
        "kind": "person",
        "field": "media",
        "level": "city",
        "external_name": "赵晓颖",
    }
    actions.update_exemplar(
        actor=cast.organizer,
        exemplar=exemplar,
        version=1,
        name="趙曉穎",
        summary="记者站站长",
        **fields,
    )
    assert (exemplar.name, exemplar.pinyin_compact, exemplar.version) == (
        "趙曉穎",
        "zhaoxiaoying",
        2,
    )
    event = last_event("exemplar.update")
    assert event.changes["name"] == ["赵晓颖", "趙曉穎"]
    assert event.changes["field"] == ["governance", "media"]
    assert "记者站站长" in search_index.last(exemplar)["text"]
    with pytest.raises(StaleEdit):
        actions.update_exemplar(
            actor=cast.unit_admin, exemplar=exemplar, version=1, name="别人改的", **fields
        )
    assert Exemplar.objects.get(pk=exemplar.pk).name == "趙曉穎"
    assert Event.objects.filter(verb="exemplar.update").count() == 1


def test_content_is_frozen_under_review_and_archived(cast):
    exemplar = with_status(make_ready(cast.unit), Exemplar.Status.UNDER_REVIEW)
    for call in (
        lambda: actions.add_deed(actor=cast.city_admin, exemplar=exemplar, title="新事迹"),
        lambda: actions.add_honour(
            actor=None, exemplar=exemplar, title="劳模", level="city", year=2020
        ),
        lambda: actions.update_exemplar(
            actor=cast.organizer,
            exemplar=exemplar,
            version=exemplar.version,
            kind="person",
            field="governance",
            level="city",
            external_name="李正峰",
        ),
    ):
        with pytest.raises(ActionError, match="cannot be changed now"):
            call()
    assert exemplar.deeds.count() == 1


def test_a_published_exemplar_is_edited_by_reviewers_only(cast):
    exemplar = make_published(cast.unit)
    with pytest.raises(PermissionDenied, match="Only a reviewer"):
        actions.add_deed(actor=cast.organizer, exemplar=exemplar, title="新事迹")
    deed = actions.add_deed(actor=cast.verifier, exemplar=exemplar, title="新事迹")
    assert deed.exemplar == exemplar


def test_qualities_from_the_vocabulary(cast, search_index):
    exemplar = make_exemplar(cast.unit, actor=cast.organizer)
    craft, duty = Quality.objects.get(name="工匠精神"), Quality.objects.get(name="担当精神")
    actions.set_exemplar_qualities(actor=cast.organizer, exemplar=exemplar, qualities=[craft])
    actions.update_quality(
        actor=cast.city_admin,
        quality=craft,
        version=craft.version,
        name=craft.name,
        name_en=craft.name_en,
        is_active=False,
    )
    duty.refresh_from_db()
    actions.update_quality(
        actor=cast.city_admin,
        quality=duty,
        version=duty.version,
        name=duty.name,
        name_en=duty.name_en,
        is_active=False,
    )
    # A retired quality stays where it is but cannot be newly chosen.
    actions.set_exemplar_qualities(actor=cast.organizer, exemplar=exemplar, qualities=[craft])
    with pytest.raises(ActionError, match="no longer in use"):
        actions.set_exemplar_qualities(
            actor=cast.organizer, exemplar=exemplar, qualities=[craft, duty]
        )
    assert list(exemplar.qualities.all()) == [craft]
    assert Event.objects.filter(verb="exemplar.qualities").count() == 1
    assert "工匠精神" in search_index.last(exemplar)["text"]
    with pytest.raises(PermissionDenied):
        actions.set_exemplar_qualities(actor=cast.member, exemplar=exemplar, qualities=[])


# --- Consent and the portal ---------------------------------------------------


def test_public_display_needs_recorded_consent(cast, search_index):
    exemplar = make_ready(cast.unit, actor=cast.organizer)
    rights: dict[str, Any] = {"school_use": False, "consent_note": "本人签字同意书已存档"}
    with pytest.raises(ActionError, match="consent to public use"):
        actions.set_exemplar_rights(
            actor=cast.organizer,
            exemplar=exemplar,
            version=exemplar.version,
            public_use=False,
            is_public=True,
            **rights,
        )
    with pytest.raises(ActionError, match="how the consent was given"):
        actions.set_exemplar_rights(
            actor=cast.organizer,
            exemplar=exemplar,
            version=exemplar.version,
            public_use=True,
            is_public=True,
            school_use=False,
        )
    actions.set_exemplar_rights(
        actor=cast.organizer,
        exemplar=exemplar,
        version=exemplar.version,
        public_use=True,
        is_public=True,
        **rights,
    )
    assert (exemplar.is_public, exemplar.consent_recorded_by) == (True, cast.organizer)
    assert exemplar.consent_recorded_at is not None
    assert search_index.last(exemplar)["is_public"] is True
    assert search_index.last(exemplar.deeds.get())["is_public"] is True
    event = last_event("exemplar.rights")
    assert event.changes["public_use"] == [False, True]
    with pytest.raises(StaleEdit):
        actions.set_exemplar_rights(
            actor=cast.organizer,
            exemplar=exemplar,
            version=1,
            public_use=False,
            is_public=False,
            **rights,
        )
    # Withdrawn consent takes the exemplar off the portal in the same write.
    actions.set_exemplar_rights(
        actor=cast.unit_admin,
        exemplar=exemplar,
        version=exemplar.version,
        public_use=False,
        is_public=False,
        **rights,
    )
    assert (exemplar.is_public, exemplar.consent_recorded_by) == (False, cast.unit_admin)


# --- Honours -----------------------------------------------------------------


def test_honours_are_added_and_removed_with_events(cast, search_index):
    exemplar = make_exemplar(cast.unit, actor=cast.organizer)
    honour = actions.add_honour(
        actor=cast.organizer,
        exemplar=exemplar,
        title="全国优秀党务工作者",
        conferred_by="中共中央",
        level="nation",
        year=2021,
    )
    assert "全国优秀党务工作者" in search_index.last(exemplar)["text"]
    assert last_event("exemplar.add_honour").changes["honour"] == honour.pk
    this_year = datetime.date.today().year
    bad_years: list[tuple[Any, str]] = [
        (this_year + 1, "between"),
        (1900, "between"),
        ("去年", "number"),
    ]
    for year, message in bad_years:
        with pytest.raises(ActionError, match=message):
            actions.add_honour(
                actor=cast.organizer, exemplar=exemplar, title="x", level="city", year=year
            )
    with pytest.raises(ActionError, match="Unknown level"):
        actions.add_honour(actor=None, exemplar=exemplar, title="x", level="x", year=2020)
    with pytest.raises(PermissionDenied):
        actions.remove_honour(actor=cast.member, honour=honour)
    actions.remove_honour(actor=cast.organizer, honour=honour)
    assert not Honour.objects.exists()
    assert "全国优秀党务工作者" not in search_index.last(exemplar)["text"]


# --- Deeds and sanitized stories ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "kept", "gone"),
    [
        (
            "<p>深夜<script>alert('x')</script>赶到</p>",
            ["<p>深夜", "赶到</p>"],
            ["script", "alert"],
        ),
        ('<img src="x" onerror="alert(1)">', [], ["onerror", "alert", "<img"]),
        ('<a href="javascript:alert(1)">链接</a>', ["链接"], ["javascript"]),
        ('<a href="JaVaScRiPt:alert(1)">链接</a>', ["链接"], ["avascript", "alert"]),
        ('<p onclick="steal()" style="color:red">段落</p>', ["<p>段落</p>"], ["onclick", "style"]),
        ('<svg onload="alert(1)"><circle/></svg>正文', ["正文"], ["svg", "onload"]),
        ('<iframe src="https://evil.example"></iframe>正文', ["正文"], ["iframe"]),
        (
            "<p><strong>攻坚</strong>与<em>坚守</em></p><ul><li>一</li></ul>",
            ["<strong>攻坚</strong>", "<em>坚守</em>", "<ul><li>一</li></ul>"],
            [],
        ),
        (
            '<a href="https://example.org/report">报道</a>',
            ['href="https://example.org/report"', 'rel="noopener noreferrer nofollow"'],
            [],
        ),
        ("第一段\n第二行\n\n第二段 <b 不是标签", ["<p>第一段<br>第二行</p>", "&lt;b"], ["<b "]),
    ],
    ids=[
        "script",
        "onerror",
        "javascript-url",
        "mixed-case-url",
        "handlers-and-style",
        "svg",
        "iframe",
        "allowed-tags",
        "web-link",
        "plain-text",
    ],
)
def test_stories_are_sanitized_on_write(cast, body, kept, gone):
    exemplar = make_exemplar(cast.unit, actor=cast.organizer)
    deed = actions.add_deed(actor=cast.organizer, exemplar=exemplar, title="事迹", body=body)
    row = Deed.objects.get(pk=deed.pk)
    assert row.body == body.strip()  # kept as written
    for fragment in kept:
        assert fragment in row.body_html
    for fragment in gone:
        assert fragment.lower() not in row.body_html.lower()


def test_deeds_are_edited_with_versions_and_indexed(cast, search_index):
    exemplar = make_exemplar(cast.unit, actor=cast.organizer)
    deed = actions.add_deed(
        actor=cast.organizer,
        exemplar=exemplar,
        title="社区防汛",
        date=datetime.date(2023, 7, 1),
        body="<p>连续<b>三天三夜</b>坚守</p>",
    )
    assert last_event("exemplar.add_deed").changes == {"deed": deed.pk, "title": "社区防汛"}
    text = search_index.last(deed)["text"]
    assert "社区防汛" in text and "三天三夜" in text and "<b>" not in text
    assert search_index.last(deed)["published"] is False
    actions.update_deed(
        actor=cast.organizer, deed=deed, version=1, title="社区防汛抢险", body="改写"
    )
    assert (deed.title, deed.version, deed.body_html) == ("社区防汛抢险", 2, "<p>改写</p>")
    assert last_event("exemplar.update_deed").changes["title"] == ["社区防汛", "社区防汛抢险"]
    with pytest.raises(StaleEdit):
        actions.update_deed(actor=cast.organizer, deed=deed, version=1, title="旧稿")
    with pytest.raises(ActionError, match="future"):
        actions.update_deed(
            actor=cast.organizer,
            deed=deed,
            version=2,
            title="x",
            date=datetime.date.today() + datetime.timedelta(days=2),
        )
    with pytest.raises(ActionError, match="required"):
        actions.add_deed(actor=cast.organizer, exemplar=exemplar, title="  ")
    actions.remove_deed(actor=cast.organizer, deed=deed)
    assert not Deed.objects.exists()
    assert search_index.removed == [deed]


# --- Sources -----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<script>", "ftp://example.org/x", "http://", "见报"],
)
def test_source_links_must_be_web_addresses(cast, url):
    exemplar = make_exemplar(cast.unit, actor=cast.organizer)
    with pytest.raises(ActionError):
        actions.add_source(actor=cast.organizer, exemplar=exemplar, title="报道", url=url)
    assert not Source.objects.exists()


def test_sources_are_cited_for_the_record_or_a_deed(cast):
    exemplar = make_ready(cast.unit, actor=cast.organizer)
    deed = exemplar.deeds.get()
    source = actions.add_source(
        actor=cast.organizer,
        exemplar=exemplar,
        deed=deed,
        title="清州日报",
        url="HTTPS://News.Example.org/2023/07/01.html",
    )
    assert source.url == "https://news.example.org/2023/07/01.html"
    assert actions.add_source(actor=None, exemplar=exemplar, title="内部简报").url == ""
    other = make_ready(cast.unit, "另一人")
    with pytest.raises(ActionError, match="another exemplar"):
        actions.add_source(actor=None, exemplar=other, deed=deed, title="x")
    actions.remove_source(actor=cast.organizer, source=source)
    assert list(Source.objects.values_list("title", flat=True)) == ["内部简报"]
    assert (
        Event.objects.filter(verb__in=["exemplar.add_source", "exemplar.remove_source"]).count()
        == 3
    )


# --- Photos ------------------------------------------------------------------


def stored(media_root: Path) -> list[str]:
    return sorted(p.name for p in (media_root / "exemplars").glob("*"))


def test_photos_are_checked_re_encoded_and_stored(
    cast, media_root, django_capture_on_commit_callbacks
):
    exemplar = make_ready(cast.unit, actor=cast.organizer)
    deed = exemplar.deeds.get()
    photo = actions.add_photo(
        actor=cast.organizer,
        exemplar=exemplar,
        deed=deed,
        data=png_bytes((1200, 600)),
        caption="抗洪一线",
    )
    assert (photo.width, photo.height, photo.mime_type) == (1200, 600, "image/png")
    name = photo.image.name or ""
    assert name.startswith("exemplars/") and name.endswith(".png")
    stem = name.removeprefix("exemplars/").removesuffix(".png")
    assert len(stem) == 32 and photo.thumbnail.name == f"exemplars/{stem}.thumb.png"
    assert len(stored(media_root)) == 2 and len(photo.sha256) == 64
    assert last_event("exemplar.add_photo").changes["photo"] == photo.pk
    with pytest.raises(ActionError, match="already attached"):
        actions.add_photo(actor=cast.organizer, exemplar=exemplar, data=png_bytes((1200, 600)))
    with pytest.raises(UploadRejected):
        actions.add_photo(
            actor=cast.organizer, exemplar=exemplar, data=b"<script>alert(1)</script>"
        )
    assert len(stored(media_root)) == 2 and Photo.objects.count() == 1
    actions.update_photo(actor=cast.organizer, photo=photo, version=1, caption="防汛一线")
    with pytest.raises(StaleEdit):
        actions.update_photo(actor=cast.organizer, photo=photo, version=1, caption="旧")
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_photo(actor=cast.organizer, photo=photo)
    assert stored(media_root) == [] and not Photo.objects.exists()


def test_photo_uploads_need_edit_rights_first(cast, media_root, monkeypatch):
    exemplar = make_exemplar(cast.unit, actor=cast.organizer)
    calls = []
    monkeypatch.setattr(
        "jianxian.core.uploads.process_image", lambda data, **kw: calls.append(data)
    )
    with pytest.raises(PermissionDenied):
        actions.add_photo(actor=cast.member, exemplar=exemplar, data=png_bytes())
    assert calls == []  # refused before the upload is even read


def test_removing_a_deed_or_a_draft_removes_its_photo_files(
    cast, media_root, search_index, django_capture_on_commit_callbacks
):
    exemplar = make_ready(cast.unit, actor=cast.organizer)
    deed = exemplar.deeds.get()
    actions.add_photo(actor=cast.organizer, exemplar=exemplar, deed=deed, data=png_bytes())
    actions.add_photo(actor=cast.organizer, exemplar=exemplar, data=png_bytes(colour=(0, 0, 9)))
    assert len(stored(media_root)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_deed(actor=cast.organizer, deed=deed)
    assert len(stored(media_root)) == 2 and Photo.objects.count() == 1
    with pytest.raises(PermissionDenied):
        actions.delete_exemplar(actor=cast.verifier, exemplar=exemplar)
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_exemplar(actor=cast.organizer, exemplar=exemplar)
    assert stored(media_root) == [] and not Exemplar.objects.exists()
    assert [type(obj).__name__ for obj in search_index.removed] == ["Deed", "Exemplar"]
    assert last_event("exemplar.delete").changes == {"name": "李正峰"}


# --- The vocabulary ------------------------------------------------------------


def test_only_a_city_admin_edits_the_vocabulary(cast):
    for user in (cast.district_admin, cast.unit_admin, cast.organizer):
        with pytest.raises(PermissionDenied, match="city administrator"):
            actions.create_quality(actor=user, code="thrift", name="勤俭节约")
    quality = actions.create_quality(
        actor=cast.city_admin, code="Thrift", name="勤俭节约", name_en="Thrift"
    )
    assert quality.code == "thrift"
    assert last_event("quality.create").actor == cast.city_admin
    with pytest.raises(ActionError, match="already exists"):
        actions.create_quality(actor=cast.city_admin, code="thrift2", name="勤俭节约")
    with pytest.raises(ActionError, match="code"):
        actions.create_quality(actor=cast.city_admin, code="勤俭", name="勤俭")
    actions.delete_quality(actor=cast.city_admin, quality=quality)
    assert not Quality.objects.filter(code="thrift").exists()


def test_renaming_a_quality_reindexes_its_exemplars(cast, search_index):
    quality = Quality.objects.get(code="teamwork")
    exemplar = make_exemplar(cast.unit, qualities=[quality])
    actions.update_quality(
        actor=cast.city_admin,
        quality=quality,
        version=quality.version,
        name="团结协作精神",
        name_en="Teamwork",
    )
    assert "团结协作精神" in search_index.last(exemplar)["text"]
    with pytest.raises(StaleEdit):
        actions.update_quality(actor=cast.city_admin, quality=quality, version=1, name="旧名")
    with pytest.raises(ActionError, match="retire it"):
        actions.delete_quality(actor=cast.city_admin, quality=quality)


def test_the_exemplar_document_carries_names_pinyin_qualities_and_honours(cast, search_index):
    exemplar = make_exemplar(
        cast.unit,
        "单晓光",
        summary="扎根社区二十年",
        qualities=[Quality.objects.get(code="devotion-to-people")],
    )
    actions.add_honour(
        actor=None, exemplar=exemplar, title="全国最美社区工作者", level="nation", year=2022
    )
    document = search_index.last(exemplar)
    for word in ("单晓光", "shan xiao guang", "shanxiaoguang", "sxg", "扎根社区", "为民情怀"):
        assert word in document["text"]
    assert "Devotion to the people" in document["text"]
    assert "全国最美社区工作者" in document["text"]
    assert (document["scope_path"], document["published"], document["is_public"]) == (
        cast.unit.path,
        False,
        False,
    )


def test_the_real_index_finds_what_the_actions_wrote(cast):
    from jianxian.core import search

    exemplar = make_exemplar(
        cast.unit, "赵晓颖", field="media", summary="记者站站长，推动媒体人公益行"
    )
    deed = actions.add_deed(
        actor=None,
        exemplar=exemplar,
        title="媒体人公益行",
        body="<p>联合慈善组织<b>走访干部</b>家庭</p>",
    )
    # A draft is found only where drafts are asked for.
    assert search.search(Exemplar, "赵晓颖") == []
    assert search.search(Exemplar, "赵晓颖", draft_scope_paths=[cast.unit.path]) == [exemplar.pk]
    actions.submit_exemplar(actor=None, exemplar=exemplar)
    actions.publish_exemplar(actor=None, exemplar=exemplar)
    for query in ("趙曉穎", "zhaoxiaoying", "zxy", "媒体人", "记者站"):
        assert search.search(Exemplar, query) == [exemplar.pk], query
    assert search.search(Deed, "幹部") == [deed.pk]  # folded from Traditional
    assert search.search(Exemplar, "赵晓颖", scope_paths=[cast.tree.village.path]) == []
    actions.archive_exemplar(actor=None, exemplar=exemplar)
    assert search.search(Exemplar, "赵晓颖") == [] and search.search(Deed, "幹部") == []
