"""The GloVe training corpus, assembled from text inside registry packages (``python -m tools.corpus.build``)."""
