"""The book's optimisers, the playground's regularisation and initialiser:
each checked against its formula on steps worked out by hand, and against
the book's stateful classes (common/optimizer.py) written out again here."""
import math

import numpy as np
import pytest

from core import train
from core.errors import ActlabError

THETA = np.array([1.0, -2.0])
GRAD = np.array([0.5, 0.25])


def two_steps(name: str, **changes):
    opt = train.optimizer(name)
    if changes:
        opt = train.Optimizer(**{**opt.__dict__, **changes})
    state = train.initial_state(opt, 2)
    theta1, state = train.update(opt, THETA, GRAD, state)
    theta2, state = train.update(opt, theta1, GRAD, state)
    return theta1, theta2, state


def test_the_books_defaults():
    assert train.optimizer("sgd").lr == 0.01
    assert train.optimizer("momentum").momentum == 0.9
    assert train.optimizer("rmsprop").decay_rate == 0.99
    adam = train.optimizer("adam")
    assert (adam.lr, adam.beta1, adam.beta2) == (0.001, 0.9, 0.999)
    assert train.optimizer("adam", lr=0.03).lr == 0.03


def test_sgd_steps_by_minus_lr_times_the_gradient():
    theta1, theta2, state = two_steps("sgd")
    assert theta1.tolist() == pytest.approx([0.995, -2.0025], abs=1e-15)
    assert theta2.tolist() == pytest.approx([0.990, -2.0050], abs=1e-15)
    assert state.t == 2


def test_momentum_keeps_a_velocity():
    # v1 = −0.01·g = (−0.005, −0.0025); v2 = 0.9·v1 − 0.01·g = (−0.0095, −0.00475).
    theta1, theta2, state = two_steps("momentum")
    assert theta1.tolist() == pytest.approx([0.995, -2.0025], abs=1e-15)
    assert theta2.tolist() == pytest.approx([0.9855, -2.00725], abs=1e-15)
    assert state.slots[0].tolist() == pytest.approx([-0.0095, -0.00475], abs=1e-15)


def test_nesterov_looks_ahead_as_the_book_writes_it():
    # θ1 = θ + 0.81·v1 − 1.9·0.01·g = θ − 0.0271·g.
    theta1, theta2, _ = two_steps("nesterov")
    assert theta1.tolist() == pytest.approx([1 - 0.01355, -2 - 0.006775], abs=1e-15)
    # v2 = (−0.0095, −0.00475): θ2 = θ1 + 0.81·v2 − 0.019·g.
    assert theta2.tolist() == pytest.approx(
        [1 - 0.01355 - 0.81 * 0.0095 - 0.0095, -2 - 0.006775 - 0.81 * 0.00475 - 0.00475],
        abs=1e-15)


def test_adagrad_divides_by_the_root_of_the_summed_squares():
    theta1, theta2, state = two_steps("adagrad")
    assert theta1.tolist() == pytest.approx([1 - 0.01 * 0.5 / (0.5 + 1e-7),
                                             -2 - 0.01 * 0.25 / (0.25 + 1e-7)], abs=1e-15)
    # h2 = 2·g²: the second step is 1/√2 of the first.
    root2 = math.sqrt(2)
    assert (theta2 - theta1).tolist() == pytest.approx(
        [-0.01 * 0.5 / (0.5 * root2 + 1e-7), -0.01 * 0.25 / (0.25 * root2 + 1e-7)], abs=1e-15)
    assert state.slots[0].tolist() == [0.5, 0.125]


def test_rmsprop_first_step_is_ten_times_lr_by_sign():
    # h1 = 0.01·g², √h1 = 0.1·|g|: θ1 = θ − 0.01·g/(0.1·|g|) = θ − 0.1·sign(g).
    theta1, theta2, state = two_steps("rmsprop")
    assert theta1.tolist() == pytest.approx([0.9, -2.1], abs=1e-5)
    h2 = (0.99 * 0.01 + 0.01) * GRAD ** 2
    assert state.slots[0].tolist() == pytest.approx(h2.tolist(), rel=1e-15)
    assert (theta2 - theta1).tolist() == pytest.approx((-0.01 * GRAD / (np.sqrt(h2) + 1e-7))
                                                       .tolist(), rel=1e-14)


