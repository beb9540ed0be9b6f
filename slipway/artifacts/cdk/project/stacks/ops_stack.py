"""Ops stack: log groups with retention, error alarms, queues with dead-letter queues."""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_lambda as _lambda
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from stacks.config import Config

RETENTION = {
    1: logs.RetentionDays.ONE_DAY,
    3: logs.RetentionDays.THREE_DAYS,
    5: logs.RetentionDays.FIVE_DAYS,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    120: logs.RetentionDays.FOUR_MONTHS,
    150: logs.RetentionDays.FIVE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
}


def retention(days: int) -> logs.RetentionDays:
    """The nearest CloudWatch retention at or above ``days`` (at most a year)."""
    return next((RETENTION[d] for d in sorted(RETENTION) if d >= days), logs.RetentionDays.ONE_YEAR)


class OpsStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: Config,
        functions: dict[str, _lambda.Function],
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        ops = config["ops"]
        for name, fn in sorted(functions.items()):
            logs.LogGroup(
                self,
                f"{name}Logs",
                log_group_name=f"/aws/lambda/{fn.function_name}",
                retention=retention(ops["logRetentionDays"]),
            )
            if ops["alarms"]:
                cloudwatch.Alarm(
                    self,
                    f"{name}Errors",
                    metric=fn.metric_errors(period=Duration.minutes(5)),
                    threshold=1,
                    evaluation_periods=1,
                )
        for queue in config["queues"]:
            fifo = True if queue["fifo"] else None
            dead_letter = None
            if queue["deadLetter"]:
                dlq = sqs.Queue(
                    self, f"{queue['id']}Dlq", retention_period=Duration.days(14), fifo=fifo
                )
                dead_letter = sqs.DeadLetterQueue(max_receive_count=5, queue=dlq)
            sqs.Queue(
                self,
                f"{queue['id']}Queue",
                visibility_timeout=Duration.seconds(queue["visibilityTimeoutSeconds"]),
                fifo=fifo,
                dead_letter_queue=dead_letter,
            )
