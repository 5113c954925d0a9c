"""Extractors: turn a segmented :class:`~analysis.documents.Document` into the tidy tables of
the data contract (``budget``, ``indicators``, ``regions``, ``activity_locations``)."""
