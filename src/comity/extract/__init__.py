"""Text to events: a pipeline of named stages (see :mod:`comity.extract.registry`).

Importing the package is cheap: nothing here loads the knowledge base or a model.
"""
