"""lecture10.clipping.clip_grad_norm_ against torch.nn.utils.clip_grad_norm_ and the lecture's pure formula."""
from __future__ import annotations

import math

import pytest
import torch

from lecture10.clipping import clip_grad_norm_, parameters_with_grads, total_gradient_norm

NORM_TYPES = [2.0, float("inf"), 1.0, 3.0, 0.5]


def random_parameters(gen: torch.Generator, dtype: torch.dtype) -> list[torch.Tensor]:
    """1-4 parameters of random shapes with random gradients (scaled by 1e-8 to 1e20, so float32 norms can
    overflow), zero gradients, None or non-finite entries."""
    params = []
    for _ in range(int(torch.randint(1, 5, (1,), generator=gen))):
        ndim = int(torch.randint(0, 3, (1,), generator=gen))
        shape = tuple(int(s) for s in torch.randint(1, 5, (ndim,), generator=gen))
        p = torch.zeros(shape, dtype=dtype, requires_grad=True)
        kind = float(torch.rand(1, generator=gen))
        if kind < 0.15:
            grad = None
        elif kind < 0.3:
            grad = torch.zeros(shape, dtype=dtype)
        else:
            scale = 10.0 ** float(torch.empty(1).uniform_(-8, 20, generator=gen))
            grad = (torch.randn(shape, generator=gen, dtype=torch.float64) * scale).to(dtype)
            if kind > 0.93:  # a non-finite entry somewhere
                flat = grad.view(-1)
                flat[int(torch.randint(0, flat.numel(), (1,), generator=gen))] = [math.inf, -math.inf, math.nan][
                    int(torch.randint(0, 3, (1,), generator=gen))
                ]
        p.grad = grad
        params.append(p)
    return params


def copies(params: list[torch.Tensor]) -> list[torch.Tensor]:
    """Independent parameters with the same gradients."""
    out = []
    for p in params:
        q = p.detach().clone().requires_grad_(True)
        q.grad = None if p.grad is None else p.grad.clone()
        out.append(q)
    return out


def assert_identical(a: torch.Tensor | None, b: torch.Tensor | None) -> None:
    """Same dtype, shape and bits (NaN equal to NaN)."""
    assert (a is None) == (b is None)
    if a is not None:
        torch.testing.assert_close(a, b, rtol=0, atol=0, equal_nan=True)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("norm_type", NORM_TYPES)
def test_identical_to_torch_on_many_random_cases(dtype: torch.dtype, norm_type: float) -> None:
    gen = torch.Generator().manual_seed(10 * NORM_TYPES.index(norm_type) + (dtype == torch.float64))
    seen_clipped = seen_unclipped = seen_nonfinite = 0
    for _ in range(60):
        ours = random_parameters(gen, dtype)
        theirs = copies(ours)
        max_norm = 10.0 ** float(torch.empty(1).uniform_(-4, 4, generator=gen))
        norm_ours = clip_grad_norm_(ours, max_norm, norm_type=norm_type)
        norm_theirs = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type=norm_type)
        assert_identical(norm_ours, norm_theirs)
        for p, q in zip(ours, theirs):
            assert_identical(p.grad, q.grad)
        if not torch.isfinite(norm_theirs):
            seen_nonfinite += 1
        elif float(norm_theirs) > max_norm:
            seen_clipped += 1
        else:
            seen_unclipped += 1
    assert seen_clipped and seen_unclipped and seen_nonfinite, "the random cases must cover all three regimes"


