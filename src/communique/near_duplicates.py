"""Stage ``link``, per-article part: a MinHash signature and its LSH band keys.

Runs where the article is analysed (a worker), so the store only looks band keys up.
Shingles are word 5-grams (character 5-grams for scripts written without spaces):
republished wire copy with new page chrome, a changed headline or a few edited
sentences keeps a Jaccard similarity well above :data:`THRESHOLD`, while two outlets'
own reports of one meeting share under 0.15 (measured on the seeds: 0.01-0.10).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

import numpy as np
from datasketch import MinHash, MinHashLSH  # type: ignore[import-untyped]

__all__ = ["NUM_PERM", "THRESHOLD", "band_keys", "jaccard", "shingles", "signature"]

#: Permutations: 64 keep the Jaccard estimate within ~±0.06 at 0.8 and a signature at 256 bytes.
NUM_PERM = 64
#: Estimated Jaccard from which two articles are one text: lightly edited copies sit at 0.75-1.0.
THRESHOLD = 0.7
#: The LSH bands are tuned lower than THRESHOLD so that a pair at 0.7-0.8 is almost always proposed
#: (16 bands of 4 rows: 99% at 0.7; bands tuned at 0.7 itself proposed only half the pairs at 0.77,
#: measured by benchmarks/link_bench.py); the estimated Jaccard then decides.
_CANDIDATE_THRESHOLD = 0.5
_SHINGLE = 5
_SEED = 1
_WORD = re.compile(r"\w+", re.UNICODE)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def shingles(text: str) -> set[bytes]:
    """Word 5-grams of the case-folded text (character 5-grams for Chinese, Japanese, Korean, Thai)."""
    folded = text.casefold()
    if len(_UNSPACED.findall(folded[:2000])) > 200:
        chars = "".join(ch for ch in folded if ch.isalnum())
        grams = {chars[i : i + _SHINGLE] for i in range(max(1, len(chars) - _SHINGLE + 1))}
    else:
        words = _WORD.findall(folded)
        grams = {" ".join(words[i : i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}
    return {g.encode("utf-8") for g in grams if g}


@cache
def _lsh_shape() -> tuple[int, int]:
    # datasketch picks the bands x rows that minimise false positives + negatives at THRESHOLD.
    lsh = MinHashLSH(threshold=_CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def signature(text: str) -> bytes:
    """The MinHash signature of ``text`` as ``NUM_PERM`` little-endian uint32 values."""
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED)
    grams = shingles(text)
    if grams:
        minhash.update_batch(list(grams))
    return bytes(minhash.hashvalues.astype("<u4").tobytes())


def band_keys(sig: bytes) -> tuple[str, ...]:
    """LSH band keys of a signature: two articles sharing one are near-duplicate candidates."""
    bands, rows = _lsh_shape()
    values = np.frombuffer(sig, dtype="<u4")
    return tuple(
        f"{band:02d}"
        + hashlib.blake2b(values[band * rows : (band + 1) * rows].tobytes(), digest_size=8).hexdigest()
        for band in range(bands)
    )


def jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    left, right = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(left == right)) / len(left)
