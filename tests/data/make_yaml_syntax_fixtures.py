"""Rebuild ``tests/data/demarche-yaml-*.yaml``: the example's demarche.yaml with one YAML mistake each.

Run from the repository root: ``.venv/bin/python tests/data/make_yaml_syntax_fixtures.py``.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parents[1] / "examples" / "convention-mobilites" / "demarche.yaml"

# case name -> (line to change, its new text)
CASES = {
    # the closing quote forgotten: the parser reads on to the next quote, 14 lines further
    "guillemet-non-ferme": ("commanditaire:", 'commanditaire: "Direction des mobilités du quotidien (DMQ)'),
    # a « : » inside a value not quoted
    "deux-points-dans-valeur": ("titre:", "titre: Convention citoyenne : les mobilités du quotidien"),
    # the same in a list item: valid YAML, read as a key and its value where a text is expected
    "deux-points-dans-liste": ('  - "Comment permettre', "  - Comment se déplacer au quotidien : à quel coût ?"),
}


def main() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for case, (start, replacement) in CASES.items():
        changed = [replacement if line.startswith(start) else line for line in lines]
        (HERE / f"demarche-yaml-{case}.yaml").write_text("\n".join(changed) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
