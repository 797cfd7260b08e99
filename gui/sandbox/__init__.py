"""A local, faithful implementation of the provider's API on loopback (plain Python, no Qt)."""

# The apikey the sandbox accepts unless told another (a fake key for a fake gateway); here, not in
# gui.sandbox.server, so the console can name it without importing the gateway (gui.sandbox.process).
DEMO_APIKEY = "9f2c5e7a1b3d4f6081a2c3e4d5f60718"
