"""Sentiment classification of tweets with a recurrent network (the "RNNs for classification" chapter).

One concept per module; import them explicitly, e.g. ``from lecture10.sentiment.model import SentimentRNN``:

* :mod:`~lecture10.sentiment.tweets`     - the tweet tokenizer, built on :func:`lecture10.tokenize.tokenize`;
* :mod:`~lecture10.sentiment.dataset`    - labels, seeded stratified splits and samples, vocabulary,
  embedding coverage and the embedding matrix;
* :mod:`~lecture10.sentiment.batching`   - padding, random vs length-bucketed batches, padding fraction;
* :mod:`~lecture10.sentiment.model`      - ``SentimentRNN``: frozen embedding -> RNN/GRU/LSTM -> linear;
* :mod:`~lecture10.sentiment.evaluation` - probabilities, bootstrap interval, confusion matrix;
* :mod:`~lecture10.sentiment.vader`      - the VADER lexicon scorer (a port of ``vaderSentiment``'s rules);
* :mod:`~lecture10.sentiment.baselines`  - majority class, bag-of-words logistic regression, VADER;
* :mod:`~lecture10.sentiment.experiment` - data preparation and ``compare_cells`` (RNN vs GRU vs LSTM).
"""
