import shutil
from pathlib import Path

import pytest

from support import REGISTRY, ROOT


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
    from paper_digest.commands.sites import build_all

    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REGISTRY, content / "tags.toml")
    output = tmp_path / "output"

    def build(*digests: Path, memory: Path = MEMORY, **settings) -> Path:
        overrides = {
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "PAPER_DIGEST_PATHS": [str(d) for d in digests],
            "PAPER_DIGEST_MEMORY": str(memory),
            "PAPER_DIGEST_CACHE": str(tmp_path / "cache"),
            **settings,
        }
        build_all(str(ROOT / "pelicanconf.py"), overrides)
        return output

    return build
