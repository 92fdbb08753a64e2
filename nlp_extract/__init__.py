"""nlp_extract: Russian news → entities and topics, one versioned JSON record per article."""

from .errors import BadArgumentError, BadInputError, InternalError, NlpExtractError, RunError
from .extractor import ExtractionFailure, Extractor
from .pipeline.extensions import register_extensions
from .record import Annotation
from .version import SCHEMA_VERSION, __version__

# Our Doc/Span attributes (doc._.entities, span._.normal, ...) exist as soon as the package is
# imported, so Docs read back from a DocBin in a fresh process are usable at once.
register_extensions()

__all__ = ["Annotation", "BadArgumentError", "BadInputError", "ExtractionFailure", "Extractor",
           "InternalError", "NlpExtractError", "RunError", "SCHEMA_VERSION", "__version__",
           "register_extensions"]
