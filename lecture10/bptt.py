"""Backpropagation through time (BPTT) for the lecture's univariate RNN, written out by hand.

The model (one input, one hidden unit, one output per time step; time runs t = 1..T)::

    z(t) = u x(t) + w h(t-1)        h(t) = phi(z(t))
    r(t) = v h(t)                   y(t) = phi(r(t))
    L    = 1/2 * sum_t (y(t) - target(t))**2

with the initial state h(0) given (0 by default). Sequences are tensors of shape ``(T,)``
or ``(batch, T)`` (``batch_first=True``, as in ``torch.nn.RNN``); index ``[..., t - 1]``
holds time step t. With a batch the loss is summed over the batch too.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from lecture10 import _checks
from lecture10.activations import get_activation

Scalar = float | torch.Tensor


@dataclass
class ForwardTrace:
    """Everything the forward pass computed, kept for the backward pass (each of shape ``x.shape``)."""

    x: torch.Tensor
    z: torch.Tensor
    h: torch.Tensor
    r: torch.Tensor
    y: torch.Tensor
    h0: torch.Tensor
    u: torch.Tensor
    v: torch.Tensor
    w: torch.Tensor
    activation: str


@dataclass
class BPTTGradients:
    """Result of :func:`bptt_backward`: the parameter gradients and every error signal of the slide.

    ``y_bar``, ``r_bar``, ``h_bar``, ``z_bar`` have the shape of the sequence. ``u_terms``,
    ``v_terms``, ``w_terms`` have shape ``(T,)``: the contribution of each time step (summed over
    the batch) to ``u``, ``v``, ``w``; entry t - 1 of ``w_terms`` is z_bar(t) h(t-1).
    """

    u: torch.Tensor
    v: torch.Tensor
    w: torch.Tensor
    y_bar: torch.Tensor
    r_bar: torch.Tensor
    h_bar: torch.Tensor
    z_bar: torch.Tensor
    u_terms: torch.Tensor
    v_terms: torch.Tensor
    w_terms: torch.Tensor


def _as_sequence(x: torch.Tensor, name: str) -> torch.Tensor:
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    if x.dim() not in (1, 2) or x.shape[-1] == 0:
        raise ValueError(f"{name} must have shape (T,) or (batch, T) with T >= 1, got {tuple(x.shape)}")
    if not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got {x.dtype}")
    return x


def _as_scalar(value: Scalar, name: str, like: torch.Tensor) -> torch.Tensor:
    value = torch.as_tensor(value, dtype=like.dtype, device=like.device)
    if value.dim() != 0:
        raise ValueError(f"{name} must be a scalar, got shape {tuple(value.shape)}")
    return value


def _as_initial_state(h0: Scalar, x: torch.Tensor) -> torch.Tensor:
    h0 = torch.as_tensor(h0, dtype=x.dtype, device=x.device)
    if h0.shape not in ((), x.shape[:-1]):
        raise ValueError(f"h0 must be a scalar or have shape {tuple(x.shape[:-1])}, got {tuple(h0.shape)}")
    return h0.expand(x.shape[:-1])


def rnn_forward(
    x: torch.Tensor, u: Scalar, v: Scalar, w: Scalar, activation: str = "tanh", h0: Scalar = 0.0,
    truncate: int | None = None,
) -> ForwardTrace:
    """Run the univariate RNN over ``x``; with ``truncate=k`` the state is detached after every k steps."""
    x = _as_sequence(x, "x")
    _checks.optional_positive_int(truncate, "truncate")
    phi = get_activation(activation).fn
    u, v, w = (_as_scalar(p, n, x) for p, n in ((u, "u"), (v, "v"), (w, "w")))
    h_prev = h0 = _as_initial_state(h0, x)
    zs, hs = [], []
    for t in range(x.shape[-1]):
        z = u * x[..., t] + w * h_prev
        h = phi(z)
        zs.append(z)
        hs.append(h)
        at_boundary = truncate is not None and (t + 1) % truncate == 0
        h_prev = h.detach() if at_boundary else h
    z, h = torch.stack(zs, dim=-1), torch.stack(hs, dim=-1)
    r = v * h
    return ForwardTrace(x=x, z=z, h=h, r=r, y=phi(r), h0=h0, u=u, v=v, w=w, activation=activation)


def squared_error(y: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """The loss of this module: L = 1/2 * sum over time (and batch) of (y(t) - target(t))**2."""
    if y.shape != targets.shape:
        raise ValueError(f"targets must have the shape of the outputs {tuple(y.shape)}, got {tuple(targets.shape)}")
    return 0.5 * ((y - targets) ** 2).sum()


def backward_step(
    r_bar: torch.Tensor, z_bar_next: torch.Tensor, z: torch.Tensor, v: Scalar, w: Scalar,
    activation: str = "tanh",
) -> tuple[torch.Tensor, torch.Tensor]:
    """One step of BPTT backwards: (h_bar(t), z_bar(t)) from r_bar(t), z_bar(t+1) and z(t).

    Every argument is one time step's value (a scalar tensor, or shape ``(batch,)``).
    """
    dphi = get_activation(activation).derivative
    h_bar = r_bar * v + z_bar_next * w     # h_bar(t) = r_bar(t) v + z_bar(t+1) w
    z_bar = h_bar * dphi(z)                # z_bar(t) = h_bar(t) phi'(z(t))
    return h_bar, z_bar


def bptt_backward(trace: ForwardTrace, targets: torch.Tensor, truncate: int | None = None) -> BPTTGradients:
    """Hand-written BPTT, one line per equation of the slide; ``truncate=k`` cuts the path through w every k steps."""
    _checks.optional_positive_int(truncate, "truncate")
    if targets.shape != trace.y.shape:
        raise ValueError(f"targets must have the shape of the outputs {tuple(trace.y.shape)}, got {tuple(targets.shape)}")
    dphi = get_activation(trace.activation).derivative
    x, z, h, r, y = (t.detach() for t in (trace.x, trace.z, trace.h, trace.r, trace.y))
    u, v, w = (p.detach() for p in (trace.u, trace.v, trace.w))
    T = x.shape[-1]

    L_bar = 1.0                                      # L_bar = 1
    y_bar = L_bar * (y - targets)                    # y_bar(t) = L_bar dL/dy(t)
    r_bar = y_bar * dphi(r)                          # r_bar(t) = y_bar(t) phi'(r(t))
    h_bar, z_bar = torch.zeros_like(x), torch.zeros_like(x)
    z_bar_next = torch.zeros_like(x[..., 0])         # z_bar(T+1) = 0: nothing comes after T
    for t in reversed(range(T)):                     # t = T-1, ..., 0 holds time step t + 1
        if truncate is not None and (t + 1) % truncate == 0:
            z_bar_next = torch.zeros_like(z_bar_next)  # truncated: h(t) was detached here
        h_bar[..., t], z_bar[..., t] = backward_step(
            r_bar[..., t], z_bar_next, z[..., t], v, w, trace.activation
        )
        z_bar_next = z_bar[..., t]

    h_before = torch.cat([trace.h0.detach()[..., None], h[..., :-1]], dim=-1)  # h(t-1)
    u_terms = (z_bar * x).reshape(-1, T).sum(dim=0)          # u_bar = sum_t z_bar(t) x(t)
    v_terms = (r_bar * h).reshape(-1, T).sum(dim=0)          # v_bar = sum_t r_bar(t) h(t)
    w_terms = (z_bar * h_before).reshape(-1, T).sum(dim=0)   # w_bar = sum z_bar(t+1) h(t)
    return BPTTGradients(
        u=u_terms.sum(), v=v_terms.sum(), w=w_terms.sum(), y_bar=y_bar, r_bar=r_bar, h_bar=h_bar, z_bar=z_bar,
        u_terms=u_terms, v_terms=v_terms, w_terms=w_terms,
    )


def autograd_gradients(
    x: torch.Tensor, targets: torch.Tensor, u: Scalar, v: Scalar, w: Scalar, activation: str = "tanh",
    h0: Scalar = 0.0, truncate: int | None = None,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(dL/du, dL/dv, dL/dw) computed by PyTorch autograd (truncated BPTT: detach the state every k steps)."""
    params = [_as_scalar(p, n, x).detach().clone().requires_grad_(True) for p, n in ((u, "u"), (v, "v"), (w, "w"))]
    trace = rnn_forward(x, *params, activation=activation, h0=h0, truncate=truncate)
    grads = torch.autograd.grad(squared_error(trace.y, targets), params)
    return grads[0], grads[1], grads[2]


