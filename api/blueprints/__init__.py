"""Blueprints: generation (the GenerateBlueprint workflow), status reads, the IR."""
