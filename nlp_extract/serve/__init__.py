"""``nlp-extract serve``: the annotator as an HTTP service.

- :mod:`.requests`: request bodies checked in the server process (limits, types, UTF-8) and
  turned into jobs for the workers;
- :mod:`.jobs`: what a worker does with a job (the CLI's readers, ``annotate_batch`` and
  ``dumps``, so a record is the CLI's byte for byte);
- :mod:`.pool`: worker processes forked after the models are loaded, replaced when they die,
  hang or stop;
- :mod:`.app`: the ASGI app (routes, auth, errors, metrics, logs); :mod:`.server` runs it.
"""
