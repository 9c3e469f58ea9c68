#!/usr/bin/env python3
"""Checks every object `allot export` emits against the upstream schema of its kind.

    export_schemas.py SCHEMA_DIR FILE...

Each FILE is a YAML stream written by `allot export kubernetes` or `allot export kueue`.
Kubernetes objects (v1 Namespace, ResourceQuota, LimitRange) are checked against the
definitions cut from the Kubernetes OpenAPI document, Kueue objects (kueue.x-k8s.io/v1beta1
ResourceFlavor, ClusterQueue, LocalQueue) against the openAPIV3Schema of Kueue's CRDs
(SCHEMA_DIR/README.md says where each file comes from). Checks are strict, as
`kubectl --validate=strict` is: a field the schema does not declare is an error. An
object of any other kind is an error too.

Prints one line per object ('ok   FILE#N Kind/name' or 'FAIL ...' with the reasons), then
'schema validation: N objects (Kind N, ...)' and 'N passed, M failed'. Exits 0 when all
pass, 1 on a failure, 2 on bad usage, 77 (skipped) with 'skipped: <why>' when
python3-jsonschema or python3-yaml is missing.
"""

import copy
import json
import sys
from collections import Counter
from pathlib import Path

SKIP = 77


def strict(node):
    """A copy of a schema in which every object with declared properties allows no others."""
    if isinstance(node, dict):
        out = {k: strict(v) for k, v in node.items()}
        if ('properties' in out and 'additionalProperties' not in out
                and not out.get('x-kubernetes-preserve-unknown-fields')):
            out['additionalProperties'] = False
        return out
    if isinstance(node, list):
        return [strict(v) for v in node]
    return node


def load_schemas(directory):
    """(apiVersion, kind) -> a JSON schema."""
    schemas = {}
    k8s = json.loads((directory / 'kubernetes-v1.36.json').read_text(encoding='utf-8'))
    definitions = strict(k8s['definitions'])
    for root in k8s['roots']:
        for gvk in definitions[root].get('x-kubernetes-group-version-kind', []):
            api = gvk['version'] if not gvk['group'] else f"{gvk['group']}/{gvk['version']}"
            schemas[(api, gvk['kind'])] = {'definitions': definitions, '$ref': f'#/definitions/{root}'}
    kueue = json.loads((directory / 'kueue-v1beta1-v0.19.2.json').read_text(encoding='utf-8'))
    for kind, schema in kueue['kinds'].items():
        schema = strict(copy.deepcopy(schema))
        # A CRD leaves metadata to the API server: check it as ObjectMeta.
        schema['properties']['metadata'] = {'$ref': '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'}
        schema['definitions'] = definitions
        schemas[(kueue['apiVersion'], kind)] = schema
    return schemas


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import jsonschema
        import yaml
    except ImportError as e:
        print(f'skipped: {e.name} is not installed (python3-jsonschema, python3-yaml)')
        return SKIP
    schemas = load_schemas(Path(argv[1]))
    kinds, passed, failed = Counter(), 0, 0
    for name in argv[2:]:
        with open(name, encoding='utf-8') as f:
            documents = [d for d in yaml.safe_load_all(f) if d is not None]
        for n, doc in enumerate(documents, 1):
            key = (doc.get('apiVersion'), doc.get('kind'))
            label = f"{name}#{n} {key[1]}/{doc.get('metadata', {}).get('name')}"
            schema = schemas.get(key)
            if schema is None:
                print(f'FAIL {label}: no schema for apiVersion {key[0]}, kind {key[1]}')
                failed += 1
                continue
            validator = jsonschema.Draft4Validator(schema)
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
            if errors:
                failed += 1
                print(f'FAIL {label}')
                for e in errors:
                    print(f"  at {'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message}")
            else:
                passed += 1
                kinds[key[1]] += 1
                print(f'ok   {label}')
    summary = ', '.join(f'{k} {kinds[k]}' for k in sorted(kinds))
    print(f'schema validation: {passed + failed} objects ({summary})')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed or passed == 0 else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
