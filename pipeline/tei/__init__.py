"""TEI tree builders: header, body, ids, and their assembly into a document."""
