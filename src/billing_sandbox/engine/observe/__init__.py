"""What was called and answered: calls, the journal, the contract report and monitor."""
