"""Encryption, audit logging and soft delete reach Slipway's own stacks (issue 12 item 11): a
customer-managed key for tables with encrypted fields, field-level encryption and an audit
table used by the CRUD functions, each with IAM limited to what it needs; and the handler
code is carried once per template, which keeps every template within CloudFormation's limit."""

from __future__ import annotations

import json
from typing import Any

import pytest

from slipway.ir import Blueprint
from slipway.spec import compile_spec
from slipway.synth import synthesize
from slipway.synth.handlers import CRUD, HEALTH, JOB
from slipway.templates import list_templates

PID = "3f2a1b4c-1111-4000-8000-000000000000"
TEMPLATE_BODY_MAX = 51_200  # bytes CloudFormation accepts as TemplateBody (no S3 upload)

CLINIC = """# Clinic
## Entities
### Doctor
- name: string, required
### Patient
- name: string, required
- ssn: string, encrypted, indexed
- notes: string, encrypted
- doctor: ref Doctor
- soft delete
- audit log
### Record
- summary: string, encrypted
- audit log
## API
### Record
- operations: read only
"""


def blueprint(text: str) -> Blueprint:
    result = compile_spec(text)
    assert result.blueprint is not None, [str(e) for e in result.errors]
    return result.blueprint


def stacks(bp: Blueprint) -> dict[str, dict[str, Any]]:
    return {s.key: json.loads(s.body) for s in synthesize(bp, project_id=PID)}


def statements(compute: dict[str, Any], entity: str) -> list[dict[str, Any]]:
    role = compute["Resources"][f"{entity}HandlerRole"]["Properties"]
    return list(role["Policies"][0]["PolicyDocument"]["Statement"])


def env(compute: dict[str, Any], entity: str) -> dict[str, Any]:
    props = compute["Resources"][f"{entity}Handler"]["Properties"]
    return dict(props["Environment"]["Variables"])


