"""Check a census return with the Data to Insight validator (the PyPI package
csc-validator-be-cin), the rules the DfE's own collection system applies.

The validator is a development tool, not a runtime dependency (it pins an old pandas
and numpy), so it is run in its own process with the same Python, and its report is
read back from the CSV it writes. Rule codes ending in Q are queries: the DfE asks the
council to confirm or explain them; every other code is an error that stops a return.
"""

import csv
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

RULESET = "cin2025_26"  # the validator defaults to an older year's rules unless told


def ruleset_for(year: int) -> str:
    """The validator's rules for a collection year: 2027 (April 2026 to March 2027) is cin2026_27."""
    return f"cin{year - 1}_{year % 100:02d}"


def census_year_of(path: Path) -> int:
    """The collection year a return says it is for, in its header."""
    # Our own export, read back to check it: not untrusted input.
    root = ElementTree.parse(path).getroot()  # noqa: S314
    return int(root.findtext("Header/CollectionDetails/Year"))


@dataclass(frozen=True)
class Finding:
    rule: str
    child: str
    field: str
    description: str

    @property
    def is_query(self) -> bool:
        return self.rule.upper().endswith("Q")


def census_validate(path: Path, *, ruleset: str = RULESET, timeout: int = 1800) -> list[Finding]:
    """Every error and query the validator reports for the return at `path`."""
    with tempfile.TemporaryDirectory() as workdir:
        # Our own interpreter and a file we wrote: no untrusted input reaches the command line.
        done = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-W",
                "ignore",
                "-m",
                "cin_validator",
                "run",
                str(Path(path).resolve()),
                "-r",
                ruleset,
                "-o",
            ],
            cwd=workdir,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        report = Path(workdir) / "user_report.csv"
        if done.returncode != 0 or not report.exists():
            raise RuntimeError(f"The census validator did not run: {done.stderr[-2000:]}")
        with report.open(newline="", encoding="utf-8") as rows:
            return [
                Finding(
                    rule=row["rule_code"],
                    child=row["LAchildID"],
                    field=f"{row['tables_affected']}.{row['columns_affected']}",
                    description=row["rule_description"],
                )
                for row in csv.DictReader(rows)
            ]


def findings_by_rule(findings: list[Finding]) -> dict[str, int]:
    """How many children each rule flags, errors first: what a report shows."""
    counts = Counter((finding.rule, finding.child) for finding in findings)
    per_rule = Counter(rule for rule, _ in counts)
    return dict(sorted(per_rule.items(), key=lambda item: (item[0].upper().endswith("Q"), item[0])))


if __name__ == "__main__":
    # python -m reporting.census_validation FILE.xml: errors and queries, by rule, against the
    # rules of the year the return's header names.
    path = Path(sys.argv[1])
    found = census_validate(path, ruleset=ruleset_for(census_year_of(path)))
    for rule, children in findings_by_rule(found).items():
        print(f"{rule}\t{children} children\t{next(f.description for f in found if f.rule == rule)}")
    print(f"{sum(not f.is_query for f in found)} errors, {sum(f.is_query for f in found)} queries")
