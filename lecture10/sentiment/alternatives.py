"""The models the lecture asks the RNN to be compared with: an MLP and a CNN over the same word vectors.

Both take what :class:`~lecture10.sentiment.model.SentimentRNN` takes, padded token ids ``(B, T)``
and true lengths ``(B,)``, and return class logits ``(B, classes)``; both look words up in the same
frozen embedding table.

* :class:`BagOfEmbeddingsMLP` averages a tweet's word vectors (:func:`mean_embedding`) and feeds the
  average to an MLP. Its input does not change when the words are shuffled: it cannot see order.
* :class:`TweetCNN` slides filters over ``width`` consecutive word vectors and keeps each filter's
  maximum over the tweet (:func:`~lecture10.sentiment.model.max_over_time`): it sees order, but only
  within its window.
"""
from __future__ import annotations

import torch
from torch import nn

from lecture10 import _checks
from lecture10.sentiment.model import _check_padded, max_over_time
from lecture10.sentiment.vocabulary import PAD_ID

__all__ = ["BagOfEmbeddingsMLP", "TweetCNN", "mean_embedding"]


def mean_embedding(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """The average of each tweet's vectors over its real tokens, padding excluded: (B, T, D) -> (B, D)."""
    _check_padded(x, lengths)
    return (x * _real(x, lengths)[..., None]).sum(dim=1) / lengths.to(x.device)[:, None]


def _real(x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """(B, T) mask of the real tokens of padded ``x`` (B, T, ...)."""
    return torch.arange(x.shape[1], device=x.device)[None, :] < lengths.to(x.device)[:, None]


def _embedding(embeddings: torch.Tensor, freeze: bool) -> nn.Embedding:
    if embeddings.dim() != 2:
        raise ValueError(f"embeddings must be a (vocabulary, dim) matrix, got shape {tuple(embeddings.shape)}")
    # A copy: from_pretrained wraps the tensor it is given, and fine-tuning would change the caller's table.
    return nn.Embedding.from_pretrained(embeddings.detach().float().clone(), freeze=freeze, padding_idx=PAD_ID)


class BagOfEmbeddingsMLP(nn.Module):
    """Average word vector -> Linear -> ReLU -> Linear: a tweet as an unordered bag of its vectors."""

    def __init__(self, embeddings: torch.Tensor, hidden_size: int = 64, num_classes: int = 2,
                 freeze: bool = True):
        super().__init__()
        _checks.positive_int(hidden_size, "hidden_size")
        self.embedding = _embedding(embeddings, freeze)
        self.hidden = nn.Linear(embeddings.shape[1], hidden_size)
        self.output = nn.Linear(hidden_size, _checks.positive_int(num_classes, "num_classes"))

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Class logits (B, classes) of padded token ids (B, T) with true lengths (B,)."""
        average = mean_embedding(self.embedding(tokens), lengths)  # (B, D)
        return self.output(torch.relu(self.hidden(average)))  # (B, classes)


class TweetCNN(nn.Module):
    """A 1-D convolution over the word vectors (``width`` words at a time), ReLU, max over time, Linear."""

    def __init__(self, embeddings: torch.Tensor, channels: int = 64, width: int = 3, num_classes: int = 2,
                 freeze: bool = True):
        super().__init__()
        _checks.positive_int(channels, "channels")
        _checks.positive_int(width, "width")
        self.embedding = _embedding(embeddings, freeze)
        self.width = width
        self.conv = nn.Conv1d(embeddings.shape[1], channels, kernel_size=width)
        self.output = nn.Linear(channels, _checks.positive_int(num_classes, "num_classes"))

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Class logits (B, classes) of padded token ids (B, T) with true lengths (B,)."""
        x = self.embedding(tokens)  # (B, T, D)
        _check_padded(x, lengths)
        # Zero vectors in place of the padding and around each tweet, so that every word fills every
        # slot of a window and a tweet's windows are the same in any batch.
        x = x * _real(x, lengths)[..., None]
        x = nn.functional.pad(x.transpose(1, 2), (self.width - 1, self.width - 1))  # (B, D, T + 2w - 2)
        windows = torch.relu(self.conv(x)).transpose(1, 2)  # (B, T + w - 1, channels)
        return self.output(max_over_time(windows, lengths + self.width - 1))  # (B, classes)
