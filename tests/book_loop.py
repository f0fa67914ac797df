"""The book's TwoLayerNet training (ch05/train_neuralnet.py with
two_layer_net.py's gradient), written plainly with numpy and nothing from
core: the reference tests compare core.train's image runs against, and the
baseline bench/image_train_bench.py times them against.

As the book: a mini-batch drawn at random with replacement each step, the
Affine/ReLU-or-Sigmoid/Affine/SoftmaxWithLoss forward and backward, W ← W − η·dW,
the batch's loss recomputed after the update (train_loss_list), and the
accuracy over the whole train and test sets once an epoch. The batches come
from `draw(step)` so that a test can hand it core's stream.
"""
import numpy as np


def _hidden(a, activation):
    return 1 / (1 + np.exp(-a)) if activation == "sigmoid" else np.maximum(a, 0)


def _softmax(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def predict(params, x, activation):
    W1, b1, W2, b2 = params
    return _softmax(_hidden(x @ W1 + b1, activation) @ W2 + b2)


def accuracy(params, x, labels, activation):
    return float(np.sum(np.argmax(predict(params, x, activation), axis=1) == labels) / len(x))


def batch_loss(params, x, labels, activation):
    """The book's cross_entropy_error on labels: −Σ log(y_t + 1e-7) / N."""
    y = predict(params, x, activation)
    return float(-np.sum(np.log(y[np.arange(len(x)), labels] + 1e-7)) / len(x))


def train(params, x_train, t_train, x_test, t_test, draw, iters, lr, activation, per_epoch,
          recompute_loss: bool = True):
    """The trained (W1, b1, W2, b2), the per-epoch (step, train acc, test acc),
    train_loss_list, and each batch's exact loss before its step (what
    core.train records: −mean log y_t, from the y the step computes anyway).
    t_train and t_test are labels; params are copied. recompute_loss=False
    leaves out the book's second forward pass for train_loss_list (what
    core.train does not do: the like-for-like baseline)."""
    W1, b1, W2, b2 = (p.copy() for p in params)
    n_classes = W2.shape[1]
    history, losses, before = [], [], []
    for i in range(iters):
        rows = draw(i)
        x, labels = x_train[rows], t_train[rows]
        t = np.eye(n_classes)[labels]
        a1 = x @ W1 + b1
        z1 = _hidden(a1, activation)
        y = _softmax(z1 @ W2 + b2)
        before.append(float(-np.mean(np.log(y[np.arange(len(x)), labels]))))
        dy = (y - t) / len(x)  # SoftmaxWithLoss.backward
        dW2, db2 = z1.T @ dy, dy.sum(axis=0)
        dz1 = dy @ W2.T
        da1 = dz1 * (1 - z1) * z1 if activation == "sigmoid" else dz1 * (a1 > 0)
        dW1, db1 = x.T @ da1, da1.sum(axis=0)
        W1 -= lr * dW1
        b1 -= lr * db1
        W2 -= lr * dW2
        b2 -= lr * db2
        if recompute_loss:
            losses.append(batch_loss((W1, b1, W2, b2), x, labels, activation))
        if (i + 1) % per_epoch == 0 or i + 1 == iters:
            history.append((i + 1, accuracy((W1, b1, W2, b2), x_train, t_train, activation),
                            accuracy((W1, b1, W2, b2), x_test, t_test, activation)))
    return (W1, b1, W2, b2), history, losses, before
