"""The sandbox's pure parts: what it reads from the synthesized stacks (functions, routes), the
API Gateway event adapter, and the seeding plan. The I/O runtime lives in ``core/sandbox``."""
