"""The local dashboard: a read-only web app over one store (``comity serve``)."""
