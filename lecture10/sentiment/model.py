"""The sentiment classifier: frozen pretrained embedding -> a recurrent layer (RNN, GRU, LSTM...) -> linear layer.

``SentimentRNN(embeddings)(tokens, lengths)`` maps a padded batch of token ids ``(B, T)`` and the
true lengths ``(B,)`` to class logits ``(B, classes)``. Shapes in comments: ``B`` tweets in the
batch, ``T`` steps of the longest, ``D`` embedding dimensions, ``H`` hidden units.

The recurrent layer reads a :func:`~torch.nn.utils.rnn.pack_padded_sequence` by default, so
it never computes on padding and ``h_n`` is the hidden state after each tweet's *own* last
token. With ``packed=False`` it runs over the padded rectangle (the naive way, for
comparison) and the features are read at each tweet's last real position instead
(:func:`last_real_states`). :func:`max_over_time` is the other way to summarise a tweet.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from lecture10 import _checks
from lecture10.recurrent import recurrent_layer
from lecture10.sentiment.vocabulary import PAD_ID

__all__ = ["POOLINGS", "SentimentRNN", "count_parameters", "last_real_states", "max_over_time"]

#: How the per-step outputs become one vector per tweet.
POOLINGS = ("last", "max")


def _check_padded(outputs: torch.Tensor, lengths: torch.Tensor) -> None:
    if outputs.dim() != 3:
        raise ValueError(f"outputs must be (batch, time, features), got shape {tuple(outputs.shape)}")
    if tuple(lengths.shape) != (outputs.shape[0],):
        raise ValueError(f"lengths must be (batch,) = ({outputs.shape[0]},), got {tuple(lengths.shape)}")
    if len(lengths) and (int(lengths.min()) < 1 or int(lengths.max()) > outputs.shape[1]):
        raise ValueError(f"lengths must lie in [1, {outputs.shape[1]}], got [{int(lengths.min())}, "
                         f"{int(lengths.max())}]")


def last_real_states(outputs: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """Each tweet's output at its own last token: ``outputs[b, lengths[b] - 1]``, shape (B, H)."""
    _check_padded(outputs, lengths)
    return outputs[torch.arange(outputs.shape[0]), lengths.to(outputs.device) - 1]


def max_over_time(outputs: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """The maximum over a tweet's real steps of every feature, padding excluded: shape (B, H)."""
    _check_padded(outputs, lengths)
    padding = torch.arange(outputs.shape[1])[None, :] >= lengths.cpu()[:, None]  # (B, T)
    return outputs.masked_fill(padding[..., None].to(outputs.device), float("-inf")).amax(dim=1)


def count_parameters(model: nn.Module) -> dict[str, int]:
    """The numbers of trained and of frozen parameters of ``model``."""
    counts = {"trained": 0, "frozen": 0}
    for p in model.parameters():
        counts["trained" if p.requires_grad else "frozen"] += p.numel()
    return counts


class SentimentRNN(nn.Module):
    """Frozen pretrained embedding, a recurrent layer (``batch_first``), a linear read-out.

    ``pooling="last"`` reads the final hidden state ``h_n`` (of the last layer; both
    directions concatenated when bidirectional); ``pooling="max"`` takes the maximum over
    time of every output feature, padding excluded. ``freeze=False`` fine-tunes the embedding.
    """

    def __init__(self, embeddings: torch.Tensor, hidden_size: int = 64, *, cell: str = "rnn", num_layers: int = 1,
                 bidirectional: bool = False, pooling: str = "last", num_classes: int = 2, dropout: float = 0.0,
                 freeze: bool = True, packed: bool = True):
        super().__init__()
        _checks.one_of(pooling, POOLINGS, "pooling")
        if embeddings.dim() != 2:
            raise ValueError(f"embeddings must be a (vocabulary, dim) matrix, got shape {tuple(embeddings.shape)}")
        if _checks.positive_int(num_classes, "num_classes") < 2:
            raise ValueError(f"num_classes must be >= 2, got {num_classes}")
        if not packed and bidirectional:
            raise ValueError("packed=False runs the backward direction over the padding first: use packed=True")
        self.cell, self.pooling, self.packed = cell, pooling, packed
        # A copy: from_pretrained wraps the tensor it is given, and fine-tuning would change the caller's table.
        self.embedding = nn.Embedding.from_pretrained(embeddings.detach().float().clone(), freeze=freeze,
                                                      padding_idx=PAD_ID)
        self.rnn = recurrent_layer(cell, embeddings.shape[1], hidden_size, num_layers=num_layers,
                                   bidirectional=bidirectional)
        directions = 2 if bidirectional else 1
        self.dropout = nn.Dropout(dropout)
        self.output = nn.Linear(directions * hidden_size, num_classes)

    def _check(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        if tokens.dim() != 2:
            raise ValueError(f"tokens must be (batch, time), got shape {tuple(tokens.shape)}")
        _check_padded(tokens[..., None], lengths)
        return tokens

    def forward(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Class logits (B, classes) of padded token ids (B, T) with true lengths (B,)."""
        x = self.embedding(self._check(tokens, lengths))  # (B, T, D): one vector per token
        h = self.summarize(x, lengths)  # (B, H): one vector per tweet
        return self.output(self.dropout(h))  # (B, classes): a score per class

    def features(self, tokens: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """One vector per tweet, ``(B, directions * H)``: what the linear layer reads."""
        return self.summarize(self.embedding(self._check(tokens, lengths)), lengths)

    def summarize(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """One vector per tweet (B, H) from its embedded tokens x (B, T, D)."""
        lengths = lengths.cpu()
        if not self.packed:  # run over the padding too, then read the real steps
            out = self.rnn(x)[0]  # (B, T, H)
            pool = max_over_time if self.pooling == "max" else last_real_states
            return pool(out, lengths)
        x = pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, h_n = self.rnn(x)  # h_n: (layers * directions, B, H), at each tweet's end
        if self.pooling == "max":
            return max_over_time(pad_packed_sequence(out, batch_first=True)[0], lengths)
        h_n = h_n[0] if isinstance(h_n, tuple) else h_n  # an LSTM returns (h_n, c_n)
        directions = 2 if self.rnn.bidirectional else 1
        last_layer = h_n.view(self.rnn.num_layers, directions, *h_n.shape[1:])[-1]
        return torch.cat(list(last_layer), dim=-1)  # (B, directions * H)
