"""A minimal reader of R's serialization format (XDR, versions 2 and 3), enough for text data.

R packages ship their data sets as ``.rda`` files (``save()``: gzip/bzip2/xz + ``RDX2``/``RDX3``
magic + a serialized pairlist) or as lazy-load databases (``Rdata.rdx`` index + ``Rdata.rdb``
blobs). This module reads both without R, returning plain Python values: character vectors as
``list[str | None]``, numeric vectors as lists, generic vectors (lists, data frames) as
:class:`RList` (a list with an ``attributes`` dict). It is a maintainer tool of the corpus
builder, not part of the ``lecture10`` package.
"""
from __future__ import annotations

import bz2
import gzip
import lzma
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NILVALUE, REFSXP, EMPTYENV, BASEENV, GLOBALENV, UNBOUND, MISSINGARG, BASENAMESPACE = (
    254, 255, 242, 241, 253, 252, 251, 247)
NAMESPACESXP, PACKAGESXP, PERSISTSXP, ALTREP = 249, 250, 248, 238
SYMSXP, LISTSXP, CLOSXP, ENVSXP, LANGSXP, CHARSXP = 1, 2, 3, 4, 6, 9
LGLSXP, INTSXP, REALSXP, CPLXSXP, STRSXP, VECSXP, EXPRSXP, RAWSXP = 10, 13, 14, 15, 16, 19, 20, 24
NA_INTEGER = -(2**31)


class RList(list):
    """An R generic vector (list or data frame): a Python list plus R's attributes."""

    attributes: dict[str, Any]

    def __init__(self, items: list, attributes: dict[str, Any] | None = None) -> None:
        super().__init__(items)
        self.attributes = attributes or {}

    def as_dict(self) -> dict[str, Any]:
        """The elements keyed by the ``names`` attribute (columns of a data frame)."""
        names = self.attributes.get("names")
        if names is None or len(names) != len(self):
            raise ValueError("this R list has no names attribute of its length")
        return dict(zip(names, self))


@dataclass
class Symbol:
    """An R symbol (a name)."""

    name: str


@dataclass
class _Reader:
    data: bytes
    pos: int = 0
    refs: list[Any] = field(default_factory=list)

    def int(self) -> int:
        (value,) = struct.unpack_from(">i", self.data, self.pos)
        self.pos += 4
        return value

    def bytes(self, n: int) -> bytes:
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def length(self) -> int:
        n = self.int()
        if n == -1:  # long vector: two more ints
            hi, lo = self.int(), self.int()
            n = (hi << 32) + lo
        return n

    def item(self) -> Any:
        flags = self.int()
        kind, has_attr, has_tag = flags & 0xFF, bool(flags & (1 << 9)), bool(flags & (1 << 10))
        if kind in (NILVALUE, EMPTYENV, BASEENV, GLOBALENV, UNBOUND, MISSINGARG, BASENAMESPACE):
            return None
        if kind == REFSXP:
            index = flags >> 8 or self.int()
            return self.refs[index - 1]
        if kind in (NAMESPACESXP, PACKAGESXP, PERSISTSXP):
            self.int()  # 0
            info = [self.item() for _ in range(self.int())]
            self.refs.append(info)
            return info
        if kind == SYMSXP:
            symbol = Symbol(self.item())
            self.refs.append(symbol)
            return symbol
        if kind == ENVSXP:
            self.int()  # locked
            env: dict[str, Any] = {}
            self.refs.append(env)
            self.item(), self.item(), self.item(), self.item()  # enclos, frame, hashtab, attrib
            return env
        if kind in (LISTSXP, LANGSXP, CLOSXP) or kind == 17 or kind == 5:  # pairlist-like
            attributes = self._attributes() if has_attr else {}
            tag = self.item() if has_tag else None
            head = self.item()
            tail = self.item()
            items = [(tag.name if isinstance(tag, Symbol) else tag, head)]
            if isinstance(tail, list) and getattr(tail, "_pairlist", False):
                items.extend(tail)
            out = _Pairlist(items)
            out.attributes = attributes
            return out
        if kind == CHARSXP:
            n = self.int()
            return None if n == -1 else self.bytes(n).decode("utf-8", errors="replace")
        if kind == ALTREP:
            info, state = self.item(), self.item()
            self.item()  # its attributes
            return _expand_altrep(info, state)
        if kind in (LGLSXP, INTSXP):
            n = self.length()
            values = list(struct.unpack_from(f">{n}i", self.data, self.pos))
            self.pos += 4 * n
            value: Any = [None if v == NA_INTEGER else v for v in values]
        elif kind == REALSXP:
            n = self.length()
            value = list(struct.unpack_from(f">{n}d", self.data, self.pos))
            self.pos += 8 * n
        elif kind == CPLXSXP:
            n = self.length()
            self.pos += 16 * n
            value = [None] * n
        elif kind == RAWSXP:
            value = self.bytes(self.length())
        elif kind == STRSXP:
            value = [self.item() for _ in range(self.length())]
        elif kind in (VECSXP, EXPRSXP):
            value = RList([self.item() for _ in range(self.length())])
        else:
            raise ValueError(f"unsupported R type {kind} at byte {self.pos}")
        if has_attr:
            attributes = self._attributes()
            if isinstance(value, RList):
                value.attributes = attributes
        return value

    def _attributes(self) -> dict[str, Any]:
        pairs = self.item()
        return dict(pairs) if pairs else {}


