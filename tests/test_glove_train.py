"""GloVe's weighting function, objective and trainer, against hand computations and autograd."""
from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse as sp
import torch

from lecture10.glove.cooccurrence import Cooccurrence, build_vocabulary, cooccurrence_counts, encode
from lecture10.glove.model import GloVeModel, glove_loss, weighting
from lecture10.glove.train import GloVeConfig, train_glove


def test_weighting_function_values_by_hand() -> None:
    x = np.array([0.0, 1.0, 50.0, 100.0, 250.0])
    expected = [0.0, 0.01**0.75, 0.5**0.75, 1.0, 1.0]
    np.testing.assert_allclose(weighting(x), expected)
    assert weighting(np.array([5.0]), x_max=10, alpha=1.0)[0] == 0.5
    torch.testing.assert_close(weighting(torch.tensor(x)), torch.tensor(expected, dtype=torch.float64))


def test_weighting_rejects_bad_parameters_and_negative_counts() -> None:
    with pytest.raises(ValueError, match="x_max"):
        weighting(np.array([1.0]), x_max=0)
    with pytest.raises(ValueError, match="alpha"):
        weighting(np.array([1.0]), alpha=-1)
    with pytest.raises(ValueError, match="non-negative"):
        weighting(np.array([-1.0]))


def exact_solution(vocab: int = 6, dim: int = 3) -> tuple[GloVeModel, torch.Tensor]:
    """A model and the dense counts X it fits exactly: log X_ij = w_i.w~_j + b_i + b~_j."""
    model = GloVeModel(vocab, dim, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        for p in model.parameters():
            p.normal_()
        log_x = model.word @ model.context.T + model.word_bias[:, None] + model.context_bias[None, :]
    return model, log_x.exp()


def test_the_loss_of_an_exact_solution_is_zero_and_of_a_shifted_one_by_hand() -> None:
    model, X = exact_solution()
    rows, cols = torch.meshgrid(torch.arange(6), torch.arange(6), indexing="ij")
    rows, cols, counts = rows.ravel(), cols.ravel(), X.ravel()
    assert glove_loss(model, rows, cols, counts).item() == pytest.approx(0.0, abs=1e-8)
    with torch.no_grad():
        model.word_bias += 0.5  # every residual becomes 0.5
    expected = float((weighting(counts) * 0.25).sum())
    assert glove_loss(model, rows, cols, counts).item() == pytest.approx(expected, rel=1e-5)


def test_the_loss_refuses_zero_counts() -> None:
    model = GloVeModel(2, 2)
    with pytest.raises(ValueError, match="non-zero"):
        glove_loss(model, torch.tensor([0]), torch.tensor([1]), torch.tensor([0.0]))


def one_pair(i: int = 0, j: int = 2, x: float = 7.0, vocab: int = 4) -> Cooccurrence:
    return Cooccurrence(sp.csr_matrix(([x], ([i], [j])), shape=(vocab, vocab)))


@pytest.mark.parametrize("accumulators", ["elementwise", "rowwise"])
def test_first_step_is_adagrad_on_the_autograd_gradient_of_half_the_loss(accumulators: str) -> None:
    # One pair, one batch, one epoch: the accumulators start at 1, so a vector's step is
    # -lr * grad(J/2) and a bias's step is -grad(J/2) (glove.c does not scale the bias step by lr).
    config = GloVeConfig(dim=5, epochs=1, batch_size=1, x_max=10.0, learning_rate=0.1, seed=3,
                         accumulators=accumulators)
    start = GloVeModel(4, 5, generator=torch.Generator().manual_seed(3))  # the trainer's initialisation
    half_loss = glove_loss(start, torch.tensor([0]), torch.tensor([2]), torch.tensor([7.0]), x_max=10.0) / 2
    half_loss.backward()
    trained = train_glove(one_pair(), config).model
    for name in ("word", "context", "word_bias", "context_bias"):
        before, after = getattr(start, name).detach(), getattr(trained, name).detach()
        rate = 1.0 if name.endswith("bias") else 0.1
        torch.testing.assert_close(after, before - rate * getattr(start, name).grad, rtol=1e-5, atol=1e-7)
    assert trained.word.data[1].equal(start.word.data[1])  # a word in no pair does not move


@pytest.mark.parametrize("accumulators", ["elementwise", "rowwise"])
def test_second_step_is_scaled_by_the_accumulated_squares(accumulators: str) -> None:
    # Two epochs on one pair, by hand in numpy: G = 1 + (lr g)^2 after the first step for a
    # vector, G = 1 + g^2 for a bias (row-wise: one G per vector, grown by the mean of the squared
    # coordinates).
    lr, d = 0.1, 4
    config = GloVeConfig(dim=d, epochs=2, batch_size=1, x_max=10.0, learning_rate=lr, seed=5,
                         accumulators=accumulators)
    mean = np.mean if accumulators == "rowwise" else (lambda v: v)
    init = GloVeModel(3, d, generator=torch.Generator().manual_seed(5))
    w, c = init.word.data[0].double().numpy().copy(), init.context.data[1].double().numpy().copy()
    b, bc = float(init.word_bias.data[0]), float(init.context_bias.data[1])
    Gw, Gc, Gb, Gbc = np.ones(d), np.ones(d), 1.0, 1.0
    f = (3.0 / 10.0) ** 0.75
    for _ in range(2):
        r = w @ c + b + bc - math.log(3.0)
        gw, gc, gb = lr * f * r * c, lr * f * r * w, f * r
        w, c = w - gw / np.sqrt(Gw), c - gc / np.sqrt(Gc)
        b, bc = b - gb / math.sqrt(Gb), bc - gb / math.sqrt(Gbc)
        Gw, Gc, Gb, Gbc = Gw + mean(gw**2), Gc + mean(gc**2), Gb + gb**2, Gbc + gb**2
    trained = train_glove(one_pair(0, 1, 3.0, vocab=3), config).model
    np.testing.assert_allclose(trained.word.data[0].numpy(), w, rtol=1e-5)
    np.testing.assert_allclose(trained.context.data[1].numpy(), c, rtol=1e-5)
    assert float(trained.word_bias.data[0]) == pytest.approx(b, rel=1e-5)


def small_corpus() -> Cooccurrence:
    """60 documents of 40 words drawn from a Zipf-like law over 30 words.

    Drawn by inverting the law's CDF at uniform numbers: ``Generator.random`` gives the same
    stream on every numpy version, unlike ``Generator.zipf`` (numpy 1.24 and 2.x differ).
    """
    rng = np.random.default_rng(0)
    cdf = np.cumsum(1.0 / np.arange(1, 31) ** 1.5)
    documents = [[f"w{k}" for k in np.searchsorted(cdf / cdf[-1], rng.random(40))] for _ in range(60)]
    vocabulary = build_vocabulary(documents, min_count=1)
    ids, doc = encode(documents, vocabulary)
    return cooccurrence_counts(ids, doc, len(vocabulary), window=3)


def test_training_lowers_the_loss_reproducibly() -> None:
    X = small_corpus()
    config = GloVeConfig(dim=8, epochs=10, batch_size=128, x_max=10.0, seed=0)
    first, second = train_glove(X, config), train_glove(X, config)
    assert first.losses[-1] < 0.5 * first.losses[0]
    assert first.losses == second.losses
    np.testing.assert_array_equal(first.vectors, second.vectors)
    assert first.vectors.shape == (X.size, 8)
    model = first.model
    np.testing.assert_allclose(first.vectors, (model.word + model.context).detach().numpy())
    # The reported loss of an epoch is the mean of f(X) r^2 while the epoch runs; recomputed
    # after the last epoch, the objective is smaller still.
    rows, cols, values = X.pairs()
    final = glove_loss(model, torch.from_numpy(rows).long(), torch.from_numpy(cols).long(),
                       torch.from_numpy(values).float(), x_max=10.0).item() / len(values)
    assert final < first.losses[-1]


def test_two_worker_processes_train_as_well() -> None:
    X = small_corpus()
    config = GloVeConfig(dim=8, epochs=10, batch_size=128, x_max=10.0, seed=0)
    single, double = train_glove(X, config), train_glove(X, config, workers=2)
    # Lock-free processes on a 30-word vocabulary collide often (and the biases take glove.c's
    # unscaled steps): the same fit, not the same numbers.
    assert single.losses[-1] < 0.01 * single.losses[0] and double.losses[-1] < 0.01 * double.losses[0]
    assert double.losses[-1] < 1.5 * single.losses[-1]  # two workers fit no worse than one


def test_gradient_coordinates_are_clipped_as_in_the_reference_code() -> None:
    # With grad_clip tiny, each coordinate of a vector's step is -lr * clip * sign(gradient).
    config = GloVeConfig(dim=5, epochs=1, batch_size=1, x_max=10.0, learning_rate=0.1, seed=3, grad_clip=1e-4)
    start = GloVeModel(4, 5, generator=torch.Generator().manual_seed(3))
    (glove_loss(start, torch.tensor([0]), torch.tensor([2]), torch.tensor([7.0]), x_max=10.0) / 2).backward()
    trained = train_glove(one_pair(), config).model
    expected = start.word.data[0] - 0.1 * start.word.grad[0].clamp(-1e-4, 1e-4)
    torch.testing.assert_close(trained.word.data[0], expected, rtol=1e-5, atol=1e-9)
    assert trained.word_bias.data[0] == pytest.approx(float(start.word_bias.data[0] - start.word_bias.grad[0]),
                                                      rel=1e-5)  # biases are not clipped


def test_bad_configuration_is_rejected() -> None:
    with pytest.raises(ValueError, match="dim"):
        GloVeConfig(dim=0)
    with pytest.raises(ValueError, match="accumulators"):
        GloVeConfig(accumulators="sometimes")
    with pytest.raises(ValueError, match="grad_clip"):
        GloVeConfig(grad_clip=0)
    with pytest.raises(ValueError, match="empty"):
        train_glove(Cooccurrence(sp.csr_matrix((3, 3))))
    with pytest.raises(ValueError, match="workers"):
        train_glove(one_pair(), workers=0)
