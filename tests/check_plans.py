#!/usr/bin/env python3
"""Checks `allot place --format ray` and `--format kubernetes` on real runs.

Usage: check_plans.py MODE ALLOT SOURCE_DIR, run from CTest; MODE is one of

  ray        every line is what ray.util.placement_group(**spec) accepts, checked against
             Ray's documented arguments (written from the API reference, since Ray itself
             is not installable here: PyPI is out of reach), and the bundles are the plan:
             every placed replica once, in replica order, unplaced jobs in no line.
  patches    each `kubectl patch --type=json` of the script, applied (RFC 6902) to the
             manifest it names: only `add` operations at paths whose parent the manifest
             has, nothing else changed, and each pod template requires exactly the nodes
             its replicas were placed on (their hostname labels, else their names);
             unplaced jobs get no patch. Needs PyYAML.
  schemas    the patched objects, validated against the Kubernetes OpenAPI schemas compiled
             into the npm package kubernetes-models (tests/schemas/plan/); a custom
             resource's pod templates are validated as core PodTemplates. Needs node and
             `npm ci` in tests/schemas/plan (scripts/install-deps does it).

Exit status: 0 pass, 1 failure, 77 skipped (the reason is printed).
"""
import copy
import json
import os
import shlex
import shutil
import subprocess
import sys

SKIP = 77
POLICY = 'tests/cli/fixtures/place/plans/plans.allot'
INVENTORY = 'tests/cli/fixtures/place/plans/inventory.yaml'
RUNS = [
    # (policy, inventory, extra arguments, manifests)
    (POLICY, INVENTORY, ['--strategy', 'spread'],
     ['examples/jobs/clean/inference.yaml', 'tests/workloads/raycluster.yaml', 'tests/workloads/pytorchjob.yaml',
      'tests/cli/fixtures/place/plans/jobs']),
    (POLICY, INVENTORY, ['--gpu-aware'],
     ['tests/workloads/' + f for f in (
         'cronjob.yaml', 'daemonset.yaml', 'job-parallelism.yaml', 'jobset.yaml', 'leaderworkerset.yaml',
         'mpijob.yaml', 'rayjob.yaml', 'rayservice.yaml', 'replicationcontroller.yaml', 'tfjob.yaml',
         'statefulset-volumeclaimtemplates.yaml', 'volcano-job.yaml', 'xgboostjob.yaml', 'paddlejob.yaml',
         'pod-init-sidecar-overhead.yaml', 'pvc.yaml')]),
    ('examples/tiers.allot', 'examples/inventory/swarm.yaml', [], ['examples/jobs/clean']),
]

# ray.util.placement_group(bundles, strategy='PACK', name='', lifetime=None,
# _soft_target_node_id=None, bundle_label_selector=None), from Ray's API reference.
RAY_ARGUMENTS = {'bundles', 'strategy', 'name', 'lifetime', '_soft_target_node_id', 'bundle_label_selector'}
RAY_STRATEGIES = {'PACK', 'SPREAD', 'STRICT_PACK', 'STRICT_SPREAD'}
ALLOT_TO_RAY = {'pack': 'PACK', 'spread': 'SPREAD', 'strict-pack': 'STRICT_PACK', 'strict-spread': 'STRICT_SPREAD'}
HOSTNAME = 'kubernetes.io/hostname'

failures = []


def fail(what):
    failures.append(what)


def run(allot, source, policy, inventory, extra, paths, fmt):
    proc = subprocess.run([allot, 'place', '-p', policy, '-i', inventory, '-f', fmt] + extra + paths, cwd=source,
                          capture_output=True, text=True, timeout=50)
    if proc.returncode not in (0, 1):
        raise SystemExit(f'allot place -f {fmt} {" ".join(paths)}: exit {proc.returncode}\n{proc.stderr}')
    return proc.stdout


def plan_of(allot, source, run_args):
    """The JSON plan: placed jobs (with nodes) by name, and the names of the unplaced."""
    plan = json.loads(run(allot, source, *run_args, 'json'))
    placed = {p['job']: p for p in plan['placements'] if p['replicas']}
    return placed, {u['job'] for u in plan['unplaced']}


# --- Ray ---------------------------------------------------------------------------------

