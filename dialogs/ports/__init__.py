"""What the dialogs may ask of the outside world, as Protocols the app implements. The
dialogs only read through ports; every change they want is an Action (dialogs/actions.py)."""
