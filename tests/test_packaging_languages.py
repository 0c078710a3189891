"""A product's packaging description in Thai and in English (``catalog.packaging_terms``): a
programme file's one packaging column lands in the field of the language it is written in, a
reader of the other language sees it through the programme's packaging vocabulary or else as
written, a producer can give both, and pages, the API and search read it in one place."""
import pytest
from django.test import Client
from oscar.core.loading import get_model

from catalog_import.importer import import_files
from catalog_import.testing import record, write_csv
from graphql_client import DETAILS, data, token_for
from marketplace.catalog.models import Packaging
from marketplace.graphql.core.ids import global_id
from marketplace.moderation import changes
from marketplace.search import service
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

Product = get_model("catalogue", "Product")


def imp(tmp_path, *records):
    return import_files([write_csv(tmp_path / "r.csv", records)])


def packaging_row(product, language):
    """The packaging row of the product page in ``language``, as the shopper reads it."""
    prefix = "/en" if language == "en" else ""
    response = Client().get(prefix + product.get_absolute_url().removeprefix("/en"))
    assert response.status_code == 200
    page = response.content.decode()
    section = page[page.index('id="product_packaging"'):]
    return section[:section.index("</table>")]


def api_packaging(product, language):
    found = data(DETAILS, {"slug": f"{product.slug}-{product.pk}", "channel": "th-thb", "lang": language.upper()})
    for assigned in found["product"]["assignedAttributes"]:
        if assigned["attribute"]["slug"] == "packaging":
            return assigned["text"], assigned["textTr"]
    return None


@pytest.mark.parametrize("written, field, stored, thai, english", [
    ("กล่องกระดาษคราฟท์", "description_th", "กล่องกระดาษคราฟท์", "กล่องกระดาษคราฟท์", "kraft paper box"),
    ("pine wood box", "description_en", "pine wood box", "กล่องไม้สน", "pine wood box"),
    ("  Kraft  paper BOX ", "description_en", "Kraft paper BOX", "กล่องกระดาษคราฟท์", "Kraft paper BOX"),
])
def test_a_file_s_packaging_is_read_in_both_languages_where_the_vocabulary_knows_it(tmp_path, written, field, stored,
                                                                                    thai, english):
    imp(tmp_path, record(packaging=written))
    product = Product.objects.get()
    packaging = Packaging.objects.get(product=product)
    assert getattr(packaging, field) == stored
    assert thai in packaging_row(product, "th")
    assert english in packaging_row(product, "en")
    assert stored not in (packaging_row(product, "en") if field == "description_th" else packaging_row(product, "th"))


def test_a_description_the_vocabulary_does_not_know_is_shown_as_written_in_both_languages(tmp_path):
    imp(tmp_path, record(packaging="ตะกร้าสานใบลาน"))
    product = Product.objects.get()
    assert "ตะกร้าสานใบลาน" in packaging_row(product, "th")
    assert "ตะกร้าสานใบลาน" in packaging_row(product, "en")


def test_the_api_packaging_attribute_answers_in_the_language_asked(tmp_path):
    imp(tmp_path, record(packaging="กล่องไม้สน"))
    product = Product.objects.get()
    assert api_packaging(product, "en")[1] == "pine wood box"
    assert api_packaging(product, "th")[1] == "กล่องไม้สน"


def test_search_finds_a_product_by_its_packaging_in_the_other_language(tmp_path):
    imp(tmp_path, record(packaging="กระบอกไม้ไผ่"),
        record(code="5103-2567-0002", name_th="ผ้าซิ่นตีนจก", name_en="Hand-woven sarong", packaging="ถุงผ้าฝ้าย"))
    service.sync()
    in_bamboo = Product.objects.get(profile__programme_code="5103-2567-0001")
    assert service.search("bamboo tube").product_ids == [in_bamboo.pk]


def test_a_producer_s_english_packaging_reaches_english_pages_once_approved(tmp_path):
    imp(tmp_path, record(packaging="ตะกร้าสานใบลาน"))
    product = Product.objects.get()
    member = UserFactory()
    product.profile.producer.partner.users.add(member)
    # when the producer gives the English it lacked and an officer approves it
    change = changes.submit(product, member, fields={"packaging_en": "Palm-leaf woven basket"})
    assert "Palm-leaf woven basket" not in packaging_row(product, "en")  # not before approval
    changes.approve(change, UserFactory(is_staff=True))
    # then English pages show it and Thai pages keep the Thai
    assert "Palm-leaf woven basket" in packaging_row(product, "en")
    assert "Palm-leaf woven basket" not in packaging_row(product, "th")
    assert "ตะกร้าสานใบลาน" in packaging_row(product, "th")


