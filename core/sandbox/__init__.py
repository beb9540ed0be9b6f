"""The sandbox's I/O runtime: the loaded Lambda functions, the RDS Data API answered by
PostgreSQL, the sandbox's AWS resources and PostgreSQL schemas, seeding and tokens."""
