"""Numbers as people type and read them."""
import pytest

from tui import format as fmt


@pytest.mark.parametrize("text, value", [
    ("0.5", 0.5), (" -2.5 ", -2.5), ("1e3", 1000.0), ("0,25", 0.25), ("−3", -3.0),
    ("０．５", 0.5), ("＋１２", 12.0),  # full-width, as a Japanese input method types them
])
def test_parse_number_accepts_what_people_type(text, value):
    assert fmt.parse_number(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1x", "nan", "inf", "-Infinity", "1,000,000", "1.2.3",
                                  "1_0", "1e309"])
def test_parse_number_refuses_what_is_not_a_finite_number(text):
    with pytest.raises(ValueError):
        fmt.parse_number(text)


def test_numbers_are_shown_readably():
    assert fmt.short(0.31682708) == "0.3168"
    assert fmt.short(1.5e-7) == "1.50e-07"
    assert fmt.number(float("nan")) == "nan" and fmt.number(float("-inf")) == "-inf"
    assert fmt.compact(1.0) == "1.0" and fmt.compact(0.75026011) == "0.7503"
    assert fmt.subscript(13) == "₁₃"
    assert fmt.shape_line(2, 3) == "(1×2)·(2×3) + (3) → (3)"
    assert fmt.shape_line(2, 3, tight=True) == "(1×2)·(2×3)+(3)→(3)"


def test_negative_zero_is_written_as_zero():
    # −η·0 and a ReLU's 0 · negative weight are −0.0 in float64; "-0.00000000" reads as a value.
    assert fmt.number(-0.0) == "0.00000000"
    assert fmt.short(-0.0) == "0.0000"
    assert fmt.vector([-0.0, 0.5]) == "[0.00000000, 0.50000000]"


@pytest.mark.parametrize("name, shown", [
    ("a\nb\tc.json", "a\\nb\\tc.json"),  # a file name may hold any byte but / and NUL
    ("red\x1b[31m.json", "red\\x1b[31m.json"),  # no escape sequence reaches the terminal
    ("net\u202enosj.npz", "net\\u202enosj.npz"),  # a right-to-left override cannot reverse it
    ("line\u2028break", "line\\u2028break"),
    ("bad\udcff.json", "bad\\xff.json"),  # a byte that is not UTF-8 (surrogateescape)
    ("\U000e0001.json", "\\U000e0001.json"),  # beyond U+FFFF (language tag): eight digits
    ("🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f.json",
     "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f.json"),  # a tagged flag
    ("データ 1.json", "データ 1.json"),  # letters, spaces and Japanese as they are
    ("👩\u200d💻.json", "👩\u200d💻.json"),  # a joined emoji keeps its joiner
])
def test_a_file_name_is_shown_on_one_line_as_it_reads(name, shown):
    assert fmt.shown_name(name) == shown
    assert fmt.shown_name(shown) == shown  # all of it printable now: shown again, unchanged
