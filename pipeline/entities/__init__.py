"""Named entities, dates and archival identifiers: registers, recognition, normalisation."""
