"""The tweet tokenizer: Twitter-specific rules on top of the book's tokenizer."""
from __future__ import annotations

import pytest

from lecture10.sentiment.tweets import HEART, SAD, SMILE, URL, USER, squeeze_repeats, tokenize_tweet
from lecture10.tokenize import tokenize


def test_the_slides_example_tweets():
    assert tokenize_tweet("WOOOOO! Xbox is back") == ["woo", "!", "xbox", "is", "back"]
    assert tokenize_tweet("Just going to cry myself to sleep after watching Marley and Me") == [
        "just", "going", "to", "cry", "myself", "to", "sleep", "after", "watching", "marley", "and", "me"]


def test_mentions_urls_and_hashtags():
    assert tokenize_tweet("@anonymous see http://url_removed and www.x.com/a?b=1 #Xbox") == [
        USER, "see", URL, "and", URL, "xbox"]
    assert tokenize_tweet("#NeverAgain, #tbt #1") == ["never", "again", "tbt", "1"]
    assert tokenize_tweet("mail me at bob@example.com") == ["mail", "me", "at", "bob", "example", "com"]


def test_repeated_letters_are_squeezed_to_two_but_digits_are_not():
    assert squeeze_repeats("woooooo sooo goood") == "woo soo good"
    assert squeeze_repeats("1000 zzz") == "1000 zz"
    assert tokenize_tweet("Sooo HAPPYYYY 2000") == ["soo", "happyy", "2000"]


def test_exclamation_and_question_marks_are_kept_once_other_punctuation_dropped():
    assert tokenize_tweet("really?!?! wow!!! (ok), fine... yes!!1") == [
        "really", "?", "wow", "!", "ok", "fine", "yes", "!"]


def test_emoticons_and_html_entities():
    assert tokenize_tweet("fun :) :-D ;) :P but :( :'( <3 &lt;3") == [
        "fun", SMILE, SMILE, SMILE, SMILE, "but", SAD, SAD, HEART, HEART]
    assert tokenize_tweet("&quot;Tom &amp; Jerry&quot;") == ["tom", "jerry"]
    # no emoticon inside ordinary text: times, function calls, list items
    assert tokenize_tweet("at 10:30 f(x) item 8)") == ["at", "10", "30", "f", "x", "item", "8"]


@pytest.mark.parametrize("text", [
    "The King's speech, don't you think; it was well-known in 1,000 places",
    "Café naïve résumé — ＦＵＬＬ width and the ﬁrst ligature",
    "Numbers 3.14 and o'clock rock'n'roll",
])
def test_plain_text_is_tokenized_exactly_like_the_embeddings_corpus(text):
    assert tokenize_tweet(text) == tokenize(text)


def test_placeholders_cannot_come_from_ordinary_words():
    tokens = tokenize_tweet("user url smile sadface heart <user> <url>")
    assert tokens[:5] == ["user", "url", "smile", "sadface", "heart"]
    assert tokens[5:] == ["user", "url"]  # typed angle brackets are punctuation, not placeholders


def test_bad_input():
    with pytest.raises(TypeError, match="str"):
        tokenize_tweet(None)
