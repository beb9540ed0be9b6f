"""Validations: the ValidateBlueprint workflow, its status and its report."""
