"""GloVe, built by the book: corpus slice, co-occurrence counts, the model and its trainer, evaluation.

One concept per module; import them explicitly, e.g. ``from lecture10.glove.pipeline import count_corpus``:

* :mod:`~lecture10.glove.corpus`       - the texts: the maintainers' corpus, the chapter's Wikipedia slice;
* :mod:`~lecture10.glove.wikitext`     - plain text out of wiki markup;
* :mod:`~lecture10.glove.cooccurrence` - vocabulary and co-occurrence counts;
* :mod:`~lecture10.glove.model`        - the objective: weighting function, loss, parameters;
* :mod:`~lecture10.glove.config`       - the hyper-parameters of a fit;
* :mod:`~lecture10.glove.train`        - the AdaGrad trainer (torch: the reference the chapters teach from);
* :mod:`~lecture10.glove.fast`         - the same AdaGrad pair by pair, compiled with numba (the tools' fast path);
* :mod:`~lecture10.glove.counting`     - the co-occurrence counts again, in less memory (the tools' path);
* :mod:`~lecture10.glove.benchmarks`   - analogies, WordSim-353, SimLex-999;
* :mod:`~lecture10.glove.projection`   - a few groups of words pictured in 2-D (PCA, labels apart);
* :mod:`~lecture10.glove.pipeline`     - the steps strung together, as the chapters and ``tools/train_glove.py`` run them.

The trained vectors are :class:`lecture10.vectors.WordVectors`; the book's own load with
:func:`lecture10.vectors.load_book_glove`.
"""
