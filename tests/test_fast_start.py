"""Fast start: commands import only the heavy libraries they use (checked in a fresh interpreter).

``suivi check`` reads and checks a folder: no statistics (scipy), charts (matplotlib) nor
documents (python-docx, openpyxl). ``suivi respond`` writes a Word document with two charts, but
computes no statistics, and leaves the evaluation report's modules (and the survey indicators they
bring) alone. Start-up times themselves are measured by ``bench/bench_startup.py``.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluation.resources import examples_dir

HEAVY = ("scipy", "matplotlib", "docx", "openpyxl", "statsmodels")


def _modules_after(tmp_path: Path, *args: str) -> set[str]:
    """The modules in ``sys.modules`` after ``suivi ARGS`` ran on a copy of the example."""
    folder = tmp_path / "exemple"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    code = ("import json, sys\nfrom evaluation.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code, args[0], str(folder), *args[1:]], capture_output=True, text=True,
                          cwd=tmp_path, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def _imported_by(tmp_path: Path, *args: str) -> set[str]:
    """Top-level packages in ``sys.modules`` after ``suivi ARGS`` ran on a copy of the example."""
    return {module.split(".")[0] for module in _modules_after(tmp_path, *args)}


def test_check_imports_no_statistics_charts_or_documents(tmp_path):
    imported = _imported_by(tmp_path, "check")
    assert "pandas" in imported  # the surveys were read: the check did run
    assert imported.isdisjoint(HEAVY)
    assert "babel" not in imported  # whole counts and dates in French need no locale data


def test_respond_imports_no_statistics_nor_the_report(tmp_path):
    modules = _modules_after(tmp_path, "respond", "--out", str(tmp_path / "out"))
    imported = {module.split(".")[0] for module in modules}
    assert (tmp_path / "out" / "reponse-motivee.docx").is_file()
    assert {"docx", "matplotlib"} <= imported
    assert "evaluation.voice.feedback_outputs" in modules  # the citizens' feedback was written
    assert imported.isdisjoint({"scipy", "statsmodels"})
    assert not {m for m in modules if m.startswith(("evaluation.report", "indicators.survey.bootstrap", "surveys.interviews"))}


def test_evaluate_computes_its_statistics_without_scipy(tmp_path):
    # Importing scipy.special alone costs a quarter of a second, scipy.stats a second: the survey
    # statistics write their quantiles and normal tail themselves (indicators.survey.distributions).
    folder = tmp_path / "exemple"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    code = ("import json, sys\nfrom evaluation.report.evaluate import evaluate\n"
            "result = evaluate(sys.argv[1], out_dir=sys.argv[2])\n"
            "print(json.dumps([len(result.results), sorted(sys.modules)]))")
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path / "out")], capture_output=True,
                          text=True, cwd=tmp_path, check=True)
    rows, modules = json.loads(done.stdout.splitlines()[-1])
    assert rows > 500 and "indicators.survey.distributions" in modules  # the survey statistics were computed
    assert not {m for m in modules if m.startswith(("scipy", "statsmodels"))}


# --- work done at every start, made cheaper without changing what it gives


def test_the_catalogue_reads_as_tomllib_reads_it():
    from importlib import resources

    from surveys.i18n import parse_catalogue

    text = (resources.files("surveys") / "catalogue" / "fr.toml").read_text(encoding="utf-8")
    assert parse_catalogue(text) == tomllib.loads(text)


@pytest.mark.parametrize("text", [
    '# a comment\n"a.b" = "Ligne 1\\nligne 2 : \\"citée\\" \\\\ \\b"\n\n"c" = ""\n',  # the fast path
    '"a" = "tabulation\there"\n',  # a raw tab: TOML allows it, JSON does not
    '"a" = "\\u00e9t\\u00e9"\n"b" = \'littérale\'\n',  # escapes and strings beyond the simple lines
    '"a" = "x"\r\n"b" = "y"\r\n',  # Windows line ends
    '[section]\n"a" = "x"\n',  # a table
    '"a" = """\nsur plusieurs\nlignes"""\n',
])
def test_the_catalogue_reader_gives_what_tomllib_gives(text):
    from surveys.i18n import parse_catalogue

    assert parse_catalogue(text) == tomllib.loads(text)


@pytest.mark.parametrize("text", ['"a" = "x"\n"a" = "y"\n', '"a" = "x" = "y"\n', '"a" = "\\/"\n', '"a" = "del\x7f"\n'])
def test_a_broken_catalogue_fails_as_with_tomllib(text):
    from surveys.i18n import parse_catalogue

    with pytest.raises(tomllib.TOMLDecodeError):
        parse_catalogue(text)


def test_demarche_yaml_is_read_again_only_for_a_problem_line(tmp_path, monkeypatch):
    from evaluation.demarche.model import load_demarche
    from evaluation.fieldwork import survey_data
    from surveys.problems import ProblemReport

    folder = tmp_path / "d"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    demarche = load_demarche(folder, ProblemReport())
    assert demarche is not None
    calls: list[str] = []

    def declared_line(folder, key):
        calls.append(key)
        return 7

    monkeypatch.setattr(survey_data, "declared_line", declared_line)
    report = ProblemReport()
    assert len(survey_data.survey_sources(demarche, report)) == len(demarche.files.surveys) and not calls
    (folder / "enquetes" / "questionnaire-avant.csv").unlink()
    survey_data.survey_sources(demarche, report)
    (problem,) = report
    assert (problem.code, problem.row, calls) == ("fichier_absent", 7, ["fichiers.enquetes (élément 1).fichier"])


def test_answer_labels_are_keyed_once_for_every_column_of_a_scale():
    from surveys.exports.items import Scale
    from surveys.exports.labels import ScaleDecoder, answer_key

    scale = Scale(id="accord", labels={"Pas du tout d'accord": 1, "Plutôt pas d'accord": 2, "Plutôt d'accord": 3, "Tout à fait d'accord": 4})
    ScaleDecoder(scale)
    before = answer_key.cache_info()
    decoder = ScaleDecoder(scale)
    after = answer_key.cache_info()
    assert after.misses == before.misses and after.hits > before.hits
    answer = decoder.decode("3 - plutot d'accord")
    assert answer is not None and answer.value == 3.0


def _matplotlib_png(figure, tight) -> bytes:
    import io

    from evaluation.documents import charts

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=charts.DPI, bbox_inches=tight, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


def _small_chart():
    from evaluation.documents import charts

    figure, axes = charts._figure(5)
    axes.barh([0, 1], [2, 3], hatch="///", color=charts.OKABE_ITO[:2])
    axes.set_yticks([0, 1], labels=["Thème « é »", "b"])
    return figure, charts._tight_box(figure)


def test_a_chart_is_encoded_as_rgb_with_the_pixels_matplotlib_draws():
    import io

    from PIL import Image

    from evaluation.documents import charts

    figure, tight = _small_chart()
    ours = Image.open(io.BytesIO(charts._render(figure, tight)))
    theirs = Image.open(io.BytesIO(_matplotlib_png(figure, tight)))
    assert (ours.mode, theirs.mode) == ("RGB", "RGBA") and theirs.getchannel("A").getextrema() == (255, 255)
    assert ours.size == theirs.size and ours.info == theirs.info  # the same resolution (dpi), no other chunk
    assert ours.tobytes() == theirs.convert("RGB").tobytes()


def test_a_chart_whose_size_was_mismeasured_is_encoded_by_matplotlib(monkeypatch):
    from evaluation.documents import charts

    figure, tight = _small_chart()
    expected = _matplotlib_png(figure, tight)
    monkeypatch.setattr(charts, "_pixels", lambda inches: 3)
    assert charts._render(figure, tight) == expected


WHOLE = (0, 1, 2, 7, 12, 999, 1000, 1234, 99_999, 1_000_000, 1_000_001, 2_000_000, 123_456_789, -1, -2, -1000, -1_000_000)


def test_whole_counts_are_written_and_pluralised_as_babel_does():
    from babel import Locale
    from babel.numbers import format_decimal

    from evaluation.documents import frformat
    from surveys.i18n import plural_category

    rule = Locale.parse("fr").plural_form
    for n in WHOLE:
        assert plural_category(n, "fr") == rule(abs(n)), n
        assert frformat.number(n) == format_decimal(n, format="#,##0", locale="fr_FR").replace(frformat.NBSP, frformat.NNBSP), n
    assert frformat.number(3, 1) == "3,0" and frformat.number(2.5) == "2"  # half to even, as Babel rounds
    assert [plural_category(n, "fr") for n in (1.5, 2.0)] == ["one", "other"]
    for n in (0.0, 0.5, 1.0, 1.99, 2.0, 12.5, 1e6, 1e6 + 0.5, 2e6, 1e16, -1.5, -2e6):  # measures: Babel reads a whole float as whole
        assert plural_category(n, "fr") == rule(abs(n)), n


def test_decimals_and_lists_are_written_as_babel_writes_them():
    import decimal
    import random

    import numpy as np
    from babel.lists import format_list
    from babel.numbers import format_decimal

    from evaluation.documents import frformat

    def babel(value: object, decimals: int) -> str:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale="fr_FR").replace(frformat.NBSP, frformat.NNBSP)

    rng = random.Random(11)
    # Halves (rounded to even on the shortest decimal text: 2.675 → 2,68), signs that round to 0,
    # tiny and large numbers, numpy and Decimal values, infinities (left to Babel).
    values = [0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -0.001, 2.675, 0.125, 999_999.995, 1e14 + 0.5, 99_999_999_999_999.99, 1e15, 1e20,
              5e-324, float("inf"), float("-inf"), 3, -3, np.float64(0.35), np.float32(0.35), np.int64(7), decimal.Decimal("2.345")]
    values += [round(rng.uniform(-1000, 1000), rng.randint(0, 4)) for _ in range(3000)]
    values += [(rng.randint(-2000, 2000) + 0.5) / 10 ** rng.randint(0, 3) for _ in range(3000)]
    values += [rng.uniform(-1, 1) * 10 ** rng.randint(-5, 16) for _ in range(3000)]
    for value in values:
        for decimals in (0, 1, 2, 3):
            if type(value) is not int or decimals:
                assert frformat.number(value, decimals) == babel(value, decimals), (value, decimals)
    for count in range(6):
        items = [f"ville {i}" for i in range(count)]
        assert frformat.join(items) == (format_list(items, locale="fr_FR") if items else "")


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity cannot be set on this system")
def test_evaluate_writes_its_report_without_babel(tmp_path, monkeypatch):
    # On one core the charts (and their alt text) are drawn in the process itself, not in workers.
    one_core = {min(os.sched_getaffinity(0))}
    monkeypatch.setattr(subprocess, "run", functools.partial(subprocess.run, preexec_fn=lambda: os.sched_setaffinity(0, one_core)))
    imported = _imported_by(tmp_path, "evaluate", "--out", str(tmp_path / "out"))
    assert (tmp_path / "out" / "rapport-evaluation.docx").is_file() and len(list((tmp_path / "out" / "figures").glob("*.png"))) > 20
    assert "babel" not in imported  # numbers, plurals, dates and lists are written directly


@settings(max_examples=3000, deadline=None)
@given(value=st.one_of(st.floats(-1e20, 1e20), st.floats(-1e7, 1e7).map(lambda x: round(x, 3)), st.integers(-10**9, 10**9).map(lambda n: n / 8)),
       decimals=st.integers(0, 3))
def test_decimal_numbers_are_written_as_babel_writes_them(value: float, decimals: int) -> None:
    """Numbers with decimals are written without Babel: the same text as its « #,##0.0… » for fr_FR, half to even."""
    from babel.numbers import format_decimal

    from evaluation.documents import frformat

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = format_decimal(value, format=pattern, locale="fr_FR").replace(frformat.NBSP, frformat.NNBSP)
    assert frformat.number(value, decimals) == expected
    assert frformat.number(np.float64(value), decimals) == expected


