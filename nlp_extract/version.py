"""The package version and the version of the JSON record it writes."""

__version__ = "0.4.30"
SCHEMA_VERSION = "1"
