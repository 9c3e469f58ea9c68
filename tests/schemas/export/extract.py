#!/usr/bin/env python3
"""Cuts the schemas allot's export targets are checked against out of upstream files.

    extract.py kubernetes SWAGGER_JSON  > kubernetes.json
    extract.py kueue CRD_YAML...        > kueue-v1beta1.json

kubernetes: the definitions of Namespace, ResourceQuota and LimitRange (io.k8s.api.core.v1)
and every definition they refer to, as they are in the Kubernetes OpenAPI v2 document.
kueue: the v1beta1 openAPIV3Schema of each CustomResourceDefinition, by kind.
The output is sorted and indented, so a regenerated file diffs cleanly. See README.md.
"""

import json
import sys

ROOTS = ['io.k8s.api.core.v1.Namespace', 'io.k8s.api.core.v1.ResourceQuota',
         'io.k8s.api.core.v1.LimitRange']


def refs(node, out):
    if isinstance(node, dict):
        ref = node.get('$ref')
        if isinstance(ref, str) and ref.startswith('#/definitions/'):
            out.add(ref[len('#/definitions/'):])
        for v in node.values():
            refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)


def kubernetes(path):
    with open(path, encoding='utf-8') as f:
        definitions = json.load(f)['definitions']
    keep, todo = set(), list(ROOTS)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        found = set()
        refs(definitions[name], found)
        todo.extend(sorted(found - keep))
    return {'definitions': {n: definitions[n] for n in sorted(keep)}, 'roots': ROOTS}


def kueue(paths):
    import yaml
    out = {}
    for path in paths:
        with open(path, encoding='utf-8') as f:
            crd = yaml.safe_load(f)
        for version in crd['spec']['versions']:
            if version['name'] == 'v1beta1':
                out[crd['spec']['names']['kind']] = version['schema']['openAPIV3Schema']
    return {'apiVersion': 'kueue.x-k8s.io/v1beta1', 'kinds': out}


def main(argv):
    if len(argv) < 3 or argv[1] not in ('kubernetes', 'kueue'):
        print(__doc__, file=sys.stderr)
        return 2
    doc = kubernetes(argv[2]) if argv[1] == 'kubernetes' else kueue(argv[2:])
    json.dump(doc, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