def test_huge_and_infinite_numbers_are_written() -> None:
    """Beyond Babel's reach (it raises on 1e28): every digit, grouped; infinities as signs."""
    from evaluation.documents import frformat

    assert frformat.number(1e28) == "10\u202f000\u202f000\u202f000\u202f000\u202f000\u202f000\u202f000\u202f000\u202f000"
    assert frformat.number(-1.5e300, 1).startswith("-1\u202f500\u202f000") and frformat.number(-1.5e300, 1).endswith(",0")
    assert (frformat.number(float("inf")), frformat.number(float("-inf"), 2)) == ("∞", "-∞")


@settings(max_examples=3000, deadline=None)
@given(n=st.one_of(st.integers(-3_000_000, 3_000_000), st.floats(-3e6, 3e6), st.sampled_from([0.5, 1.0, 1.5, 2.0, 1e6, 2e6, 1e6 + 0.5, 1e12])))
def test_counts_are_categorised_as_babel_does(n: float) -> None:
    """French plural categories of whole and decimal counts, without Babel: the same as its CLDR rule."""
    from babel import Locale

    from surveys.i18n import plural_category

    assert plural_category(n, "fr") == Locale.parse("fr").plural_form(abs(n))
    assert plural_category(np.float64(n) if isinstance(n, float) else np.int64(n), "fr") == Locale.parse("fr").plural_form(abs(n))


