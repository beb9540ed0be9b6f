"""Services: business rules and workflow starts, between routers and repositories."""
