"""Qt widgets and dialogs. Thin: show state, collect input, call services via ``tasks.run_task``.

Modules here import services only for typing, so the main window can be shown
before the heavy storage libraries are loaded.
"""