class _Pairlist(list):
    _pairlist = True
    attributes: dict[str, Any] = {}


def _expand_altrep(info: Any, state: Any) -> Any:
    """The value of the few ALTREP classes that appear in package data."""
    name = info[0][1].name if isinstance(info, list) and info and isinstance(info[0][1], Symbol) else ""
    if name == "compact_intseq":
        n, start, step = (int(v) for v in state)
        return list(range(start, start + n * step, step))
    if name == "compact_realseq":
        n, start, step = state
        return [start + k * step for k in range(int(n))]
    if name.startswith("wrap_") or name == "deferred_string":
        return state[0] if isinstance(state, list) else state
    raise ValueError(f"unsupported ALTREP class {name!r}")


def named(value: Any) -> dict[str, Any]:
    """A named R list or pairlist as a dict."""
    if isinstance(value, RList):
        return value.as_dict()
    return dict(value)


def unserialize(data: bytes) -> Any:
    """Decode one serialized R object (``X\\n`` XDR format)."""
    if data[:2] != b"X\n":
        raise ValueError("not an XDR-format R serialization")
    reader = _Reader(data, 2)
    version = reader.int()
    reader.int(), reader.int()  # writer and minimal reader R versions
    if version == 3:
        reader.bytes(reader.int())  # native encoding name
    elif version != 2:
        raise ValueError(f"unsupported R serialization version {version}")
    return reader.item()


def _decompress(data: bytes) -> bytes:
    for magic, fn in ((b"\x1f\x8b", gzip.decompress), (b"BZh", bz2.decompress), (b"\xfd7zXZ", lzma.decompress)):
        if data.startswith(magic):
            return fn(data)
    return data


def read_rda(path: Path) -> dict[str, Any]:
    """The objects saved in an ``.rda``/``.RData`` file, by name."""
    data = _decompress(Path(path).read_bytes())
    if data[:5] not in (b"RDX2\n", b"RDX3\n"):
        raise ValueError(f"{path} is not an R data file")
    return named(unserialize(data[5:]))


def _lazyload_blob(blob: bytes) -> bytes:
    """Decompress one lazy-load database entry (4-byte length, then zlib/bzip2/xz/none)."""
    (size,) = struct.unpack_from(">I", blob, 0)
    kind = blob[4:5]
    if kind == b"2":
        return bz2.decompress(blob[5:])
    if kind == b"X":
        return lzma.decompress(blob[5:])
    if kind == b"0":
        return blob[5:5 + size]
    return zlib.decompress(blob[4:])


def read_lazyload(rdx: Path) -> dict[str, Any]:
    """Every object of an R lazy-load database (``Rdata.rdx`` + ``Rdata.rdb`` beside it), by name."""
    rdx = Path(rdx)
    index = named(unserialize(_decompress(rdx.read_bytes())))
    blob = rdx.with_suffix(".rdb").read_bytes()
    out = {}
    for name, (offset, length) in named(index["variables"]).items():
        out[name] = unserialize(_lazyload_blob(blob[int(offset):int(offset) + int(length)]))
    return out
