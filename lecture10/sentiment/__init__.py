"""Sentiment classification of tweets with a recurrent network (the "RNNs for classification" chapter).

One concept per module; import them explicitly, e.g. ``from lecture10.sentiment.model import SentimentRNN``:

* :mod:`~lecture10.sentiment.tweets`     - the tweet tokenizer, built on :func:`lecture10.tokenize.tokenize`;
* :mod:`~lecture10.sentiment.labels`     - binary labels, seeded stratified splits and samples;
* :mod:`~lecture10.sentiment.vocabulary` - the tweet vocabulary, embedding coverage and the embedding matrix;
* :mod:`~lecture10.sentiment.dataset`    - the datasets ready to train on: ``vader_data``, ``sentiment140_data``;
* :mod:`~lecture10.sentiment.batching`   - padding, random vs length-bucketed batches, padding fraction;
* :mod:`~lecture10.sentiment.model`      - ``SentimentRNN``: frozen embedding -> RNN/GRU/LSTM -> linear;
* :mod:`~lecture10.sentiment.evaluation` - probabilities, bootstrap interval, confusion matrix;
* :mod:`~lecture10.sentiment.vader`      - the VADER lexicon scorer (a port of ``vaderSentiment``'s rules);
* :mod:`~lecture10.sentiment.baselines`  - majority class, bag-of-words logistic regression, VADER;
* :mod:`~lecture10.sentiment.experiment` - training, and ``compare_cells`` (RNN vs GRU vs LSTM).

The word vectors come from :mod:`lecture10.vectors` (``load_word_vectors("book-glove")``).
"""
