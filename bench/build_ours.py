"""Build the project's site for a benchmark corpus: python bench/build_ours.py SEEDS CONTENT OUTPUT [--no-search]."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from paper_digest.build.sites import build_all  # noqa: E402


def main(seeds: str, content: str, output: str, *flags: str) -> None:
    import logging

    from pelican.log import init

    init(level=logging.ERROR, handler=logging.StreamHandler(sys.stderr))
    build_all(
        str(ROOT / "pelicanconf.py"),
        {
            "PATH": content,
            "OUTPUT_PATH": output,
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            "PAPER_DIGEST_PATHS": [seeds],
            "PAPER_DIGEST_CACHE": str(Path(seeds).parent / "cache"),  # the bench's own, whatever the environment says
            "PAPER_DIGEST_SEARCH": "--no-search" not in flags,
        },
    )


if __name__ == "__main__":
    main(*sys.argv[1:])
