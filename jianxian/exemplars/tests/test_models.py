"""The tables hold their own integrity: bad rows written past the actions are refused by
the database; the seeded vocabulary; derived name columns; the workflow table's shape."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from jianxian.core.tests.factories import make_person, make_tree, make_unit
from jianxian.exemplars.actions._common import exemplar_name_fields
from jianxian.exemplars.models import (
    TRANSITIONS,
    Deed,
    Exemplar,
    ExemplarField,
    Honour,
    Level,
    Photo,
    Quality,
    Source,
)
from jianxian.exemplars.tests.factories import make_exemplar

pytestmark = pytest.mark.django_db

SEEDED = {
    "担当精神": "Sense of responsibility",
    "战略眼光": "Strategic vision",
    "务实作风": "Down-to-earth style of work",
    "秉公执法": "Impartial enforcement of the law",
    "无私奉献": "Selfless dedication",
    "工匠精神": "Spirit of craftsmanship",
    "创新精神": "Spirit of innovation",
    "为民情怀": "Devotion to the people",
    "敬业奉献": "Dedication to one's work",
    "团结协作": "Unity and teamwork",
}


def refused(**fields) -> None:
    """Writing this exemplar row directly must fail in the database."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Exemplar.objects.create(**fields)


@pytest.fixture
def unit():
    return make_unit("幸福社区", "community")


def base(unit, **overrides):
    fields = {
        "kind": "person",
        "owner_unit": unit,
        "external_name": "赵晓颖",
        "name": "赵晓颖",
        "field": "media",
        "level": "city",
    }
    return fields | overrides


def test_a_valid_row_passes(unit):
    Exemplar.objects.create(**base(unit))
    assert Exemplar.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": ""},
        {"kind": "hero"},
        {"field": "sports"},
        {"level": "galaxy"},
        {"status": "deleted"},
    ],
    ids=["no-name", "unknown-kind", "unknown-field", "unknown-level", "unknown-status"],
)
def test_unknown_choices_and_empty_names_are_refused(unit, overrides):
    refused(**base(unit, **overrides))


def test_person_kind_needs_a_person_or_an_outside_name(unit):
    person = make_person("李正峰", unit)
    refused(**base(unit, external_name=""))  # neither
    refused(**base(unit, person=person))  # both
    refused(**base(unit, subject_unit=unit))  # a unit on a person
    Exemplar.objects.create(**base(unit, external_name="", person=person))


@pytest.mark.parametrize("kind", ["collective", "unit"])
def test_collective_and_unit_kinds_need_a_unit_or_an_outside_name(unit, kind):
    person = make_person("李正峰", unit)
    refused(**base(unit, kind=kind, external_name=""))
    refused(**base(unit, kind=kind, subject_unit=unit))  # both
    refused(**base(unit, kind=kind, external_name="", subject_unit=unit, person=person))
    Exemplar.objects.create(**base(unit, kind=kind, external_name="", subject_unit=unit))
    Exemplar.objects.create(**base(unit, kind=kind, external_name="南方某市审批局"))


def test_practice_kind_has_no_person_and_one_origin_at_most(unit):
    person = make_person("李正峰", unit)
    refused(**base(unit, kind="practice", external_name="", person=person))
    refused(**base(unit, kind="practice", subject_unit=unit))  # unit and outside name
    Exemplar.objects.create(**base(unit, kind="practice", external_name=""))
    Exemplar.objects.create(**base(unit, kind="practice", external_name="", subject_unit=unit))
    Exemplar.objects.create(**base(unit, kind="practice", external_name="南方某市"))


def test_use_needs_recorded_consent_and_public_needs_public_use(unit):
    refused(**base(unit, public_use=True))
    refused(**base(unit, school_use=True))
    refused(**base(unit, is_public=True))
    now = timezone.now()
    refused(**base(unit, school_use=True, consent_recorded_at=now, is_public=True))
    Exemplar.objects.create(**base(unit, public_use=True, consent_recorded_at=now, is_public=True))


def test_workflow_stamps_are_required(unit):
    refused(**base(unit, status="published"))
    refused(**base(unit, status="archived"))
    refused(**base(unit, status="under_review"))
    now = timezone.now()
    Exemplar.objects.create(**base(unit, status="under_review", submitted_at=now))
    Exemplar.objects.create(**base(unit, status="published", published_at=now))


