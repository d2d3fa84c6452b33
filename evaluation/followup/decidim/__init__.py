"""The Decidim bridge: proposals in from a Decidim export, answers and follow-up out for Decidim.

See ``docs/decidim.md`` for what maps to what and the versions covered.
"""

from evaluation.followup.decidim.exporting import ExportResult, export_decidim
from evaluation.followup.decidim.importing import ImportResult, RowOutcome, import_proposals

__all__ = ["ExportResult", "ImportResult", "RowOutcome", "export_decidim", "import_proposals"]