def test_adam_first_step_is_lr_by_sign():
    # lr_t = 0.001·√0.001/0.1; m1 = 0.1·g; √v1 = √0.001·|g|: a step of 0.001 each.
    theta1, theta2, state = two_steps("adam")
    root_v1 = math.sqrt(0.001) * np.abs(GRAD)  # ε = 1e-7 keeps it a hair below 0.001
    assert theta1.tolist() == pytest.approx((THETA - 0.001 * np.sign(GRAD) * root_v1 /
                                             (root_v1 + 1e-7)).tolist(), abs=1e-15)
    assert theta1.tolist() == pytest.approx([0.999, -2.001], abs=2e-8)
    m1, v1 = 0.1 * GRAD, 0.001 * GRAD ** 2
    m2, v2 = m1 + 0.1 * (GRAD - m1), v1 + 0.001 * (GRAD ** 2 - v1)
    lr_t = 0.001 * math.sqrt(1 - 0.999 ** 2) / (1 - 0.9 ** 2)
    assert (theta2 - theta1).tolist() == pytest.approx(
        (-lr_t * m2 / (np.sqrt(v2) + 1e-7)).tolist(), rel=1e-13)
    assert state.t == 2


class BookOptimizers:
    """common/optimizer.py's classes in their stateful, in-place form, over one
    parameter array: the independent reference."""

    def __init__(self, name, lr):
        self.name, self.lr, self.iter, self.a, self.b = name, lr, 0, None, None

    def update(self, p, g):
        if self.a is None:
            self.a, self.b = np.zeros_like(p), np.zeros_like(p)
        if self.name == "sgd":
            p -= self.lr * g
        elif self.name == "momentum":
            self.a = 0.9 * self.a - self.lr * g
            p += self.a
        elif self.name == "nesterov":
            self.a *= 0.9
            self.a -= self.lr * g
            p += 0.9 * 0.9 * self.a
            p -= (1 + 0.9) * self.lr * g
        elif self.name == "adagrad":
            self.a += g * g
            p -= self.lr * g / (np.sqrt(self.a) + 1e-7)
        elif self.name == "rmsprop":
            self.a *= 0.99
            self.a += (1 - 0.99) * g * g
            p -= self.lr * g / (np.sqrt(self.a) + 1e-7)
        else:
            self.iter += 1
            lr_t = self.lr * np.sqrt(1.0 - 0.999 ** self.iter) / (1.0 - 0.9 ** self.iter)
            self.a += (1 - 0.9) * (g - self.a)
            self.b += (1 - 0.999) * (g ** 2 - self.b)
            p -= lr_t * self.a / (np.sqrt(self.b) + 1e-7)


