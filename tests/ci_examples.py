#!/usr/bin/env python3
"""The pre-commit hooks and the CI examples, run as their tools would run them.

    ci_examples.py ALLOT SOURCE_DIR

.pre-commit-hooks.yaml, examples/ci/github-actions.yml and examples/ci/gitlab-ci.yml must
parse and hold what their tools require; each hook's entry runs on examples/ with the file
arguments pre-commit would pass, and the allot steps of each CI example run on the examples
they name (and on the violations) with the exit codes the pipeline expects. The steps that
install allot are not run (they need the network): the ALLOT binary stands in, on PATH.
Exits 0 when everything holds, 1 with one line per failure, 77 (skipped) without PyYAML.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_report  # noqa: E402

try:
    import yaml
except ImportError:
    print("skipped: PyYAML is not installed (Debian: python3-yaml, scripts/install-deps)")
    sys.exit(77)

failures = []


def expect(what, got, want):
    if got != want:
        failures.append(f"{what}: expected {want!r}, got {got!r}")


def run(args, cwd, env=None, shell=False):
    p = subprocess.run(args, cwd=cwd, env=env, shell=shell, capture_output=True, text=True, timeout=50,
                       executable="/bin/bash" if shell else None)
    return p.returncode, p.stdout, p.stderr


def source_files(src):
    """Every file under examples/, relative to the source tree, as pre-commit lists them."""
    out = []
    for root, dirs, files in os.walk(os.path.join(src, "examples")):
        dirs.sort()
        for f in sorted(files):
            out.append(os.path.relpath(os.path.join(root, f), src))
    return out


def check_hooks(src, env):
    with open(os.path.join(src, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
        hooks = {h["id"]: h for h in yaml.safe_load(f)}
    expect("hook ids", sorted(hooks), ["allot-check", "allot-fmt", "allot-validate"])
    for h in hooks.values():
        expect(f"{h['id']}: language", h.get("language"), "system")
        for key in ("name", "entry"):
            if not isinstance(h.get(key), str):
                failures.append(f"{h['id']}: no {key}")
    expect("allot-validate: pass_filenames", hooks["allot-validate"].get("pass_filenames"), False)
    expect("allot-validate: require_serial", hooks["allot-validate"].get("require_serial"), True)

    files = source_files(src)
    # pre-commit matches `files` with re.search against each path.
    matched = {i: [f for f in files if re.search(h["files"], f)] for i, h in hooks.items()}
    policies = [f for f in files if f.endswith(".allot")]
    expect("allot-check: files", matched["allot-check"], policies)
    expect("allot-fmt: files", matched["allot-fmt"], policies)
    if not any(f.endswith(".yaml") for f in matched["allot-validate"]):
        failures.append("allot-validate: its files pattern matches no manifest")

    good = ["examples/swarm.allot", "examples/tiers.allot"]
    entry = lambda i: shlex.split(hooks[i]["entry"]) + hooks[i].get("args", [])
    expect("allot-check on the good policies", run(entry("allot-check") + good, src, env)[0], 0)
    code, _, err = run(entry("allot-check") + good + ["examples/broken/typo_resource.allot"], src, env)
    expect("allot-check with a broken policy", code, 2)
    if "examples/broken/typo_resource.allot:" not in err:
        failures.append(f"allot-check: no position in the broken file's error: {err!r}")
    expect("allot-fmt on the good policies", run(entry("allot-fmt") + good, src, env)[:2], (0, ""))
    # The validate hook runs once on what the user's args name, never on the file names.
    args = ["--policy", "examples/tiers.allot"]
    expect("allot-validate on clean jobs", run(entry("allot-validate") + args + ["examples/jobs/clean"], src, env)[0], 0)
    expect("allot-validate on violations",
           run(entry("allot-validate") + args + ["examples/jobs/clean", "examples/jobs/violations"], src, env)[0], 1)
    code, _, err = run(entry("allot-validate"), src, env)
    expect("allot-validate without args", code, 2)


def workdir(src):
    """A scratch directory that sees the examples where the pipelines name them."""
    d = tempfile.mkdtemp(prefix="allot-ci-")
    os.symlink(os.path.join(src, "examples"), os.path.join(d, "examples"))
    return d


def check_github(src, env):
    with open(os.path.join(src, "examples/ci/github-actions.yml"), encoding="utf-8") as f:
        wf = yaml.safe_load(f)
    triggers = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` as true
    expect("github: triggers", sorted(triggers), ["pull_request", "push"])
    expect("github: permissions", wf["permissions"].get("security-events"), "write")
    steps = wf["jobs"]["allot"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    if "github/codeql-action/upload-sarif@v4" not in uses:
        failures.append(f"github: no upload-sarif@v4 step: {uses}")
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    sarif_file = upload["with"]["sarif_file"]
    # The steps that run allot, as GitHub runs them (bash -e), with the workflow's env.
    allot_steps = [s for s in steps if "run" in s and s["run"].lstrip().startswith("allot ")]
    names = [s["name"] for s in allot_steps]
    expect("github: allot steps", len(allot_steps), 3)
    if not any("--format github" in s["run"] for s in allot_steps):
        failures.append("github: no step writes annotations")

    for manifests, want in (
        (wf["env"]["ALLOT_MANIFESTS"], [0, 0, 0]),
        ("examples/jobs/clean examples/jobs/violations", [0, 0, 1]),  # SARIF still written; the gate fails
    ):
        d = workdir(src)
        e = dict(env, **{k: str(v) for k, v in wf["env"].items()})
        e["ALLOT_MANIFESTS"] = manifests
        got = []
        for s in allot_steps:
            code, out, err = run(["bash", "-e", "-c", s["run"]], d, e)
            got.append(code)
            if s["run"].startswith("allot validate") and "--format github" in s["run"] and want[-1] == 1:
                if not re.search(r"^::error file=examples/jobs/violations/", out, re.M):
                    failures.append(f"github: no annotation for a violation: {out[:200]!r}")
        expect(f"github: exit codes of {names} on {manifests}", got, want)
        sarif = os.path.join(d, sarif_file)
        if not os.path.exists(sarif):
            failures.append(f"github: no {sarif_file} for upload-sarif")
        else:
            failures.extend(f"github: {sarif_file}: {p}" for p in check_report.check_sarif(sarif))
            with open(sarif, encoding="utf-8") as f:
                results = json.load(f)["runs"][0]["results"]
            expect(f"github: SARIF has results on {manifests}", bool(results), want[-1] == 1)
        shutil.rmtree(d)


def check_gitlab(src, env):
    with open(os.path.join(src, "examples/ci/gitlab-ci.yml"), encoding="utf-8") as f:
        job = yaml.safe_load(f)["allot"]
    report = job["artifacts"]["reports"]["junit"]
    expect("gitlab: artifacts when", job["artifacts"].get("when"), "always")
    script = job["script"]
    expect("gitlab: script lines", [s.split()[:2] for s in script], [["allot", "check"], ["allot", "validate"]])
    for manifests, want in (
        (job["variables"]["ALLOT_MANIFESTS"], [0, 0]),
        ("examples/jobs/clean examples/jobs/violations", [0, 1]),
    ):
        d = workdir(src)
        e = dict(env, **{k: str(v) for k, v in job["variables"].items()})
        e["ALLOT_MANIFESTS"] = manifests
        got = [run(["bash", "-c", line], d, e)[0] for line in script]
        expect(f"gitlab: exit codes on {manifests}", got, want)
        path = os.path.join(d, report)
        if not os.path.exists(path):
            failures.append(f"gitlab: no {report}")
        else:
            failures.extend(f"gitlab: {report}: {p}" for p in check_report.check_junit(path))
            with open(path, encoding="utf-8") as f:
                has_failure = "<failure " in f.read()
            expect(f"gitlab: JUnit failures on {manifests}", has_failure, want[-1] == 1)
        shutil.rmtree(d)


def main():
    allot, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    bindir = tempfile.mkdtemp(prefix="allot-bin-")
    os.symlink(allot, os.path.join(bindir, "allot"))  # `allot` as the installed command
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
    env.pop("NO_COLOR", None)
    try:
        check_hooks(src, env)
        check_github(src, env)
        check_gitlab(src, env)
    finally:
        shutil.rmtree(bindir)
    for f in failures:
        print(f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
