"""TEI P5 edition pipeline for documents on the Korean War armistice."""

__version__ = "0.1.0"
