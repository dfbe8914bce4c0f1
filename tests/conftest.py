import shutil
from pathlib import Path

import pytest

from support import REGISTRY, ROOT


@pytest.fixture
def registry():
    from paper_digest.load import read_registry

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


@pytest.fixture
def site(tmp_path):
    """Build a site with the project's theme and plugin from digests in tmp_path; returns the output folder."""
    from pelican import Pelican
    from pelican.settings import read_settings

    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(REGISTRY, content / "tags.toml")
    output = tmp_path / "output"

    def build(*digests: Path) -> Path:
        settings = read_settings(
            str(ROOT / "pelicanconf.py"),
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(output),
                "THEME": str(ROOT / "theme"),
                "PLUGIN_PATHS": [str(ROOT / "plugins")],
                "PAPER_DIGEST_PATHS": [str(d) for d in digests],
            },
        )
        Pelican(settings).run()
        return output

    return build
