"""deploy/k8s checked by a Kubernetes validator: kustomize renders it, kubeconform checks every object in
strict mode (an unknown field, a wrong type or a duplicated key is an error) against the API's schemas.

`python -m devstack.kubernetes` (`make lint-k8s`) checks the kustomization and the Secrets template for
each Kubernetes version of KUBERNETES_VERSIONS and exits 1 on any error; tests/test_kubernetes_manifests.py
runs the same check. kustomize and kubeconform are built from their Go modules into .run/tools/bin by the
Makefile. The schemas are the ones the PyPI package kubernetes-validate ships (a dev dependency): its
files refer to one another by https://kubernetes.io/ addresses that are not fetched, so a copy with
relative references is made once under .run/tools, and nothing is downloaded while checking.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from devstack.paths import find_project_root

# The oldest Kubernetes the manifests support (PodDisruptionBudget's unhealthyPodEvictionPolicy is GA
# from 1.31) and the newest the schemas cover.
KUBERNETES_VERSIONS = ("1.31.0", "1.37.0")
MANIFESTS = Path("deploy") / "k8s"
# Not applied by the kustomization, but applied by hand: checked as a file of its own.
SECRETS_TEMPLATE = MANIFESTS / "secrets.example.yaml"
TOOLS = Path(".run") / "tools"
_SCHEMA_PACKAGE = "kubernetes-validate"
_SCHEMA_REFERENCE = "/api/_definitions.json"
_DEFINITIONS = "_definitions.json"
_STAMP = ".made-from"


class ValidatorMissingError(RuntimeError):
    """kustomize, kubeconform or the schemas are not installed."""


def schema_location(schemas: Path) -> str:
    """kubeconform's template for a kind's schema file in the directory kubernetes_schemas made."""
    kind_file = "{{ .ResourceKind }}{{ .KindSuffix }}.json"
    return f"{schemas}/{{{{ .NormalizedKubernetesVersion }}}}-local{{{{ .StrictSuffix }}}}/{kind_file}"


def _relative_references(node: Any) -> None:
    # Each file's $id is a kubernetes.io address and its references are absolute paths on that host:
    # without the $id, "_definitions.json#..." resolves beside the file instead.
    if isinstance(node, dict):
        node.pop("$id", None)
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith(_SCHEMA_REFERENCE):
            node["$ref"] = _DEFINITIONS + reference.removeprefix(_SCHEMA_REFERENCE)
        for value in node.values():
            _relative_references(value)
    elif isinstance(node, list):
        for value in node:
            _relative_references(value)


def kubernetes_schemas(directory: Path, version: str) -> Path:
    """The strict schemas of a Kubernetes version under directory, made from kubernetes-validate once."""
    try:
        made_from = f"{_SCHEMA_PACKAGE} {metadata.version(_SCHEMA_PACKAGE)}"
    except metadata.PackageNotFoundError as missing:
        raise ValidatorMissingError(
            f"the Kubernetes schemas come from the dev dependency {_SCHEMA_PACKAGE}: run `make install`"
        ) from missing
    name = f"v{version}-local-strict"
    target = directory / name
    if (target / _STAMP).is_file() and (target / _STAMP).read_text() == made_from:
        return directory
    source = resources.files("kubernetes_validate") / "kubernetes-json-schema" / name
    if not source.is_dir():
        raise ValidatorMissingError(f"{made_from} ships no schemas for Kubernetes {version}")
    directory.mkdir(parents=True, exist_ok=True)
    # Made aside and renamed, so that a check running at the same time never reads half a directory.
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=directory))
    for schema in source.iterdir():
        if schema.name.endswith(".json"):
            document = json.loads(schema.read_text())
            _relative_references(document)
            (staging / schema.name).write_text(json.dumps(document))
    (staging / _STAMP).write_text(made_from)
    shutil.rmtree(target, ignore_errors=True)
    try:
        staging.rename(target)
    except OSError:
        # Another check made it meanwhile.
        shutil.rmtree(staging, ignore_errors=True)
    return directory


def _tool(tools: Path, name: str) -> Path:
    path = tools / "bin" / name
    if not path.is_file():
        raise ValidatorMissingError(
            f"{name} is not installed at {path}: run `make lint-k8s` (or `make test`), which builds it "
            "from its Go module"
        )
    return path


def render(tools: Path, kustomization: Path) -> str:
    """What `kubectl apply -k` would apply: the kustomization rendered by kustomize."""
    ran = subprocess.run(
        [str(_tool(tools, "kustomize")), "build", str(kustomization)],
        capture_output=True,
        text=True,
        check=False,
    )
    if ran.returncode != 0:
        raise subprocess.CalledProcessError(ran.returncode, ran.args, ran.stdout, ran.stderr)
    return ran.stdout


def validate(tools: Path, manifests: Sequence[Path], *, version: str) -> subprocess.CompletedProcess[str]:
    """kubeconform, strict, on the files given, against the schemas of a Kubernetes version."""
    schemas = kubernetes_schemas(tools / "kubernetes-json-schema", version)
    return subprocess.run(
        [
            str(_tool(tools, "kubeconform")),
            "-strict",
            "-summary",
            "-kubernetes-version",
            version,
            "-schema-location",
            schema_location(schemas),
            *map(str, manifests),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def check(root: Path, tools: Path) -> list[subprocess.CompletedProcess[str]]:
    """Every Kubernetes version's validation of the rendered kustomization and the Secrets template."""
    with tempfile.TemporaryDirectory(prefix="neacoop-k8s-") as scratch:
        rendered = Path(scratch) / "kustomize-build-deploy-k8s.yaml"
        rendered.write_text(render(tools, root / MANIFESTS))
        return [
            validate(tools, [rendered, root / SECRETS_TEMPLATE], version=version)
            for version in KUBERNETES_VERSIONS
        ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.kubernetes", description=__doc__)
    parser.add_argument("--tools", type=Path, help="where bin/kustomize and bin/kubeconform are")
    arguments = parser.parse_args(argv)
    root = find_project_root()
    tools: Path = arguments.tools or root / TOOLS
    try:
        results = check(root, tools)
    except ValidatorMissingError as missing:
        print(missing, file=sys.stderr)
        return 2
    for version, ran in zip(KUBERNETES_VERSIONS, results, strict=True):
        print(f"Kubernetes {version}: {ran.stdout.strip()} {ran.stderr.strip()}".strip())
    return max(ran.returncode for ran in results)


if __name__ == "__main__":
    sys.exit(main())