def test_honour_year_range_and_level(unit):
    exemplar = Exemplar.objects.create(**base(unit))
    for bad in ({"year": 1948}, {"year": 2101}, {"level": "galaxy"}, {"title": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Honour.objects.create(
                exemplar=exemplar, **({"title": "劳动模范", "level": "city", "year": 2020} | bad)
            )
    Honour.objects.create(exemplar=exemplar, title="全国劳动模范", level="nation", year=1949)


def test_source_links_are_web_addresses_only(unit):
    exemplar = Exemplar.objects.create(**base(unit))
    for url in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "ftp://x"):
        with pytest.raises(IntegrityError), transaction.atomic():
            Source.objects.create(exemplar=exemplar, title="报道", url=url)
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(exemplar=exemplar, title="", url="https://example.org/")
    Source.objects.create(exemplar=exemplar, title="清州日报", url="https://example.org/a")
    Source.objects.create(exemplar=exemplar, title="清州日报（纸质版）", url="")


def test_deed_needs_a_title(unit):
    exemplar = Exemplar.objects.create(**base(unit))
    with pytest.raises(IntegrityError), transaction.atomic():
        Deed.objects.create(exemplar=exemplar, title="")


def test_photo_constraints(unit):
    exemplar = Exemplar.objects.create(**base(unit))
    good = {
        "exemplar": exemplar,
        "image": "exemplars/a.png",
        "thumbnail": "exemplars/a.thumb.png",
        "mime_type": "image/png",
        "width": 10,
        "height": 10,
        "size": 100,
        "sha256": "a" * 64,
    }
    for bad in ({"width": 0}, {"size": 0}, {"image": "../../etc/passwd"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Photo.objects.create(**(good | bad))
    Photo.objects.create(**good)
    with pytest.raises(IntegrityError), transaction.atomic():
        Photo.objects.create(**(good | {"image": "exemplars/b.png"}))  # same content again


def test_the_person_behind_an_exemplar_cannot_be_deleted(unit):
    person = make_person("李正峰", unit)
    Exemplar.objects.create(**base(unit, external_name="", person=person))
    with pytest.raises(IntegrityError), transaction.atomic():
        Person = type(person)
        Person.objects.filter(pk=person.pk).delete()


def test_qualities_are_seeded_with_english_names():
    seeded = {q.name: q.name_en for q in Quality.objects.all()}
    assert seeded == SEEDED
    assert list(Quality.objects.values_list("name", flat=True))[:3] == [
        "担当精神",
        "战略眼光",
        "务实作风",
    ]
    quality = Quality.objects.get(code="craftsmanship")
    with override("en"):
        assert quality.label == "Spirit of craftsmanship"
    with override("zh-hans"):
        assert quality.label == "工匠精神"
    with pytest.raises(IntegrityError), transaction.atomic():
        Quality.objects.create(code="other", name="工匠精神")


def test_name_fields_read_surnames_only_for_people():
    assert exemplar_name_fields("单晓光", "person") == {
        "name_pinyin": "shan xiao guang",
        "pinyin_compact": "shanxiaoguang",
        "name_initials": "sxg",
    }
    # 单位 as a unit's name is dan wei, not shan wei; punctuation is skipped.
    assert exemplar_name_fields("单位·最多跑一次", "practice")["name_pinyin"] == (
        "dan wei zui duo pao yi ci"
    )
    assert exemplar_name_fields("清州钢铁 A2 班组", "collective")["name_initials"] == "qzgta2bz"
    assert exemplar_name_fields("趙曉穎", "person")["pinyin_compact"] == "zhaoxiaoying"


def test_created_exemplar_carries_its_pinyin():
    tree = make_tree()
    exemplar = make_exemplar(tree.community, "曾国华")
    assert (exemplar.name_pinyin, exemplar.name_initials) == ("zeng guo hua", "zgh")
    assert exemplar.status == Exemplar.Status.DRAFT and exemplar.version == 1
    assert str(exemplar) == "曾国华"


def test_transition_table_names_only_known_statuses_and_unique_verbs():
    statuses = set(Exemplar.Status.values)
    verbs = []
    for source, targets in TRANSITIONS.items():
        assert source in statuses
        for target, transition in targets.items():
            assert target in statuses and target != source
            assert transition.roles
            verbs.append(transition.verb)
    assert len(verbs) == len(set(verbs)) == 5


def test_choices_cover_the_issue():
    assert set(ExemplarField.values) == {
        "governance",
        "integrity",
        "enterprise",
        "community",
        "education",
        "medicine",
        "craftsmanship",
        "volunteering",
        "media",
    }
    assert Level.values == ["unit", "district", "city", "province", "nation"]
    assert Exemplar.Kind.values == ["person", "collective", "unit", "practice"]


def test_deeds_are_ordered_as_a_timeline(unit):
    exemplar = Exemplar.objects.create(**base(unit))
    later = Deed.objects.create(exemplar=exemplar, title="后", date=datetime.date(2020, 5, 1))
    earlier = Deed.objects.create(exemplar=exemplar, title="前", date=datetime.date(2019, 1, 1))
    assert list(exemplar.deeds.all()) == [earlier, later]
