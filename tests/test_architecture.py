"""The shape of the code, as docs/architecture.md draws it: apps depend one way,
modules and views stay small, and a clone carries its own domain reference."""

import ast
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
# Packages of ours that are not Django apps: lib sits below every app.
LIBRARIES = ["lib"]
MODULE_LINE_LIMIT = 350
VIEW_LINE_LIMIT = 40


def our_apps() -> list[str]:
    """Our apps, lowest first, as settings.INSTALLED_APPS lists them."""
    return LIBRARIES + [app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()]


def tracked_python() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [ROOT / name for name in listed.stdout.split() if (ROOT / name).exists()]


def app_modules() -> list[Path]:
    """Our application code: not migrations, tests or benchmarks."""
    apps = set(our_apps())
    return [
        path for path in tracked_python() if path.relative_to(ROOT).parts[0] in apps and "migrations" not in path.parts
    ]


def imported_apps(path: Path, apps: set[str]) -> set[str]:
    """The other apps of ours that a module imports (absolute imports only: relative ones stay inside)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found |= {name.split(".")[0] for name in names} & apps
    return found - {path.relative_to(ROOT).parts[0]}


def app_graph() -> dict[str, set[str]]:
    apps = set(our_apps())
    graph: dict[str, set[str]] = {app: set() for app in apps}
    for path in app_modules():
        graph[path.relative_to(ROOT).parts[0]] |= imported_apps(path, apps)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in the graph as a path that returns to its start, or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "visiting"
        path.append(node)
        for following in sorted(graph.get(node, ())):
            if state.get(following) == "visiting":
                return [*path[path.index(following) :], following]
            if following not in state and (cycle := visit(following)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle_and_only_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_two_apps_import_each_other_even_through_others() -> None:
    cycle = find_cycle(app_graph())
    assert cycle is None, f"Import cycle between apps: {' -> '.join(cycle)}"


def test_each_app_imports_only_the_apps_listed_before_it_in_installed_apps() -> None:
    order = our_apps()
    upward = [
        f"{app} imports {other}"
        for app, others in app_graph().items()
        for other in others
        if order.index(other) > order.index(app)
    ]
    assert upward == [], "A lower app imports a higher one (see docs/architecture.md)"


def test_no_module_of_ours_is_over_350_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): n
        for path in app_modules()
        if (n := len(path.read_text().splitlines())) > MODULE_LINE_LIMIT
    }
    assert long == {}, "Split these by capability"


def view_functions() -> list[tuple[str, int]]:
    found = []
    for path in app_modules():
        parts = path.relative_to(ROOT).parts
        if parts[-1] != "views.py" and "views" not in parts[:-1]:
            continue
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.FunctionDef):
                found.append((f"{'/'.join(parts)}:{node.name}", node.end_lineno - node.lineno + 1))
    return found


def test_no_view_function_is_over_40_lines() -> None:
    assert len(view_functions()) > 20, "the scan found the views"
    long = {name: lines for name, lines in view_functions() if lines > VIEW_LINE_LIMIT}
    assert long == {}, "A view fetches, calls one service, then redirects or renders"


def test_nothing_points_outside_the_clone() -> None:
    # Built from pieces so that this file does not match itself.
    pattern = "|".join(["DOMAIN" + r"\.md", r"\.\./" + "shared/", "/shared/" + "seeds"])
    found = subprocess.run(["git", "grep", "-nE", pattern], cwd=ROOT, capture_output=True, text=True)
    assert found.stdout == "", "Cite docs/domain.md and the seeds by file name instead"


def domain_rule_numbers() -> set[int]:
    text = (ROOT / "docs" / "domain.md").read_text()
    rules = text.split("\n## 9.", 1)[1].split("\n## 10.", 1)[0]
    return {int(number) for number in re.findall(r"^(\d+)\. ", rules, flags=re.MULTILINE)}


CITATION = re.compile(
    r"(?<!validator )\brules? (\d+)(?:\s*[–-]\s*(\d+))?((?:,\s*\d+(?:\s*[–-]\s*\d+)?)*)(?:,? and (\d+))?"
)


def cited_rules(text: str) -> set[int]:
    numbers: set[int] = set()
    for first, to, more, last in CITATION.findall(text):
        numbers |= set(range(int(first), int(to or first) + 1))
        for start, end in re.findall(r"(\d+)(?:\s*[–-]\s*(\d+))?", more):
            numbers |= set(range(int(start), int(end or start) + 1))
        if last:
            numbers.add(int(last))
    return numbers


def test_the_rule_citation_reader_reads_ranges_lists_and_pairs() -> None:
    assert cited_rules("see rules 6–8, 12 and 22; rule 3") == {3, 6, 7, 8, 12, 22}


def test_the_domain_reference_numbers_its_36_rules_in_order() -> None:
    assert domain_rule_numbers() == set(range(1, 37))


@pytest.mark.parametrize("root", ["code", "tests"])
def test_every_rule_the_code_and_tests_cite_is_in_the_domain_reference(root: str) -> None:
    files = app_modules() if root == "code" else [p for p in tracked_python() if p.parts[len(ROOT.parts)] == "tests"]
    cited = set().union(*(cited_rules(path.read_text()) for path in files))
    assert cited, "the scan found rule citations"
    assert cited - domain_rule_numbers() == set()


def imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def test_selectors_answer_questions_without_calling_services() -> None:
    selectors = [path for path in app_modules() if path.name == "selectors.py"]
    assert len(selectors) >= 5, "the scan found the selectors"
    calling = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if "services" in m.split("."))
        for path in selectors
    }
    assert {name: modules for name, modules in calling.items() if modules} == {}
