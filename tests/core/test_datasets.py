"""The datasets: counts, ranges, balance and noise as the playground's
src/dataset.ts defines them, the book's gates, CSV points and features."""
import math
import warnings

import numpy as np
import pytest

from core import datasets
from core.errors import ActlabError, InputError, UnknownNameError
from core.files import FileFormatError

PLAYGROUND_TWO_CLASS = ("circle", "xor", "gauss", "spiral")
SEEDS = range(8)


def by_position(data: datasets.Dataset):
    """Points and labels in a fixed order (sorted by x1, x2), to compare two
    draws whatever their shuffle."""
    order = np.lexsort((data.x[:, 1], data.x[:, 0]))
    return data.x[order], data.label[order]


# --- counts, split, reproducibility ---------------------------------------------

@pytest.mark.parametrize("name, count", [("circle", 500), ("xor", 500), ("gauss", 500),
                                         ("spiral", 500), ("spiral3", 500), ("gauss3", 500),
                                         ("plane", 1200), ("multi-gauss", 1200)])
def test_each_set_has_the_playgrounds_number_of_points(name, count):
    data = datasets.make(name, seed=3)
    assert data.x.shape == (count, 2) and data.label.shape == (count,)
    assert data.x.dtype == np.float64 and np.all(np.isfinite(data.x))


@pytest.mark.parametrize("share, trained", [(10, 50), (33, 165), (50, 250), (90, 450),
                                            (12.5, 62)])
def test_the_first_floor_of_the_share_of_the_shuffled_points_train(share, trained):
    data = datasets.make("circle", train_share=share, seed=1)
    assert data.train.sum() == trained and data.test.sum() == 500 - trained
    assert not np.any(data.train & data.test)


@pytest.mark.parametrize("share", [9.99, 90.5, float("nan"), "half"])
def test_a_share_outside_10_to_90_percent_is_refused(share):
    with pytest.raises(InputError, match="train share"):
        datasets.make("circle", train_share=share)


@pytest.mark.parametrize("noise", [-1, 50.01, float("inf")])
def test_noise_outside_0_to_50_percent_is_refused(noise):
    with pytest.raises(InputError, match="noise"):
        datasets.make("xor", noise=noise)


def test_an_unknown_name_lists_the_choices():
    with pytest.raises(UnknownNameError, match="circle, xor"):
        datasets.make("moons")


@pytest.mark.parametrize("name", datasets.DATASETS)
def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(name):
    one, again = datasets.make(name, noise=25, seed=7), datasets.make(name, noise=25, seed=7)
    assert np.array_equal(one.x, again.x) and np.array_equal(one.label, again.label)
    assert np.array_equal(one.train, again.train)
    if not name.startswith("gate-"):
        assert not np.array_equal(one.x, datasets.make(name, noise=25, seed=8).x)


def test_the_points_are_shuffled_before_the_split():
    # Drawn in order (all positives first), the train half would be one class.
    data = datasets.make("circle", seed=0)
    positives = int((data.label[data.train] == 1).sum())
    assert 90 < positives < 160  # binomial(250, 1/2): 6.3 standard deviations each side


# --- circle and xor: noise only relabels ----------------------------------------

def test_circle_without_noise_is_a_disc_inside_a_ring_exactly_balanced():
    for seed in SEEDS:
        data = datasets.make("circle", seed=seed)
        r = np.hypot(data.x[:, 0], data.x[:, 1])
        inside = data.label == 1
        assert inside.sum() == 250
        assert r[inside].max() < 2.5 and r[~inside].min() >= 3.5 and r.max() <= 5.0


