"""Data files shipped with HCC Desktop (fonts, seeds, sounds).

Installed as the package ``hcc_desktop.resources``; see ``hcc_desktop.paths.resource_path``.
"""
