"""Django's own texts that its Norwegian catalogue lacks (Django 6.1) and that the platform's
pages show, marked here so that ``make messages`` puts them in our catalogues.

Django looks a text missing from the nb catalogue up in the catalogue of ``LANGUAGE_CODE``
(da), so without these a Norwegian user would read Danish. Nothing imports this module; it is
only read by makemessages (and by the completeness test of the catalogues).
"""

from django.utils.translation import gettext_noop

TEXTS = [
    # The empty choice of a select without a default (the new measure's kind).
    gettext_noop("- Select an option -"),
]