def finite_difference_gradients(
    x: torch.Tensor, targets: torch.Tensor, u: Scalar, v: Scalar, w: Scalar, activation: str = "tanh",
    h0: Scalar = 0.0, eps: float = 1e-6,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(dL/du, dL/dv, dL/dw) by central differences (L(p + eps) - L(p - eps)) / (2 eps)."""
    _checks.positive(eps, "eps")
    params = [_as_scalar(p, n, x).detach() for p, n in ((u, "u"), (v, "v"), (w, "w"))]

    def loss(ps: list[torch.Tensor]) -> torch.Tensor:
        return squared_error(rnn_forward(x, *ps, activation=activation, h0=h0).y, targets)

    grads = []
    for i in range(3):
        plus, minus = list(params), list(params)
        plus[i], minus[i] = params[i] + eps, params[i] - eps
        grads.append((loss(plus) - loss(minus)) / (2 * eps))
    return grads[0], grads[1], grads[2]


def _from_h1(T: int, activation: str, x: torch.Tensor | None, h1: float) -> tuple[torch.Tensor, torch.Tensor]:
    """The inputs x(1..T) (zeros when None) and h(1), in float64, for a run started at h(1)."""
    _checks.positive_int(T, "T")
    get_activation(activation)
    x = torch.zeros(T, dtype=torch.float64) if x is None else _as_sequence(x, "x").to(torch.float64)
    if x.shape != (T,):
        raise ValueError(f"x must have shape ({T},), got {tuple(x.shape)}")
    return x, torch.as_tensor(h1, dtype=torch.float64)


def hidden_state_derivative(
    w: float, T: int, activation: str = "identity", x: torch.Tensor | None = None, u: float = 0.0, h1: float = 0.1
) -> float:
    """dh(T)/dh(1) by reverse-mode autograd for z(t) = u x(t) + w h(t-1), h(t) = phi(z(t)), starting at h(1) = h1."""
    x, h1_t = _from_h1(T, activation, x, h1)
    if T == 1:
        return 1.0
    h1_t = h1_t.clone().requires_grad_(True)
    h_T = rnn_forward(x[1:], u, 1.0, w, activation, h0=h1_t).h[-1]   # steps 2..T, from h(1)
    (grad,) = torch.autograd.grad(h_T, h1_t)
    return float(grad)


def hidden_state_derivatives(
    w: float, T: int, activation: str = "identity", x: torch.Tensor | None = None, u: float = 0.0, h1: float = 0.1
) -> torch.Tensor:
    """dh(t)/dh(1) for t = 1..T (shape (T,)) by the slide's product w^(t-1) phi'(z(2)) ... phi'(z(t))."""
    x, h1_t = _from_h1(T, activation, x, h1)
    if T == 1:
        return torch.ones(1, dtype=torch.float64)
    with torch.no_grad():
        z = rnn_forward(x[1:], u, 1.0, w, activation, h0=h1_t).z   # z(t) for t = 2..T
        return derivative_products(w, z, activation)


def derivative_products(w: Scalar, z: torch.Tensor, activation: str = "identity") -> torch.Tensor:
    """dh(t)/dh(1) = w^(t-1) phi'(z(2)) ... phi'(z(t)) for t = 1..T, from z(2..T) (shape (T - 1,)).

    The result has shape ``(T,)``; entry 0 is dh(1)/dh(1) = 1, the empty product.
    """
    if not isinstance(z, torch.Tensor) or z.dim() != 1:
        raise ValueError(f"z must be a 1-D tensor of the pre-activations z(2..T), got {z!r}")
    factors = w * get_activation(activation).derivative(z)     # w phi'(z(t)), t = 2..T
    return torch.cat([torch.ones(1, dtype=z.dtype), torch.cumprod(factors, dim=0)])


def saved_tensor_bytes(
    x: torch.Tensor, u: Scalar, v: Scalar, w: Scalar, activation: str = "tanh", h0: Scalar = 0.0
) -> int:
    """Bytes autograd saves for the backward pass of one forward pass over ``x`` (measured with saved_tensors_hooks)."""
    total = 0

    def pack(tensor: torch.Tensor) -> torch.Tensor:
        nonlocal total
        total += tensor.numel() * tensor.element_size()
        return tensor

    params = [_as_scalar(p, n, x).detach().clone().requires_grad_(True) for p, n in ((u, "u"), (v, "v"), (w, "w"))]
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
        rnn_forward(x, *params, activation=activation, h0=h0)
    return total
