"""Sentiment classification of tweets with a recurrent network (the chapters sentiment-rnn and sentiment-training).

One concept per module; chapters import the modules, e.g. ``from lecture10.sentiment import batching, model``:

* :mod:`~lecture10.sentiment.tweets`       - the tweet tokenizer, built on :func:`lecture10.tokenize.tokenize`;
* :mod:`~lecture10.sentiment.labels`       - binary labels, seeded stratified splits and samples;
* :mod:`~lecture10.sentiment.vocabulary`   - the tweet vocabulary, embedding coverage and the embedding matrix;
* :mod:`~lecture10.sentiment.dataset`      - the datasets ready to train on: ``vader_data``, ``sentiment140_data``;
* :mod:`~lecture10.sentiment.batching`     - padding, random vs length-bucketed batches, padding fraction;
* :mod:`~lecture10.sentiment.model`        - ``SentimentRNN``: embedding -> RNN/GRU/LSTM -> linear;
* :mod:`~lecture10.sentiment.alternatives` - the MLP over the average word vector and the 1-D CNN;
* :mod:`~lecture10.sentiment.order_task`   - sentences whose label only word order decides;
* :mod:`~lecture10.sentiment.evaluation`   - probabilities, bootstrap interval, confusion matrix, input sensitivity;
* :mod:`~lecture10.sentiment.vader`        - the VADER lexicon scorer (a port of ``vaderSentiment``'s rules);
* :mod:`~lecture10.sentiment.baselines`    - majority class, bag-of-words logistic regression, VADER;
* :mod:`~lecture10.sentiment.experiment`   - training; the models compared (``MODELS``, ``run_model``);
* :mod:`~lecture10.sentiment.comparison`   - paired comparisons over seeds and test tweets, ``gating_statement``;
* :mod:`~lecture10.sentiment.figures`      - the figures of the multi-seed experiment.

The word vectors come from :mod:`lecture10.vectors` (``load_stanford_glove()``, ``load_book_glove()``); the
multi-seed experiment from :func:`lecture10.artefacts.sentiment_comparison` (``python -m tools.sentiment_comparison``).
"""
