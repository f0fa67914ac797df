"""actlab's user interfaces: the Textual explorer and the `actlab` command line.

Importing this package imports nothing heavy: the command line's trace and act
paths stay free of Textual (tests/cli/test_cli.py checks).
"""
