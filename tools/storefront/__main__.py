"""`python -m storefront` runs the command line."""

from .cli import main

main(prog_name="storefront")