def test_circle_noise_moves_no_point_and_flips_labels_near_the_border():
    clean = by_position(datasets.make("circle", noise=0, seed=2))
    flipped = []
    for noise in (10, 30, 50):
        x, label = by_position(datasets.make("circle", noise=noise, seed=2))
        assert np.array_equal(x, clean[0])
        flipped.append(np.mean(label != clean[1]))
        # The label is the one the noisy copy of the point gets: a point
        # can flip only if noise (up to 5·noise in each axis) reaches r = 2.5.
        r = np.hypot(x[:, 0], x[:, 1])
        reach = 5 * noise / 100 * math.sqrt(2)
        assert np.all((label == clean[1]) | (np.abs(r - 2.5) <= reach))
    assert 0 < flipped[0] < flipped[1] < flipped[2]


def test_xor_points_keep_a_gap_along_the_axes_and_label_by_quadrant():
    data = datasets.make("xor", seed=4)
    assert np.all(np.abs(data.x) >= 0.3) and np.all(np.abs(data.x) <= 5.3)
    expected = np.where(data.x[:, 0] * data.x[:, 1] >= 0, 1, -1)
    assert np.array_equal(data.label, expected)
    assert 200 < (data.label == 1).sum() < 300  # balanced up to 4.5 standard deviations


def test_xor_noise_moves_no_point_and_flips_labels():
    clean = by_position(datasets.make("xor", seed=5))
    x, label = by_position(datasets.make("xor", noise=50, seed=5))
    assert np.array_equal(x, clean[0])
    assert np.mean(label != clean[1]) > 0.05


# --- gauss and spiral: noise moves points, labels stay -----------------------------

def _pooled_variance(noise: float) -> list[float]:
    """Per class and axis, the variance about the class's own mean, pooled over seeds."""
    values = {1: [], -1: []}
    for seed in SEEDS:
        data = datasets.make("gauss", noise=noise, seed=seed)
        for label in values:
            x = data.x[data.label == label]
            values[label].append(x - x.mean(axis=0))
    return [float(np.concatenate(v)[:, axis].var()) for v in values.values() for axis in (0, 1)]


@pytest.mark.parametrize("noise, variance", [(0, 0.5), (25, 2.25), (50, 4.0)])
def test_gauss_noise_widens_the_variance_from_half_to_four(noise, variance):
    # 2000 samples per class and axis: the variance's standard error is
    # variance·√(2/2000) ≈ 3.2 %; 4 standard errors allowed.
    for estimate in _pooled_variance(noise):
        assert estimate == pytest.approx(variance, rel=4 * math.sqrt(2 / 2000))


def test_gauss_has_250_of_each_label_around_plus_and_minus_two():
    data = datasets.make("gauss", seed=9)
    for label, centre in ((1, 2.0), (-1, -2.0)):
        x = data.x[data.label == label]
        assert len(x) == 250
        # The mean of 250 normal values of variance 0.5: standard error 0.045.
        assert np.allclose(x.mean(axis=0), centre, atol=4 * math.sqrt(0.5 / 250))


def test_spiral_without_noise_lies_on_its_two_arms():
    data = datasets.make("spiral", seed=1)
    for label, turn in ((1, 0.0), (-1, math.pi)):
        x = data.x[data.label == label]
        i = np.arange(250)
        r, theta = i / 250 * 5, 1.75 * i / 250 * 2 * math.pi + turn
        arm = np.column_stack([r * np.sin(theta), r * np.cos(theta)])
        assert np.allclose(by_position_of(x), by_position_of(arm), atol=1e-12)


def by_position_of(x):
    return x[np.lexsort((x[:, 1], x[:, 0]))]


@pytest.mark.parametrize("name", ["spiral", "spiral3"])
def test_spiral_noise_moves_each_point_at_most_noise_per_axis_and_keeps_labels(name):
    clean = datasets.make(name, noise=0, seed=6)
    noisy = datasets.make(name, noise=40, seed=6)  # the same draws, the same shuffle
    assert np.array_equal(noisy.label, clean.label)
    shift = np.abs(noisy.x - clean.x)
    assert shift.max() <= 0.4 and shift.max() > 0.3  # uniform on [-0.4, 0.4]


