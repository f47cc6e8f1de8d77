"""Tests of lecture10.setup and torch_threads: reproducibility, threads, style, argument checks."""
from __future__ import annotations

import random

import matplotlib as mpl
import numpy as np
import pytest
import torch

import lecture10
from lecture10.environment import torch_threads
from lecture10.style import CYCLE, PALETTE


def draws() -> tuple[float, float, list[float]]:
    return random.random(), float(np.random.rand()), torch.rand(3).tolist()


def test_same_seed_gives_the_same_draws_from_every_generator() -> None:
    lecture10.setup(seed=7)
    first = draws()
    lecture10.setup(seed=7)
    assert draws() == first
    lecture10.setup(seed=8)
    assert draws() != first


def test_setup_fixes_threads_determinism_and_style() -> None:
    previous = torch.get_num_threads()
    try:
        device = lecture10.setup(seed=0, threads=1, prefer_gpu=False)
        assert device == torch.device("cpu")
        assert torch.get_num_threads() == 1
        assert torch.are_deterministic_algorithms_enabled()
        colours = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]
        assert colours == CYCLE and colours[0] == PALETTE["blue"]
    finally:
        torch.set_num_threads(previous)
        torch.use_deterministic_algorithms(False)


@pytest.mark.parametrize("kwargs, word", [({"seed": -1}, "seed"), ({"seed": 1.5}, "seed"), ({"threads": 0}, "threads")])
def test_bad_arguments_are_named(kwargs: dict, word: str) -> None:
    with pytest.raises(ValueError, match=word):
        lecture10.setup(**kwargs)


def test_palette_is_the_okabe_ito_set() -> None:
    # Okabe & Ito (2008), "Color Universal Design": the eight colours as published.
    published = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(PALETTE.values()) == published


def test_torch_threads_is_restored_even_after_an_error():
    before = torch.get_num_threads()
    with pytest.raises(RuntimeError):
        with torch_threads(1):
            assert torch.get_num_threads() == 1
            raise RuntimeError("boom")
    assert torch.get_num_threads() == before
    with torch_threads(None):
        assert torch.get_num_threads() == before
    with pytest.raises(ValueError, match="threads"):
        with torch_threads(0):
            pass
