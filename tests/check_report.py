#!/usr/bin/env python3
"""Structural checks of allot's machine-readable reports (standard library only).

    check_report.py sarif FILE...   SARIF 2.1.0 with what GitHub code scanning requires
    check_report.py junit FILE...   well-formed JUnit XML with consistent counts

Exits 0 when every file passes, 1 otherwise, with one line per problem on standard error
("FILE: problem"); 2 on bad usage.
"""

import json
import re
import sys
import xml.etree.ElementTree as ET

# Characters that may not appear unescaped in a URI reference (RFC 3986), which is what
# SARIF's artifactLocation.uri must be.
_NOT_IN_URI = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]')


def _text(obj, *keys):
    """obj[keys[0]][keys[1]]..., or None when any step is missing or not an object."""
    for key in keys:
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def _nonempty_string(value):
    return isinstance(value, str) and value != ""


def _check_physical_location(where, loc, problems):
    phys = _text(loc, "physicalLocation")
    if not isinstance(phys, dict):
        problems.append(f"{where}: no physicalLocation")
        return
    uri = _text(phys, "artifactLocation", "uri")
    if not _nonempty_string(uri):
        problems.append(f"{where}: physicalLocation.artifactLocation.uri is missing or empty")
    elif _NOT_IN_URI.search(uri):
        problems.append(f"{where}: artifactLocation.uri {uri!r} is not a valid URI reference")
    region = _text(phys, "region")
    if not isinstance(region, dict):
        problems.append(f"{where}: no region (GitHub needs region.startLine)")
        return
    line = region.get("startLine")
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        problems.append(f"{where}: region.startLine {line!r} is not a line number >= 1")
    column = region.get("startColumn")
    if column is not None and (not isinstance(column, int) or isinstance(column, bool) or column < 1):
        problems.append(f"{where}: region.startColumn {column!r} is not a column >= 1")


def check_sarif(path):
    problems = []
    with open(path, encoding="utf-8") as f:
        log = json.load(f)
    if not isinstance(log, dict):
        return ["the top level is not a JSON object"]
    if log.get("version") != "2.1.0":
        problems.append(f"version is {log.get('version')!r}, not '2.1.0'")
    if not _nonempty_string(log.get("$schema")):
        problems.append("$schema is missing or empty")
    runs = log.get("runs")
    if not isinstance(runs, list) or not runs:
        return problems + ["runs is missing or empty"]
    for r, run in enumerate(runs):
        where = f"runs[{r}]"
        driver = _text(run, "tool", "driver")
        if not isinstance(driver, dict) or not _nonempty_string(driver.get("name")):
            problems.append(f"{where}: tool.driver.name is missing or empty")
            driver = driver if isinstance(driver, dict) else {}
        rules = driver.get("rules", [])
        if not isinstance(rules, list):
            problems.append(f"{where}: tool.driver.rules is not an array")
            rules = []
        ids = []
        for i, rule in enumerate(rules):
            rid = _text(rule, "id")
            if not _nonempty_string(rid):
                problems.append(f"{where}.rules[{i}]: id is missing or empty")
            elif rid in ids:
                problems.append(f"{where}.rules[{i}]: id {rid!r} is not unique")
            ids.append(rid)
            for field in ("shortDescription", "fullDescription", "help"):
                if not _nonempty_string(_text(rule, field, "text")):
                    problems.append(f"{where}.rules[{i}]: {field}.text is missing or empty")
        results = run.get("results")
        if not isinstance(results, list):
            problems.append(f"{where}: results is missing")
            continue
        for i, res in enumerate(results):
            rwhere = f"{where}.results[{i}]"
            rule_id = _text(res, "ruleId")
            if not _nonempty_string(rule_id):
                problems.append(f"{rwhere}: ruleId is missing or empty")
            elif rule_id not in ids:
                problems.append(f"{rwhere}: ruleId {rule_id!r} is not among the rules")
            if "ruleIndex" in res:
                index = res["ruleIndex"]
                if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(rules):
                    problems.append(f"{rwhere}: ruleIndex {index!r} is out of range")
                elif ids[index] != rule_id:
                    problems.append(f"{rwhere}: ruleIndex {index} points at {ids[index]!r}, not {rule_id!r}")
            if res.get("level", "warning") not in ("error", "warning", "note"):
                problems.append(f"{rwhere}: level {res.get('level')!r} is not error, warning or note")
            if not _nonempty_string(_text(res, "message", "text")):
                problems.append(f"{rwhere}: message.text is missing or empty")
            locations = res.get("locations")
            if not isinstance(locations, list) or not locations:
                problems.append(f"{rwhere}: locations is missing or empty (GitHub needs one)")
            else:
                for j, loc in enumerate(locations):
                    _check_physical_location(f"{rwhere}.locations[{j}]", loc, problems)
            for j, loc in enumerate(res.get("relatedLocations", [])):
                _check_physical_location(f"{rwhere}.relatedLocations[{j}]", loc, problems)
    return problems


def _count(attrs, name, where, problems):
    value = attrs.get(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        problems.append(f"{where}: {name}={value!r} is not a number")
        return None


def check_junit(path):
    problems = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return [f"not well-formed XML: {e}"]
    if root.tag != "testsuites":
        return [f"the root element is <{root.tag}>, not <testsuites>"]
    suites = root.findall("testsuite")
    if not suites:
        problems.append("no <testsuite> under <testsuites>")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for s, suite in enumerate(suites):
        where = f"testsuite[{s}]"
        if not suite.get("name"):
            problems.append(f"{where}: no name")
        cases = suite.findall("testcase")
        actual = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for name, value in actual.items():
            stated = _count(suite.attrib, name, where, problems)
            if stated is None and name != "skipped":
                problems.append(f"{where}: no {name} attribute")
            elif stated is not None and stated != value:
                problems.append(f"{where}: {name}={stated} but it holds {value}")
        for name in totals:
            totals[name] += actual[name]
        for c, case in enumerate(cases):
            cwhere = f"{where}.testcase[{c}]"
            if not case.get("name"):
                problems.append(f"{cwhere}: no name")
            if case.get("classname") is None:
                problems.append(f"{cwhere}: no classname")
            outcomes = case.findall("failure") + case.findall("error")
            if len(outcomes) > 1:
                problems.append(f"{cwhere}: {len(outcomes)} failures/errors; JUnit allows one")
            for o in outcomes:
                if not o.get("type"):
                    problems.append(f"{cwhere}: <{o.tag}> has no type")
                if o.get("message") is None:
                    problems.append(f"{cwhere}: <{o.tag}> has no message")
    for name, value in totals.items():
        stated = _count(root.attrib, name, "testsuites", problems)
        if stated is not None and stated != value:
            problems.append(f"testsuites: {name}={stated} but its suites hold {value}")
    return problems


def main(argv):
    if len(argv) < 3 or argv[1] not in ("sarif", "junit"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    check = check_sarif if argv[1] == "sarif" else check_junit
    failed = False
    for path in argv[2:]:
        try:
            problems = check(path)
        except (OSError, ValueError) as e:  # unreadable, or not JSON at all
            problems = [str(e)]
        for p in problems:
            print(f"{path}: {p}", file=sys.stderr)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