def test_a_customer_managed_key_encrypts_tables_with_encrypted_fields() -> None:
    data = stacks(blueprint(CLINIC))["data"]
    key = data["Resources"]["DataKey"]
    assert key["Type"] == "AWS::KMS::Key"
    assert key["Properties"]["EnableKeyRotation"] is True
    assert key["DeletionPolicy"] == key["UpdateReplacePolicy"] == "Retain"
    policy = key["Properties"]["KeyPolicy"]["Statement"]
    assert policy[0]["Principal"] == {
        "AWS": [{"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}]
    }
    assert all(s["Principal"] != "*" and s["Principal"] != {"AWS": "*"} for s in policy)
    alias = data["Resources"]["DataKeyAlias"]["Properties"]
    assert alias["AliasName"].startswith("alias/slipway-") and alias["TargetKeyId"] == {
        "Ref": "DataKey"
    }
    sse = {
        name: r["Properties"]["SSESpecification"]
        for name, r in data["Resources"].items()
        if r["Type"] == "AWS::DynamoDB::Table"
    }
    by_key = {
        "SSEEnabled": True,
        "SSEType": "KMS",
        "KMSMasterKeyId": {"Fn::GetAtt": ["DataKey", "Arn"]},
    }
    assert sse["PatientTable"] == sse["RecordTable"] == by_key
    assert sse["DoctorTable"] == {"SSEEnabled": True}
    indexes = [
        i["IndexName"]
        for i in data["Resources"]["PatientTable"]["Properties"]["GlobalSecondaryIndexes"]
    ]
    assert indexes == ["idx_patients_doctor_id"]  # no index over ciphertext (ssn)


def test_functions_may_use_the_key_only_for_their_own_table() -> None:
    compute = stacks(blueprint(CLINIC))["compute"]
    patient = env(compute, "Patient")
    assert patient["ENCRYPTED"] == "ssn,notes" and patient["SOFT_DELETE"] == "1"
    assert patient["KMS_KEY_ID"] == {"Fn::ImportValue": f"{_data_stack()}-DataKeyArn"}
    via_dynamodb = {
        "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"],
        "Condition": {
            "StringEquals": {"kms:ViaService": {"Fn::Sub": "dynamodb.${AWS::Region}.amazonaws.com"}}
        },
        "Effect": "Allow",
        "Resource": [patient["KMS_KEY_ID"]],
    }
    kms = [s for s in statements(compute, "Patient") if s["Action"][0].startswith("kms:")]
    assert kms == [
        {
            "Action": ["kms:Encrypt", "kms:Decrypt"],
            "Condition": {"StringEquals": {"kms:EncryptionContext:table": patient["TABLE_NAME"]}},
            "Effect": "Allow",
            "Resource": [patient["KMS_KEY_ID"]],
        },
        via_dynamodb,  # the table's own encryption, only as DynamoDB uses it
    ]
    record_kms = [s for s in statements(compute, "Record") if s["Action"][0].startswith("kms:")]
    assert record_kms[0]["Action"] == ["kms:Decrypt"]  # read-only resource
    assert not any(s["Action"][0].startswith("kms:") for s in statements(compute, "Doctor"))
    assert "ENCRYPTED" not in env(compute, "Doctor")


def test_audited_entities_append_to_the_audit_table_and_nothing_more() -> None:
    bp = blueprint(CLINIC)
    built = stacks(bp)
    audit = built["data"]["Resources"]["AuditTable"]
    assert audit["DeletionPolicy"] == "Retain"
    props = audit["Properties"]
    assert [k["AttributeName"] for k in props["KeySchema"]] == ["record", "at"]
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    compute = built["compute"]
    patient = env(compute, "Patient")
    assert patient["AUDIT_TABLE"] == {"Fn::ImportValue": f"{_data_stack()}-AuditTableName"}
    assert patient["AUDIT_IDS"] == "doctor_id"
    audit_access = [
        s
        for s in statements(compute, "Patient")
        if s["Resource"] == [{"Fn::ImportValue": f"{_data_stack()}-AuditTableArn"}]
    ]
    assert [s["Action"] for s in audit_access] == [["dynamodb:PutItem"]]
    # a read-only resource changes nothing, so it writes no audit rows
    assert "AUDIT_TABLE" not in env(compute, "Record")
    assert "AUDIT_TABLE" not in env(compute, "Doctor")


def test_encrypted_references_are_not_audited_in_the_clear() -> None:
    bp = blueprint(CLINIC)
    field = bp.entities[1].field("doctor_id")
    assert field is not None
    field.encrypted = True
    patient = env(stacks(bp)["compute"], "Patient")
    assert "AUDIT_IDS" not in patient and patient["ENCRYPTED"] == "ssn,notes,doctor_id"


def test_nothing_extra_without_encrypted_fields_or_audit_log() -> None:
    """No key and no audit table when no field is encrypted and nothing is audited; on
    PostgreSQL blueprints neither (the cluster's storage is encrypted, and audit rows go to the
    database's own audit table, in the change's transaction)."""
    plain = stacks(blueprint("# P\n## Entities\n### Note\n- text: string\n- soft delete\n"))
    assert {r["Type"] for r in plain["data"]["Resources"].values()} == {"AWS::DynamoDB::Table"}
    assert env(plain["compute"], "Note")["SOFT_DELETE"] == "1"
    assert "ENCRYPTED" not in env(plain["compute"], "Note")
    postgres = stacks(blueprint(CLINIC + "## Infrastructure\n- database: postgres\n"))
    kinds = {r["Type"] for r in postgres["data"]["Resources"].values()}
    assert "AWS::RDS::DBCluster" in kinds
    assert not kinds & {"AWS::KMS::Key", "AWS::DynamoDB::Table"}


def test_handler_code_is_carried_once_per_template() -> None:
    compute = stacks(blueprint(CLINIC + "## Workflows\n- schedule nightly: rate(1 day)\n"))[
        "compute"
    ]
    assert compute["Mappings"]["Handlers"] == {
        "Crud": {"Source": CRUD},
        "Health": {"Source": HEALTH},
        "Job": {"Source": JOB},
    }
    functions = [r for r in compute["Resources"].values() if r["Type"] == "AWS::Lambda::Function"]
    assert len(functions) == 5
    for fn in functions:
        (name, key, field) = fn["Properties"]["Code"]["ZipFile"]["Fn::FindInMap"]
        assert name == "Handlers" and field == "Source" and key in ("Crud", "Health", "Job")
    assert json.dumps(compute).count("def handler(event") == 3


def many_entities(count: int, *, protected: bool) -> str:
    lines = ["# Big", "## Entities"]
    for n in range(count):
        lines += [f"### Thing{n}", "- name: string, required"]
        if protected:
            lines += ["- secret_note: string, encrypted", "- audit log", "- soft delete"]
    return "\n".join(lines) + "\n"


SIZED = {t.id: t.spec for t in list_templates()} | {
    "clinic": CLINIC,
    "12-plain-entities": many_entities(12, protected=False),
    "8-protected-entities": many_entities(8, protected=True),
}


@pytest.mark.parametrize("name", sorted(SIZED))
def test_every_template_fits_cloudformation_template_body(name: str) -> None:
    """Regression: the CRUD code was repeated per entity: ecommerce's compute stack was 46 KB
    and 7 plain entities were the most a blueprint could have (8 made 57 KB). The code now
    appears once; the rest of the compute stack (role, function, exports: about 3 KB per
    entity) still bounds a template to 12 plain or 8 fully protected entities; past that,
    synthesis refuses the blueprint by name (test_synth_limits.py)."""
    for stack in synthesize(blueprint(SIZED[name]), project_id=PID):
        assert len(stack.body.encode()) <= TEMPLATE_BODY_MAX, (name, stack.key, len(stack.body))


def _data_stack() -> str:
    return next(s.name for s in synthesize(blueprint(CLINIC), project_id=PID) if s.key == "data")
