"""Build the project's site for a benchmark corpus: python bench/build_ours.py SEEDS CONTENT OUTPUT [--no-search]."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from paper_digest.commands.sites import build_all  # noqa: E402


def overrides(seeds: str, content: str, output: str, *flags: str) -> dict:
    return {
        "PATH": content,
        "OUTPUT_PATH": output,
        "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")],
        "PAPER_DIGEST_PATHS": [seeds],
        "PAPER_DIGEST_CACHE": str(Path(seeds).parent / "cache"),  # the bench's own, whatever the environment says
        "PAPER_DIGEST_SEARCH": "--no-search" not in flags,
    }


def main(seeds: str, content: str, output: str, *flags: str) -> None:
    """Build once; with `--preview PORT`, run the live preview (`invoke serve`) on the corpus instead."""
    import logging
    import threading

    from pelican.log import init

    init(level=logging.ERROR, handler=logging.StreamHandler(sys.stderr))
    settings = overrides(seeds, content, output, *flags)
    if "--preview" not in flags:
        build_all(str(ROOT / "pelicanconf.py"), settings)
        return
    from paper_digest.preview.rebuilds import PreviewBuilds
    from paper_digest.preview.server import serve_and_watch

    port = int(flags[flags.index("--preview") + 1])
    builds = PreviewBuilds(str(ROOT / "pelicanconf.py"), settings, lambda line: print(line, file=sys.stderr))
    serve_and_watch(builds, Path(output), [Path(seeds), Path(content)], "127.0.0.1", port, threading.Event())


if __name__ == "__main__":
    main(*sys.argv[1:])
