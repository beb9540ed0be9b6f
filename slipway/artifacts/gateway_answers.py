"""Who answers an authorization failure, and with what, is what the deployed gateway does:

- ``jwt``/``cognito`` on Slipway's stacks: an HTTP API whose JWT authorizer (Cognito) answers a
  missing, invalid or expired token with ``401 {"message": "Unauthorized"}``; it would answer
  ``403`` only for missing scopes, and the routes require none. A ``403`` therefore comes from
  the function's own checks (a role the route is restricted to, the tenant of a tenant-scoped
  entity), with an ``Error`` body, and is documented only where such a check exists.
- ``jwt``/``cognito`` in the CDK project (``authorizer="lambda"``): its Lambda authorizer
  verifies HS256 tokens itself; API Gateway answers a missing ``Authorization`` header with
  ``401`` without calling it, and the authorizer's deny (an invalid or expired token, a missing
  role or tenant) with ``403 {"message": "Forbidden"}``; the function checks roles and tenant
  again (``Error``).
- ``api_key``: a REST API with API keys: a missing or unknown key is ``403 {"message":
  "Forbidden"}``, never ``401``; a tenant-scoped entity refuses every key (``Error``).

Sources (AWS documentation): "Control access to HTTP APIs with JWT authorizers in API Gateway"
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html: a
request failing any validation step is denied; scopes only when the route requires them),
"Troubleshooting issues with HTTP API JWT authorizers"
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-jwt.html:
``401 {"message":"Unauthorized"}`` with ``www-authenticate: Bearer ... error="invalid_token"``),
"Why do I get API Gateway 401 Unauthorized errors after I create a Lambda authorizer?"
(https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-401-error-lambda-authorizer/:
identity sources that are missing, null or empty get 401 without calling the function) and "How
do I troubleshoot HTTP 403 errors from API Gateway?"
(https://aws.amazon.com/premiumsupport/knowledge-center/api-gateway-troubleshoot-403-forbidden/:
a Lambda authorizer's deny is 403, as is a missing or invalid API key on a REST API).
"""

from __future__ import annotations

from typing import Any, Literal

from slipway.synth.access import RouteAccess

Authorizer = Literal["jwt", "lambda"]
"""What verifies tokens of the JWT strategies: API Gateway's JWT authorizer (Slipway's stacks)
or the CDK project's Lambda authorizer."""

UNAUTHORIZED = {
    "jwt": "Missing, invalid or expired token (answered by API Gateway's JWT authorizer)",
    "lambda": "Missing Authorization header (answered by API Gateway)",
}
FORBIDDEN_HANDLER = "A role this route is restricted to, or a tenant, is missing from the token"
FORBIDDEN_LAMBDA = (
    "Invalid or expired token, or a role or tenant the route needs is missing (the Lambda "
    "authorizer's deny, a GatewayError; the function checks roles and tenant again: an Error)"
)
FORBIDDEN_KEY = "Missing or invalid API key (answered by API Gateway)"
FORBIDDEN_KEY_TENANT = (
    "Missing or invalid API key (API Gateway: a GatewayError), or a tenant-scoped entity, which "
    "no API key may reach (the function: an Error)"
)
FORBIDDEN_OPEN = "A tenant-scoped entity: the caller carries no tenant (answered by the function)"

ERROR = {"$ref": "#/components/schemas/Error"}
GATEWAY = {"$ref": "#/components/schemas/GatewayError"}


def answer(description: str, *schemas: dict[str, Any]) -> dict[str, Any]:
    schema = schemas[0] if len(schemas) == 1 else {"anyOf": list(schemas)}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def auth_responses(
    access: RouteAccess, tenant: bool, authorizer: Authorizer = "jwt"
) -> dict[str, Any]:
    """The 401 and 403 a route answers, as its gateway and function answer them (see the module
    docstring). ``tenant``: the route's entity is tenant-scoped (the function refuses a caller
    without a tenant)."""
    out: dict[str, Any] = {}
    if access.auth == "jwt":
        out["401"] = answer(UNAUTHORIZED[authorizer], GATEWAY)
        checked = bool(access.roles) or tenant  # the function's own 403
        if authorizer == "lambda":
            out["403"] = answer(FORBIDDEN_LAMBDA, *((GATEWAY, ERROR) if checked else (GATEWAY,)))
        elif checked:
            out["403"] = answer(FORBIDDEN_HANDLER, ERROR)
    elif access.auth == "api_key":
        out["403"] = (
            answer(FORBIDDEN_KEY_TENANT, GATEWAY, ERROR)
            if tenant
            else answer(FORBIDDEN_KEY, GATEWAY)
        )
    elif tenant:
        out["403"] = answer(FORBIDDEN_OPEN, ERROR)
    return out