@pytest.mark.parametrize("name", list(train.OPTIMIZERS))
def test_each_optimizer_follows_the_books_class_over_many_steps(name):
    rng = np.random.default_rng(1)
    opt = train.optimizer(name)
    book, p = BookOptimizers(name, opt.lr), rng.standard_normal(7)
    theta, state = p.copy(), train.initial_state(opt, 7)
    for _ in range(20):
        g = rng.standard_normal(7)
        book.update(p, g)
        theta, state = train.update(opt, theta, g, state)
    assert np.allclose(theta, p, rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", list(train.OPTIMIZERS))
def test_an_update_changes_none_of_its_inputs(name):
    opt = train.optimizer(name)
    theta, grad = THETA.copy(), GRAD.copy()
    _, state = train.update(opt, theta, grad, train.initial_state(opt, 2))
    kept = [s.copy() for s in state.slots]
    train.update(opt, theta, grad, state)
    assert theta.tolist() == THETA.tolist() and grad.tolist() == GRAD.tolist()
    assert all(np.array_equal(a, b) for a, b in zip(kept, state.slots))


@pytest.mark.parametrize("name", list(train.OPTIMIZERS))
def test_an_update_into_theta_is_the_same_update_bit_for_bit(name):
    # Training's loop writes each new θ over the old one (out=θ); twenty
    # steps that way and the pure way must not differ in a single bit.
    rng = np.random.default_rng(2)
    opt = train.optimizer(name)
    pure = rng.standard_normal(9)
    into = pure.copy()
    state_pure = state_into = train.initial_state(opt, 9)
    for _ in range(20):
        g = rng.standard_normal(9)
        pure, state_pure = train.update(opt, pure, g, state_pure)
        written, state_into = train.update(opt, into, g, state_into, out=into)
        assert written is into
    assert np.array_equal(pure, into)
    assert all(np.array_equal(a, b) for a, b in zip(state_pure.slots, state_into.slots))


def test_an_unknown_optimizer_lists_the_choices():
    with pytest.raises(ActlabError, match="sgd, momentum, nesterov, adagrad, rmsprop, adam"):
        train.optimizer("lbfgs")


# --- the flat layout ---------------------------------------------------------------

def small_network():
    return train.init_network([2, 3, 1], ["tanh", "tanh"], seed=4)


def test_theta_runs_w1_b1_w2_b2_and_gives_the_network_back():
    network = small_network()
    layout = train.Layout.of(network)
    theta = layout.theta(network)
    l1, l2 = network.layers
    assert theta.tolist() == (l1.W.ravel().tolist() + l1.b.tolist() + l2.W.ravel().tolist() +
                              l2.b.tolist())
    assert layout.is_weight.tolist() == [True] * 6 + [False] * 3 + [True] * 3 + [False]
    again = layout.network(theta)
    assert again.same_as(network) and not again.layers[0].W.flags.writeable


# --- regularisation as the playground applies it (src/nn.ts) -------------------------

def regularised(theta, after, reg, rate, lr=0.1, state=None):
    layout = train.Layout.of(small_network())
    state = state or train.initial_state(train.optimizer("sgd"), layout.size)
    return train.regularise(theta, after, state, layout, reg, rate, lr), layout


def test_l2_pulls_each_weight_by_lr_rate_w_and_leaves_biases():
    theta = np.linspace(-1, 1, 13)
    after = theta - 0.01  # as if a gradient step had moved every parameter
    (result, _), layout = regularised(theta, after, "l2", rate=0.3)
    w = layout.is_weight
    assert np.allclose(result[w], after[w] - 0.1 * 0.3 * theta[w], rtol=0, atol=1e-15)
    assert np.array_equal(result[~w], after[~w])


def test_l1_pulls_by_lr_rate_sign_and_sets_a_crossing_weight_to_exactly_0_for_good():
    theta = np.array([0.5, -0.5, 0.002, -0.002, 0.0, 1, 0.1, 0.1, 0.1, 1, 1, 1, 0.1])
    (result, state), layout = regularised(theta, theta.copy(), "l1", rate=0.1, lr=0.03)
    # Steps of 0.003: 0.5 → 0.497, −0.5 → −0.497; ±0.002 cross 0 and are cut to 0.
    # The weight at 0 moves to −0.003 (R'(0) = +1 in the playground) without crossing.
    assert result[:5].tolist() == pytest.approx([0.497, -0.497, 0.0, 0.0, -0.003], abs=1e-15)
    assert result[2] == 0.0 and result[3] == 0.0
    assert state.dead.tolist()[:5] == [False, False, True, True, False]
    # A dead weight stays 0 whatever the gradient step does later.
    later = theta.copy()
    later[2] = 0.7
    (again, _), _ = regularised(theta, later, "none", rate=0.0, state=state)
    assert again[2] == 0.0 and again[3] == 0.0 and again[0] == 0.5


def test_regularisation_none_changes_nothing():
    theta = np.linspace(-1, 1, 13)
    (result, _), _ = regularised(theta, theta, "none", rate=1.0)
    assert np.array_equal(result, theta)


def test_weight_decay_is_half_lambda_sum_w_squared_over_weights_only():
    network = small_network()
    layout = train.Layout.of(network)
    expected = 0.5 * 0.2 * sum(float((layer.W ** 2).sum()) for layer in network.layers)
    assert train.weight_decay_penalty(layout.theta(network), layout, 0.2) == \
        pytest.approx(expected, rel=1e-15)


# --- initialisers ------------------------------------------------------------------------

def test_the_playgrounds_init_is_uniform_half_with_biases_point_1():
    network = train.init_network([2, 400, 300, 1], ["tanh", "tanh", "tanh"], seed=0)
    W = np.concatenate([layer.W.ravel() for layer in network.layers])
    assert W.min() >= -0.5 and W.max() < 0.5
    # U(−0.5, 0.5): variance 1/12; over 121 100 weights its standard error is
    # √((1/80 − 1/144)/121 100) = 0.00021.
    assert W.var() == pytest.approx(1 / 12, abs=4.5 * 0.00021)
    assert all(np.all(layer.b == 0.1) for layer in network.layers)


@pytest.mark.parametrize("init, std", [("normal", 0.05), ("xavier", 1 / math.sqrt(500)),
                                       ("he", math.sqrt(2 / 500))])
def test_normal_xavier_and_he_draw_their_standard_deviation(init, std):
    network = train.init_network([500, 400, 1], ["relu", "identity"], init=init, std=0.05,
                                 seed=3)
    W1 = network.layers[0].W
    # 200 000 normal values: the sample std's standard error is std/√400 000.
    assert W1.std() == pytest.approx(std, rel=4 / math.sqrt(400_000))
    assert np.all(network.layers[0].b == 0)


def test_initialisers_are_seeded():
    one = train.init_network([2, 4, 1], ["tanh", "tanh"], seed=5)
    assert one.same_as(train.init_network([2, 4, 1], ["tanh", "tanh"], seed=5))
    assert not one.same_as(train.init_network([2, 4, 1], ["tanh", "tanh"], seed=6))


def test_an_unknown_initialiser_is_refused():
    with pytest.raises(ActlabError, match="playground, normal, xavier, he"):
        train.init_network([2, 1], ["tanh"], init="zeros")
