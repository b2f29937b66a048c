"""`python -m storefront` runs the command line."""

from .cli import run

run(prog_name="storefront")
