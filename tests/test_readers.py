"""lecture10.readers on real sample files ($LECTURE10_REAL_DATA) and on deliberately bad input.

The facts asserted about the real samples (counts, words, values) were read off the files
with awk/grep, not produced by the code under test.
"""
from __future__ import annotations

import gzip
import struct
from pathlib import Path

import numpy as np
import pytest

from lecture10.readers import (read_sentiment140_csv, read_vader_tweets, read_word2vec_binary,
                               read_word_vectors_text)

GLOVE_SAMPLE = "glove/glove.6B.50d.top2446.txt"
S140_SAMPLE = "sentiment140/training.1600000.processed.noemoticon.sample20k.csv"


def sample(real_data: Path, relative: str) -> Path:
    path = real_data / relative
    if not path.is_file():
        pytest.skip(f"{path} is missing from $LECTURE10_REAL_DATA")
    return path


# --- real files -------------------------------------------------------------------------------

def test_glove_sample(real_data):
    words, vectors = read_word_vectors_text(sample(real_data, GLOVE_SAMPLE))
    assert len(words) == 2446 and vectors.shape == (2446, 50) and vectors.dtype == np.float32
    assert words[:3] == ["the", ",", "."] and words[-1] == "handed"
    assert vectors[0, :3].tolist() == pytest.approx([0.418, 0.24968, -0.41242])
    king = vectors[words.index("king")]
    assert words.index("king") == 691 and king.shape == (50,)
    assert (king[0], king[-1]) == pytest.approx((0.50451, -0.51042))
    assert words.index("queen") == 2060 and vectors[2060, 0] == pytest.approx(0.37854)
    assert len(set(words)) == len(words)


def test_glove_sample_limit(real_data):
    words, vectors = read_word_vectors_text(sample(real_data, GLOVE_SAMPLE), limit=10)
    assert words[:2] == ["the", ","] and vectors.shape == (10, 50)


def test_sentiment140_sample(real_data):
    table, replaced = read_sentiment140_csv(sample(real_data, S140_SAMPLE))
    polarity = table["polarity"]
    assert len(polarity) == 20000 and all(len(column) == 20000 for column in table.values())
    assert (polarity[:9999] == 0).all() and (polarity[9999:] == 4).all()
    assert table["id"][0] == 1467810369 and table["id"][-1] == 2193602129
    assert table["user"][0] == "_TheSpecialOne_" and table["user"][9999] == "YatPundit"
    assert table["date"][0] == "Mon Apr 06 22:19:45 PDT 2009"
    assert set(table["query"]) == {"NO_QUERY"}
    assert table["text"][-1] == "happy #charitytuesday @theNSPCC @SparksCharity @SpeakingUpH4H "
    # the sample is valid UTF-8: nothing is replaced, but the 165 U+FFFD already in it are kept
    assert replaced == 0
    assert sum(text.count("\ufffd") for text in table["text"]) == 165
    assert table["text"][194].endswith("I pray for my dog,she\ufffds not well ")
    assert sum("&quot;" in text for text in table["text"]) == 460


def test_sentiment140_from_the_zip(real_data, tmp_path):
    import zipfile
    archive = tmp_path / "trainingandtestdata.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(sample(real_data, S140_SAMPLE), "training.1600000.processed.noemoticon.csv")
    table, _ = read_sentiment140_csv(archive)
    assert len(table["polarity"]) == 20000


# --- formats and bad input ----------------------------------------------------------------------

def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_word2vec_text_header_is_detected_and_gzip_read(tmp_path):
    text = "3 2\nthe 0.5 -1\ncafé 2 3e-1\nx 1 1\n"
    for path in (write(tmp_path / "v.txt", text), tmp_path / "v.txt.gz"):
        if path.suffix == ".gz":
            path.write_bytes(gzip.compress(text.encode()))
        words, vectors = read_word_vectors_text(path)
        assert words == ["the", "café", "x"]
        np.testing.assert_array_equal(vectors, np.array([[0.5, -1], [2, 0.3], [1, 1]], dtype=np.float32))


def test_word2vec_text_header_count_is_checked(tmp_path):
    with pytest.raises(ValueError, match=r"header says 3 vectors, the file has 1"):
        read_word_vectors_text(write(tmp_path / "v.txt", "3 2\nthe 0.5 -1\n"))


