"""The Sphinx extension that renders exercise solutions as stubs with a Show-solution dropdown."""
