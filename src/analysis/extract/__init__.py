"""Extraction: turn a converted report into the tidy tables of the data contract.

numbers     parse amounts and percentages in Indonesian and US styles
documents   read a converted report: headings, tables, provenance of every row
sections    which agency and urusan each line belongs to
budget, indicators, regional   the extractors ``(Document, DocMeta) -> Extraction``
importer    resolve and store user-supplied kabupaten/kota tables
pipeline    ``python -m analysis extract``: manifest -> every extractor -> contract CSVs
"""
