"""Live status: SSE streams of operation events, stream tickets, the shared status view."""
