"""Project date formats (FORMAT_MODULE_PATH): one way to show a date, `28 Nov 2026`, everywhere.

Django's en-GB locale shows `25/10/2006` as the short date and `2:30 p.m.` as a time; the admin mixed
those with ISO dates. These modules win over the locale's, so the admin, templates and letters agree
with `callnex_compliance.display`, which code-built strings (exports, messages) use.
"""
