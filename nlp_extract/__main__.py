"""``python -m nlp_extract``: the ``nlp-extract`` command."""

from .cli.app import main

if __name__ == "__main__":
    main()
