"""The ministries' and the coordinator's pages, one module per feature."""
