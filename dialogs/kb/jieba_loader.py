"""jieba, imported without pkg_resources.

jieba finds its own data files through pkg_resources when it can import it, which scans every
installed distribution at import (6.5 MiB of every kefu process, and a deprecation warning)
to find paths that jieba's fallback finds beside its own files. So jieba is imported here
with pkg_resources marked absent, unless something imported pkg_resources already.
"""

from __future__ import annotations

import sys

if "pkg_resources" in sys.modules:
    import jieba
else:
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # "import" raises ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]

__all__ = ["jieba"]
