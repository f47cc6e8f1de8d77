"""Archive members: extraction over HTTP, nesting, refusal of paths that escape, damaged archives.

Issue 17, item 2 (damaged archives) and item 7 (a member's size is checked before it is written).
"""
from __future__ import annotations

import hashlib
import io
import tarfile
import time
import zipfile

import pytest

from lecture10 import data
from lecture10.data import archives
from lecture10.data.archives import extract_member

from httpserver import closed_port_url

MEMBER = b"the 0.1 0.2\nking 0.3 0.4\n"


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def tar_bytes(files: dict[str, bytes], links: dict[str, str] | None = None, mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            archive.addfile(info)
    return buffer.getvalue()


def files_under(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and ".locks" not in p.parts)


@pytest.fixture
def zipped_dataset():
    def make(*urls: str, archive_sha256: str | None = None) -> data.Dataset:
        dataset = data.Dataset(
            name="toy-zip", filename="vectors.txt", sha256=hashlib.sha256(MEMBER).hexdigest(),
            size=len(MEMBER), description="a member of a zip", licence="CC0",
            sources=(data.HttpsArchiveMember(urls, "bundle.zip", "bundle/vectors.txt", archive_sha256),))
        return data.register(dataset, replace=True)

    yield make
    data.unregister("toy-zip")


@pytest.fixture
def mirror(tmp_path, monkeypatch):
    folder = tmp_path / "mirror"
    folder.mkdir()
    monkeypatch.setenv("LECTURE10_DATA_MIRROR", str(folder))
    return folder


def test_zip_member_is_extracted_and_the_archive_removed(cache, server, zipped_dataset):
    url = server.serve("/bundle.zip", zip_bytes({"bundle/vectors.txt": MEMBER, "bundle/other.txt": b"x"}))
    zipped_dataset(url)
    path = data.fetch("toy-zip", progress=False)
    assert path == cache / "vectors.txt" and path.read_bytes() == MEMBER
    assert files_under(cache) == ["vectors.txt"]


def test_archive_in_the_mirror_folder_is_used_instead_of_downloading(cache, server, mirror, zipped_dataset):
    zipped_dataset(server.url("/bundle.zip"))  # the server has no such file
    (mirror / "bundle.zip").write_bytes(zip_bytes({"bundle/vectors.txt": MEMBER}))
    assert data.fetch("toy-zip", progress=False).read_bytes() == MEMBER
    assert server.hits["/bundle.zip"] == 0
    assert (mirror / "bundle.zip").exists()


def test_zip_with_a_parent_directory_member_is_rejected(cache, server, tmp_path, zipped_dataset):
    evil = zip_bytes({"bundle/vectors.txt": MEMBER, "../../evil.txt": b"pwned"})
    zipped_dataset(server.serve("/bundle.zip", evil))
    with pytest.raises(data.DatasetUnavailable,
                       match=r"member '\.\./\.\./evil\.txt' would be written outside the target directory"):
        data.fetch("toy-zip", progress=False)
    assert not list(tmp_path.rglob("evil.txt"))
    assert not list(cache.rglob("*.txt"))


def test_missing_member_is_reported(cache, server, zipped_dataset):
    url = server.serve("/bundle.zip", zip_bytes({"bundle/else.txt": MEMBER}))
    zipped_dataset(url)
    with pytest.raises(data.DatasetUnavailable,
                       match=f"HTTPS {url}: bundle.zip has no member 'bundle/vectors.txt'"):
        data.fetch("toy-zip", progress=False)


# --- item 2: damaged archives are named, replaced, and the next source is tried -----------------

@pytest.mark.parametrize("damage", ["truncated", "not a zip"])
def test_damaged_zip_in_the_mirror_is_named_and_the_next_url_is_tried(cache, server, mirror, zipped_dataset,
                                                                      damage):
    good = zip_bytes({"bundle/vectors.txt": MEMBER})
    (mirror / "bundle.zip").write_bytes(good[:len(good) // 2] if damage == "truncated" else b"<html>oops</html>")
    refused = closed_port_url("/bundle.zip")
    zipped_dataset(refused, server.serve("/second/bundle.zip", good))
    assert data.fetch("toy-zip", progress=False).read_bytes() == MEMBER  # no raw zipfile/zlib error
    assert server.hits["/second/bundle.zip"] == 1
    assert (mirror / "bundle.zip").stat().st_size != len(good)  # the mirror is never modified

    data.unregister("toy-zip")
    (cache / "vectors.txt").unlink()
    zipped_dataset(refused)
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-zip", progress=False)
    assert f"mirror archive {mirror / 'bundle.zip'}: bundle.zip is neither a zip nor a tar archive " \
           f"(damaged or truncated?) (fix or remove it)" in error.value.attempts
    assert f"HTTPS {refused}: connection refused" in error.value.attempts


def test_a_wrong_member_in_the_mirror_archive_is_blamed_on_the_mirror(cache, mirror, zipped_dataset):
    (mirror / "bundle.zip").write_bytes(zip_bytes({"bundle/other.txt": MEMBER}))
    refused = closed_port_url("/bundle.zip")
    zipped_dataset(refused)
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-zip", progress=False)
    assert error.value.attempts[-2:] == [
        f"mirror archive {mirror / 'bundle.zip'}: bundle.zip has no member 'bundle/vectors.txt' (fix or remove it)",
        f"HTTPS {refused}: connection refused"]


def test_damaged_cached_archive_is_deleted_and_downloaded_again(cache, server, zipped_dataset):
    good = zip_bytes({"bundle/vectors.txt": MEMBER})
    zipped_dataset(server.serve("/bundle.zip", good))
    (cache / "downloads").mkdir(parents=True)
    (cache / "downloads" / "bundle.zip").write_bytes(good[:-30])  # a killed download, say
    assert data.fetch("toy-zip", progress=False).read_bytes() == MEMBER
    assert server.hits["/bundle.zip"] == 1
    assert files_under(cache) == ["vectors.txt"]


def test_a_pinned_archive_is_checked_before_it_is_opened(cache, server, zipped_dataset):
    good = zip_bytes({"bundle/vectors.txt": MEMBER})
    evil = zip_bytes({"bundle/vectors.txt": MEMBER, "../evil": b"x"})
    url = server.serve("/bundle.zip", evil)
    zipped_dataset(url, archive_sha256=hashlib.sha256(good).hexdigest())
    with pytest.raises(data.DatasetUnavailable) as error:
        data.fetch("toy-zip", progress=False)
    assert error.value.attempts[-1].startswith(f"HTTPS {url}: archive bundle.zip: sha256 mismatch")


@pytest.mark.parametrize("make, damage", [
    (lambda: tar_bytes({"ok.txt": MEMBER * 2000}), lambda b: b[:len(b) // 2]),            # EOFError
    (lambda: zip_bytes({"ok.txt": MEMBER * 2000}), lambda b: b[:40] + b"\0" * 200 + b[240:]),  # zlib
])
def test_damaged_archives_raise_damaged_archive_naming_the_file(tmp_path, make, damage):
    archive = tmp_path / "pkg-1.0.tar.gz"
    archive.write_bytes(damage(make()))
    with pytest.raises(data.DamagedArchive, match="pkg-1.0.tar.gz"):
        extract_member(archive, ("ok.txt",), tmp_path / "out" / "ok.txt")
    assert not (tmp_path / "out" / "ok.txt").exists()


# --- item 7: a member's size is checked before it is written --------------------------------------

def test_a_huge_member_is_refused_before_it_is_written(cache, server, zipped_dataset):
    bomb = zip_bytes({"bundle/vectors.txt": bytes(64 << 20)})  # 64 MiB of zeros in a ~64 KB zip
    assert len(bomb) < 200_000
    zipped_dataset(server.serve("/bundle.zip", bomb))
    start = time.monotonic()
    with pytest.raises(data.DatasetUnavailable,
                       match=f"bundle.zip!bundle/vectors.txt is 67,108,864 bytes, expected {len(MEMBER)}"):
        data.fetch("toy-zip", progress=False)
    assert time.monotonic() - start < 3
    assert files_under(cache) == []


def test_a_nested_archive_over_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(archives, "MAX_NESTED_BYTES", 1000)
    inner = tar_bytes({"inner/tweets.txt": MEMBER}, mode="w")  # an uncompressed tar: 10 KB
    outer = tmp_path / "pkg-1.0.tar.gz"
    outer.write_bytes(tar_bytes({"pkg-1.0/res/inner.tar": inner}))
    with pytest.raises(data.DamagedArchive, match=r"pkg-1.0.tar.gz!pkg-1.0/res/inner.tar declares 10,240 "
                                                  r"bytes, more than the 1,000"):
        extract_member(outer, ("pkg-1.0/res/inner.tar", "inner/tweets.txt"), tmp_path / "t.txt")


# --- unsafe archives -------------------------------------------------------------------------------

@pytest.mark.parametrize("files, links, reason", [
    ({"/etc/evil": b"x", "ok.txt": MEMBER}, {}, "would be written outside"),
    ({"a/../../evil": b"x", "ok.txt": MEMBER}, {}, "would be written outside"),
    ({"ok.txt": MEMBER}, {"link": "../../etc/passwd"}, "points outside the target directory"),
    ({"ok.txt": MEMBER}, {"link": "/etc/passwd"}, "points outside the target directory"),
])
def test_tar_members_escaping_the_target_are_rejected(tmp_path, files, links, reason):
    archive = tmp_path / "evil.tar.gz"
    archive.write_bytes(tar_bytes(files, links))
    with pytest.raises(data.UnsafeArchive, match=reason):
        extract_member(archive, ("ok.txt",), tmp_path / "out" / "ok.txt")
    assert not (tmp_path / "out" / "ok.txt").exists()


def test_symlink_member_itself_is_not_extracted(tmp_path):
    archive = tmp_path / "links.tar"
    archive.write_bytes(tar_bytes({"ok.txt": MEMBER}, {"alias.txt": "ok.txt"}, mode="w"))
    with pytest.raises(data.UnsafeArchive, match="'alias.txt' is not a regular file"):
        extract_member(archive, ("alias.txt",), tmp_path / "alias.txt")


def test_nested_archive_member(tmp_path):
    inner = tar_bytes({"inner/tweets.txt": MEMBER, "inner/readme": b"hi"})
    outer = tmp_path / "pkg-1.0.tar.gz"
    outer.write_bytes(tar_bytes({"pkg-1.0/setup.py": b"", "pkg-1.0/res/inner.tar.gz": inner}))
    dest = tmp_path / "out" / "tweets.txt"
    assert extract_member(outer, ("pkg-1.0/res/inner.tar.gz", "inner/tweets.txt"), dest) == dest
    assert dest.read_bytes() == MEMBER
    assert [p.name for p in dest.parent.iterdir()] == ["tweets.txt"]  # no scratch files left


def test_not_an_archive(tmp_path):
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"just bytes")
    with pytest.raises(ValueError, match="neither a zip nor a tar archive"):
        extract_member(plain, ("x",), tmp_path / "x")


def test_members_must_be_a_tuple_of_paths(tmp_path):
    with pytest.raises(ValueError, match="members must be a non-empty tuple"):
        extract_member(tmp_path / "a.zip", "bundle/vectors.txt", tmp_path / "x")
    with pytest.raises(TypeError, match="urls must be a non-empty tuple of URLs"):
        data.HttpsArchiveMember("https://example.org/a.zip", "a.zip", "x")
