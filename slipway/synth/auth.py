"""The auth stack (``jwt`` and ``cognito`` strategies): a Cognito user pool, its app client and
one group per role."""

from __future__ import annotations

from typing import Any

from troposphere import Join, Ref, Template, cognito

from slipway.synth.context import Synth
from slipway.synth.naming import logical


def build_auth(s: Synth) -> Template | None:
    if not s.cognito:
        return None
    t = s.template("auth")
    pool_tenancy, client_tenancy = _tenancy(s)
    pool = t.add_resource(
        cognito.UserPool(
            "UserPool",
            UserPoolName=f"{s.bp.project.slug}-users",
            UsernameAttributes=["email"],
            AutoVerifiedAttributes=["email"],
            **pool_tenancy,
            Policies=cognito.Policies(
                PasswordPolicy=cognito.PasswordPolicy(
                    MinimumLength=10,
                    RequireLowercase=True,
                    RequireNumbers=True,
                    RequireUppercase=False,
                    RequireSymbols=False,
                )
            ),
            UserPoolTags={"slipway:project": s.project_id, "slipway:stack": "auth"},
        )
    )
    client = t.add_resource(
        cognito.UserPoolClient(
            "UserPoolClient",
            UserPoolId=Ref(pool),
            GenerateSecret=False,
            ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            **client_tenancy,
        )
    )
    for role in s.bp.auth.roles:
        t.add_resource(
            cognito.UserPoolGroup(logical(role, "Group"), UserPoolId=Ref(pool), GroupName=role)
        )
    s.export(t, "auth", "UserPoolId", Ref(pool))
    s.export(t, "auth", "UserPoolClientId", Ref(client))
    arn = Join(
        "",
        [
            "arn:",
            Ref("AWS::Partition"),
            ":cognito-idp:",
            Ref("AWS::Region"),
            ":",
            Ref("AWS::AccountId"),
            ":userpool/",
            Ref(pool),
        ],
    )
    s.export(t, "auth", "UserPoolArn", arn)
    return t


def _tenancy(s: Synth) -> tuple[dict[str, Any], dict[str, Any]]:
    """Pool and client properties of a multi-tenant blueprint (none otherwise).

    The tenant travels as the ID token's ``custom:tenant`` claim; an administrator sets it
    (AdminCreateUser / AdminUpdateUserAttributes) and users cannot write it themselves.
    """
    if not s.multi_tenant:
        return {}, {}
    pool = {
        "Schema": [
            cognito.SchemaAttribute(
                Name="tenant",
                AttributeDataType="String",
                Mutable=True,
                StringAttributeConstraints=cognito.StringAttributeConstraints(
                    MinLength="1", MaxLength="64"
                ),
            )
        ]
    }
    client = {
        "ReadAttributes": ["email", "email_verified", "custom:tenant"],
        "WriteAttributes": ["email"],
    }
    return pool, client
