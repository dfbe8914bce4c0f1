"""What the user runs: the tasks (cli.py), the bilingual build (sites.py) and what it writes around the pages."""
