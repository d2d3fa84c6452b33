"""French messages of the shared document helpers (printed workbooks)."""

from surveys.i18n import register

register(
    "fr",
    {
        "printsetup.default_sheet": "Feuille",
        "printsetup.footer": "Page &P sur &N",
    },
)
