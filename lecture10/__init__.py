"""Helpers for the executable CSC321 Lecture 10 course book.

Every chapter starts with :func:`lecture10.setup`, which makes its outputs
reproducible and returns the device to compute on.

Where the code of each part of the book lives (one concept per module):

* GloVe (glove-counts, glove-training, glove-exploring): :mod:`lecture10.glove` (counting, model,
  trainer, benchmarks, the pipeline); the bias chapter: :mod:`lecture10.bias`.
* RNNs for classification (sentiment-rnn, sentiment-training): :mod:`lecture10.sentiment`.
* Exploding and vanishing gradients (bptt, cliffs-clipping): :mod:`lecture10.bptt` (the univariate
  RNN by hand), :mod:`lecture10.jacobians` (step Jacobians and their products),
  :mod:`lecture10.iterated` (iterated maps), :mod:`lecture10.cliffs`, :mod:`lecture10.clipping`,
  :mod:`lecture10.gradient_demos` (their interactive demos); diagrams in :mod:`lecture10.diagrams`.
* Long-term dependencies (long-term): :mod:`lecture10.irnn`, :mod:`lecture10.gated` (LSTM and GRU
  cells from their equations), :mod:`lecture10.adding` (the adding problem and its experiment),
  :mod:`lecture10.diagrams.gated_cells` (the LSTM and GRU cell diagrams).

Shared by several parts: :mod:`lecture10.vectors` (word vectors and their loaders),
:mod:`lecture10.tokenize`, :mod:`lecture10.activations`, :mod:`lecture10.recurrent` (the recurrent
layers by name), :mod:`lecture10.training` (the training loop), :mod:`lecture10.environment`
(seeds, threads, device), :mod:`lecture10.style`, :mod:`lecture10.artefacts` (the files the project
ships), :mod:`lecture10.data` and :mod:`lecture10.readers` (third-party data), :mod:`lecture10.source`
(a function's code as a chapter shows it).
"""
from lecture10.environment import pick_device, setup
from lecture10.style import PALETTE, apply_style

__version__ = "0.1.0"
__all__ = ["setup", "pick_device", "PALETTE", "apply_style", "__version__"]
