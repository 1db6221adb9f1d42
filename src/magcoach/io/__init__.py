"""Importers (Cronometer, Apple Health, plain CSV) and exporters (CSV, JSON backup, FHIR)."""
