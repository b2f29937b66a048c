#!/bin/sh
# Remake the demo's content/checkout/stripe.lock.yml, byte for byte: test-mode Payment Links
# from the local Stripe the tests use (tests/fixtures/stripe_server.py; no Stripe account, no
# network), as of 6 December 2026, with a sale link for every campaign of a year.
# Run from the project folder with the project's Python first on PATH (e.g. .venv/bin).
# tests/integration/test_checkout_demo.py checks that this makes the committed lock.
set -eu
PORT="${PORT:-12111}"
python -m tests.fixtures.stripe_server "$PORT" &
SERVER=$!
trap 'kill "$SERVER"' EXIT
sleep 2
rm -f content/checkout/stripe.lock.yml  # its ids are the server's: made afresh, in order
STRIPE_API_BASE="http://127.0.0.1:$PORT" STRIPE_API_KEY=sk_test_local123 \
  storefront checkout sync --from 2026-12-06T00:00:00Z --days 366
