"""Run a site generator, then index its output with Pagefind: python bench/then_pagefind.py OUTPUT -- COMMAND…"""

import subprocess
import sys

if __name__ == "__main__":
    output, separator, *command = sys.argv[1:]
    assert separator == "--", __doc__
    built = subprocess.run(command)
    if built.returncode:
        sys.exit(built.returncode)
    indexed = subprocess.run([sys.executable, "-m", "pagefind", "--site", output], stdout=subprocess.DEVNULL)
    sys.exit(indexed.returncode)
