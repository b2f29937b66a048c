"""`storefront schedule`: the rebuild moments of campaigns and the cron lines that cover them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from storefront.cli import main
from storefront.schedule import cron_lines, uncovered, workflow_crons
from storefront_promotions.schedule import Transition

REPO = Path(__file__).resolve().parents[2]


def moment(text: str) -> Transition:
    return Transition(datetime.fromisoformat(text).replace(tzinfo=UTC), "bf", "en-us", "start")


def test_a_daily_cron_covers_moments_at_those_hours_only() -> None:
    moments = [moment("2026-11-24T05:00"), moment("2026-11-30T23:00")]
    assert cron_lines(t.at for t in moments) == ["0 5,23 * * *"]
    assert uncovered(moments, ["0 5,23 * * *"]) == []
    # a run 15 minutes late still counts; the old daily 00:15 run misses both
    assert uncovered(moments, ["15 5,23 * * *"]) == []
    assert uncovered(moments, ["15 0 * * *"]) == moments


def test_workflow_schedule_is_read_from_the_yaml(tmp_path: Path) -> None:
    flow = tmp_path / "deploy.yml"
    flow.write_text('on:\n  push: {branches: [main]}\n  schedule:\n    - cron: "0 5 * * *"\n'
                    '    - cron: "30 23 * * 1"\n', encoding="utf-8")
    assert workflow_crons(flow) == ["0 5 * * *", "30 23 * * 1"]


def project(tmp_path: Path, campaign: str) -> Path:
    (tmp_path / "content" / "promotions").mkdir(parents=True)
    (tmp_path / "pelicanconf.py").write_text('PATH = "content"\n', encoding="utf-8")
    (tmp_path / "content" / "markets.yml").write_text(
        "default: en-us\nmarkets:\n  - {code: en-us, language: en, country: US, currency: USD}\n"
        "  - {code: de-de, language: de, country: DE, currency: EUR}\n", encoding="utf-8")
    (tmp_path / "content" / "promotions" / "bf.yml").write_text(campaign, encoding="utf-8")
    return tmp_path


BLACK_FRIDAY = """\
festival: black-friday
to: +3
markets: all
discount: {percent: 10}
scope: all
banner: {en: "Black Friday", de: "Black Friday"}
"""


def test_schedule_lists_each_market_midnight_in_utc(tmp_path: Path) -> None:
    root = project(tmp_path, BLACK_FRIDAY)
    result = CliRunner().invoke(main, ["--project", str(root), "schedule", "--from",
                                       "2026-11-01", "--days", "60", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["at"], r["market"], r["change"]) for r in rows] == [
        ("2026-11-26T23:00:00Z", "de-de", "start"),  # midnight in Berlin
        ("2026-11-27T05:00:00Z", "en-us", "start"),  # midnight in New York
        ("2026-11-30T23:00:00Z", "de-de", "end"),
        ("2026-12-01T05:00:00Z", "en-us", "end"),
    ]
    cron = CliRunner().invoke(main, ["--project", str(root), "schedule", "--from",
                                     "2026-11-01", "--days", "60", "--format", "cron"])
    assert cron.output.split("\n")[0] == "0 5,23 * * *"


def test_check_workflow_fails_naming_the_missed_moment(tmp_path: Path) -> None:
    root = project(tmp_path, BLACK_FRIDAY)
    flow = root / "deploy.yml"
    flow.write_text('on:\n  schedule:\n    - cron: "0 23 * * *"\n', encoding="utf-8")
    args = ["--project", str(root), "schedule", "--from", "2026-11-01", "--days", "60",
            "--check-workflow", "deploy.yml"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "2026-11-27 05:00 UTC (bf starts in en-us)" in result.output
    flow.write_text('on:\n  schedule:\n    - cron: "0 5,23 * * *"\n', encoding="utf-8")
    assert CliRunner().invoke(main, args).exit_code == 0


def test_the_demo_deploy_workflow_rebuilds_when_every_demo_campaign_starts_and_ends() -> None:
    result = CliRunner().invoke(main, [
        "--project", str(REPO), "schedule", "--from", "2026-11-01", "--days", "800",
        "--check-workflow", ".github/workflows/deploy.yml"])
    assert result.exit_code == 0, result.output
