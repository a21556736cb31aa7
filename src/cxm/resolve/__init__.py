"""Identity resolution: which source records are the same person.

Stages, in the order data flows (one module each; :mod:`cxm.resolve.pipeline` runs them):
records (standardise the lake's identity records, guard the junk) → block (candidate pairs) →
compare (comparison levels) → model (Fellegi-Sunter: u, EM, term frequency) → rules → cluster
(constrained unions) → attach (thin records) → ids (stable customer ids) → golden (survivorship)
→ edges (evidence, identity map) → resolution (the committed run). Around them: conflict,
junk, nickname, overrides, explain and evaluate.
"""
