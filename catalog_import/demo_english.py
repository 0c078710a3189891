"""English for the demo catalog: the programme files in ``demo/`` carry English names and stories
for some products only, and none for producers, so ``demo_translations/english.csv`` gives the
rest (written for the demo: each producer's name in English, each product's English name and a
story told from the record's facts). Applied by ``load_demo_catalog`` after the import, only
where the record has no English of its own, so a programme file's English always wins.

The files give no producer a story in Thai either: Thai pages showed every demo producer's English
one. ``thai_producer_stories`` tells the same facts in Thai (``thai_producer_story``), also only
where a producer has none of its own."""
import csv
from pathlib import Path

from marketplace.catalog.models import ProductProfile
from marketplace.producers.models import Producer

ENGLISH_FILE = Path(__file__).resolve().parent / "demo_translations" / "english.csv"


def _rows(path):
    with open(path, newline="", encoding="utf-8") as source:
        return list(csv.DictReader(source))


def _fill(obj, name_en, story_en):
    changed = []
    if name_en and not obj.name_en:
        obj.name_en = name_en
        changed.append("name_en")
    if story_en and not obj.story_en:
        obj.story_en = story_en
        changed.append("story_en")
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


def apply_english(path=ENGLISH_FILE):
    """Fill blank English names and stories of demo producers and products; returns how many changed."""
    rows = _rows(path)
    producers = {row["key"]: row for row in rows if row["kind"] == "producer"}
    products = {row["key"]: row for row in rows if row["kind"] == "product"}
    changed = 0
    for producer in Producer.objects.filter(name_th__in=producers):
        row = producers[producer.name_th]
        changed += _fill(producer, row["name_en"], row["story_en"])
    for profile in ProductProfile.objects.filter(programme_code__in=products):
        row = products[profile.programme_code]
        changed += _fill(profile, row["name_en"], row["story_en"])
    return changed


def thai_producer_story(producer) -> str:
    """A demo producer's story in Thai from its facts: what it is, where, and what it makes."""
    kind = {"community_enterprise": "วิสาหกิจชุมชน", "single_owner": "ผู้ผลิตชุมชนประเภทเจ้าของคนเดียว",
            "sme": "ผู้ประกอบการ SME"}.get(producer.producer_type, "ผู้ผลิตชุมชน")
    story = f"{producer.name_th} เป็น{kind}ในจังหวัด{producer.province.name_th}"
    if producer.founding_year:
        story += f" ก่อตั้งเมื่อปี {producer.founding_year + 543}"
    if producer.members:
        story += f" มีสมาชิก {producer.members:,} คน"
    made = sorted({name for name in producer.products.values_list("name_th", flat=True) if name})
    if made:
        story += f" ผลิตภัณฑ์ของกลุ่ม: {', '.join(made)}"
    return story


def thai_producer_stories():
    """Give the demo producers without a Thai story ``thai_producer_story``; returns how many changed."""
    producers = Producer.objects.filter(story_th="").exclude(name_th="").select_related("province")
    changed = 0
    for producer in producers:
        producer.story_th = thai_producer_story(producer)
        producer.save(update_fields=["story_th"])
        changed += 1
    return changed
