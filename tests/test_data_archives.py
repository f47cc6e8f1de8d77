"""Archive members: extraction over HTTP, nesting, and refusal of paths that escape."""
from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile

import pytest

from lecture10 import data
from lecture10.data.archives import extract_member


MEMBER = b"the 0.1 0.2\nking 0.3 0.4\n"


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def tar_bytes(files: dict[str, bytes], links: dict[str, str] = {}, mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name, target in links.items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            archive.addfile(info)
    return buffer.getvalue()




@pytest.fixture
def zipped_dataset():
    def make(url: str) -> data.Dataset:
        dataset = data.Dataset(
            name="toy-zip", filename="vectors.txt", sha256=hashlib.sha256(MEMBER).hexdigest(),
            size=len(MEMBER), description="a member of a zip", licence="CC0",
            sources=(data.HttpsArchiveMember(url, "bundle.zip", "bundle/vectors.txt"),))
        return data.register(dataset, replace=True)

    yield make
    data.unregister("toy-zip")


def test_zip_member_is_extracted_and_the_archive_removed(cache, server, zipped_dataset):
    url = server.serve("/bundle.zip", zip_bytes({"bundle/vectors.txt": MEMBER, "bundle/other.txt": b"x"}))
    zipped_dataset(url)
    path = data.fetch("toy-zip", progress=False)
    assert path == cache / "vectors.txt" and path.read_bytes() == MEMBER
    assert sorted(p.name for p in cache.rglob("*") if p.is_file()) == ["vectors.txt"]


def test_archive_in_the_mirror_folder_is_used_instead_of_downloading(cache, server, tmp_path, monkeypatch,
                                                                     zipped_dataset):
    zipped_dataset(server.url("/bundle.zip"))  # the server has no such file
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "bundle.zip").write_bytes(zip_bytes({"bundle/vectors.txt": MEMBER}))
    monkeypatch.setenv("LECTURE10_DATA_MIRROR", str(mirror))
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
    zipped_dataset(server.serve("/bundle.zip", zip_bytes({"bundle/else.txt": MEMBER})))
    with pytest.raises(data.DatasetUnavailable, match="has no member 'bundle/vectors.txt'"):
        data.fetch("toy-zip", progress=False)


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
    assert [p.name for p in dest.parent.iterdir()] == ["tweets.txt"]  # scratch files cleaned up


def test_not_an_archive(tmp_path):
    plain = tmp_path / "plain.bin"
    plain.write_bytes(b"just bytes")
    with pytest.raises(ValueError, match="neither a zip nor a tar archive"):
        extract_member(plain, ("x",), tmp_path / "x")