def check_ray_spec(where, spec):
    """The checks ray.util.placement_group makes of its arguments, per its reference."""
    if not isinstance(spec, dict):
        return fail(f'{where}: spec is not an object')
    if set(spec) - RAY_ARGUMENTS:
        fail(f'{where}: not arguments of placement_group: {sorted(set(spec) - RAY_ARGUMENTS)}')
    if 'bundles' not in spec:
        fail(f'{where}: no bundles')
    if spec.get('strategy', 'PACK') not in RAY_STRATEGIES:
        fail(f'{where}: strategy {spec.get("strategy")!r} is not one of {sorted(RAY_STRATEGIES)}')
    if not isinstance(spec.get('name', ''), str):
        fail(f'{where}: name is not a string')
    if spec.get('lifetime') not in (None, 'detached'):
        fail(f'{where}: lifetime must be None or "detached"')
    bundles = spec.get('bundles')
    if not isinstance(bundles, list) or not bundles:
        return fail(f'{where}: bundles must be a non-empty list')
    for i, b in enumerate(bundles):
        if not isinstance(b, dict) or not b:
            fail(f'{where}: bundle {i} must be a non-empty dict')
            continue
        for k, v in b.items():
            if not isinstance(k, str) or isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                fail(f'{where}: bundle {i}: {k!r}: {v!r} is not a resource name and a non-negative number')
        if all(v == 0 for v in b.values()):
            fail(f'{where}: bundle {i} has only zero resources')
        if 'memory' in b and not isinstance(b['memory'], int):
            fail(f'{where}: bundle {i}: memory must be whole bytes')
        if set(b) & {'storage', 'ephemeral-storage', 'vcpu', 'gpu'}:
            fail(f'{where}: bundle {i} names a resource by its allot name: {sorted(b)}')


def check_ray(allot, source):
    lines = 0
    for run_args in RUNS:
        placed, unplaced = plan_of(allot, source, run_args)
        seen = {}
        for n, line in enumerate(run(allot, source, *run_args, 'ray').splitlines(), 1):
            lines += 1
            where = f'{run_args[3]} line {n}'
            entry = json.loads(line)
            if set(entry) != {'cluster', 'job', 'nodes', 'spec'}:
                fail(f'{where}: keys {sorted(entry)}')
                continue
            check_ray_spec(where, entry['spec'])
            job = entry['job']
            seen[job] = seen.get(job, 0) + 1
            if job in unplaced:
                fail(f'{where}: unplaced job {job} has a placement group')
                continue
            p = placed.get(job)
            if p is None:
                fail(f'{where}: {job} is not placed in the JSON plan')
                continue
            nodes = [r['node'] for r in p['replicas']]
            if entry['nodes'] != nodes or len(entry['spec']['bundles']) != len(nodes):
                fail(f'{where}: {job}: {len(entry["spec"]["bundles"])} bundles on {entry["nodes"]}, plan {nodes}')
            if entry['cluster'] != p['cluster'] or entry['spec']['name'] != job:
                fail(f'{where}: {job}: cluster or name differ from the plan')
            # Replicas of one group ask alike, so their bundles are equal.
            by_group = {}
            for r, b in zip(p['replicas'], entry['spec']['bundles']):
                if by_group.setdefault(r.get('group'), b) != b:
                    fail(f'{where}: {job}: replicas of group {r.get("group")} differ: {b}')
        for job, k in seen.items():
            if k != 1:
                fail(f'{run_args[3]}: {job} has {k} placement groups')
        if lines == 0:
            fail(f'{run_args[3]}: no placement group at all')
    return lines


# --- Kubernetes --------------------------------------------------------------------------

def pointer_tokens(path):
    if not path.startswith('/'):
        raise ValueError(f'bad pointer {path!r}')
    return [t.replace('~1', '/').replace('~0', '~') for t in path[1:].split('/')]


def apply_patch(doc, ops):
    """RFC 6902, the `add` operation only (all allot emits); raises on anything else."""
    doc = copy.deepcopy(doc)
    for op in ops:
        if op.get('op') != 'add' or set(op) != {'op', 'path', 'value'}:
            raise ValueError(f'unexpected operation {op}')
        *parents, last = pointer_tokens(op['path'])
        target = doc
        for t in parents:
            target = target[int(t)] if isinstance(target, list) else target[t]  # KeyError: parent missing
        if not isinstance(target, dict):
            raise ValueError(f'{op["path"]}: parent is not an object')
        target[last] = op['value']
    return doc


def remove_at(doc, path):
    *parents, last = pointer_tokens(path)
    target = doc
    for t in parents:
        target = target[int(t)] if isinstance(target, list) else target[t]
    del target[last]


def get_path(doc, keys):
    for k in keys:
        doc = doc[int(k)] if isinstance(doc, list) else doc[k]
    return doc


