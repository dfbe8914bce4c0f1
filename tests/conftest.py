import shutil
from pathlib import Path

import pytest

from support import REGISTRY, ROOT, build_site


@pytest.fixture
def registry():
    from paper_digest.digest.load import read_registry

    registry, problems = read_registry(str(REGISTRY))
    assert problems == []
    return registry


@pytest.fixture
def write_digest(tmp_path):
    """Write a digest into tmp_path/seeds and return its path."""

    def write(text: str | bytes, name: str = "digest.txt") -> Path:
        folder = tmp_path / "seeds"
        folder.mkdir(exist_ok=True)
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return write


MEMORY = ROOT / "content" / "translations"


@pytest.fixture
def memory_folder(tmp_path):
    """An empty translation memory with the project's glossary, to translate into."""
    folder = tmp_path / "translations"
    folder.mkdir()
    shutil.copy(MEMORY / "glossary.po", folder / "glossary.po")
    return folder


@pytest.fixture
def site(tmp_path):
    """Build both languages with the project's theme and plugin; returns the output folder.

    `memory` defaults to the committed translation memory; pass a folder to use another.
    """

    def build(*digests: Path, memory: Path = MEMORY, **settings) -> Path:
        return build_site(tmp_path, *digests, PAPER_DIGEST_MEMORY=str(memory), **settings)

    return build
