"""Benchmark: ``suivi publish`` on a 2,000-proposal register against bare Jinja2, and ``suivi verify`` on 100 publications.

Generates into a temporary folder (nothing committed) the register of ``bench_respond.py``
(``--proposals`` proposals, seeded) beside the example's ``demarche.yaml``, then times in the
same process:

- ``evaluation.followup.site.publish.publish``: read and check the register, verify the journal,
  compute the figures, render every page with the shipped templates, the feed, the search index,
  the open data and the export, write the site into a fresh folder and swap it in, append the
  journal entry;
- the floor: the *same* pages (same paths, same proposals) rendered with bare Jinja2 templates
  (the data fields only, no layout, no message catalogue) and written to disk;

and prints the ratio (median of ``--repeat`` passes). Then it writes ``--publications`` journal
entries of that register (one proposal's progress changed each time) and times ``verify`` against
hashing the same files with ``hashlib`` alone.

Usage: ``.venv/bin/python bench/bench_publish.py [--proposals 2000] [--repeat 3] [--publications 100]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_respond import make_folder  # noqa: E402
from jinja2 import DictLoader, Environment, select_autoescape  # noqa: E402

from evaluation.followup.checked import load_checked  # noqa: E402
from evaluation.followup.opendata import records  # noqa: E402
from evaluation.followup.site.journal import JOURNAL_FOLDER, append, new_entry, read_journal, verify  # noqa: E402
from evaluation.followup.site.model import build_model  # noqa: E402
from evaluation.followup.site.publish import figures_for, publish  # noqa: E402
from evaluation.followup.site.render import SECTIONS, pages  # noqa: E402

ROW = "<tr><td><a href='{{ p.slug }}.html'>{{ p.identifiant }}</a></td><td>{{ p.titre }}</td><td>{{ p.theme }}</td><td>{{ p.statut_libelle }}</td><td>{{ p.avancement }}</td></tr>"
LIST = "<html><body><h1>{{ path }}</h1><table>{% for p in proposals %}" + ROW + "{% endfor %}</table></body></html>"
ALL = LIST.replace("proposals", "site.proposals")
BARE = {
    "index.html": "<html><body><h1>{{ site.demarche.title }}</h1><p>{{ site.figures.total }}</p></body></html>",
    "section.html": ALL.replace("<td>{{ p.avancement }}</td>", "<td>{{ p.texte }}</td>"),  # the three sections: every proposal
    "recherche.html": ALL, "liste.html": LIST,
    "proposition.html": ("<html><body><h1>{{ proposal.identifiant }} {{ proposal.titre }}</h1><p>{{ proposal.texte }}</p>"
                         "<p>{{ proposal.statut_libelle }} {{ proposal.date_decision }} {{ proposal.motivation }}</p>"
                         "<p>{{ proposal.mesures }} {{ proposal.service_responsable }} {{ proposal.avancement }} {{ proposal.echeance }}</p></body></html>"),
    "historique.html": ("<html><body>{% for pub in site.publications %}<h2>{{ pub.number }} {{ pub.date }}</h2>"
                        "{% for c in pub.changes %}<p>{{ c.line }}</p>{% endfor %}{% endfor %}</body></html>"),
    "flux.atom": "<feed>{% for pub in site.publications %}<entry><title>{{ pub.number }}</title></entry>{% endfor %}</feed>",
}


def bare_render(folder: Path, out: Path) -> None:
    """The floor: the same pages with bare templates, from the same register, written to disk."""
    demarche, register, _ = load_checked(folder)
    entries = read_journal(folder)
    date = entries[-1].date
    entry, _ = new_entry(entries[-1], date, {"demarche": {}, "propositions": records(demarche, register)})
    model = build_model(demarche, [*entries, entry], figures_for(demarche, register, date))
    env = Environment(loader=DictLoader(BARE), autoescape=select_autoescape(default_for_string=True, default=True))
    for path, template, extra in pages(model, dict.fromkeys((name for name, _ in SECTIONS), "")):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(env.get_template(template).render(site=model, path=path, **extra), encoding="utf-8")


def bench_publish(folder: Path, tmp: Path, repeat: int) -> None:
    """Publishing into a new folder, then again over the previous site (unchanged pages are not rewritten)."""
    fresh, again, floor = [], [], []
    for i in range(repeat):
        start = time.perf_counter()
        publish(folder, out=tmp / f"site-{i}", date=dt.date(2026, 12, 1) + dt.timedelta(days=2 * i))
        fresh.append(time.perf_counter() - start)
        start = time.perf_counter()
        publish(folder, out=tmp / f"site-{i}", date=dt.date(2026, 12, 2) + dt.timedelta(days=2 * i))
        again.append(time.perf_counter() - start)
        start = time.perf_counter()
        bare_render(folder, tmp / f"bare-{i}")
        floor.append(time.perf_counter() - start)
    a, b, c = statistics.median(fresh), statistics.median(again), statistics.median(floor)
    n = len(read_journal(folder)[-1].records)
    print(f"publish, {n} propositions, nouveau dossier : {a:.2f} s ; par-dessus le site précédent : {b:.2f} s ; "
          f"Jinja2 nu : {c:.2f} s ; rapports {a / c:.2f} et {b / c:.2f}")


def bench_verify(folder: Path, publications: int) -> None:
    demarche, register, _ = load_checked(folder)
    rows = records(demarche, register)
    previous = None
    start_date = dt.date(2027, 1, 1)
    journal = folder / "verify"
    for n in range(publications):
        rows[n % len(rows)] = {**rows[n % len(rows)], "avancement": n % 100}
        previous, data = new_entry(previous, start_date + dt.timedelta(days=n), {"demarche": {"identifiant": demarche.id}, "propositions": rows})
        append(journal, data, previous)
    files = sorted((journal / JOURNAL_FOLDER).iterdir())
    size = sum(f.stat().st_size for f in files) / 1e6
    start = time.perf_counter()
    result = verify(journal)
    ours = time.perf_counter() - start
    assert result.intact and len(result.entries) == publications
    start = time.perf_counter()
    for f in files:
        hashlib.sha256(f.read_bytes()).hexdigest()
    floor = time.perf_counter() - start
    print(f"verify, {publications} publications ({size:.0f} Mo) : {ours:.2f} s ; sha256 seul : {floor:.2f} s ; rapport {ours / floor:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--proposals", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--publications", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        folder = make_folder(Path(tmp), args.proposals)
        publish(folder, out=Path(tmp) / "site", date=dt.date(2026, 11, 30))  # the journal's first entry
        bench_publish(folder, Path(tmp), args.repeat)
        bench_verify(folder, args.publications)


if __name__ == "__main__":
    main()
