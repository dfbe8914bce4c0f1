"""What the live preview runs: the server, its rebuilds, and the site it keeps in memory between edits."""
