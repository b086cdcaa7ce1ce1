"""Shipped report and citation templates, installed with the package as data (reportgen.templates)."""
