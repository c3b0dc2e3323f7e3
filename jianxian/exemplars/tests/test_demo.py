"""The exemplar part of the Qingzhou demo: what it loads, the workflow states it leaves,
the photos it draws, that a second load changes nothing, and that its text is clean
Simplified Chinese that search finds in either script."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import override_settings
from PIL import Image

from jianxian.core import demo, search
from jianxian.core.models import Event, Notification
from jianxian.core.text import to_simplified, to_traditional
from jianxian.exemplars.demo import EXEMPLARS
from jianxian.exemplars.demo.photos import HEIGHT, WIDTH, illustration
from jianxian.exemplars.demo.spec import PUBLISHED, RETURNED, UNDER_REVIEW
from jianxian.exemplars.models import Deed, Exemplar, Honour, Photo, Quality, Source

User = get_user_model()
SPECS = {spec.key: spec for spec in EXEMPLARS}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict]:
    """The whole demo (core first), loaded once per module on a fresh database with its
    photos in a temporary media root; rolled back at the end."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        assert not Exemplar.objects.exists()
        ctx = demo.load()
        yield {"ctx": ctx, "media": media}
        transaction.set_rollback(True)


@pytest.fixture
def dm(loaded, db, settings) -> dict:
    settings.MEDIA_ROOT = loaded["media"]
    return loaded


def exemplar(key: str) -> Exemplar:
    spec = SPECS[key]
    return Exemplar.objects.get(owner_unit__code=spec.owner, name=spec.name)


def table() -> dict[str, int]:
    models = (Exemplar, Deed, Honour, Photo, Source, Event, Notification)
    return {model.__name__: model.objects.count() for model in models}


# --- The data itself (no database) ---------------------------------------------


def demo_texts() -> list[str]:
    texts: list[str] = []
    for spec in EXEMPLARS:
        texts += [spec.name, spec.external_name, spec.summary, spec.consent_note]
        texts += [spec.review_note, *spec.sources]
        texts += [t for h in spec.honours for t in (h.title, h.conferred_by)]
        texts += [t for deed in spec.deeds for t in (deed.title, deed.body)]
        texts += [photo.caption for photo in spec.photos]
    return [text for text in texts if text]


def test_demo_text_is_clean_simplified_chinese():
    for text in demo_texts():
        assert to_simplified(text) == text, text
        # and back from Traditional without loss; OpenCC reads 著 back for the particle
        # 着 (带着), which is the converter's limit, not the text's.
        round_trip = to_simplified(to_traditional(text))
        assert round_trip.replace("著", "着") == text.replace("著", "着"), text
    joined = "".join(demo_texts())
    for over_converted in ("乾部", "層麵", "層", "麵", "乾", "後", "於"):
        assert over_converted not in joined


def test_specs_are_complete_and_believable():
    keys = {spec.key for spec in EXEMPLARS}
    assert len(keys) == len(EXEMPLARS)
    assert len({(spec.owner, spec.name) for spec in EXEMPLARS}) == len(EXEMPLARS)
    for spec in EXEMPLARS:
        assert 3 <= len(spec.deeds) <= 5, spec.key
        assert 1 <= len(spec.photos) <= 2, spec.key
        assert spec.honours and spec.qualities and spec.summary, spec.key
        assert spec.reviewer != spec.editor, spec.key
        for deed in spec.deeds:
            assert 150 <= len(deed.body) <= 400, (spec.key, deed.title, len(deed.body))
        assert len({deed.date for deed in spec.deeds}) == len(spec.deeds)
        assert all(p.deed is None or 0 <= p.deed < len(spec.deeds) for p in spec.photos)
        if spec.public_use or spec.school_use:
            assert spec.consent_note, spec.key
        assert not spec.is_public or spec.public_use, spec.key


def test_illustrations_are_small_deterministic_jpegs():
    first = illustration("李正峰", "李正峰在政务服务中心调研", "governance")
    assert first == illustration("李正峰", "李正峰在政务服务中心调研", "governance")
    assert first != illustration("赵晓颖", "赵晓颖在采访一线", "media")
    assert first[:3] == b"\xff\xd8\xff" and len(first) < 150_000
    with Image.open(io.BytesIO(first)) as image:
        assert image.format == "JPEG" and image.size == (WIDTH, HEIGHT)


# --- Loading -------------------------------------------------------------------


def test_loads_the_named_exemplars(dm):
    assert Exemplar.objects.count() == len(EXEMPLARS)
    names = set(Exemplar.objects.values_list("name", flat=True))
    assert {"李正峰", "赵晓颖", "蒋立诚", "周卫东", "陈秀兰", "孙慧敏"} <= names
    assert {"杨国强劳模创新工作室", "南江市“最多跑一次”改革"} <= names
    assert "党建引领、多元共治、精准服务社区工作法" in names
    li = exemplar("li-zhengfeng")
    assert li.kind == "person" and li.person is not None and li.person.staff_no == "QZ000001"
    studio = exemplar("steel-studio")
    assert studio.kind == "collective" and studio.subject_unit is not None
    assert studio.subject_unit.code == "QZ-STEEL-STUDIO"
    reform = exemplar("zuiduo-pao-yici")
    assert reform.kind == "practice" and reform.owner_unit.code == "QZ-APPROVAL"
    assert reform.external_name and reform.level in ("province", "nation")
    method = exemplar("community-method")
    assert method.kind == "practice" and method.owner_unit.code == "QZ-CIVIL"
    assert dm["ctx"].created["exemplars"] == len(EXEMPLARS)


