"""Artifacts derived from a blueprint revision: OpenAPI, design doc, SDK, CDK, CloudFormation."""
