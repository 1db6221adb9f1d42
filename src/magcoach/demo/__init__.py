"""The demo journey (`make demo`) and its embedded demo data files."""
