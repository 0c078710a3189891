"""Control characters in text: ``thai.normalize`` (the one place text is cleaned) reads each as a
space, so nothing keeps one and what stood on either side stays apart; ``exported_cells`` writes
the ones XML cannot hold as their visible pictures, so a workbook can be written with them."""
import tablib
from openpyxl import load_workbook

from marketplace.core.exported_cells import dataset, inert
from marketplace.core.thai import identity_key, normalize, normalize_multiline


def test_c0_c1_and_del_control_characters_become_one_space():
    assert normalize("Silk\x01scarf") == "Silk scarf"
    assert normalize("ผ้า\x01ไหม") == "ผ้า ไหม"
    assert normalize("a\x7fb\x9bc") == "a b c"
    assert normalize("\x00 12\x0b\x0c3 \x1f") == "12 3"


def test_tab_and_line_breaks_fold_into_one_line_and_stay_in_a_story():
    assert normalize("ผ้า\tไหม\r\nลำพูน") == "ผ้า ไหม ลำพูน"
    assert normalize_multiline("บรรทัดแรก\x01ต่อ\r\nบรรทัดสอง\rบรรทัดสาม\tจบ") == (
        "บรรทัดแรก ต่อ\nบรรทัดสอง\nบรรทัดสาม จบ")


def test_a_control_character_is_no_part_of_a_name_s_identity():
    assert identity_key("กลุ่มทอผ้า\x02บ้านดอนตาล") == identity_key("กลุ่มทอผ้า บ้านดอนตาล") == "กลุ่มทอผ้าบ้านดอนตาล"


def test_characters_xml_cannot_hold_are_written_as_their_pictures():
    assert inert("12\x0b3") == "12\u240b3"
    assert inert("a\x00b\x1fc\ufffe") == "a\u2400b\u241fc\ufffd"
    assert inert("line\nbreak\tand tab") == "line\nbreak\tand tab"
    assert inert("\x01=HYPERLINK(\"x\")") == "\u2401=HYPERLINK(\"x\")"  # no longer a formula start
    assert inert(5) == 5


def test_a_workbook_is_written_with_a_control_character_in_a_cell(tmp_path):
    # given a row whose text holds control characters a workbook cannot hold
    data: tablib.Dataset = dataset(("value",), [("Silk\x01scarf\x0b",)])
    # when it is exported as a workbook
    path = tmp_path / "out.xlsx"
    path.write_bytes(data.export("xlsx"))
    # then it is written, showing where they were
    assert load_workbook(path).active["A2"].value == "Silk\u2401scarf\u240b"