def test_dates_are_written_as_babel_writes_them():
    import datetime as dt

    from babel.dates import format_date

    from evaluation.documents import frformat

    for day in (dt.date(2026, month, 1 + month) for month in range(1, 13)):
        assert frformat.date_long(day) == f"{day.day} {format_date(day, 'MMMM y', locale='fr_FR')}"
    assert frformat.date_long(dt.datetime(2026, 8, 1, 12)) == "1er août 2026"
    assert frformat.date_long(dt.date(2026, 12, 2), weekday=True) == "mercredi 2 décembre 2026"
    for day in (dt.date(2026, 11, 30) + dt.timedelta(days=k) for k in range(7)):
        assert frformat.date_long(day, weekday=True).split()[0] == format_date(day, "EEEE", locale="fr_FR")


def test_lists_are_written_as_babel_writes_them():
    from babel.lists import format_list

    from evaluation.documents import frformat

    for items in ([], ["Lyon"], ["Lyon", "Lille"], ["Lyon", "Lille", "Nantes"], ["a, b", "c et d", "e", "f"]):
        assert frformat.join(items) == (format_list(items, locale="fr_FR") if items else "")


# --- the end of the ``suivi`` program: exit handlers and output kept, no teardown of the interpreter

MARKERS = """import atexit, pathlib, threading
unflushed = open("teardown.txt", "w")  # its buffer is written when the interpreter's teardown frees it
unflushed.write("freed")
atexit.register(lambda: pathlib.Path("atexit.txt").write_text("ran"))
"""