@pytest.mark.parametrize("norm_type", NORM_TYPES)
@pytest.mark.parametrize("entry", [math.inf, -math.inf, math.nan])
def test_non_finite_gradients_match_torch_and_can_raise(norm_type: float, entry: float) -> None:
    ours = [torch.zeros(3, requires_grad=True), torch.zeros(2, requires_grad=True)]
    ours[0].grad = torch.tensor([1.0, entry, -2.0])
    ours[1].grad = torch.tensor([0.5, 4.0])
    theirs = copies(ours)
    assert_identical(clip_grad_norm_(ours, 1.0, norm_type), torch.nn.utils.clip_grad_norm_(theirs, 1.0, norm_type))
    for p, q in zip(ours, theirs):
        assert_identical(p.grad, q.grad)
    # With error_if_nonfinite=True both raise, and neither touches the gradients.
    ours, theirs = copies(ours), copies(ours)
    before = [p.grad.clone() for p in ours]
    with pytest.raises(RuntimeError):
        torch.nn.utils.clip_grad_norm_(theirs, 1.0, norm_type, error_if_nonfinite=True)
    with pytest.raises(RuntimeError, match="non-finite|cannot be clipped"):
        clip_grad_norm_(ours, 1.0, norm_type, error_if_nonfinite=True)
    for p, b in zip(ours, before):
        assert_identical(p.grad, b)


def test_infinite_norm_zeroes_finite_entries_and_turns_infinite_ones_into_nan() -> None:
    p = torch.zeros(3, requires_grad=True)
    p.grad = torch.tensor([1.0, math.inf, -2.0])
    norm = clip_grad_norm_([p], 5.0)
    assert math.isinf(float(norm))
    assert p.grad[0] == 0 and p.grad[2] == 0 and math.isnan(float(p.grad[1]))


def test_zero_gradients_none_gradients_and_no_parameters() -> None:
    zero = torch.zeros(4, requires_grad=True)
    zero.grad = torch.zeros(4)
    untouched = torch.ones(2, requires_grad=True)  # .grad is None
    norm = clip_grad_norm_([zero, untouched], 1.0)
    assert norm.item() == 0.0 and torch.equal(zero.grad, torch.zeros(4)) and untouched.grad is None
    assert_identical(clip_grad_norm_([untouched], 1.0), torch.nn.utils.clip_grad_norm_([untouched], 1.0))
    assert_identical(clip_grad_norm_([], 1.0), torch.tensor(0.0))


def test_empty_generator_warns_like_torch() -> None:
    with pytest.warns(UserWarning, match="empty generator"):
        clip_grad_norm_((p for p in []), 1.0)


def test_single_tensor_and_generator_are_accepted() -> None:
    a = torch.zeros(3, requires_grad=True)
    a.grad = torch.tensor([3.0, 4.0, 0.0])
    assert clip_grad_norm_(a, 1.0).item() == pytest.approx(5.0)
    assert torch.linalg.vector_norm(a.grad).item() == pytest.approx(1.0, rel=1e-6)
    b = torch.zeros(2, requires_grad=True)
    b.grad = torch.tensor([6.0, 8.0])
    assert clip_grad_norm_((p for p in [b]), 2.0).item() == pytest.approx(10.0)
    assert torch.linalg.vector_norm(b.grad).item() == pytest.approx(2.0, rel=1e-6)


def test_agrees_with_the_lectures_pure_formula_up_to_the_epsilon() -> None:
    """If ||g|| > eta then g <- eta g / ||g||; otherwise g is unchanged (exactly, below eta - 1e-6)."""
    gen = torch.Generator().manual_seed(0)
    for _ in range(50):
        g = [torch.randn(5, generator=gen, dtype=torch.float64) * 10,
             torch.randn(2, 3, generator=gen, dtype=torch.float64)]
        norm = math.sqrt(sum(float((x**2).sum()) for x in g))  # independent of torch's norm kernels
        eta = float(torch.empty(1, dtype=torch.float64).uniform_(0.1, 2 * norm, generator=gen))
        params = [torch.zeros_like(x, requires_grad=True) for x in g]
        for p, x in zip(params, g):
            p.grad = x.clone()
        returned = clip_grad_norm_(params, eta)
        assert float(returned) == pytest.approx(norm, rel=1e-12)
        for p, x in zip(params, g):
            if norm > eta:
                torch.testing.assert_close(p.grad, eta * x / norm, rtol=1e-6, atol=0)
            else:
                assert torch.equal(p.grad, x)


