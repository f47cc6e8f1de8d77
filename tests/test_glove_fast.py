"""The compiled GloVe trainer (lecture10.glove.fast) against the torch reference and the readable loss."""
from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
import torch

from lecture10.glove import fast
from lecture10.glove.cooccurrence import Cooccurrence, build_vocabulary, cooccurrence_counts, encode
from lecture10.glove.model import GloVeModel, glove_loss
from lecture10.glove.train import GloVeConfig, train_glove

pytest.importorskip("numba")


def small_corpus(vocab: int = 30, documents: int = 60) -> Cooccurrence:
    rng = np.random.default_rng(0)
    texts = [[f"w{k}" for k in rng.zipf(1.5, size=40) % vocab] for _ in range(documents)]
    vocabulary = build_vocabulary(texts, min_count=1)
    ids, doc = encode(texts, vocabulary)
    return cooccurrence_counts(ids, doc, len(vocabulary), window=3)


def model_parameters(model: GloVeModel) -> tuple[np.ndarray, ...]:
    return tuple(p.detach().numpy().copy() for p in (model.word, model.context, model.word_bias, model.context_bias))


def test_the_fast_kernel_takes_the_torch_trainers_steps_pair_by_pair() -> None:
    # Same start, same order of the directed pairs, one pair per step: the torch trainer with
    # batches of one pair and the compiled kernel must agree after two epochs.
    X = small_corpus()
    config = GloVeConfig(dim=6, epochs=2, batch_size=1, x_max=10.0, learning_rate=0.05, seed=4)
    reference = train_glove(X, config)
    start = GloVeModel(X.size, 6, generator=torch.Generator().manual_seed(4))  # the torch trainer's start
    pairs = fast.TiledPairs.from_cooccurrence(X, order="shuffled", seed=4)
    compiled = fast.train_glove_fast(pairs, config, init=model_parameters(start))
    np.testing.assert_allclose(compiled.losses, reference.losses, rtol=1e-4)
    for name in ("word", "context", "word_bias", "context_bias"):
        np.testing.assert_allclose(getattr(compiled, name), getattr(reference.model, name).detach().numpy(),
                                   rtol=1e-3, atol=1e-5, err_msg=name)
    np.testing.assert_allclose(compiled.vectors, reference.vectors, rtol=1e-3, atol=1e-5)


def test_first_step_of_the_tiled_order_is_adagrad_on_the_gradient_of_half_the_loss() -> None:
    # One stored pair {0, 2} is visited as X_02 and as X_20: the two updates touch different rows,
    # so after one epoch every parameter has taken one AdaGrad step from G = 1: -lr * grad(J/2) for
    # the vectors and -grad(J/2) for the biases, the gradient being that of the readable loss.
    X = Cooccurrence(sp.csr_matrix(([7.0, 7.0], ([0, 2], [2, 0])), shape=(4, 4)))
    config = GloVeConfig(dim=5, epochs=1, x_max=10.0, learning_rate=0.1, seed=3)
    start = GloVeModel(4, 5, generator=torch.Generator().manual_seed(3))
    init = model_parameters(start)
    half_loss = glove_loss(start, torch.tensor([0, 2]), torch.tensor([2, 0]), torch.tensor([7.0, 7.0]),
                           x_max=10.0) / 2
    half_loss.backward()
    trained = fast.train_glove_fast(X, config, init=init)
    for name in ("word", "context", "word_bias", "context_bias"):
        rate = 1.0 if name.endswith("bias") else 0.1
        expected = getattr(start, name).detach().numpy() - rate * getattr(start, name).grad.numpy()
        np.testing.assert_allclose(getattr(trained, name), expected, rtol=1e-5, atol=1e-7, err_msg=name)
    np.testing.assert_array_equal(trained.word[1], init[0][1])  # a word in no pair does not move


def test_gradient_coordinates_are_clipped_as_in_the_reference_code() -> None:
    X = Cooccurrence(sp.csr_matrix(([7.0, 7.0], ([0, 2], [2, 0])), shape=(4, 4)))
    config = GloVeConfig(dim=5, epochs=1, x_max=10.0, learning_rate=0.1, seed=3, grad_clip=1e-4)
    start = GloVeModel(4, 5, generator=torch.Generator().manual_seed(3))
    init = model_parameters(start)
    half_loss = glove_loss(start, torch.tensor([0]), torch.tensor([2]), torch.tensor([7.0]), x_max=10.0) / 2
    half_loss.backward()
    trained = fast.train_glove_fast(X, config, init=init)
    expected = init[0][0] - 0.1 * np.clip(start.word.grad[0].numpy(), -1e-4, 1e-4)
    np.testing.assert_allclose(trained.word[0], expected, rtol=1e-5)
    reference = train_glove(X, GloVeConfig(dim=5, epochs=1, batch_size=2, x_max=10.0, learning_rate=0.1, seed=3,
                                           grad_clip=1e-4))
    np.testing.assert_allclose(reference.model.word.detach().numpy()[0], expected, rtol=1e-5)


