"""The site's own Sphinx extension and the staging of its pinned third-party JavaScript."""
