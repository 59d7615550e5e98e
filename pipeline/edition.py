"""The edition's identity: one place for the names, addresses and licence every output states."""

TITLE = "Korean War Armistice Digital Edition"
SLUG = "armistice-edition"
# Placeholders until the edition has its own address and mailbox; set before a deposit.
CONTACT_EMAIL = "editors@armistice-edition.example.org"
BASE_URL = "https://armistice-edition.example.org/"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
DESCRIPTION = (
    "TEI P5 edition of documents on the negotiation of the Korean War armistice, 1950-1953, "
    "from Soviet, Chinese and American sources, in original and translation, with registers "
    "of persons, places and organisations, plain text with standoff annotations, Dublin Core, "
    "METS and CMIF metadata."
)
