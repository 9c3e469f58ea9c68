#!/usr/bin/env python3
"""Checks the long explanations of the diagnostic codes, policy/explain/CODE.md.

    explain_examples.py ALLOT SOURCE_DIR

For every code of policy/codes.def there must be policy/explain/CODE.md, and every such
file must belong to a code. Each file must have the title line '# CODE: SUMMARY', with
the summary of codes.def, then prose, a '## Wrong' and a '## Right' section (no other
'## ' heading), and lines of at most 80 columns (the title excepted: it is the summary,
which codes.def may make longer), without tabs. Each section needs an example.

The info string of an example fence says how it is run. Every run happens in a fresh
temporary directory, which is also the working directory; the files of the source tree
an info string names (policy=PATH, jobs=PATH: files or directories) are copied into it
under the same relative path, so diagnostics read as they would in the source tree:

    allot                  a policy, saved as policy.allot: allot check policy.allot
    allot unreachable      the same, for a code no input can produce: the nearest input,
                           which must NOT produce the code
    allot policy           not an example: the policy, saved as policy.allot, of every
                           later validate and place fence of the file without policy=;
                           it must check without any diagnostic
    yaml validate          a manifest, saved as job.yaml:
                           allot validate --policy POLICY job.yaml
    yaml place             an inventory, saved as inventory.yaml: allot place --policy
                           POLICY --inventory inventory.yaml JOBS
    yaml jobs              right after a place fence: its manifest, saved as jobs.yaml,
                           which is then JOBS
    console                a shell transcript; not run
    text                   output; right after a run fence, every line of it must be a
                           line of that run's output (standard output, then error)

POLICY is policy=PATH when the info string has it, else the file's 'allot policy' fence,
else examples/tiers.allot; JOBS is jobs=PATH, else examples/jobs/clean. Any run fence
may also say expect=CODE: the output must then hold that code as well.

In '## Wrong', the output of every example must hold the file's code, as
'error[CODE]', 'warning[CODE]' or 'note[CODE]', and allot must exit as codes.def says: 2 for an error
of class invalid, 1 for one of class violation, 0 for a warning or a note; an unreachable example
must not hold the code. In '## Right', the output must not hold the code and allot must
exit with 0.

Prints one line per code on standard output, 'ok   CODE' or 'FAIL CODE' (what failed
goes to standard error), and ends with 'N passed, M failed'; exits 1 on any failure, 2
on bad usage.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_ENTRY = re.compile(
    r'^ALLOT_CODE\(\s*(\w+),\s*([A-Z][0-9]{3}),\s*(error|warning|note),\s*(invalid|violation),'
    r'\s*"((?:[^"\\]|\\.)*)"\s*\)', re.M)
_FOUND = re.compile(r'\b(?:error|warning|note)\[([A-Z][0-9]{3})\]')
_RUN_KINDS = {'allot', 'validate', 'place'}
_DEFAULT_POLICY = 'examples/tiers.allot'
_DEFAULT_JOBS = 'examples/jobs/clean'
_FILE_NAMES = {'allot': 'policy.allot', 'validate': 'job.yaml', 'place': 'inventory.yaml'}
_MAX_COLUMNS = 80


def read_catalogue(source):
    text = (source / 'policy' / 'codes.def').read_text(encoding='utf-8')
    codes = {}
    for ident, code, severity, klass, summary in _ENTRY.findall(text):
        codes[code] = {'identifier': ident, 'severity': severity, 'class': klass,
                       'summary': summary.replace('\\"', '"').replace('\\\\', '\\')}
    return codes


def expected_status(entry):
    if entry['severity'] in ('warning', 'note'):
        return 0
    return 1 if entry['class'] == 'violation' else 2


class Fence:
    def __init__(self, info, lines, line_no, section):
        self.info = info
        self.lines = lines
        self.line_no = line_no
        self.section = section
        words = info.split()
        self.lang = words[0] if words else ''
        self.words = [w for w in words[1:] if '=' not in w]
        self.options = dict(w.split('=', 1) for w in words[1:] if '=' in w)

    @property
    def kind(self):
        """What the fence is: allot, policy, validate, place, jobs, console, text or None."""
        if self.lang == 'allot':
            if self.words == ['policy']:
                return 'policy'
            return 'allot' if self.words in ([], ['unreachable']) else None
        if self.lang == 'yaml' and len(self.words) == 1 and self.words[0] in ('validate', 'place', 'jobs'):
            return self.words[0]
        if self.lang in ('console', 'text') and not self.words and not self.options:
            return self.lang
        return None

    @property
    def unreachable(self):
        return 'unreachable' in self.words

    def text(self):
        return ''.join(line + '\n' for line in self.lines)


def parse(path):
    """The lines of the file, its '## ' headings and its fences, or raises ValueError."""
    lines = path.read_text(encoding='utf-8').split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    headings, fences = [], []
    section = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith('```'):
            start = i
            body = []
            i += 1
            while i < len(lines) and lines[i] != '```':
                body.append(lines[i])
                i += 1
            if i == len(lines):
                raise ValueError(f'line {start + 1}: unclosed fence')
            fences.append(Fence(line[3:].strip(), body, start + 1, section))
        elif line.startswith('## '):
            headings.append(line)
            section = line[3:]
        i += 1
    return lines, headings, fences


def check_structure(code, entry, lines, headings, fences):
    problems = []
    title = f'# {code}: {entry["summary"]}'
    if not lines or lines[0] != title:
        problems.append(f'the first line must be {title!r}')
    for n, line in enumerate(lines, 1):
        if '\t' in line:
            problems.append(f'line {n}: a tab')
        if n > 1 and len(line) > _MAX_COLUMNS:
            problems.append(f'line {n}: {len(line)} columns, more than {_MAX_COLUMNS}')
    if headings != ['## Wrong', '## Right']:
        problems.append(f"the '## ' headings must be '## Wrong' then '## Right', found {headings}")
    first_heading = next((n for n, l in enumerate(lines) if l.startswith('## ')), len(lines))
    if not any(l.strip() for l in lines[1:first_heading]):
        problems.append('no explanation between the title and ## Wrong')
    for f in fences:
        if f.kind is None:
            problems.append(f'line {f.line_no}: unknown fence info string {f.info!r}')
        elif f.section not in ('Wrong', 'Right') and f.kind != 'policy':
            problems.append(f'line {f.line_no}: an example outside ## Wrong and ## Right')
        if f.kind == 'allot' and f.unreachable and f.section != 'Wrong':
            problems.append(f'line {f.line_no}: an unreachable example outside ## Wrong')
    for section in ('Wrong', 'Right'):
        if not any(f.section == section and f.kind in ('allot', 'validate', 'place', 'console')
                   for f in fences):
            problems.append(f'## {section} has no example')
    return problems


def copy_into(source, rel, work):
    src = source / rel
    dst = work / rel
    if not src.exists():
        raise ValueError(f'{rel} is not in the source tree')
    dst.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True)
    else:
        shutil.copyfile(src, dst)


def run(allot, source, fence, jobs_fence, policy_fence):
    """Runs one example in a fresh directory; returns (status, output)."""
    with tempfile.TemporaryDirectory(prefix='allot-explain-') as tmp:
        work = Path(tmp)
        kind = fence.kind
        name = _FILE_NAMES[kind]
        (work / name).write_text(fence.text(), encoding='utf-8')
        if kind == 'allot':
            args = ['check', name]
        else:
            if 'policy' in fence.options:
                policy = fence.options['policy']
                copy_into(source, policy, work)
            elif policy_fence is not None:
                policy = 'policy.allot'
                (work / policy).write_text(policy_fence.text(), encoding='utf-8')
            else:
                policy = _DEFAULT_POLICY
                copy_into(source, policy, work)
            if kind == 'validate':
                args = ['validate', '--policy', policy, name]
            else:
                if jobs_fence is not None:
                    jobs = 'jobs.yaml'
                    (work / jobs).write_text(jobs_fence.text(), encoding='utf-8')
                else:
                    jobs = fence.options.get('jobs', _DEFAULT_JOBS)
                    copy_into(source, jobs, work)
                args = ['place', '--policy', policy, '--inventory', name, jobs]
        env = dict(os.environ, NO_COLOR='1')
        proc = subprocess.run([str(allot), '--color', 'never', *args], cwd=work, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
        out = proc.stdout.decode('utf-8', 'replace') + proc.stderr.decode('utf-8', 'replace')
        return proc.returncode, out


def check_examples(allot, source, code, entry, fences):
    problems = []
    policy_fence = None
    last = None  # the output of the run fence just before, for a text fence
    i = 0
    while i < len(fences):
        f = fences[i]
        kind = f.kind
        where = f'line {f.line_no}'
        if kind == 'policy':
            status, out = run(allot, source, Fence('allot', f.lines, f.line_no, f.section), None, None)
            if status != 0 or _FOUND.search(out):
                problems.append(f'{where}: the policy fence does not check cleanly:\n{out}')
            policy_fence = f
            last = None
        elif kind in _RUN_KINDS:
            jobs_fence = None
            if kind == 'place' and i + 1 < len(fences) and fences[i + 1].kind == 'jobs':
                jobs_fence = fences[i + 1]
                i += 1
            try:
                status, out = run(allot, source, f, jobs_fence, policy_fence)
            except (ValueError, OSError, subprocess.TimeoutExpired) as e:
                problems.append(f'{where}: cannot run: {e}')
                i += 1
                continue
            found = set(_FOUND.findall(out))
            extra = f.options.get('expect')
            if extra and extra not in found:
                problems.append(f'{where}: expected {extra}, got {sorted(found)}')
            if f.section == 'Wrong':
                if f.unreachable:
                    if code in found:
                        problems.append(f'{where}: marked unreachable, but produces {code}')
                else:
                    if code not in found:
                        problems.append(f'{where}: does not produce {code}; got {sorted(found)}')
                    if status != expected_status(entry):
                        problems.append(f'{where}: exit status {status}, expected {expected_status(entry)}')
            elif f.section == 'Right':
                if code in found:
                    problems.append(f'{where}: the corrected example still produces {code}')
                if status != 0:
                    problems.append(f'{where}: the corrected example exits with {status}, not 0')
            last = out
        elif kind == 'jobs':
            problems.append(f'{where}: a jobs fence must follow a place fence')
            last = None
        elif kind == 'text':
            if last is not None:
                have = {line.rstrip() for line in last.split('\n')}
                for n, line in enumerate(f.lines):
                    if line.rstrip() not in have:
                        problems.append(f'line {f.line_no + 1 + n}: not in the output of the example: '
                                        f'{line!r}\n--- output:\n{last}')
                        break
            last = None
        else:
            last = None
        i += 1
    return problems


def main(argv):
    if len(argv) != 3:
        print('usage: explain_examples.py ALLOT SOURCE_DIR', file=sys.stderr)
        return 2
    allot = Path(argv[1]).resolve()
    source = Path(argv[2]).resolve()
    if not allot.is_file():
        print(f'explain_examples.py: no allot binary at {allot}', file=sys.stderr)
        return 2
    codes = read_catalogue(source)
    if not codes:
        print('explain_examples.py: no code in policy/codes.def', file=sys.stderr)
        return 2
    explain = source / 'policy' / 'explain'
    files = {p.stem: p for p in sorted(explain.glob('*.md'))} if explain.is_dir() else {}

    passed = failed = 0
    for code, entry in codes.items():
        path = files.get(code)
        if path is None:
            problems = [f'no policy/explain/{code}.md']
        else:
            try:
                lines, headings, fences = parse(path)
                problems = check_structure(code, entry, lines, headings, fences)
                if not problems:
                    problems = check_examples(allot, source, code, entry, fences)
            except (ValueError, UnicodeDecodeError) as e:
                problems = [str(e)]
        if problems:
            failed += 1
            print(f'FAIL {code}', flush=True)
            for p in problems:
                print(f'{code}: ' + p.replace('\n', '\n      '), file=sys.stderr, flush=True)
        else:
            passed += 1
            print(f'ok   {code}', flush=True)
    for stem in sorted(set(files) - set(codes)):
        failed += 1
        print(f'FAIL {stem}.md: no such code in policy/codes.def')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