def test_the_tiled_order_visits_every_pair_once_in_each_role_tile_by_tile() -> None:
    X = small_corpus(vocab=200, documents=200)
    pairs = fast.TiledPairs.from_cooccurrence(X, order="tiled", block=16, seed=1)
    assert pairs.mirror and np.all(pairs.rows <= pairs.cols)
    visited = {(int(i), int(j)) for i, j in zip(pairs.rows, pairs.cols)}
    visited |= {(j, i) for i, j in visited}
    rows, cols, values = X.pairs()
    assert visited == set(zip(rows.tolist(), cols.tolist()))
    assert pairs.directed_pairs == len(X)
    for s in range(pairs.segments):  # each segment lies in one tile (one block of words x one block)
        part = slice(pairs.starts[s], pairs.starts[s + 1])
        assert len(set(pairs.rows[part] // 16)) == 1 and len(set(pairs.cols[part] // 16)) == 1
    lookup = dict(zip(zip(rows.tolist(), cols.tolist()), values))
    np.testing.assert_allclose(pairs.values, [lookup[(int(i), int(j))] for i, j in zip(pairs.rows, pairs.cols)],
                               rtol=1e-6)


def readable_loss(X: Cooccurrence, parameters: tuple[np.ndarray, ...], dim: int) -> float:
    """The mean of f(X_ij) r_ij^2 over the non-zero X_ij, by lecture10.glove.model.glove_loss."""
    model = GloVeModel(X.size, dim)
    with torch.no_grad():
        for name, value in zip(("word", "context", "word_bias", "context_bias"), parameters):
            getattr(model, name).copy_(torch.from_numpy(value))
    rows, cols, values = X.pairs()
    return glove_loss(model, torch.from_numpy(rows).long(), torch.from_numpy(cols).long(),
                      torch.from_numpy(values).float(), x_max=10.0).item() / len(values)


def test_tiled_training_lowers_the_loss_reproducibly_and_with_two_threads() -> None:
    X = small_corpus(vocab=200, documents=200)
    config = GloVeConfig(dim=8, epochs=10, x_max=10.0, seed=0)
    init = model_parameters(GloVeModel(X.size, 8, generator=torch.Generator().manual_seed(0)))
    pairs = fast.TiledPairs.from_cooccurrence(X, block=32, seed=0)
    first, second = fast.train_glove_fast(pairs, config, init=init), fast.train_glove_fast(pairs, config, init=init)
    assert first.losses == second.losses
    np.testing.assert_array_equal(first.vectors, second.vectors)
    np.testing.assert_allclose(first.vectors, first.word + first.context)
    assert first.losses[-1] < first.losses[0]
    # The readable loss of the final parameters is far below that of the start.
    final = readable_loss(X, (first.word, first.context, first.word_bias, first.context_bias), 8)
    assert final < 0.2 * readable_loss(X, init, 8)
    threaded = fast.train_glove_fast(pairs, config, workers=2, init=init)
    assert threaded.losses[-1] == pytest.approx(first.losses[-1], rel=0.2)


def test_bad_input_is_rejected_with_the_problem_named() -> None:
    X = small_corpus()
    with pytest.raises(ValueError, match="symmetric"):
        fast.TiledPairs.from_cooccurrence(Cooccurrence(sp.csr_matrix(([3.0], ([0], [1])), shape=(2, 2))))
    with pytest.raises(ValueError, match="empty"):
        fast.TiledPairs.from_cooccurrence(Cooccurrence(sp.csr_matrix((3, 3))))
    with pytest.raises(ValueError, match="order"):
        fast.TiledPairs.from_cooccurrence(X, order="sorted")
    with pytest.raises(ValueError, match="element-wise"):
        fast.train_glove_fast(X, GloVeConfig(accumulators="rowwise"))
    with pytest.raises(ValueError, match="workers"):
        fast.train_glove_fast(X, GloVeConfig(epochs=1), workers=0)
    with pytest.raises(ValueError, match="shape"):
        fast.train_glove_fast(X, GloVeConfig(dim=4, epochs=1), init=(np.zeros((2, 4)),) * 2 + (np.zeros(2),) * 2)


def test_without_numba_the_fast_path_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fast, "numba", None)
    monkeypatch.setattr(fast, "_COMPILED", {})
    assert not fast.available()
    with pytest.raises(ModuleNotFoundError, match=r"lecture10\[fast\]"):
        fast.train_glove_fast(small_corpus(), GloVeConfig(epochs=1))
