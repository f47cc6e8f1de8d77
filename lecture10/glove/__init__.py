"""GloVe, built by the book: corpus slice, co-occurrence counts, the model and its trainer, word
vectors and their evaluation.

>>> from lecture10.glove import load_shipped
>>> vectors = load_shipped()                  # the book's own 100-d vectors (offline)
>>> vectors.analogy("man", "king", "woman")   # a is to b as c is to ?

Modules: :mod:`~lecture10.glove.cooccurrence` (vocabulary, counts),
:mod:`~lecture10.glove.model` (objective), :mod:`~lecture10.glove.train` (AdaGrad trainer),
:mod:`~lecture10.glove.vectors` (queries, loading), :mod:`~lecture10.glove.evaluate`
(analogies, WS-353, SimLex-999), :mod:`~lecture10.glove.corpus` (the texts),
:mod:`~lecture10.glove.wikitext` (wiki markup).
"""
from lecture10.glove.vectors import WordVectors, load_shipped, load_stanford, shipped_manifest

__all__ = ["WordVectors", "load_shipped", "load_stanford", "shipped_manifest"]
