"""arXiv's own record of each paper: fetched once into the repository, read offline by the build."""