def _program(tmp_path: Path, *args: str, setup: str = "", argv: bool = False) -> subprocess.CompletedProcess[str]:
    """``suivi ARGS`` as the console script runs it (``main()``), or as ``main(ARGS)`` when ``argv``."""
    call = "main(sys.argv[1:])" if argv else "main()"
    code = f"import sys\n{MARKERS}{setup}\nfrom evaluation.cli import main\n{call}\n"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path)


def test_the_program_ends_with_its_code_and_output_but_no_teardown(tmp_path):
    folder = tmp_path / "exemple"
    shutil.copytree(examples_dir() / "convention-mobilites", folder)
    ended = _program(tmp_path, "check", str(folder))
    assert ended.returncode == 0 and ended.stderr == ""
    assert (tmp_path / "atexit.txt").read_text() == "ran" and (tmp_path / "teardown.txt").read_text() == ""
    normal = _program(tmp_path, "check", str(folder), argv=True)  # the same command, through the interpreter's exit
    assert (normal.returncode, normal.stdout) == (0, ended.stdout) and (tmp_path / "teardown.txt").read_text() == "freed"
    assert ended.stdout.rstrip().endswith("exemple : 0 erreur, 9 avertissements.")


@pytest.mark.parametrize(("args", "code", "message"), [
    (("check", "absent"), 1, "Erreur : Le dossier « absent » est introuvable."),
    (("chek",), 2, "Erreur : commande inconnue : chek"),
])
def test_the_program_keeps_its_exit_codes_and_messages(tmp_path, args, code, message):
    ended = _program(tmp_path, *args)
    assert ended.returncode == code and message in ended.stderr
    assert (tmp_path / "atexit.txt").exists() and (tmp_path / "teardown.txt").read_text() == ""


def test_a_thread_still_running_gets_the_normal_exit(tmp_path):
    # the thread waits for the main thread to finish, so it is still running however slow the command
    setup = ("def late():\n    threading.main_thread().join()\n    pathlib.Path('thread.txt').write_text('done')\n"
             "threading.Thread(target=late).start()\n")
    ended = _program(tmp_path, "--version", setup=setup)
    assert (ended.returncode, ended.stdout) == (0, "suivi 0.1.0\n")
    assert [(tmp_path / name).read_text() for name in ("thread.txt", "atexit.txt", "teardown.txt")] == ["done", "ran", "freed"]