# --- more classes -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["spiral3", "gauss3"])
def test_three_class_sets_label_0_1_2_in_near_thirds(name):
    data = datasets.make(name, seed=0)
    assert data.kind == datasets.CLASSES and data.n_classes == 3
    assert np.bincount(data.label.astype(int)).tolist() == [167, 167, 166]


def test_gauss3_clouds_sit_a_third_of_a_turn_apart():
    data = datasets.make("gauss3", seed=2)
    means = [data.x[data.label == k].mean(axis=0) for k in range(3)]
    expected = [(0, 3), (-3 * math.sqrt(3) / 2, -1.5), (3 * math.sqrt(3) / 2, -1.5)]
    for mean, centre in zip(means, expected):
        assert np.allclose(mean, centre, atol=4 * math.sqrt(0.5 / 166))


# --- regression ---------------------------------------------------------------------

def test_plane_without_noise_is_x1_plus_x2_over_10_on_the_square():
    data = datasets.make("plane", seed=3)
    assert data.kind == datasets.REGRESSION
    assert np.all(np.abs(data.x) <= 6)
    assert np.allclose(data.label, (data.x[:, 0] + data.x[:, 1]) / 10, rtol=0, atol=1e-15)


def test_plane_noise_moves_no_point_and_changes_labels():
    clean, noisy = datasets.make("plane", seed=3), datasets.make("plane", noise=30, seed=3)
    assert np.array_equal(clean.x, noisy.x)
    # Each label is (x1 + noise1 + x2 + noise2)/10 with noise ≤ 6·0.3 per axis.
    assert np.abs(noisy.label - clean.label).max() <= 2 * 6 * 0.3 / 10
    assert not np.allclose(noisy.label, clean.label)


def _multi_gauss_by_hand(x1: float, x2: float) -> float:
    """The playground's getLabel written as its loop: the bump largest in size wins."""
    bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1),
             (4, -2.5, -1)]
    label = 0.0
    for cx, cy, sign in bumps:
        new = sign * min(1.0, max(0.0, 1 - math.hypot(x1 - cx, x2 - cy) / 2))
        if abs(new) > abs(label):
            label = new
    return label


def test_multi_gauss_labels_are_the_largest_bump_as_the_playgrounds_loop():
    data = datasets.make("multi-gauss", seed=11)
    expected = [_multi_gauss_by_hand(x1, x2) for x1, x2 in data.x]
    assert np.allclose(data.label, expected, rtol=0, atol=1e-15)
    assert data.label.min() >= -1 and data.label.max() <= 1
    assert np.mean(data.label == 0) > 0.3  # most of the plane is between the bumps


# --- the book's gates ----------------------------------------------------------------

@pytest.mark.parametrize("name, rule", [("gate-and", lambda a, b: a and b),
                                        ("gate-or", lambda a, b: a or b),
                                        ("gate-nand", lambda a, b: not (a and b)),
                                        ("gate-xor", lambda a, b: a != b)])
def test_gates_are_the_books_truth_tables_and_train_and_test_on_all_four(name, rule):
    data = datasets.make(name)
    assert [int(v) for v in data.label] == [int(rule(bool(a), bool(b))) for a, b in data.x]
    assert sorted(map(tuple, data.x.tolist())) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert data.train.all() and data.test.all()


# --- a learner's CSV points ---------------------------------------------------------------

