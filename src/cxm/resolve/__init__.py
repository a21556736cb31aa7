"""Identity resolution: which source records are the same person.

Stages, in the order data flows: records (standardise the lake's identity records, guard junk)
-> rules and block (candidate pairs) -> compare (comparison levels) -> model (Fellegi-Sunter, EM,
term frequency) -> cluster (constrained unions) -> ids (stable customer ids) -> golden (survivorship)
-> explain.
"""
