"""analysis: budget absorption, performance, disparities and anomalies in Indonesian
regional-government accountability reports (LKPJ, LKjIP).

Layout
------
contract     the declared data contract (columns, types, keys, allowed values) of every output
io           file I/O shared by extraction and reporting: manifest, checksums, deterministic CSVs
regions      kabupaten/kota gazetteer (Kemendagri codes) and name resolver
achievement  shared measures: achievement formulas, polarity, Permendagri 86/2017 bands
reference/   curated reference data (alias files, overrides, registers, bands, boundaries)
extract/     documents -> tidy tables: numbers, documents (reader), sections, budget,
             indicators, regional, importer, pipeline
cli          ``python -m analysis extract | import-regions``

Studies read the contract's tables, never the extractors (checked by an import-linter
contract in ``make test``).
"""

__version__ = "0.1.0"