def index_of(items, key, name, fallback):
    for i, item in enumerate(items):
        if item.get(key, f'{fallback}-{i}') == name:
            return i
    raise KeyError(name)


def template_path(doc, group):
    """The keys to a group's pod spec, worked out here from the kind, not taken from allot."""
    kind, spec = doc['kind'], doc['spec']
    if kind == 'Pod':
        return ['spec']
    if kind == 'CronJob':
        return ['spec', 'jobTemplate', 'spec', 'template', 'spec']
    if kind in ('RayCluster', 'RayJob', 'RayService'):
        base = {'RayCluster': ['spec'], 'RayJob': ['spec', 'rayClusterSpec'],
                'RayService': ['spec', 'rayClusterConfig']}[kind]
        if group == 'head':
            return base + ['headGroupSpec', 'template', 'spec']
        workers = get_path(doc, base)['workerGroupSpecs']
        return base + ['workerGroupSpecs', str(index_of(workers, 'groupName', group, 'workers')), 'template', 'spec']
    if doc['apiVersion'].startswith('kubeflow.org/'):
        field = next(k for k in spec if k.endswith('ReplicaSpecs'))
        return ['spec', field, group, 'template', 'spec']
    if kind == 'JobSet':
        i = index_of(spec['replicatedJobs'], 'name', group, 'job')
        return ['spec', 'replicatedJobs', str(i), 'template', 'spec', 'template', 'spec']
    if kind == 'LeaderWorkerSet':
        lwt = spec['leaderWorkerTemplate']
        which = 'leaderTemplate' if group == 'leader' and 'leaderTemplate' in lwt else 'workerTemplate'
        return ['spec', 'leaderWorkerTemplate', which, 'spec']
    if doc['apiVersion'].startswith('batch.volcano.sh/'):
        return ['spec', 'tasks', str(index_of(spec['tasks'], 'name', group, 'task')), 'template', 'spec']
    return ['spec', 'template', 'spec']


def manifests(source, paths):
    import yaml
    docs = []
    for p in paths:
        full = os.path.join(source, p)
        files = [full] if os.path.isfile(full) else sorted(
            os.path.join(d, f) for d, _, fs in os.walk(full) for f in fs if f.endswith(('.yaml', '.yml')))
        for f in files:
            with open(f) as fh:
                docs += [d for d in yaml.safe_load_all(fh) if isinstance(d, dict)]
    return docs


def find_doc(docs, resource, name, ns):
    kind, _, group = resource.partition('.')
    for d in docs:
        api = str(d.get('apiVersion', ''))
        d_group = api.rpartition('/')[0] if '/' in api else ''
        if (d.get('kind', '').lower() == kind and d_group == group and d.get('metadata', {}).get('name') == name
                and d.get('metadata', {}).get('namespace') == ns):
            return d
    return None


def hostnames(source, inventory):
    """Node name -> its `kubernetes.io/hostname` label, else its name (an allot Inventory)."""
    import yaml
    with open(os.path.join(source, inventory)) as f:
        inv = yaml.safe_load(f)
    return {n['name']: (n.get('labels') or {}).get(HOSTNAME, n['name'])
            for c in inv['clusters'] for n in c['nodes']}


