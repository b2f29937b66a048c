"""`storefront doctor`: what this machine has and lacks for the build and for the tests.

Each check says what it is for, what was found, and the command that fixes it. Only what the
build of *this* project needs is a failure (a font for a market's script, complex text layout
for Arabic or Indic markets); the rest is advice (tests, optional extras).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import features

from storefront_core.bidi import needs_complex_layout
from storefront_core.fonts import PACKAGED, SCRIPT_NAMES, SCRIPTS, FontSet, script_of_lang

#: Where Debian's chromium package and Playwright's usual locations put the browser.
CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


@dataclass(frozen=True)
class Check:
    """One thing the build or the tests need, and whether this machine has it."""

    group: str  # "build" or "tests"
    name: str  # what is checked, e.g. "font: Japanese"
    ok: bool
    found: str  # what was found (a path, a version), or why not
    fix: str = ""  # the command that fixes it ("" when ok)
    required: bool = False  # a failure stops this project's build (else: advice)


def font_checks(fonts: FontSet, langs: Sequence[str]) -> list[Check]:
    """Per script: the face that draws it and where it comes from (merchant, package, system).

    Scripts of the project's market languages are required; the other packaged scripts
    are listed so a merchant adding a market knows what it needs.
    """
    needed = {script_of_lang(lang) for lang in langs} | {"latin"}
    scripts = sorted(needed) + sorted(set(PACKAGED) - needed)
    checks = []
    for script in scripts:
        name = SCRIPT_NAMES.get(script, script.capitalize())
        users = sorted(lang for lang in langs if script_of_lang(lang) == script)
        label = f"font: {name}" + (f" ({', '.join(users)})" if users else "")
        face = fonts._face(script, True)  # noqa: SLF001 (the lookup the build makes)
        if face is not None:
            if any(d in face.path.parents for d in fonts.own_dirs):
                where = "your font_dirs"
            elif script in PACKAGED and face.path == PACKAGED[script][1].path():
                where = f"package {PACKAGED[script][1].requirement}"
            else:
                where = "system"
            checks.append(Check("build", label, True, f"{face.path.name} ({where})",
                                required=script in needed))
            continue
        if script in PACKAGED:
            fix = "pip install " + " ".join(sorted({f.requirement for f in PACKAGED[script]}))
        else:
            fix = f"apt-get install {SCRIPTS[script].package}"
        checks.append(Check("build", label, False, "not installed: cards leave its text out",
                            fix, required=script in needed))
    return checks


def layout_checks(langs: Sequence[str]) -> list[Check]:
    """raqm (with FriBiDi and HarfBuzz) for Arabic and Indic cards, PyICU for word breaks."""
    complex_langs = sorted(lang for lang in langs if needs_complex_layout(lang))
    raqm = bool(features.check("raqm"))
    fribidi = features.version("fribidi") if raqm else None
    found = (f"raqm {features.version('raqm')}, FriBiDi {fribidi}, "
             f"HarfBuzz {features.version('harfbuzz')}") if raqm else \
        "raqm cannot load the FriBiDi library"
    checks = [Check("build", "complex text layout (raqm, FriBiDi)"
                    + (f" for {', '.join(complex_langs)}" if complex_langs else ""), raqm, found,
                    "" if raqm else "apt-get install libfribidi0 (macOS: brew install fribidi)",
                    required=bool(complex_langs))]
    try:
        import icu  # type: ignore[import-not-found]  # noqa: F401

        checks.append(Check("build", "ICU word breaks for Thai and CJK card titles (optional)",
                            True, f"PyICU {icu.VERSION}"))
    except ImportError:
        checks.append(Check("build", "ICU word breaks for Thai and CJK card titles (optional)",
                            False, "PyICU is not installed",
                            "apt-get install libicu-dev pkg-config g++ && pip install -e '.[icu]'"))
    return checks


def _version(cmd: Sequence[str]) -> str | None:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if done.returncode == 0 and text else None


def _vnu_jar() -> Path | None:
    root = _version(["npm", "root", "-g"]) if shutil.which("npm") else None
    candidates = [Path(root) / "vnu-jar/build/dist/vnu.jar"] if root else []
    candidates.append(Path("/usr/local/lib/node_modules/vnu-jar/build/dist/vnu.jar"))
    return next((p for p in candidates if p.is_file()), None)


def test_checks() -> list[Check]:
    """What the test suite needs beyond the Python packages (browser, HTML checker, fonts)."""
    checks = []
    chromium = next((p for p in CHROMIUM_PATHS if os.access(p, os.X_OK)), None) \
        or shutil.which("chromium")
    checks.append(Check("tests", "Chromium (browser tests)", chromium is not None,
                        (_version([chromium, "--version"]) or chromium) if chromium
                        else "not found: browser tests skip",
                        "" if chromium else "apt-get install chromium"))
    try:
        import playwright  # noqa: F401

        checks.append(Check("tests", "Playwright (drives Chromium)", True, "installed"))
    except ImportError:
        checks.append(Check("tests", "Playwright (drives Chromium)", False, "not installed",
                            "pip install -e '.[test]'"))
    java = shutil.which("java")
    checks.append(Check("tests", "Java (runs the Nu HTML Checker)", java is not None,
                        java or "not found: the HTML validity test skips",
                        "" if java else "apt-get install default-jre-headless"))
    jar = _vnu_jar()
    checks.append(Check("tests", "Nu HTML Checker (vnu.jar)", jar is not None,
                        str(jar) if jar else "not found: the HTML validity test skips",
                        "" if jar else "npm install -g vnu-jar"))
    noto = Path("/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf")
    checks.append(Check("tests", "system Noto fonts (Hebrew, Bengali, symbols tests)",
                        noto.is_file(), str(noto.parent) if noto.is_file()
                        else "not found: those tests skip",
                        "" if noto.is_file() else "apt-get install fonts-noto-core"))
    cjk = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    checks.append(Check("tests", "system CJK fonts (Chromium draws Japanese pages)",
                        cjk.is_file(), str(cjk.parent) if cjk.is_file() else "not found",
                        "" if cjk.is_file() else "apt-get install fonts-noto-cjk"))
    return checks


def diagnose(fonts: FontSet, langs: Iterable[str], tests: bool = True) -> list[Check]:
    """Every check, build first."""
    langs = sorted(set(langs))
    python = sys.version_info >= (3, 11)
    checks = [Check("build", "Python 3.11 or newer", python, sys.version.split()[0],
                    "" if python else "install Python 3.11 (python3.11 -m venv .venv)",
                    required=True)]
    checks += font_checks(fonts, langs) + layout_checks(langs)
    return checks + (test_checks() if tests else [])
