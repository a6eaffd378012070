"""The structured problem report: a form per category, one field at a time, a summary,
and a ticket. States and transitions are drawn in ``states.mmd`` beside this file."""