def test_deeds_honours_qualities_and_sources(dm):
    for spec in EXEMPLARS:
        record = exemplar(spec.key)
        deeds = list(record.deeds.all())
        assert [d.title for d in deeds] == [
            d.title for d in sorted(spec.deeds, key=lambda d: d.date)
        ]
        assert all(d.body_html.startswith("<p>") and d.date for d in deeds)
        assert record.honours.count() == len(spec.honours)
        assert set(record.qualities.values_list("code", flat=True)) == set(spec.qualities)
        assert record.sources.count() == len(spec.sources)
    assert Deed.objects.count() == sum(len(s.deeds) for s in EXEMPLARS)
    assert Honour.objects.filter(exemplar__name="李正峰", level="nation", year=2015).exists()
    judge = Quality.objects.get(code="impartial-enforcement")
    assert list(judge.exemplars.values_list("name", flat=True)) == ["蒋立诚"]


def test_workflow_states_and_consent(dm):
    states = dict(Exemplar.objects.values_list("name", "status"))
    for spec in EXEMPLARS:
        expected = {PUBLISHED: "published", UNDER_REVIEW: "under_review", RETURNED: "draft"}
        assert states[spec.name] == expected[spec.state], spec.key
    assert Exemplar.objects.filter(status="published").count() >= 6
    queue = Exemplar.objects.filter(status="under_review")
    assert list(queue.values_list("name", flat=True)) == ["陈秀兰"]
    returned = exemplar("hospital-cardiology")
    assert returned.review_note and returned.published_at is None
    public = set(Exemplar.objects.public().values_list("name", flat=True))
    assert "李正峰" in public and "杨国强劳模创新工作室" in public and "蒋立诚" not in public
    consented = Exemplar.objects.filter(public_use=True)
    assert consented.count() > len(EXEMPLARS) // 2
    assert not consented.filter(consent_recorded_at__isnull=True).exists()
    assert not consented.filter(consent_note="").exists()


def test_four_eyes_submitter_never_publishes(dm):
    for record in Exemplar.objects.filter(status="published"):
        events = Event.objects.filter(target_id=record.pk, verb__startswith="exemplar.")
        submit = events.get(verb="exemplar.submit")
        publish = events.get(verb="exemplar.publish")
        assert submit.actor_id == record.submitted_by_id is not None
        assert publish.actor_id is not None and publish.actor_id != submit.actor_id
        assert record.created_by_id == submit.actor_id
    reform = exemplar("zuiduo-pao-yici")
    moves = Event.objects.filter(
        target_id=reform.pk, verb__in=["exemplar.submit", "exemplar.publish"]
    )
    assert dict(moves.values_list("verb", "actor__username")) == {
        "exemplar.submit": "approval",
        "exemplar.publish": "cityadmin",
    }
    # The district admin submitted 陈秀兰 and may not publish her; the verifier may.
    chen = exemplar("chen-xiulan")
    assert chen.submitted_by == User.objects.get(username="district")
    assert "published" not in chen.allowed_moves(User.objects.get(username="district"))
    assert "published" in chen.allowed_moves(User.objects.get(username="verifier"))


def test_photos_are_stored_with_thumbnails(dm):
    photos = Photo.objects.select_related("exemplar", "deed")
    assert photos.count() == sum(len(s.photos) for s in EXEMPLARS)
    total = 0
    for photo in photos:
        image, thumbnail = photo.image.name or "", photo.thumbnail.name or ""
        assert photo.mime_type == "image/jpeg" and (photo.width, photo.height) == (WIDTH, HEIGHT)
        assert image.startswith("exemplars/") and thumbnail.endswith(".thumb.jpg")
        assert photo.caption and photo.size == default_storage.size(image)
        assert default_storage.exists(image) and default_storage.exists(thumbnail)
        assert photo.deed is None or photo.deed.exemplar_id == photo.exemplar_id
        with default_storage.open(thumbnail) as f, Image.open(f) as thumb:
            assert max(thumb.size) <= 480
        total += default_storage.size(image) + default_storage.size(thumbnail)
    assert total < 3 * 1024 * 1024
    assert Path(dm["media"], "exemplars").is_dir()
    assert photos.filter(deed__isnull=False).exists()


def test_second_load_changes_nothing(dm):
    before = table()
    files = sorted(p.name for p in Path(dm["media"], "exemplars").iterdir())
    ctx = demo.load()
    assert table() == before
    assert sorted(p.name for p in Path(dm["media"], "exemplars").iterdir()) == files
    assert not ctx.created_anything
    assert ctx.total["exemplars"] == len(EXEMPLARS)


def test_search_finds_li_zhengfeng_by_initials_and_traditional_script(dm):
    li = exemplar("li-zhengfeng")
    assert li.pk in search.search(Exemplar, "lzf")
    assert li.pk in search.search(Exemplar, "lizhengfeng")
    # The deed is written 干部 (Simplified); a Traditional query finds it.
    deed = li.deeds.get(title="为敢闯敢试的干部撑腰")
    found = search.search(Deed, "幹部")
    assert deed.pk in found
    assert set(Deed.objects.filter(pk__in=found).values_list("exemplar__name", flat=True)) >= {
        "李正峰"
    }
    assert li.pk in search.search(Exemplar, "戰略眼光")  # a quality, in Traditional
    # Drafts are not found where only published rows count.
    returned = exemplar("hospital-cardiology")
    assert returned.pk not in search.search(Exemplar, "心血管")
