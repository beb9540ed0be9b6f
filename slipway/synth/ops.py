"""The ops stack: a log group (and, with alarms, an errors alarm) per function, and the queues."""

from __future__ import annotations

from typing import Any

from troposphere import GetAtt, Join, Ref, Template, cloudwatch, logs, sqs

from slipway.ir import QueueDef
from slipway.synth.compute import function_names
from slipway.synth.context import Synth
from slipway.synth.naming import logical, queue_name

# The retention periods CloudWatch Logs accepts, in days.
RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
    2922, 3288, 3653,
)  # fmt: skip


def build_ops(s: Synth) -> Template:
    t = s.template("ops")
    infra = s.bp.infrastructure
    wanted = infra.log_retention_days or 14
    retention = next((d for d in RETENTION_DAYS if d >= wanted), 3653)
    for name in function_names(s):
        fn_name = s.imported("compute", f"{name}FunctionName")
        t.add_resource(
            logs.LogGroup(
                f"{name}LogGroup",
                LogGroupName=Join("", ["/aws/lambda/", fn_name]),
                RetentionInDays=retention,
                Tags=s.tags("ops"),
            )
        )
        if infra.alarms:
            t.add_resource(_errors_alarm(name, fn_name))
    for q in s.bp.workflows.queues:
        _queue(s, t, q)
    return t


def _errors_alarm(name: str, fn_name: Any) -> cloudwatch.Alarm:
    return cloudwatch.Alarm(
        f"{name}ErrorsAlarm",
        AlarmDescription=f"Errors of the {name} function",
        Namespace="AWS/Lambda",
        MetricName="Errors",
        Dimensions=[cloudwatch.MetricDimension(Name="FunctionName", Value=fn_name)],
        Statistic="Sum",
        Period=300,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
        TreatMissingData="notBreaching",
    )


def _queue(s: Synth, t: Template, q: QueueDef) -> None:
    base = logical(q.name)
    props: dict[str, Any] = {
        "QueueName": queue_name(s.project_id, q.name, fifo=q.fifo),
        "VisibilityTimeout": q.visibility_timeout_seconds,
        "SqsManagedSseEnabled": True,
        "Tags": s.tags("ops"),
    }
    if q.fifo:
        props["FifoQueue"] = True
    if q.dead_letter:
        dlq_props: dict[str, Any] = {
            "QueueName": queue_name(s.project_id, q.name, dead_letter=True, fifo=q.fifo),
            "MessageRetentionPeriod": 1209600,
            "SqsManagedSseEnabled": True,
            "Tags": s.tags("ops"),
        }
        if q.fifo:
            dlq_props["FifoQueue"] = True
        dlq = t.add_resource(sqs.Queue(f"{base}DeadLetterQueue", **dlq_props))
        props["RedrivePolicy"] = sqs.RedrivePolicy(
            deadLetterTargetArn=GetAtt(dlq, "Arn"), maxReceiveCount=5
        )
    queue = t.add_resource(sqs.Queue(f"{base}Queue", **props))
    s.export(t, "ops", f"{base}QueueUrl", Ref(queue))
