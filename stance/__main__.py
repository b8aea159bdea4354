"""``python -m stance`` works like ``stance``."""

from stance.cli import main

main()
