"""analysis: budget absorption, performance, disparities and anomalies in Indonesian
regional-government accountability reports (LKPJ, LKjIP).

Modules
-------
numbers      parse amounts and percentages in Indonesian and US styles
documents    read a converted report: headings, tables, provenance of every row
regions      kabupaten/kota gazetteer (Kemendagri codes) and name resolver
extractors   documents → tidy tables of the data contract
cli          ``python -m analysis extract | import-regions``
"""

__version__ = "0.1.0"
