"""views/partials"""