def test_a_norm_equal_to_the_threshold_is_shrunk_by_the_epsilon_unlike_the_pure_form() -> None:
    p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
    p.grad = torch.tensor([3.0, 4.0], dtype=torch.float64)  # norm exactly 5
    clip_grad_norm_([p], 5.0)
    expected = torch.tensor([3.0, 4.0], dtype=torch.float64) * (5.0 / (5.0 + 1e-6))
    torch.testing.assert_close(p.grad, expected, rtol=1e-15, atol=0)
    assert torch.linalg.vector_norm(p.grad).item() < 5.0


def test_total_norm_is_the_norm_of_everything_concatenated() -> None:
    gen = torch.Generator().manual_seed(1)
    grads = [torch.randn(3, 4, generator=gen, dtype=torch.float64), torch.randn(7, generator=gen, dtype=torch.float64)]
    flat = torch.cat([g.reshape(-1) for g in grads])
    for p in [1.0, 2.0, 3.0, float("inf")]:
        values = [abs(float(v)) for v in flat]
        independent = max(values) if math.isinf(p) else sum(v**p for v in values) ** (1 / p)
        assert float(total_gradient_norm(grads, p)) == pytest.approx(independent, rel=1e-12)


def test_runs_without_recording_autograd_history() -> None:
    w = torch.tensor([2.0, -1.0], requires_grad=True)
    (w.grad,) = torch.autograd.grad((w**3).sum(), w, create_graph=True)  # the gradient itself requires grad
    assert w.grad.requires_grad
    norm = clip_grad_norm_([w], 1.0)
    assert not norm.requires_grad


@pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, 0])
def test_non_positive_threshold_raises_although_torch_does_not(bad: float) -> None:
    p = torch.zeros(2, requires_grad=True)
    p.grad = torch.tensor([3.0, 4.0])
    with pytest.raises(ValueError, match="positive"):
        clip_grad_norm_([p], bad)
    assert torch.equal(p.grad, torch.tensor([3.0, 4.0])), "a rejected call must not touch the gradients"
    torch.nn.utils.clip_grad_norm_([p], bad)  # torch: no error; zeroes (0), flips (-1) or NaNs the gradient
    assert not torch.equal(p.grad, torch.tensor([3.0, 4.0]))


def test_bad_arguments_raise_clear_errors() -> None:
    with pytest.raises(TypeError, match="max_norm"):
        clip_grad_norm_([], "large")
    with pytest.raises(TypeError, match=r"parameters\[1\]"):
        clip_grad_norm_([torch.zeros(1), [1.0, 2.0]], 1.0)


def test_infinite_threshold_never_clips() -> None:
    p = torch.zeros(2, requires_grad=True)
    p.grad = torch.tensor([3e10, 4e10])
    assert_identical(clip_grad_norm_([p], math.inf), torch.tensor(5e10))
    assert torch.equal(p.grad, torch.tensor([3e10, 4e10]))


def test_a_norm_that_overflows_float32_zeroes_finite_gradients_like_torch() -> None:
    """The squares of 3e30 and 4e30 overflow float32, so the norm is inf and the coefficient 0."""
    ours = [torch.zeros(2, requires_grad=True)]
    ours[0].grad = torch.tensor([3e30, 4e30])
    theirs = copies(ours)
    norm = clip_grad_norm_(ours, 1.0)
    assert_identical(norm, torch.nn.utils.clip_grad_norm_(theirs, 1.0))
    assert math.isinf(float(norm)) and torch.equal(ours[0].grad, torch.zeros(2))
    assert_identical(ours[0].grad, theirs[0].grad)


def test_parameters_with_grads_are_leaves_holding_the_given_gradients() -> None:
    params = parameters_with_grads([3.0, 4.0], [12.0])
    assert [p.grad.tolist() for p in params] == [[3.0, 4.0], [12.0]]
    assert all(p.is_leaf and p.requires_grad and not p.detach().any() for p in params)
    assert float(torch.nn.utils.clip_grad_norm_(params, 1.0)) == 13.0
    assert parameters_with_grads([1.0], dtype=torch.float32)[0].grad.dtype == torch.float32
    with pytest.raises(ValueError, match="non-empty list of numbers"):
        parameters_with_grads([])