def test_inconsistent_dimension_names_file_and_line(tmp_path):
    path = write(tmp_path / "v.txt", "the 1 2 3\nof 1 2\n")
    with pytest.raises(ValueError, match=rf"{path}:2: word 'of' has 2 values, expected 3"):
        read_word_vectors_text(path)


def test_non_numeric_vector_names_file_and_line(tmp_path):
    path = write(tmp_path / "v.txt", "the 1 2\nof 1 two\n")
    with pytest.raises(ValueError, match=rf"{path}:2: non-numeric value in the vector of 'of'"):
        read_word_vectors_text(path)


def word2vec_binary(words: list[str], vectors: np.ndarray) -> bytes:
    body = b"".join(w.encode() + b" " + struct.pack(f"<{vectors.shape[1]}f", *row)
                    for w, row in zip(words, vectors))
    return f"{len(words)} {vectors.shape[1]}\n".encode() + body


def test_word2vec_binary_round_trip_and_limit(tmp_path):
    vectors = np.arange(12, dtype=np.float32).reshape(3, 4) / 7
    path = write(tmp_path / "v.bin", word2vec_binary(["in", "naïve", "x"], vectors))
    words, read = read_word2vec_binary(path)
    assert words == ["in", "naïve", "x"]
    np.testing.assert_array_equal(read, vectors)
    words, read = read_word2vec_binary(path, limit=2)
    assert words == ["in", "naïve"] and read.shape == (2, 4)


def test_word2vec_binary_truncated_or_headerless(tmp_path):
    full = word2vec_binary(["a", "b"], np.ones((2, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="file ends inside vector 2 of 2"):
        read_word2vec_binary(write(tmp_path / "cut.bin", full[:-1]))
    with pytest.raises(ValueError, match=r"v.bin:1: expected a word2vec header"):
        read_word2vec_binary(write(tmp_path / "v.bin", b"the 0.1 0.2\n"))


def test_sentiment140_bad_bytes_are_replaced_and_counted(tmp_path):
    raw = (b'"0","1","Mon Apr 06 22:19:45 PDT 2009","NO_QUERY","u","caf\xe9 \xff ok"\n'
           b'"4","2","Mon Apr 06 22:19:46 PDT 2009","NO_QUERY","v","fine \xef\xbf\xbd"\n')
    table, replaced = read_sentiment140_csv(write(tmp_path / "s.csv", raw))
    assert replaced == 2
    assert table["text"].tolist() == ["caf\ufffd \ufffd ok", "fine \ufffd"]
    assert table["polarity"].tolist() == [0, 4] and table["id"].dtype == np.int64


def test_sentiment140_wrong_column_count_names_file_and_line(tmp_path):
    path = write(tmp_path / "s.csv", '"0","1","d","q","u","t"\n"4","2","d","q","t"\n')
    with pytest.raises(ValueError, match=rf"{path}:2: expected 6 columns .* got 5"):
        read_sentiment140_csv(path)


def test_sentiment140_bad_polarity(tmp_path):
    path = write(tmp_path / "s.csv", '"positive","1","d","q","u","t"\n')
    with pytest.raises(ValueError, match=rf"{path}:1: polarity must be 0, 2 or 4"):
        read_sentiment140_csv(path)


def test_vader_tweets_format(tmp_path):
    path = write(tmp_path / "t.txt", "1\t2.5\tgreat\tday\r\n2\t-0.25\tmeh\r\n")
    tweets = read_vader_tweets(path)
    assert tweets["id"].tolist() == [1, 2]
    assert tweets["rating"].tolist() == [2.5, -0.25]
    assert tweets["text"].tolist() == ["great\tday", "meh"]


def test_vader_tweets_bad_lines(tmp_path):
    with pytest.raises(ValueError, match=r"t.txt:2: expected 'id<TAB>rating<TAB>text'"):
        read_vader_tweets(write(tmp_path / "t.txt", "1\t2.5\tok\n2 -1 no tabs\n"))
    with pytest.raises(ValueError, match=r"u.txt:1: id must be an integer and rating a number"):
        read_vader_tweets(write(tmp_path / "u.txt", "1\thigh\ttext\n"))
