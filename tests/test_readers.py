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

from lecture10.readers import (read_sentiment140_csv, read_vader_tweets, read_vectors_npy, read_word2vec_binary,
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


# --- issue 17, item 7: bad bytes and bad values name the file and the line ---------------------------

def test_a_non_utf8_byte_names_the_file_line_and_byte(tmp_path):
    path = write(tmp_path / "v.txt", b"the 1 2\ncaf\xe9 3 4\n")
    with pytest.raises(ValueError, match=rf"{path}:2: not UTF-8 \(byte 0xe9 at column 4\)"):
        read_word_vectors_text(path)
    tweets = write(tmp_path / "t.txt", b"1\t2.5\tok\n2\t1.0\tna\xefve\n")
    with pytest.raises(ValueError, match=rf"{tweets}:2: not UTF-8 \(byte 0xef"):
        read_vader_tweets(tweets)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e40", "NaN"])
def test_values_that_are_not_finite_float32_are_refused(tmp_path, value):
    path = write(tmp_path / "v.txt", f"the 1 2\nof 0.5 {value}\n")
    with pytest.raises(ValueError, match=rf"{path}:2: value '{value}' in the vector of 'of' is not a finite float32"):
        read_word_vectors_text(path)


def test_a_utf8_bom_is_not_part_of_the_first_word(tmp_path):
    words, _ = read_word_vectors_text(write(tmp_path / "v.txt", "\ufeffthe 1 2\nof 3 4\n"))
    assert words == ["the", "of"]
    tweets = read_vader_tweets(write(tmp_path / "t.txt", "\ufeff1\t2.5\tgreat\n"))
    assert tweets["id"].tolist() == [1]
    table, _ = read_sentiment140_csv(write(tmp_path / "s.csv", '\ufeff"0","1","d","q","u","t"\n'))
    assert table["polarity"].tolist() == [0]


def test_a_truncated_gz_names_the_file(tmp_path):
    packed = gzip.compress(("the 0.5 -1\n" * 5000).encode())
    path = write(tmp_path / "v.txt.gz", packed[: len(packed) // 2])
    with pytest.raises(ValueError, match=rf"{path}: the compressed file is truncated or damaged .* fetch it again"):
        read_word_vectors_text(path)


def test_empty_vector_files_name_the_file(tmp_path):
    with pytest.raises(ValueError, match=rf"{tmp_path / 'e.bin'}: the file is empty"):
        read_word2vec_binary(write(tmp_path / "e.bin", b""))
    with pytest.raises(ValueError, match=rf"{tmp_path / 'e.txt'}: no vectors in the file"):
        read_word_vectors_text(write(tmp_path / "e.txt", b""))


def test_an_absurd_word2vec_header_is_refused_without_allocating(tmp_path):
    path = write(tmp_path / "v.bin", b"999999999999 300\n" + b"x " + bytes(1200))  # 999,999,999,999 x (1 + 4 * 300)
    with pytest.raises(ValueError, match=r"v.bin:1: the header says 999,999,999,999 vectors of 300 values, "
                                         r"which need at least 1,200,999,999,998,799 bytes"):
        read_word2vec_binary(path)


def test_word2vec_binary_with_nan_names_the_word(tmp_path):
    vectors = np.array([[1, 2], [np.nan, 0]], dtype=np.float32)
    with pytest.raises(ValueError, match=r"the vector of 'b' \(number 2\) holds nan or inf"):
        read_word2vec_binary(write(tmp_path / "v.bin", word2vec_binary(["a", "b"], vectors)))


def test_sentiment140_id_out_of_range_names_the_line(tmp_path):
    path = write(tmp_path / "s.csv", '"0","1","d","q","u","t"\n"4","99999999999999999999","d","q","u","t"\n')
    with pytest.raises(ValueError, match=rf"{path}:2: id 99999999999999999999 is larger than a 64-bit integer"):
        read_sentiment140_csv(path)


def test_vader_rating_out_of_range_names_the_line(tmp_path):
    path = write(tmp_path / "t.txt", "1\t2.5\tok\n2\tnan\tbad\n")
    with pytest.raises(ValueError, match=rf"{path}:2: the id must fit 64 bits and the rating be in \[-4, 4\]"):
        read_vader_tweets(path)


def test_a_damaged_sentiment140_zip_names_the_file(tmp_path):
    import zipfile
    archive = tmp_path / "trainingandtestdata.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("training.1600000.processed.noemoticon.csv", '"0","1","d","q","u","some text"\n' * 5000)
    raw = bytearray(archive.read_bytes())
    raw[200:400] = bytes(200)
    archive.write_bytes(bytes(raw))
    with pytest.raises(ValueError, match=rf"{archive}!training.1600000.processed.noemoticon.csv: the file is "
                                         r"truncated or damaged"):
        read_sentiment140_csv(archive)


@pytest.mark.parametrize("reader", [read_word_vectors_text, read_word2vec_binary, read_vader_tweets,
                                    read_sentiment140_csv])
def test_a_list_instead_of_a_path_is_a_clear_type_error(reader):
    with pytest.raises(TypeError, match=r"path must be a file path \(str or pathlib.Path\), not list"):
        reader(["the", "of"])


def test_limit_must_be_a_count(tmp_path):
    with pytest.raises(ValueError, match="limit must be None or a non-negative integer, not '10'"):
        read_word_vectors_text(write(tmp_path / "v.txt", "the 1 2\n"), limit="10")


# --- words file + .npy matrix (the GloVe 6B 50-d vectors from the registry wheel) -------------------

def write_npy(path: Path, matrix: np.ndarray) -> Path:
    np.save(path, matrix)
    return path


def test_words_and_npy_matrix(tmp_path):
    matrix = np.arange(6, dtype=np.float32).reshape(3, 2) / 4
    words_path = write(tmp_path / "w.txt", "the\ncafé\n,\n")
    words, read = read_vectors_npy(words_path, write_npy(tmp_path / "m.npy", matrix))
    assert words == ["the", "café", ","]
    np.testing.assert_array_equal(read, matrix)
    assert read.dtype == np.float32 and type(read) is np.ndarray
    words, mapped = read_vectors_npy(words_path, tmp_path / "m.npy", mmap=True)
    assert isinstance(mapped, np.memmap) and not mapped.flags.writeable
    np.testing.assert_array_equal(mapped, matrix)


@pytest.mark.parametrize("words, matrix, message", [
    ("the\nof\n", np.zeros((3, 2), np.float32), r"m.npy has 3 rows but .*w.txt has 2 words"),
    ("the\n\nof\n", np.zeros((3, 2), np.float32), r"w.txt:2: an empty word"),
    ("", np.zeros((0, 2), np.float32), r"w.txt:1: an empty word \(is the file empty"),
    ("a\nb\n", np.zeros((2, 2), np.float64), r"expected a 2-D float32 matrix, got float64"),
    ("a\nb\n", np.array([[0, 1], [np.inf, 0]], np.float32), r"the vector of 'b' \(row 2\) holds nan or inf"),
    (b"a\n\xff\n", np.zeros((2, 2), np.float32), r"w.txt:2: not UTF-8 \(byte 0xff\)"),
])
def test_words_and_npy_matrix_that_do_not_fit(tmp_path, words, matrix, message):
    with pytest.raises(ValueError, match=message):
        read_vectors_npy(write(tmp_path / "w.txt", words), write_npy(tmp_path / "m.npy", matrix))


def test_a_truncated_npy_names_the_file(tmp_path):
    full = write_npy(tmp_path / "m.npy", np.ones((100, 50), np.float32)).read_bytes()
    path = write(tmp_path / "m.npy", full[:-100])
    with pytest.raises(ValueError, match=rf"{path}: not a readable .npy matrix .* fetch it again"):
        read_vectors_npy(write(tmp_path / "w.txt", "w\n" * 100), path)
