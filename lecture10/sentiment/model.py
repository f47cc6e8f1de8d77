"""The sentiment classifier: frozen pretrained embedding -> a recurrent layer (RNN, GRU, LSTM...) -> linear layer.

``SentimentRNN(embeddings)(tokens, lengths)`` maps a padded batch of token ids
``(batch, time)`` and the true lengths ``(batch,)`` to class logits ``(batch, classes)``.

The recurrent layer reads a :func:`~torch.nn.utils.rnn.pack_padded_sequence` by default, so
it never computes on padding and ``h_n`` is the hidden state after each tweet's *own* last
token. With ``packed=False`` it runs over the padded rectangle (the naive way, for
comparison) and the features are read at each tweet's last real position instead.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from lecture10 import _checks
from lecture10.recurrent import recurrent_layer
from lecture10.sentiment.vocabulary import PAD_ID

__all__ = ["POOLINGS", "SentimentRNN"]

#: How the per-step outputs become one vector per tweet.
POOLINGS = ("last", "max")


class SentimentRNN(nn.Module):
    """Frozen pretrained embedding, a recurrent layer (``batch_first``), a linear read-out.

    ``pooling="last"`` reads the final hidden state ``h_n`` (of the last layer; both
    directions concatenated when bidirectional); ``pooling="max"`` takes the maximum over
    time of every output feature, padding excluded.
    """

    def __init__(self, embeddings: torch.Tensor, hidden_size: int = 64, *, cell: str = "rnn", num_layers: int = 1,
                 bidirectional: bool = False, pooling: str = "last", num_classes: int = 2, dropout: float = 0.0,
                 freeze: bool = True, packed: bool = True):
        super().__init__()
        if pooling not in POOLINGS:
            raise ValueError(f"pooling must be one of {POOLINGS}, got {pooling!r}")
        if embeddings.dim() != 2:
            raise ValueError(f"embeddings must be a (vocabulary, dim) matrix, got shape {tuple(embeddings.shape)}")
        if _checks.positive_int(num_classes, "num_classes") < 2:
            raise ValueError(f"num_classes must be >= 2, got {num_classes}")
        if not packed and bidirectional:
            raise ValueError("packed=False runs the backward direction over the padding first: use packed=True")
        self.cell, self.pooling, self.packed = cell, pooling, packed
        self.embedding = nn.Embedding.from_pretrained(embeddings.float(), freeze=freeze, padding_idx=PAD_ID)
        self.rnn = recurrent_layer(cell, embeddings.shape[1], hidden_size, num_layers=num_layers,
                                   bidirectional=bidirectional)
        directions = 2 if bidirectional else 1
        self.dropout = nn.Dropout(dropout)
        self.output = nn.Linear(directions * hidden_size, num_classes)

    def _check(self, tokens: torch.Tensor, lengths: torch.Tensor) -> None:
        if tokens.dim() != 2:
            raise ValueError(f"tokens must be (batch, time), got shape {tuple(tokens.shape)}")
        if lengths.shape != tokens.shape[:1]:
            raise ValueError(f"lengths must be (batch,) = ({tokens.shape[0]},), got {tuple(lengths.shape)}")
        if int(lengths.min()) < 1 or int(lengths.max()) > tokens.shape[1]:
            raise ValueError(f"lengths must lie in [1, {tokens.shape[1]}], got [{int(lengths.min())}, {int(lengths.max())}]")

    def features(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """One vector per tweet, ``(batch, directions * hidden)``: what the linear layer reads."""
        self._check(tokens, lengths)
        return self.summarize(self.embedding(tokens), lengths)

    def summarize(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """The features of already-embedded tweets ``x`` of shape ``(batch, time, dim)``.

        Split from :meth:`features` so that gradients with respect to the input vectors can be
        taken (see :func:`lecture10.sentiment.evaluation.input_sensitivity`).
        """
        lengths = lengths.cpu()
        if self.packed:
            packed = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            out, h_n = self.rnn(packed)
            if self.pooling == "max":
                out, _ = pad_packed_sequence(out, batch_first=True, padding_value=float("-inf"))
                return out.max(dim=1).values
            h_n = h_n[0] if isinstance(h_n, tuple) else h_n  # an LSTM returns (h_n, c_n)
            directions = 2 if self.rnn.bidirectional else 1
            last_layer = h_n.view(self.rnn.num_layers, directions, *h_n.shape[1:])[-1]
            return torch.cat(list(last_layer), dim=-1)  # (batch, directions * hidden)
        out, _ = self.rnn(x)  # over the padding too: (batch, time, hidden)
        if self.pooling == "max":
            padding = torch.arange(out.shape[1])[None, :] >= lengths[:, None]
            return out.masked_fill(padding[..., None].to(out.device), float("-inf")).max(dim=1).values
        return out[torch.arange(out.shape[0]), lengths.to(out.device) - 1]

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Class logits ``(batch, num_classes)`` for padded ``tokens`` with true ``lengths``."""
        return self.output(self.dropout(self.features(tokens, lengths)))
