"""What a visitor types into search, at its worst: full-width Latin from a wide-mode keyboard and
one-letter words that spelling must not "correct" into whatever else is one letter long."""
import pytest

from marketplace.core import thai
from marketplace.search import service, spelling
from marketplace.testing.factories import ProducerFactory, certified_product, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    lampang = ProducerFactory(province=province("TH-52"))
    return [
        certified_product(name_th="ผ้าไหมมัดหมี่ ลายโบราณ", name_en="Silk scarf", category="textiles",
                          producer=lampang, stars=5, price="120.00"),
        certified_product(name_th="ชามตราไก่ เขียนลายมือ", name_en="Rooster bowl 0", category="household",
                          producer=lampang, stars=3, price="250.00"),
    ]


def codes(result):
    return result.codes


def test_full_width_latin_and_digits_are_the_ascii_ones_and_sara_am_stays_whole():
    # given text typed in a keyboard's wide mode, next to Thai with SARA AM
    typed = "ＳＩＬＫ　ｓｃａｒｆ １２０ ทำ"
    # when / then
    assert thai.normalize(typed) == "SILK scarf 120 ทำ"
    assert thai.normalize_number_text("１２０") == "120"
    assert thai.identity_key("ＯＴＯＰ") == thai.identity_key("otop")


@pytest.mark.parametrize("typed", ["ＳＩＬＫ", "ｓｉｌｋ", "Ｓｉｌｋ ｓｃａｒｆ"])
def test_a_full_width_query_finds_what_the_ascii_one_does(catalogue, typed):
    ascii_result = service.search(_ascii(typed))
    assert codes(service.search(typed)) == codes(ascii_result)
    assert codes(ascii_result)[0] == catalogue[0].profile.programme_code


def _ascii(text):
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)


def test_a_full_width_query_on_the_search_page(client, catalogue):
    html = client.get("/en/search/", {"q": "ＳＩＬＫ"}).content.decode()
    assert f'data-code="{catalogue[0].profile.programme_code}"' in html


def test_a_one_letter_word_is_never_corrected_into_another_letter_or_digit(catalogue):
    # every other single character is one edit away: none is likelier meant
    assert spelling.best_correction("a", ["0", "b", "ab"]) is None
    assert spelling.best_correction("ไ", ["ก", "ไก่"]) is None
    # two letters and more are still corrected as before
    assert spelling.best_correction("bwol", ["bowl"]) == "bowl"


def test_one_letter_words_do_not_turn_into_a_search_for_a_digit(catalogue):
    # given "a & b": "a" is a stop word, "b" no indexed term; "0" is (Rooster bowl 0)
    result = service.search("a & b")
    # then nothing is suggested, and the product named "0" is not the answer
    assert result.did_you_mean is None
    assert catalogue[1].profile.programme_code not in codes(result)
