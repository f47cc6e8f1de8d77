"""Measuring what word embeddings learned about gender, race and more, and trying to undo it.

Every function takes a set of word vectors from :mod:`lecture10.vectors` (the Bolukbasi word2vec
subset, Stanford's GloVe 6B, the book's GloVe) or anything with the same ``words``, ``index`` and
``matrix``. The chapter ``bias`` measures (directions, WEAT); ``debiasing`` repairs and checks the
repair (debias, leakage).

* :mod:`lecture10.bias.wordlists`: WEAT lists, Caliskan et al.'s tests, Bolukbasi's word lists;
* :mod:`lecture10.bias.direction`: a gender direction (he - she, or PCA of pairs) and projections;
* :mod:`lecture10.bias.weat`: the WEAT statistic, effect size and permutation p-value;
* :mod:`lecture10.bias.replication`: Caliskan et al.'s tests on a vocabulary, as a table;
* :mod:`lecture10.bias.debias`: hard debiasing (neutralize + equalize);
* :mod:`lecture10.bias.leakage`: Gonen and Goldberg's checks that the bias is still recoverable.
"""
