"""Redaction of quotes before publication: e-mails, French telephone numbers, titled and listed names."""

from __future__ import annotations

import pytest

from surveys.redaction import redact, redact_names

EMAIL, PHONE, NAME = "[courriel masqué]", "[téléphone masqué]", "[nom masqué]"


@pytest.mark.parametrize(
    "address",
    ["jean.dupont@transports.gouv.fr", "j-dupont+convention@example.org", "hélène.marchal@exemple.fr", "A.B@sous.domaine.example.com"],
)
def test_email_addresses(address: str) -> None:
    assert redact(f"Écrivez à {address}.") == f"Écrivez à {EMAIL}."


@pytest.mark.parametrize(
    "number",
    ["01 40 81 21 22", "06.12.34.56.78", "06-12-34-56-78", "0612345678", "+33 6 12 34 56 78", "+33612345678",
     "+33 (0)1 40 81 21 22", "0033 1 40 81 21 22", "09 70 80 90 00"],
)  # fmt: skip
def test_french_telephone_numbers(number: str) -> None:
    assert redact(f"Appelez le {number} demain") == f"Appelez le {PHONE} demain"


@pytest.mark.parametrize(
    "text",
    ["La loi de 2019 et le code 75015.", "Budget de 1 200 000 euros.", "Les 12 34 56 propositions.", "Numéro SIRET 123 456 789 00012"],
)
def test_other_numbers_are_kept(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Dupont a signé.", f"{NAME} a signé."),
        ("Mme Martin et Mme Claire Martin-Roux", f"{NAME} et {NAME}"),
        ("J'en ai parlé à madame Lefèvre.", f"J'en ai parlé à {NAME}."),
        ("Monsieur de La Tour est venu", f"{NAME} est venu"),
        ("Le Dr Sy et Me Dupuis", f"Le {NAME} et {NAME}"),
        ("Mlle N'Diaye", NAME),
        ("M. le directeur a tranché.", "M. le directeur a tranché."),
        ("Madame la ministre a répondu.", "Madame la ministre a répondu."),
    ],
)
def test_titled_names(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_names_listed_in_the_metadata_whatever_their_case_or_accents() -> None:
    names = ["Hélène Durand", "Jean-Pierre N'Guessan", "de Villiers"]
    text = "Helene DURAND l'a dit, puis Hélène, puis Jean-Pierre et N’Guessan ; Villiers aussi. Durandal reste."
    assert redact(text, names) == f"{NAME} l'a dit, puis {NAME}, puis {NAME} et {NAME} ; {NAME} aussi. Durandal reste."


def test_particles_alone_are_not_masked() -> None:
    assert redact_names("le projet de la direction", ["Anne de La Salle"]) == "le projet de la direction"
    assert redact_names("Anne de La Salle", ["Anne de La Salle"]) == NAME


def test_nothing_to_mask() -> None:
    assert redact("Aucun nom ici.", []) == "Aucun nom ici."
    assert redact_names("Texte", ["", "  "]) == "Texte"


def test_an_email_is_masked_before_the_names_it_contains() -> None:
    assert redact("sophie.garnier@example.org", ["Sophie Garnier"]) == EMAIL
