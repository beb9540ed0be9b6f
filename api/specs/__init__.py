"""Specs: versions, the chat draft with undo, the assistant, chat history."""