def test_csv_reads_points_skips_a_header_comments_and_blank_lines(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n# mine\n1, 2, 1\n\n-3,4.5,-1\n0,0,1\n-1,-1,-1\n")
    data = datasets.load_csv(path, train_share=50, seed=0)
    assert data.kind == datasets.TWO_CLASS and data.train.sum() == 2
    assert sorted(zip(data.x[:, 0].tolist(), data.x[:, 1].tolist(), data.label.tolist())) == \
        [(-3.0, 4.5, -1.0), (-1.0, -1.0, -1.0), (0.0, 0.0, 1.0), (1.0, 2.0, 1.0)]


@pytest.mark.parametrize("labels, kind, classes", [("0 1 2 1", datasets.CLASSES, 3),
                                                   ("0 1 1 0", datasets.CLASSES, 2),
                                                   ("0.5 -0.2 1 0", datasets.REGRESSION, 0)])
def test_csv_labels_decide_classes_or_regression(labels, kind, classes):
    text = "".join(f"{i},{i},{label}\n" for i, label in enumerate(labels.split()))
    x, label = datasets.parse_csv(text)
    data = datasets.from_points(x, label)
    assert (data.kind, data.n_classes) == (kind, classes)


@pytest.mark.parametrize("text, message", [
    ("1,2,1\n3,4\n", "line 2: a row holds x1, x2, label (3 values), not 2"),
    ("1,2,1\n3,four,1\n", "line 2: x2 is 'four', not a number"),
    ("1,2,1\n3,4,1\nnan,1,1\n", "line 3: x1 is nan; points must be finite"),
    ("1,2,1\n", "has 1 point; training needs at least 2"),
    ("0,0,0\n1,1,11\n", "labels up to 11, i.e. more than 10 classes"),
])
def test_a_bad_csv_row_gets_one_line_naming_it(text, message):
    with pytest.raises(InputError) as caught:
        datasets.parse_csv(text, "p.csv") if "classes" not in message else \
            datasets.from_points(*datasets.parse_csv(text, "p.csv"), source="p.csv")
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_a_csv_file_too_large_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.csv"
    with open(path, "wb") as stream:
        stream.truncate(datasets.MAX_CSV_BYTES + 1)
    with pytest.raises(FileFormatError, match="MiB"):
        datasets.load_csv(path)


def test_a_csv_of_too_many_points_is_refused(monkeypatch):
    monkeypatch.setattr(datasets, "MAX_CSV_POINTS", 3)
    with pytest.raises(InputError, match="more than 3 points"):
        datasets.parse_csv("0,0,1\n1,1,1\n2,2,-1\n3,3,-1\n")


# --- features ---------------------------------------------------------------------------

def test_features_are_the_playgrounds_seven_in_the_order_chosen():
    x = np.array([[0.5, -2.0], [3.0, 1.0]])
    names = ["x2", "x1", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"]
    expected = [[x2, x1, x1 * x1, x2 * x2, x1 * x2, math.sin(x1), math.sin(x2)]
                for x1, x2 in x.tolist()]
    assert np.array_equal(datasets.features(x, names), np.array(expected))


@pytest.mark.parametrize("names, message", [([], "at least one"), (["x3"], "unknown feature"),
                                            (["x1", "x1"], "chosen twice")])
def test_bad_feature_lists_are_refused(names, message):
    with pytest.raises(ActlabError, match=message):
        datasets.features(np.zeros((1, 2)), names)


def test_the_json_form_is_points_labels_and_split():
    form = datasets.make("gate-xor").as_dict()
    assert form == {"x": [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "label": [0, 1, 1, 0],
                    "train": [True] * 4}


def test_a_feature_that_overflows_is_refused_quietly_naming_the_feature_and_the_line(tmp_path):
    # 1e300 is a finite point, but x1² = 1e600 is not a float64.
    path = tmp_path / "far.csv"
    path.write_text("x1,x2,label\n1,2,1\n1e300,1e300,0\n3,4,0\n")
    data = datasets.load_csv(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isfinite(datasets.features(data.x, ("x1", "x2"))).all()
        with pytest.raises(InputError) as refused:
            datasets.features(data.x, ("x1", "x1sq"), data.line, data.source)
    assert str(refused.value) == \
        f"{path} line 3: the feature x1² is inf (too large for a float64); scale the points down"
    # Points without a file are counted from 1 in their own order.
    with pytest.raises(InputError, match="^point 2: the feature x1·x2 is -inf"):
        datasets.features([[1, 1], [1e200, -1e200]], ("x1x2",))
