"""``forbedring spc mdc``: NHS Making Data Count XmR charts (being written)."""