def test_a_re_import_keeps_the_producer_s_translation_while_the_description_stays(tmp_path):
    imp(tmp_path, record(packaging="ตะกร้าสานใบลาน", price="350"))
    product = Product.objects.get()
    Packaging.objects.filter(product=product).update(description_en="Palm-leaf woven basket")
    # a newer price, the same packaging: the translation still says what the description says
    imp(tmp_path, record(packaging="ตะกร้าสานใบลาน", price="380"))
    assert Packaging.objects.get(product=product).description_en == "Palm-leaf woven basket"
    # a new description: the old translation no longer says what it says
    imp(tmp_path, record(packaging="ตะกร้าสานไม้ไผ่", price="380"))
    packaging = Packaging.objects.get(product=product)
    assert (packaging.description_th, packaging.description_en) == ("ตะกร้าสานไม้ไผ่", "")
    assert "Palm-leaf woven basket" not in packaging_row(product, "en")


def test_a_file_that_drops_the_packaging_clears_both_languages(tmp_path):
    imp(tmp_path, record(packaging="pine wood box"))
    product = Product.objects.get()
    imp(tmp_path, record(packaging=""))
    packaging = Packaging.objects.get(product=product)
    assert (packaging.description_th, packaging.description_en) == ("", "")


TRANSLATE_PACKAGING = """mutation($id: ID!, $language: LanguageCodeEnum!, $packaging: String!) {
  productTranslate(id: $id, languageCode: $language, input: {packaging: $packaging}) {
    pendingChange { fields } errors { field code message } } }"""


def _translate_packaging(product, user, language, packaging):
    return data(TRANSLATE_PACKAGING, {"id": global_id("Product", product.pk), "language": language,
                                      "packaging": packaging}, token=token_for(user))["productTranslate"]


def _member_of(product):
    member = UserFactory()
    product.profile.producer.partner.users.add(member)
    return member


def test_a_producer_gives_the_english_packaging_through_the_api_and_it_waits_for_an_officer(tmp_path):
    # given a product whose file gave its packaging in Thai words the vocabulary does not know
    imp(tmp_path, record(packaging="ตะกร้าสานใบลาน"))
    product = Product.objects.get()

    # when its producer gives the English through productTranslate
    answer = _translate_packaging(product, _member_of(product), "EN", "  Palm-leaf   woven basket ")

    # then it waits for moderation: English readers still see the Thai as written
    assert answer == {"pendingChange": {"fields": ["packaging_en"]}, "errors": []}
    assert api_packaging(product, "en")[1] == "ตะกร้าสานใบลาน"
    # and once an officer approves it, English readers (API and pages) have it; Thai ones keep the Thai
    changes.approve(changes.pending_for(product), UserFactory(is_staff=True))
    assert api_packaging(product, "en")[1] == "Palm-leaf woven basket"
    assert "Palm-leaf woven basket" in packaging_row(product, "en")
    assert api_packaging(product, "th")[1] == "ตะกร้าสานใบลาน"


def test_the_thai_packaging_through_productTranslate_th_is_the_thai_field(tmp_path):
    imp(tmp_path, record(packaging="pine wood box"))
    product = Product.objects.get()

    answer = _translate_packaging(product, _member_of(product), "TH", "กล่องไม้สนแกะลาย")
    changes.approve(changes.pending_for(product), UserFactory(is_staff=True))

    assert answer["pendingChange"] == {"fields": ["packaging"]}
    assert api_packaging(product, "th")[1] == "กล่องไม้สนแกะลาย"
    assert api_packaging(product, "en")[1] == "pine wood box"


@pytest.mark.parametrize("packaging, says", [("x" * 256, "256"), ("paper\u202ebox", "")])
def test_an_unusable_packaging_is_refused_under_its_own_argument_and_nothing_waits(tmp_path, packaging, says):
    imp(tmp_path, record(packaging="ตะกร้าสานใบลาน"))
    product = Product.objects.get()

    answer = _translate_packaging(product, _member_of(product), "EN", packaging)

    assert answer["pendingChange"] is None
    [error] = answer["errors"]
    assert (error["field"], error["code"]) == ("packaging", "INVALID") and says in error["message"]
    assert changes.pending_for(product) is None
