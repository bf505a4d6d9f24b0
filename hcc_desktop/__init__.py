"""HCC Desktop: the counter program of a commune Public Administrative Service Center."""

__version__ = "0.1.0"
APP_NAME = "HCC Desktop"
