"""nlp_extract: Russian news → entities and topics, one versioned JSON record per article."""

from .errors import BadArgumentError, BadInputError, InternalError, NlpExtractError
from .extractor import Extractor
from .record import Annotation
from .version import SCHEMA_VERSION, __version__

__all__ = ["Annotation", "BadArgumentError", "BadInputError", "Extractor", "InternalError",
           "NlpExtractError", "SCHEMA_VERSION", "__version__"]