def patched_objects(allot, source):
    """Each run's patched workloads, after checking the patches against the plan."""
    out = []
    for run_args in RUNS:
        placed, unplaced = plan_of(allot, source, run_args)
        docs = manifests(source, run_args[3])
        host = hostnames(source, run_args[1])
        script = run(allot, source, *run_args, 'kubernetes')
        if not script.startswith('#!/bin/sh\n'):
            fail(f'{run_args[3]}: the script does not start with #!/bin/sh')
        patched_jobs = set()
        for line in script.splitlines():
            if line.startswith('#') or line == 'set -e':
                continue
            words = shlex.split(line)
            if words[:2] != ['kubectl', 'patch'] or '--type=json' not in words:
                fail(f'unexpected line: {line}')
                continue
            resource, name = words[2], words[3]
            ns = words[words.index('-n') + 1] if '-n' in words else None
            ops = json.loads(words[words.index('-p') + 1])
            where = f'{resource} {name}'
            if name in unplaced:
                fail(f'{where}: unplaced, yet patched')
            if name in patched_jobs:
                fail(f'{where}: patched twice')
            patched_jobs.add(name)
            doc = find_doc(docs, resource, name, ns)
            if doc is None:
                fail(f'{where}: no such manifest')
                continue
            try:
                new = apply_patch(doc, ops)
            except (KeyError, IndexError, ValueError, TypeError) as e:
                fail(f'{where}: the patch does not apply: {e!r}')
                continue
            # Nothing but the added members changed, and each replaced nothing but required terms.
            undone = copy.deepcopy(new)
            for op in reversed(ops):
                remove_at(undone, op['path'])
            original = copy.deepcopy(doc)
            for op in ops:
                if op['path'].endswith('/requiredDuringSchedulingIgnoredDuringExecution'):
                    remove_at(original, op['path']) if pointer_tokens(op['path'])[-1] in get_path(
                        original, pointer_tokens(op['path'])[:-1]) else None
                elif pointer_tokens(op['path'])[-1] in get_path(original, pointer_tokens(op['path'])[:-1]):
                    fail(f'{where}: {op["path"]} overwrites what the manifest has')
            if undone != original:
                fail(f'{where}: the patch changes more than the node affinity')
            # Each template requires exactly the nodes of its replicas; each replica once.
            want = {}
            for r in placed[name]['replicas']:
                path = tuple(template_path(doc, r.get('group')))
                want.setdefault(path, set()).add(host[r['node']])
            for path, nodes in want.items():
                pod = get_path(new, path)
                terms = pod['affinity']['nodeAffinity']['requiredDuringSchedulingIgnoredDuringExecution']
                expected = {'nodeSelectorTerms': [{'matchExpressions': [
                    {'key': HOSTNAME, 'operator': 'In', 'values': sorted(nodes)}]}]}
                if terms != expected:
                    fail(f'{where}: {"/".join(path)}: {terms}, want {expected}')
            if len(ops) != len(want):
                fail(f'{where}: {len(ops)} operations for {len(want)} templates')
            out.append((new, want))
        kube = {n for n, p in placed.items() if find_kind(docs, n)}
        if kube - patched_jobs:
            fail(f'{run_args[3]}: placed workloads without a patch: {sorted(kube - patched_jobs)}')
    return out


def find_kind(docs, name):
    """Whether `name` is a Kubernetes workload with pods (not allot's Job, not a claim)."""
    return any(d.get('metadata', {}).get('name') == name and not str(d.get('apiVersion', '')).startswith('allot/')
               and d.get('kind') != 'PersistentVolumeClaim' for d in docs)


def check_patches(allot, source):
    try:
        import yaml  # noqa: F401
    except ImportError:
        print('skipped: PyYAML is not installed (python3-yaml)')
        return SKIP
    return len(patched_objects(allot, source))


def check_schemas(allot, source):
    here = os.path.join(source, 'tests', 'schemas', 'plan')
    if shutil.which('node') is None:
        print('skipped: node is not installed (nodejs)')
        return SKIP
    if not os.path.isdir(os.path.join(here, 'node_modules', 'kubernetes-models')):
        print('skipped: kubernetes-models is not installed: run scripts/install-deps (npm ci in tests/schemas/plan)')
        return SKIP
    try:
        import yaml  # noqa: F401
    except ImportError:
        print('skipped: PyYAML is not installed (python3-yaml)')
        return SKIP
    objects = []
    for new, want in patched_objects(allot, source):
        if '/' not in new['apiVersion'] or new['apiVersion'].split('/')[0] in ('apps', 'batch'):
            objects.append(new)
            continue
        # A custom resource: each pod template it embeds, as a core PodTemplate.
        for path in want:
            template = get_path(new, path[:-1])
            objects.append({'apiVersion': 'v1', 'kind': 'PodTemplate',
                            'metadata': {'name': f'{new["metadata"]["name"]}.{".".join(path[1:-1])}'},
                            'template': template})
    proc = subprocess.run(['node', os.path.join(here, 'validate.js')], input=json.dumps(objects),
                          capture_output=True, text=True, timeout=50)
    print(proc.stdout, end='')
    if proc.returncode != 0 or proc.stdout.count('\nok ') + proc.stdout.startswith('ok ') != len(objects):
        fail(f'schema validation: exit {proc.returncode} {proc.stderr}')
    return len(objects)


def main(argv):
    mode, allot, source = argv[1], os.path.abspath(argv[2]), argv[3]
    checked = {'ray': check_ray, 'patches': check_patches, 'schemas': check_schemas}[mode](allot, source)
    if checked == SKIP:
        return SKIP
    for f in failures:
        print(f'FAIL {f}')
    if failures:
        return 1
    print(f'{mode}: {checked} checked, all as expected')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
