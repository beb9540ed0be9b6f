"""Sources of the inline Lambda functions of Slipway's own stacks.

Real modules under ruff and mypy; synthesis reads them as text (``slipway.synth.handlers``) and
CloudFormation writes each one to the function's ``index.py``. Nothing here is imported by
Slipway itself.
"""
