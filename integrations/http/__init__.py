"""An order backend over a shop's HTTP API, described in YAML (see README.md here): the
OrderBackend contract of dialogs/ports/orders.py for epay, WooCommerce, Dujiao-Next or any
JSON API a config can describe."""

from integrations.http.backend import HttpOrderBackend, load_http_backend
from integrations.http.config import HttpBackendConfig
from integrations.http.loading import HttpConfigError, config_from, load_config, preset_names

__all__ = [
    "HttpBackendConfig",
    "HttpConfigError",
    "HttpOrderBackend",
    "config_from",
    "load_config",
    "load_http_backend",
    "preset_names",
]
