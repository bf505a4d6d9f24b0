"""Renderers: take plain data from services and write PDF or XLSX files. No database access."""
