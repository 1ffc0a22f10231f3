"""Printed documents: templates (data) and the ReportLab engine that draws them.

Imports only ``core`` and ReportLab: never the archive, the services or Qt. The services build
``model.Document`` values from the archive and call ``render.render_pdf``.
"""
