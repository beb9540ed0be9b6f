"""What is live compared with what Slipway deployed, one stack at a time (boto3, blocking: the
drift activity runs it in a thread).

Per stack:

1. the stack itself: gone (``DescribeStacks`` says it does not exist, or ``DELETE_COMPLETE``)
   means every resource of its template is missing;
2. its template: ``GetTemplate`` against the template the last successful deployment recorded;
   a stack updated out of band differs (resources added, removed or changed);
3. its resources: CloudFormation's own drift detection (``DetectStackDrift``, then
   ``DescribeStackResourceDrifts``) where the backend implements it; otherwise
   ``DescribeStackResources`` against the template (missing, extra) and each resource's own
   describe call where Slipway knows one (``PROBES``: a DynamoDB table deleted out of band
   answers ``ResourceNotFoundException`` to ``DescribeTable`` while CloudFormation still lists
   it). The local moto server implements no drift detection, so it always takes the second path.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from activities.drift_probes import PROBES, Finding
from core import aws
from core.settings import Settings

DETECTION_TIMEOUT_SECONDS = 300
UNSUPPORTED = ("NotImplemented", "InvalidAction", "UnsupportedOperation", "InternalFailure")


@dataclass
class StackReport:
    key: str
    name: str
    status: str = "in_sync"
    """in_sync | drifted | missing | unknown"""
    resources: list[Finding] = field(default_factory=list)
    template_changed: bool = False
    error: str | None = None
    note: str | None = None

    def json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "status": self.status,
            "templateChanged": self.template_changed,
            "resources": [f.json() for f in self.resources],
            "error": self.error,
            "note": self.note,
        }


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


class Inspector:
    """Clients for one check; ``method`` ends as ``cloudformation`` or ``compare``."""

    def __init__(self, settings: Settings, heartbeat: Callable[[str], None]) -> None:
        self.settings = settings
        self.heartbeat = heartbeat
        self.cfn: Any = aws.client("cloudformation", settings, read_timeout=20, max_attempts=2)
        self._clients: dict[str, Any] = {}
        self.native: bool | None = None
        """Whether the backend implements DetectStackDrift (None until asked)."""
        self.notes: dict[str, str] = {}
        """Per stack name: what could not be compared."""

    @property
    def method(self) -> str:
        return "cloudformation" if self.native else "compare"

    def client(self, service: str) -> Any:
        if service not in self._clients:
            self._clients[service] = aws.client(service, self.settings, max_attempts=2)
        return self._clients[service]

    def stack(self, key: str, name: str, body: str) -> StackReport:
        report = StackReport(key=key, name=name)
        expected: dict[str, Any] = json.loads(body).get("Resources", {})
        try:
            status = self._status(name)
            if status is None:
                report.status = "missing"
                report.resources = [
                    Finding(k, None, v.get("Type", ""), "missing", "the stack no longer exists")
                    for k, v in sorted(expected.items())
                ]
                return report
            report.resources = self._template(name, body, expected, report)
            report.resources += self._resources(name, expected, report.resources)
        except (ClientError, BotoCoreError, ResponseParserError) as exc:
            report.status, report.error = "unknown", f"{type(exc).__name__}: {exc}"[:500]
            return report
        if report.resources or report.template_changed:
            report.status = "drifted"
        report.note = self.notes.get(name)
        return report

    def _status(self, name: str) -> str | None:
        try:
            stacks = self.cfn.describe_stacks(StackName=name).get("Stacks", [])
        except ClientError as exc:
            if _code(exc) == "ValidationError" and "does not exist" in str(exc):
                return None
            raise
        status = str(stacks[0].get("StackStatus", "")) if stacks else ""
        return None if status in ("", "DELETE_COMPLETE") else status

    def _template(
        self, name: str, body: str, expected: dict[str, Any], report: StackReport
    ) -> list[Finding]:
        live_body: Any = self.cfn.get_template(StackName=name).get("TemplateBody", {})
        live = (
            json.loads(live_body)
            if isinstance(live_body, str)
            else json.loads(json.dumps(live_body))
        )
        if live == json.loads(body):
            return []
        report.template_changed = True
        actual: dict[str, Any] = live.get("Resources", {})
        findings = [
            Finding(
                k,
                None,
                v.get("Type", ""),
                "changed",
                "its definition in the stack's template differs from the one Slipway deployed",
            )
            for k, v in sorted(expected.items())
            if k in actual and actual[k] != v
        ]
        findings += [
            Finding(k, None, v.get("Type", ""), "missing", "removed from the stack's template")
            for k, v in sorted(expected.items())
            if k not in actual
        ]
        findings += [
            Finding(k, None, v.get("Type", ""), "extra", "added to the stack's template")
            for k, v in sorted(actual.items())
            if k not in expected
        ]
        return findings

    def _resources(
        self, name: str, expected: dict[str, Any], known: list[Finding]
    ) -> list[Finding]:
        seen = {(f.logical_id, f.drift) for f in known}
        if self.native is not False:
            native = self._native(name)
            if native is not None:
                return [f for f in native if (f.logical_id, f.drift) not in seen]
        return [f for f in self._compare(name, expected) if (f.logical_id, f.drift) not in seen]

    def _native(self, name: str) -> list[Finding] | None:
        """CloudFormation's drift detection, or None when the backend does not implement it."""
        try:
            detection = self.cfn.detect_stack_drift(StackName=name)["StackDriftDetectionId"]
        except ClientError as exc:
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if _code(exc) in UNSUPPORTED or status >= 500:
                self.native = False
                return None
            raise
        except (BotoCoreError, ResponseParserError):  # e.g. moto's HTML 500: not implemented
            self.native = False
            return None
        self.native = True
        deadline = time.monotonic() + DETECTION_TIMEOUT_SECONDS
        while True:
            state = self.cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
            if state.get("DetectionStatus") != "DETECTION_IN_PROGRESS":
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"drift detection of {name} did not finish")
            self.heartbeat(name)
            time.sleep(2)
        findings: list[Finding] = []
        pages = self.cfn.get_paginator("describe_stack_resource_drifts").paginate(
            StackName=name, StackResourceDriftStatusFilters=["MODIFIED", "DELETED"]
        )
        for page in pages:
            for d in page.get("StackResourceDrifts", []):
                deleted = d.get("StackResourceDriftStatus") == "DELETED"
                paths = [p.get("PropertyPath", "") for p in d.get("PropertyDifferences", [])]
                findings.append(
                    Finding(
                        str(d.get("LogicalResourceId", "")),
                        d.get("PhysicalResourceId"),
                        str(d.get("ResourceType", "")),
                        "missing" if deleted else "changed",
                        "deleted outside CloudFormation"
                        if deleted
                        else "properties differ: " + ", ".join(paths)[:300],
                    )
                )
        return findings

    def _compare(self, name: str, expected: dict[str, Any]) -> list[Finding]:
        try:
            listed = self.cfn.describe_stack_resources(StackName=name).get("StackResources", [])
        except ClientError as exc:
            # moto registers no exports for stacks made through change sets, then fails to
            # list the resources of any stack importing one: say so, compare the rest.
            if _code(exc) != "ValidationError" or "No export named" not in str(exc):
                raise
            self.notes[name] = f"the backend could not list the resources: {exc}"[:300]
            return []
        live = {str(r["LogicalResourceId"]): r for r in listed if r.get("LogicalResourceId")}
        unnamed = len(listed) - len(live)
        if unnamed:  # moto lists resources it does not model (e.g. Cognito) without ids
            self.notes[name] = (
                f"{unnamed} resource(s) listed without a logical id by the backend: "
                "only the others were compared"
            )
        findings = [
            Finding(k, None, v.get("Type", ""), "missing", "CloudFormation lists no such resource")
            for k, v in sorted(expected.items())
            if k not in live and not unnamed
        ]
        findings += [
            Finding(
                k,
                r.get("PhysicalResourceId"),
                str(r.get("ResourceType", "")),
                "extra",
                "in the stack but not in Slipway's template",
            )
            for k, r in sorted(live.items())
            if k not in expected
        ]
        for logical_id, resource in sorted(live.items()):
            probe = PROBES.get(str(resource.get("ResourceType", "")))
            physical = resource.get("PhysicalResourceId")
            if probe is None or not physical or logical_id not in expected:
                continue
            self.heartbeat(logical_id)
            finding = probe(self.client, logical_id, str(physical), expected[logical_id])
            if finding is not None:
                findings.append(finding)
        return findings
