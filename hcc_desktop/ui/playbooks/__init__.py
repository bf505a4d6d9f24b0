"""The scenario playbooks at the counter: the panel, follow-ups, paper back-entry, the supervisor's editor."""
